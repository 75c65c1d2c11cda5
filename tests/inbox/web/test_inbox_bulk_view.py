"""Bulk actions of the inbox list: close, assign (to me, a member, a team) and priority on many mentions at
once, each under the single action's rules (history and audit per mention), with one message saying how many
changed, how many needed no change and which failed and why; another organisation's mention is never
touched; bad input gets a clear message; the list comes back as it was filtered."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from inbox_web_support import COMPLAINT_EN, CRISIS_EN, QUESTION_EN, store

from socialguard.audit.models import AuditEvent
from socialguard.inbox import actions, bulk
from socialguard.inbox.models import Mention, MentionEvent


@pytest.fixture
def crisis_batch(acme):
    """A crisis brings near-identical posts: 26 of them."""
    from socialguard.inbox import mention as pure
    from socialguard.inbox.django_store import ingest

    ingest(acme.org, [pure.Mention(source="x", external_id=f"wave-{i}", text=f"{CRISIS_EN} ({i})", author=f"@angry{i}")
                      for i in range(26)])
    return list(Mention.objects.filter(org=acme.org, external_id__startswith="wave-").order_by("pk"))


def _bulk(client, mentions, **data):
    data.setdefault("query", "topic=crisis&page=1")
    response = client.post(reverse("inbox:bulk"), {"mention": [m.pk for m in mentions], **data})
    assert response.status_code == 302
    return response, _said(client, response)


def _said(client, response) -> list[str]:
    """The messages the list shows after the redirect (reading them there uses them up)."""
    return [str(m) for m in client.get(response.url).context["messages"]]


def test_closing_a_crisis_batch_closes_each_with_history_and_audit(acme, crisis_batch, client_as):
    agent = acme.users["customer_service"]
    response, said = _bulk(client_as(agent), crisis_batch, action="close")
    assert said == ["Closed 26 mentions."]
    assert response.url == reverse("inbox:list") + "?topic=crisis&page=1"
    assert set(Mention.objects.filter(pk__in=[m.pk for m in crisis_batch]).values_list("status", flat=True)) == {"closed"}
    assert MentionEvent.objects.filter(mention__in=crisis_batch, kind="status", after="closed").count() == 26
    assert AuditEvent.objects.filter(kind="mention_status", actor=agent.username).count() == 26


def test_a_message_names_what_needed_no_change_and_what_failed_and_why(acme, globex, crisis_batch, client_as):
    closed = crisis_batch[0]
    actions.change_status(closed, acme.users["comms_lead"], "closed")
    theirs = store(globex.org, COMPLAINT_EN, key="theirs")
    client = client_as(acme.users["customer_service"])
    _, said = _bulk(client, crisis_batch[:3], action="priority", priority="low")
    assert said == [f"Changed the priority of 2 mentions. 1 mention failed: #{closed.pk}: A closed mention keeps its "
                    "priority; reopen it first."]
    _, said = _bulk(client, [*crisis_batch, theirs], action="close")
    assert said == [f"Closed 25 mentions. 1 mention needed no change. 1 mention failed: #{theirs.pk}: not found in "
                    "this inbox."]
    theirs.refresh_from_db()
    assert theirs.status == "new"  # another organisation's mention is never touched


def test_changing_the_priority(acme, crisis_batch, client_as):
    agent = acme.users["customer_service"]
    due = {m.pk: m.assignment.due_at for m in crisis_batch[:2]}
    _, said = _bulk(client_as(agent), crisis_batch[:2], action="priority", priority="normal")
    assert said == ["Changed the priority of 2 mentions."]
    for mention in Mention.objects.filter(pk__in=due).select_related("assignment"):
        assert mention.assignment.priority == "normal" and mention.assignment.due_at == due[mention.pk]
        event = mention.events.get(kind="assignment", note="priority")
        assert (event.before, event.after, event.note, event.actor) == ("urgent", "normal", "priority", agent.username)
    assert AuditEvent.objects.filter(kind="mention_priority").count() == 2


@pytest.mark.parametrize("to, expected_user, expected_team", [
    ("me", "customer_service", "crisis_response"),
    ("user:comms_lead", "comms_lead", "crisis_response"),
    ("team:legal", None, "legal"),
])
def test_assigning_to_me_a_member_or_a_team(acme, crisis_batch, client_as, to, expected_user, expected_team):
    if to.startswith("user:"):
        to = f"user:{acme.users[to[5:]].pk}"
    _, said = _bulk(client_as(acme.users["customer_service"]), crisis_batch[:4], action="assign", to=to)
    assert said == ["Assigned 4 mentions."]
    for mention in Mention.objects.filter(pk__in=[m.pk for m in crisis_batch[:4]]).select_related("assignment"):
        assignee = mention.assignment.assignee
        assert (assignee.pk if assignee else None) == (acme.users[expected_user].pk if expected_user else None)
        assert mention.assignment.team == expected_team
        assert mention.status == ("assigned" if expected_user else "new")


@pytest.mark.parametrize("data, message", [
    ({"action": "close", "mention": []}, "Choose at least one mention."),
    ({"action": "close", "mention": ["x", "-1"]}, "Choose at least one mention."),
    ({"action": "dance"}, "Choose what to do with the mentions."),
    ({"action": "priority", "priority": "whenever"}, "Choose a priority."),
    ({"action": "assign", "to": ""}, "Choose a member or a team to assign to."),
    ({"action": "assign", "to": "team:no-such-team"}, "Choose a member or a team to assign to."),
    ({"action": "assign", "to": "user:abc"}, "Choose a member of this organisation."),
    ({"action": "assign", "to": "user:globex"}, "Choose a member of this organisation."),
    ({"action": "assign", "to": "user:employee"}, "Choose a member of this organisation."),
])
def test_bad_input_gets_one_clear_message_and_changes_nothing(acme, globex, crisis_batch, client_as, data, message):
    if data.get("to") == "user:globex":
        data["to"] = f"user:{globex.users['customer_service'].pk}"
    if data.get("to") == "user:employee":
        data["to"] = f"user:{acme.users['employee'].pk}"
    data.setdefault("mention", [m.pk for m in crisis_batch[:2]])
    client = client_as(acme.users["customer_service"])
    response = client.post(reverse("inbox:bulk"), {"query": "", **data})
    assert response.status_code == 302 and response.url == reverse("inbox:list") + "?"
    assert _said(client, response) == [message]
    assert not MentionEvent.objects.filter(mention__in=crisis_batch, actor=acme.users["customer_service"].username).exists()


def test_at_most_the_limit_at_a_time(acme, crisis_batch, client_as):
    ids = [m.pk for m in crisis_batch] + list(range(10**6, 10**6 + bulk.LIMIT))
    response = client_as(acme.users["customer_service"]).post(reverse("inbox:bulk"), {"mention": ids, "action": "close"})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"Choose at most {bulk.LIMIT} mentions at a time."]
    assert not Mention.objects.filter(org=acme.org, status="closed").exists()


def test_the_way_back_keeps_only_the_list_filters(acme, crisis_batch, client_as):
    response, _ = _bulk(client_as(acme.users["customer_service"]), crisis_batch[:1], action="close",
                        query="q=boycott&status=new&next=https://evil.example/&page=3")
    assert response.url == reverse("inbox:list") + "?status=new&q=boycott&page=3"


def test_polish_messages_use_plural_forms(acme, crisis_batch, client_as):
    from socialguard.orgs.models import Profile

    user = acme.users["customer_service"]
    Profile.objects.update_or_create(user=user, defaults={"language": "pl"})
    client = client_as(user)
    _, said = _bulk(client, crisis_batch[:1], action="close")
    assert said == ["Zamknięto 1 wzmiankę."]
    _, said = _bulk(client, crisis_batch[1:4], action="close")
    assert said == ["Zamknięto 3 wzmianki."]
    _, said = _bulk(client, crisis_batch[4:26], action="close")
    assert said == ["Zamknięto 22 wzmianki."]
    _, said = _bulk(client, crisis_batch[:5] + [store(acme.org, QUESTION_EN, key="open")], action="close")
    assert said == ["Zamknięto 1 wzmiankę. 5 wzmianek nie wymagało zmiany."]
