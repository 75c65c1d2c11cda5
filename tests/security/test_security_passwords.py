"""Password strength for brand accounts: Polish dictionaries, the policy's minimum, EN/PL feedback, and the
password never kept, logged or written anywhere."""

from __future__ import annotations

import gc
import logging
import os

import pytest

from socialguard import load_policy
from socialguard.security.passwords import MAX_PASSWORD_LENGTH, PasswordTooLong, check_password

SECRET = "Kwiatuszek-Jesienny-Sopot-7711"


@pytest.fixture(scope="module")
def policy():
    policy = load_policy()
    organisation = policy.organisation.model_copy(update={"name": "Acme", "domains": ["acme.pl"]})
    return policy.model_copy(update={"organisation": organisation})


def test_polish_words_and_names_are_weak(policy):
    for password in ("słoneczko123456", "Katarzyna1985!", "Kraków2024"):
        strength = check_password(password, policy)
        assert strength.score <= 2, password
        assert not strength.acceptable


def test_a_long_passphrase_passes_the_policy(policy):
    strength = check_password("drzewo-kubek-latarnia-ozon-47", policy)
    assert strength.score == 4 and strength.acceptable
    assert strength.warning == "" and strength.suggestions == ()


def test_the_organisations_own_name_is_a_known_word(policy):
    strength = check_password("acme2024", policy)
    assert strength.score <= 1
    assert "organisation's name" in strength.warning


def test_policy_minimum_score_and_length_decide(policy):
    strong_but_short = check_password("Xq7#vL9!pT", policy)
    assert strong_but_short.score >= 3 and not strong_but_short.long_enough and not strong_but_short.acceptable
    assert strong_but_short.suggestions[0] == "The policy requires at least 14 characters."
    lenient = policy.model_copy(
        update={"security": policy.security.model_copy(update={"min_password_length": 8, "min_password_score": 2})}
    )
    assert check_password("Xq7#vL9!pT", lenient).acceptable


def test_feedback_in_polish(policy):
    strength = check_password("zxcvbnm,./", policy, lang="pl")
    assert strength.warning == "Klawisze w jednym rzędzie łatwo odgadnąć."
    assert "Użyj dłuższego hasła" in strength.suggestions[1]
    assert strength.suggestions[0] == "Polityka wymaga co najmniej 14 znaków."
    common = check_password("password", policy, lang="pl")
    assert common.warning == "To jedno z najczęściej używanych haseł."


def test_too_long_input_is_refused_without_echoing_it(policy):
    with pytest.raises(PasswordTooLong) as caught:
        check_password("a" * (MAX_PASSWORD_LENGTH + 1), policy)
    assert "aaaa" not in str(caught.value)


def test_the_result_holds_no_trace_of_the_password(policy):
    strength = check_password(SECRET, policy)
    dumped = repr(strength) + repr(strength.as_dict())
    for piece in ("Kwiatuszek", "Jesienny", "Sopot", "7711"):
        assert piece not in dumped


def test_the_password_is_never_logged_or_written(policy, caplog, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with caplog.at_level(logging.DEBUG):
        check_password(SECRET, policy)
        check_password(SECRET, policy, lang="pl")
    assert SECRET not in caplog.text
    assert "Kwiatuszek" not in caplog.text
    written = [p for p in tmp_path.rglob("*")]
    assert written == []
    assert not any(SECRET.encode() in p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())


def test_zxcvbn_keeps_only_the_organisations_words_between_calls(policy):
    from zxcvbn import matching

    check_password(SECRET, policy, user_inputs=["Anna Nowak"])
    kept = matching.RANKED_DICTIONARIES["user_inputs"]
    assert "acme" in kept and "anna nowak" in kept
    assert not any("kwiatuszek" in word for word in kept)
    gc.collect()


def test_cli_reads_the_password_from_stdin_and_never_prints_it(tmp_path):
    from typer.testing import CliRunner

    from socialguard.cli import app

    result = CliRunner().invoke(app, ["security", "password"], input=SECRET + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Strong enough: score 4 of 4")
    assert SECRET not in result.output
    weak = CliRunner().invoke(app, ["security", "password", "--lang", "pl"], input="haslo123\n")
    assert weak.exit_code == 1
    assert weak.output.startswith("Za słabe: ocena")
    assert "haslo123" not in weak.output


def test_cli_has_no_way_to_pass_the_password_as_an_argument():
    from typer.testing import CliRunner

    from socialguard.cli import app

    result = CliRunner().invoke(app, ["security", "password", SECRET])
    assert result.exit_code == 2
    assert SECRET not in os.environ.values()
