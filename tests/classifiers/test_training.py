"""The training pipeline: deterministic (same data -> byte-identical model files), complete, and clear on bad data.

Runs on a tiny synthetic copy of the data folder. A fit costs seconds even on 50 posts (L-BFGS over the
786k hashed features), so the second run rebuilds the three models that cover every code path of the
pipeline: out-of-fold thresholds with extra training sets, the hate head, multinomial and seeded fits.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from synthetic_data import make_data

from socialguard.classifiers import datasets
from socialguard.classifiers.artefacts import MODEL_NAMES, read
from socialguard.classifiers.features import featurise
from socialguard.classifiers.training import build, main

REBUILT = ("offensive_pl", "sentiment_en", "sentiment_pl")


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("training")
    data = make_data(root)
    first, second = root / "first", root / "second"
    build(data, first, log=lambda *_: None)
    build(data, second, REBUILT, log=lambda *_: None)
    return data, first, second


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_model_and_card_is_written(two_runs):
    _, first, _ = two_runs
    for name in MODEL_NAMES:
        assert (first / f"{name}.npz").is_file()
        card = (first / f"{name}.md").read_text(encoding="utf-8")
        assert card.startswith(f"# Model card: {name}")
        assert "## Metrics on held-out data" in card


def test_two_runs_give_identical_files_and_predictions(two_runs):
    _, first, second = two_runs
    for name in REBUILT:
        assert _digest(first / f"{name}.npz") == _digest(second / f"{name}.npz"), name
        assert (first / f"{name}.md").read_text() == (second / f"{name}.md").read_text()
    X = featurise(["ty głupi idioto", "thanks for the help", "zamknij się debilu"])
    for name in REBUILT:
        a, b = read(first / f"{name}.npz"), read(second / f"{name}.npz")
        assert np.array_equal(a.scores(X), b.scores(X))


def test_trained_model_learns_the_synthetic_task(two_runs):
    _, first, _ = two_runs
    model = read(first / "offensive_pl.npz")
    p = 1 / (1 + np.exp(-model.scores(featurise(["jesteś żałosnym frajerem", "piękny dzień dzisiaj"]))[:, 0]))
    assert p[0] > p[1]


def test_sets_without_validation_files_are_split_without_overlap(two_runs):
    data, _, _ = two_runs
    split = datasets.held_out_split(*datasets.poleval(data))
    assert not set(split.train.texts) & set(split.val.texts)
    assert split == datasets.held_out_split(*datasets.poleval(data))


def test_licence_note_on_models_trained_on_research_data(two_runs):
    _, first, _ = two_runs
    assert "research use" in (first / "sentiment_en.md").read_text()
    assert "Licence note" not in (first / "offensive_pl.md").read_text()


def test_missing_data_folder_is_one_clear_error(tmp_path, capsys):
    assert main(["--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_missing_data_file_is_one_clear_error(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    assert main(["--data", str(tmp_path / "data"), "--out", str(tmp_path / "out"), "--only", "sentiment_pl"]) == 2
    assert "pl_sentiment_mozetic/train.jsonl: no such file" in capsys.readouterr().err
