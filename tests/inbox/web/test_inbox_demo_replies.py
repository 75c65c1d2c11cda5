"""The demo organisation's saved replies: every demo mention gets suggestions on its page, in its own language
(English or Polish), led by a reply for its topic, and the suggested text passes the policy's check as a
brand-account reply by the demo's spokesperson (the text itself is fine; who may answer on which brand
account is the demo policy's `brand_accounts`, tested with the workflow)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from web_support import sign_in

from socialguard.inbox.demo import MENTIONS
from socialguard.inbox.models import Mention
from socialguard.inbox.replies import fill, reply_platform
from socialguard.orgs.policies import current_policy
from socialguard.web.demo import SLUG, seed
from socialguard.workflow.checking import brand_account, check_text, core_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(tmp_path):
    seed(tmp_path, say=lambda text: None)
    from socialguard.orgs.models import Organisation

    return Organisation.objects.get(slug=SLUG)


def test_every_demo_mention_gets_suggestions_in_its_language_that_pass_the_check(demo, client):
    from django.contrib.auth import get_user_model

    sign_in(client, get_user_model().objects.get(username="support"))
    policy = current_policy(demo)[1]
    spokesperson = demo.memberships.get(user__username="comms")
    mentions = Mention.objects.filter(org=demo, external_id__in=[f"demo-{i}" for i in range(len(MENTIONS))])
    assert mentions.count() == len(MENTIONS)
    with_topic = 0
    for mention in mentions:
        response = client.get(reverse("inbox:detail", args=[mention.pk]))
        suggestions = response.context["suggestions"]
        assert len(suggestions) == 3, mention.text
        best = suggestions[0]
        assert best.lang == mention.lang, (mention.text, best.lang)
        if mention.topics:
            with_topic += 1
            assert best.reply.topic in mention.topics, (mention.text, mention.topics, best.reply.id)
        assert best.title in response.content.decode()
        text = fill(best.text, {"name": "Ola"})[0]  # a handle such as @piotr@101010.pl reads as an e-mail address
        account = brand_account(policy, platform=mention.source)
        verdict = check_text(demo, core_post(  # as actions.reply checks it
            text=text, account_kind="brand", account_handle=account.handle if account else "",
            platform=reply_platform(mention.source), membership=spokesperson,
            in_reply_to_topic=mention.topics[0] if mention.topics else ""))
        assert verdict.outcome.value in ("ok", "ok_with_warnings"), (text, verdict.as_dict())
    assert with_topic >= 6


def test_the_crisis_wave_is_answered_with_the_holding_statement(demo, client):
    from django.contrib.auth import get_user_model

    sign_in(client, get_user_model().objects.get(username="comms"))
    wave = Mention.objects.filter(org=demo, external_id__startswith="demo-wave-").first()
    suggestions = client.get(reverse("inbox:detail", args=[wave.pk])).context["suggestions"]
    assert suggestions[0].reply.id == "crisis-holding"
