"""confidential.secret: keys, tokens and passwords are found and redacted; ordinary EN/PL prose is left alone."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from socialguard import Outcome, Post, evaluate, load_policy
from socialguard.detectors import Context, registry
from socialguard.detectors.secret import SecretDetector, SecretParams
from socialguard.policy.schema import Policy

POLICY = Policy()
JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0"
    ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
)
PRIVATE_KEY = (
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0t\n-----END RSA PRIVATE KEY-----"
)


def hits(text: str, lang: str = "en", **params):
    detector = SecretDetector(SecretParams(**params), POLICY)
    return list(detector.find(Context(Post(text=text), lang, POLICY)))


def found(text: str, **params) -> list[tuple[str, str]]:
    """(label, matched text) of every hit, in text order."""
    return [(h.label, text[h.start : h.end]) for h in hits(text, **params)]


def test_registered_under_its_id():
    assert registry()["confidential.secret"] is SecretDetector


@pytest.mark.parametrize(
    "label, secret",
    [
        ("aws_access_key", "AKIAIOSFODNN7EXAMPLE"),
        ("github_token", "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"),
        ("slack_token", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"),
        ("stripe_key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        ("openai_key", "sk-proj-abcdefghij0123456789T3BlbkFJabcdefghij0123456789"),
        ("jwt", JWT),
    ],
)
def test_service_tokens_by_format(label, secret):
    text = f"Quick fix: use {secret} for the deploy, thanks!"
    [hit] = hits(text)
    assert (hit.label, text[hit.start : hit.end]) == (label, secret)
    assert hit.message == "secret.token"
    assert hit.fix_text == "Quick fix: use [REDACTED] for the deploy, thanks!"


def test_the_service_is_named_in_the_message_args():
    [hit] = hits("token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789")
    assert hit.args == {"service": "GitHub"}


def test_a_token_written_twice_is_redacted_twice():
    text = "key AKIAIOSFODNN7EXAMPLE, again: AKIAIOSFODNN7EXAMPLE"
    assert [m for _, m in found(text)] == ["AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"]


def test_private_key_block_from_begin_to_end():
    text = f"Here is the server key:\n{PRIVATE_KEY}\nplease keep it safe"
    [hit] = hits(text)
    assert (hit.label, text[hit.start : hit.end]) == ("private_key", PRIVATE_KEY)
    assert hit.fix_text == "Here is the server key:\n[REDACTED]\nplease keep it safe"


def test_password_in_a_url():
    assert found("DB is at https://admin:S3cretPass@db.example.com/app") == [("url_password", "S3cretPass")]


@pytest.mark.parametrize(
    "text, password",
    [
        ("my password is hunter2", "hunter2"),
        ("Password: hunter2. Don't tell anyone", "hunter2"),
        ("Guest WiFi password: letmein.", "letmein"),
        ("db_password = 'Tr0ub4dor&3'", "Tr0ub4dor&3"),
        ("Hasło do wifi to Kotek123, bawcie się dobrze!", "Kotek123"),
        ("hasło: słoneczko", "słoneczko"),
        ("Nowe hasło brzmi Lato2024!", "Lato2024!"),
        ("PIN: 4821", "4821"),
    ],
)
def test_passwords_in_english_and_polish_prose(text, password):
    assert found(text) == [("password", password)]


def test_keyword_assignment_of_an_api_key():
    assert found("config: api_key=abc123XYZ789 and more") == [("credential", "abc123XYZ789")]


@pytest.mark.parametrize(
    "text",
    [
        "Your password is weak: use a passphrase and turn on 2FA.",
        "Password: strong and unique for every site.",
        "Twoje hasło to podstawa bezpieczeństwa w sieci.",
        "Hasło: zmiana co 90 dni nie jest już zalecana.",
        "The secret: consistency.",
        "Password: ********",
        "hasło: <twoje-hasło>",
        "Free shipping on all orders, pin this post!",
        "The key to success is consistency, and the token of our thanks is this gift.",
    ],
)
def test_remarks_about_passwords_are_not_passwords(text):
    assert found(text) == []


def test_random_looking_token_is_found_by_entropy():
    text = "use wZ3kQ9pL2mX8vB7nR4tY6uH1jK5gF0dS to log in"
    [hit] = hits(text)
    assert (hit.label, text[hit.start : hit.end]) == ("high_entropy_string", "wZ3kQ9pL2mX8vB7nR4tY6uH1jK5gF0dS")
    assert hit.score < 1.0
    assert hit.message == "secret.high_entropy"


def test_entropy_params_decide():
    text = "use wZ3kQ9pL2mX8vB7nR4tY6uH1jK5gF0dS to log in"
    assert found(text, entropy_threshold=5.5) == []
    assert found(text, min_length=40) == []


@pytest.mark.parametrize(
    "text",
    [
        "Read more at https://www.example.com/blog/2024/our-new-product-launch-announcement?utm_source=newsletter",
        "see https://example.com/?fbclid=IwAR2xYz9AbCdEfGh1234IjKlMnOpQrStUvWx",
        "#SuperLongHashtagWithWords2024 #customerexperience @AcmeCorporationOfficial",
        "Konstantynopolitańczykowianeczka i najprawdopodobniej dziewięćdziesięciokilkuletni",
        "Fixed in commit 3f2a9c1d8e7b6a5f4c3d2e1f0a9b8c7d6e5f4a3b, ticket 123e4567-e89b-12d3-a456-426614174000",
        "Great to see so many of you at our booth today! We are hiring engineers who love clean code.",
        "Dziękujemy wszystkim za odwiedziny na naszym stoisku, do zobaczenia za rok!",
    ],
)
def test_ordinary_text_urls_hashtags_and_long_words_are_not_secrets(text):
    assert found(text) == []


def test_redaction_mark_is_in_the_post_language():
    [hit] = hits("Hasło do wifi to Kotek123", lang="pl")
    assert hit.fix_text == "Hasło do wifi to [USUNIĘTO]"


def test_params_are_validated():
    with pytest.raises(ValidationError):
        SecretParams(min_length=2)
    with pytest.raises(ValidationError):
        SecretParams(entropy_thresold=4.0)


# --- through the engine, with the built-in default policy -------------------------------------------------


@pytest.fixture(scope="module")
def default_policy():
    return load_policy()


def secret_findings(verdict):
    return [f for f in verdict.findings if f.detector == "confidential.secret"]


def test_polish_post_with_a_password_is_blocked_with_a_polish_message(default_policy):
    text = "Hasło do wifi w biurze to Kotek123, zapraszamy na spotkanie!"
    verdict = evaluate(Post(text=text, lang="pl"), default_policy)
    [finding] = secret_findings(verdict)
    assert verdict.outcome is Outcome.blocked
    assert (finding.rule, finding.label, finding.match) == ("secrets", "password", "Kotek123")
    assert finding.severity.value == "block"
    assert (finding.clause.id, finding.clause.number) == ("credentials", "4.2")
    assert finding.clause.title == "Hasła, klucze i dane dostępowe"
    assert finding.message == "Hasło lub PIN w treści posta"
    assert finding.fix.description.startswith("Usuń go i natychmiast unieważnij")
    assert finding.fix.text == "Hasło do wifi w biurze to [USUNIĘTO], zapraszamy na spotkanie!"


def test_english_post_with_a_github_token_names_the_service(default_policy):
    text = "Deploying now with token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 for the release"
    [finding] = secret_findings(evaluate(Post(text=text, lang="en"), default_policy))
    assert finding.message == "GitHub key or token in the post"
    assert finding.clause.title == "Passwords, keys and access data"
    assert finding.fix.text == "Deploying now with token [REDACTED] for the release"


def test_ordinary_posts_have_no_secret_findings(default_policy):
    for text, lang in [
        ("Your password is weak? Turn on two-factor authentication today! https://www.example.com/security", "en"),
        ("Twoje hasło to podstawa bezpieczeństwa. Włącz uwierzytelnianie dwuskładnikowe!", "pl"),
    ]:
        assert secret_findings(evaluate(Post(text=text, lang=lang), default_policy)) == []
