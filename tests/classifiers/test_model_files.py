"""The shipped model files: present, small, of the right format and feature settings, loadable offline."""

from __future__ import annotations

import socket
import zipfile

import numpy as np
import pytest

from socialguard.classifiers import artefacts, classify, features
from socialguard.classifiers.artefacts import MODEL_NAMES, ModelError, models_dir, read

MAX_TOTAL_BYTES = 30 * 1024 * 1024


def test_every_model_ships_with_its_card():
    for name in MODEL_NAMES:
        assert (models_dir() / f"{name}.npz").is_file(), name
        card = (models_dir() / f"{name}.md").read_text(encoding="utf-8")
        assert "## Data and licences" in card
        assert "## Metrics on held-out data" in card


def test_models_are_small():
    assert sum((models_dir() / f"{name}.npz").stat().st_size for name in MODEL_NAMES) < MAX_TOTAL_BYTES


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_format_and_feature_versions_match_the_code(name):
    model = read(models_dir() / f"{name}.npz")
    assert model.meta["format"] == artefacts.FORMAT_VERSION
    assert model.meta["features"] == features.config()
    assert model.weights.shape == (features.N_FEATURES, len(model.heads))


def test_offensive_models_carry_a_threshold_and_a_hate_head():
    for lang in ("en", "pl"):
        model = read(models_dir() / f"offensive_{lang}.npz")
        assert 0.0 < model.meta["threshold"] < 1.0
        assert model.heads == ("offensive", "hate")


def test_models_load_and_classify_with_the_network_blocked(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the classifiers tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for name in MODEL_NAMES:
        read(models_dir() / f"{name}.npz")
    artefacts.load.cache_clear()
    try:
        [result] = classify(["Thanks so much for the quick help with my order today!"])
    finally:
        artefacts.load.cache_clear()
    assert result.lang == "en"


def test_a_model_is_read_once_per_process():
    assert artefacts.load("sentiment_en") is artefacts.load("sentiment_en")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="model file missing; rebuild"):
        read(tmp_path / "offensive_en.npz")


def test_damaged_file_is_a_clear_error(tmp_path):
    broken = tmp_path / "offensive_en.npz"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(ModelError, match="damaged model file"):
        read(broken)


def test_file_built_for_other_features_is_refused(tmp_path, monkeypatch):
    model = read(models_dir() / "sentiment_pl.npz")
    artefacts.save(model, tmp_path)
    original = features.config()
    monkeypatch.setattr(features, "config", lambda: {**original, "char_bits": 1})
    with pytest.raises(ModelError, match="other feature settings"):
        read(tmp_path / "sentiment_pl.npz")


def test_saved_files_are_reproducible_zip_archives(tmp_path):
    model = read(models_dir() / "sentiment_pl.npz")
    first = artefacts.save(model, tmp_path).read_bytes()
    second = artefacts.save(model, tmp_path).read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "sentiment_pl.npz") as archive:
        assert sorted(archive.namelist()) == ["coef.npy", "intercept.npy", "meta.npy"]
    assert np.array_equal(read(tmp_path / "sentiment_pl.npz").weights, model.weights)


def test_unknown_model_name_is_refused():
    with pytest.raises(ModelError, match="unknown model"):
        artefacts.load("toxicity_de")
