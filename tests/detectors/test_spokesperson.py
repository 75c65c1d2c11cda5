"""authority.spokesperson: only allowed roles publish on brand accounts; complaints go to their handlers."""

import pytest

from socialguard import Post, evaluate, load_policy
from socialguard.policy import parse_policy

POLICY = parse_policy(
    """
organisation: {name: Acme, domains: [acme.pl]}
spokespeople:
  - {name: Anna Nowak, role: CEO}
  - {name: Piotr Kowalski, role: press-officer}
brand_accounts:
  - platform: x
    handle: "@Acme_PL"
    publishers: [social-media-manager, press-officer]
    complaint_handlers: [customer-service]
  - platform: linkedin
    handle: acme-polska
packs: [general]
"""
)


def authority_findings(policy=POLICY, text="Nowy produkt już w sklepach! New product in stores now!", **post):
    verdict = evaluate(Post(text=text, **post), policy)
    return [f for f in verdict.findings if f.detector == "authority.spokesperson"]


@pytest.mark.parametrize(
    "handle, platform, role",
    [
        ("@acme_pl", "x", "social-media-manager"),  # a publisher of this account, handle case-insensitive
        ("acme_pl", "x", "Press-Officer"),  # handle without "@", role case-insensitive
        ("acme-polska", "linkedin", "ceo"),  # account without publishers: spokesperson roles
        (None, "facebook", "press-officer"),  # unknown account: spokesperson roles
    ],
)
def test_allowed_roles_may_publish(handle, platform, role):
    assert authority_findings(account="brand", account_handle=handle, platform=platform, role=role) == []


def test_role_not_allowed_on_the_account_is_sent_for_approval():
    text = "Nowy produkt już w sklepach!"
    [finding] = authority_findings(text=text, account="brand", account_handle="@acme_pl", platform="x", role="intern",
                                   lang="pl")
    assert finding.label == "not_allowed"
    assert (finding.start, finding.end) == (0, len(text))
    assert finding.severity.value == "review"  # the general pack sends it for approval (it was a hard block)
    assert finding.fix is None
    assert finding.message.startswith("Rola „intern” nie może publikować na koncie firmowym @acme_pl")
    assert "press-officer, social-media-manager" in finding.message


def test_spokesperson_role_not_listed_as_publisher_is_not_allowed():
    # the CEO is a spokesperson, but this account names its own publishers
    [finding] = authority_findings(account="brand", account_handle="@acme_pl", platform="x", role="ceo", lang="en")
    assert finding.label == "not_allowed"
    assert "only press-officer, social-media-manager may" in finding.message


def test_missing_role_on_a_brand_account_is_a_finding():
    [finding] = authority_findings(account="brand", account_handle="acme-polska", platform="linkedin", lang="en")
    assert finding.label == "no_role"
    assert "ceo, press-officer" in finding.message


def test_complaints_are_answered_only_by_complaint_handlers():
    complaint = {"account": "brand", "account_handle": "@acme_pl", "platform": "x", "in_reply_to_topic": "complaint"}
    text = "Przepraszamy za opóźnienie, sprawdzamy Twoje zamówienie."
    assert authority_findings(text=text, role="customer-service", **complaint) == []
    [finding] = authority_findings(text=text, role="social-media-manager", lang="pl", **complaint)
    assert finding.label == "complaint"
    assert "Przekaż skargę do obsługi klienta" in finding.message


@pytest.mark.parametrize("reply", [{"in_reply_to": "at://did:plc:customer/app.bsky.feed.post/3k"},
                                   {"in_reply_to_topic": "question"}])
def test_complaint_handlers_answer_the_accounts_mentions(reply):
    on_the_account = {"account": "brand", "account_handle": "@acme_pl", "platform": "x"}
    assert authority_findings(role="customer-service", **on_the_account, **reply) == []
    assert authority_findings(role="social-media-manager", **on_the_account, **reply) == []
    [finding] = authority_findings(role="intern", lang="en", **on_the_account, **reply)
    assert finding.label == "not_allowed"
    assert "only customer-service, press-officer, social-media-manager may" in finding.message


def test_complaint_handlers_may_not_publish_new_posts():
    [finding] = authority_findings(account="brand", account_handle="@acme_pl", platform="x", role="customer-service")
    assert finding.label == "not_allowed"


def test_complaints_without_handlers_may_be_answered_by_any_publisher():
    complaint = {"account": "brand", "account_handle": "acme-polska", "platform": "linkedin",
                 "in_reply_to_topic": "complaint"}
    assert authority_findings(role="press-officer", **complaint) == []
    assert len(authority_findings(role="customer-service", **complaint)) == 1


def test_personal_accounts_are_out_of_scope():
    assert authority_findings(account="personal", role="intern") == []


def test_default_policy_lets_only_the_communications_roles_publish():
    policy = load_policy()
    [finding] = authority_findings(policy, account="brand", role="ceo", lang="en")
    assert finding.label == "not_allowed"
    assert evaluate(Post(text="Hello", account="brand", role="ceo"), policy).outcome.value == "needs_approval"
    assert evaluate(Post(text="Hello", account="brand", role="comms_lead"), policy).outcome.value == "ok"
    assert authority_findings(policy, account="personal", role="ceo") == []


def test_a_policy_that_names_nobody_finds_every_brand_post():
    policy = parse_policy("packs: [general]\n")
    [finding] = authority_findings(policy, account="brand", role="ceo", lang="en")
    assert finding.label == "nobody"
