"""Password strength for people choosing a password for a brand account: zxcvbn with Polish dictionaries
(common words, first names, surnames, places), the organisation's own names as known words, the policy's
minimum score and length, and feedback in English or Polish (`locale/<lang>/security.yaml`).

The password is never stored, logged or returned: `check_password` keeps only the score and the names of
the weaknesses it found. Do not log its arguments, and do not put it in an exception message.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from typing import Any, Iterable

import zxcvbn_pl
from zxcvbn import zxcvbn

from ..locale import message
from ..policy.schema import Policy

MAX_CHECKED_LENGTH = 72  # zxcvbn's own limit; characters beyond it only add strength, so they are not scored
MAX_PASSWORD_LENGTH = 1024  # longer input is refused: it is not a password someone typed
YEAR_PATTERNS = ("recent_year",)
_zxcvbn_lock = threading.Lock()  # zxcvbn keeps the user-input dictionary in a module global


@cache
def _register_polish() -> None:
    zxcvbn_pl.register()


@dataclass(frozen=True)
class PasswordStrength:
    """The verdict on a password, without the password: score 0-4, what the policy needs, and feedback."""

    score: int
    required_score: int
    min_length: int
    long_enough: bool
    acceptable: bool
    guesses_log10: float
    warning: str
    suggestions: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "required_score": self.required_score,
            "min_length": self.min_length,
            "long_enough": self.long_enough,
            "acceptable": self.acceptable,
            "guesses_log10": self.guesses_log10,
            "warning": self.warning,
            "suggestions": list(self.suggestions),
        }


class PasswordTooLong(ValueError):
    """Input too long to be a password; the message never contains the input."""


def known_words(policy: Policy) -> list[str]:
    """Words an attacker would try first for this organisation: its name, brands, handles and domains."""
    organisation = policy.organisation
    words = [organisation.name, *organisation.brand_names, *organisation.handles, *organisation.domains]
    words += [d.partition(".")[0] for d in organisation.domains]
    words += [h.lstrip("@") for h in organisation.handles]
    words += [a.handle.lstrip("@") for a in policy.brand_accounts]
    return [w for w in dict.fromkeys(w.strip().lower() for w in words) if w]


def check_password(
    password: str, policy: Policy, lang: str = "en", user_inputs: Iterable[str] = ()
) -> PasswordStrength:
    """How strong `password` is for a brand account under `policy`, with feedback in `lang`."""
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordTooLong(f"a password of more than {MAX_PASSWORD_LENGTH} characters is not accepted")
    _register_polish()
    security = policy.security
    words = [*known_words(policy), *(w.lower() for w in user_inputs if w)]
    with _zxcvbn_lock:
        result = zxcvbn(password[:MAX_CHECKED_LENGTH], user_inputs=words)
    score, guesses_log10 = int(result["score"]), round(float(result["guesses_log10"]), 2)
    warning_key, suggestion_keys = _feedback(score, result["sequence"])
    del result  # holds the password and its pieces
    long_enough = len(password) >= security.min_password_length
    if not long_enough:
        suggestion_keys.insert(0, "too_short")
    return PasswordStrength(
        score=score,
        required_score=security.min_password_score,
        min_length=security.min_password_length,
        long_enough=long_enough,
        acceptable=long_enough and score >= security.min_password_score,
        guesses_log10=guesses_log10,
        warning=message(f"security.password.warning.{warning_key}", lang) if warning_key else "",
        suggestions=tuple(
            message(f"security.password.suggestion.{k}", lang, min_length=security.min_password_length)
            for k in dict.fromkeys(suggestion_keys)
        ),
    )


def _feedback(score: int, sequence: list[dict[str, Any]]) -> tuple[str | None, list[str]]:
    """The catalogue keys of the main weakness and the suggestions, read from zxcvbn's match sequence."""
    if not sequence:
        return "empty", ["more_words"]
    if score > 2:
        return None, []
    longest = max(sequence, key=lambda m: len(m["token"]))
    warning = _warning(longest, sole=len(sequence) == 1)
    suggestions = ["more_words", *_word_suggestions(longest)]
    return warning, suggestions


def _warning(match: dict[str, Any], sole: bool) -> str | None:
    pattern = match["pattern"]
    if pattern == "dictionary":
        return _dictionary_warning(match, sole)
    if pattern == "spatial":
        return "keyboard_row" if match.get("turns") == 1 else "keyboard_pattern"
    if pattern == "repeat":
        return "repeat"
    if pattern == "sequence":
        return "sequence"
    if pattern == "regex" and match.get("regex_name") in YEAR_PATTERNS:
        return "recent_year"
    if pattern == "date":
        return "date"
    return None


def _dictionary_warning(match: dict[str, Any], sole: bool) -> str | None:
    name = match["dictionary_name"]
    if name == "user_inputs":
        return "organisation_word"
    if name == "passwords":
        if sole and not match.get("l33t") and not match.get("reversed"):
            return "top_password" if match["rank"] <= 100 else "common_password"
        return "similar_password"
    if name in ("pl_first_names", "pl_last_names", "surnames", "male_names", "female_names"):
        return "names"
    if name in ("pl_common_words", "pl_places", "english_wikipedia", "us_tv_and_film"):
        return "word"
    return None


def _word_suggestions(match: dict[str, Any]) -> list[str]:
    if match["pattern"] != "dictionary":
        return ["avoid_patterns"]
    token = match["token"]
    found = []
    if token[:1].isupper() and token[1:].islower():
        found.append("capitalization")
    elif token.isupper() and len(token) > 1:
        found.append("all_uppercase")
    if match.get("reversed") and len(token) >= 4:
        found.append("reversed")
    if match.get("l33t"):
        found.append("substitutions")
    return found
