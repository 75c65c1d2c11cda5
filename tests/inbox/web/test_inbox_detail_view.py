"""A mention's page and its actions: saved-reply suggestions in English and Polish (filled in when used),
assigning, status changes (allowed and refused moves), notes; each recorded in the history and audit log."""

from __future__ import annotations

from django.urls import reverse
from inbox_web_support import COMPLAINT_EN, COMPLAINT_PL, QUESTION_EN, store

from socialguard.audit.chain import verify
from socialguard.audit.models import AuditEvent


def test_suggestions_in_the_mentions_language(acme, client_as):
    client = client_as(acme.users["customer_service"])
    polish = store(acme.org, COMPLAINT_PL, author="Kasia")
    first = client.get(reverse("inbox:detail", args=[polish.pk])).context["suggestions"][0]
    assert (first.reply.id, first.lang) == ("complaint-sorry", "pl") and first.same_topic
    assert first.text.startswith("Przepraszamy")
    english = store(acme.org, QUESTION_EN)
    first = client.get(reverse("inbox:detail", args=[english.pk])).context["suggestions"][0]
    assert (first.reply.id, first.lang) == ("question-hours", "en")


def test_using_a_suggestion_fills_the_reply_box_with_the_authors_name(acme, client_as):
    mention = store(acme.org, COMPLAINT_PL, author="Kasia")
    response = client_as(acme.users["customer_service"]).get(reverse("inbox:detail", args=[mention.pk]),
                                                             {"use": "complaint-sorry"})
    assert response.context["draft_text"].startswith("Przepraszamy, Kasia.")
    assert 'value="complaint-sorry"' in response.content.decode()


def test_assigning_to_me_makes_a_new_mention_assigned(acme, client_as):
    agent = acme.users["customer_service"]
    mention = store(acme.org, COMPLAINT_EN)
    response = client_as(agent).post(reverse("inbox:assign", args=[mention.pk]), {"assignee": "me",
                                                                                  "team": "pr"})
    assert response.status_code == 302
    mention.refresh_from_db()
    assert (mention.status, mention.assignment.assignee, mention.assignment.team) == ("assigned", agent, "pr")
    assert mention.assignment.org_team.kind == "pr"
    kinds = list(mention.events.values_list("kind", "before", "after"))
    assert ("assignment", "customer_service", "pr") in kinds and ("status", "new", "assigned") in kinds
    assert AuditEvent.objects.filter(org=acme.org, kind="mention_assign").count() == 2
    assert verify([acme.org]).ok


def test_assigning_someone_outside_the_organisation_is_refused(acme, globex, client_as):
    mention = store(acme.org, COMPLAINT_EN)
    outsider = globex.users["customer_service"]
    client_as(acme.users["customer_service"]).post(reverse("inbox:assign", args=[mention.pk]),
                                                   {"assignee": outsider.pk})
    mention.refresh_from_db()
    assert mention.assignment.assignee is None and mention.status == "new"


def test_status_moves_follow_the_table(acme, client_as):
    client = client_as(acme.users["comms_lead"])
    mention = store(acme.org, COMPLAINT_EN)
    client.post(reverse("inbox:status", args=[mention.pk]), {"status": "closed", "note": "spam"})
    mention.refresh_from_db()
    assert mention.status == "closed"
    response = client.post(reverse("inbox:status", args=[mention.pk]), {"status": "replied"}, follow=True)
    mention.refresh_from_db()
    assert mention.status == "closed"
    assert "cannot go from Closed to Replied" in response.content.decode()
    client.post(reverse("inbox:status", args=[mention.pk]), {"status": "assigned"})  # reopening
    mention.refresh_from_db()
    assert mention.status == "assigned"
    assert list(mention.events.filter(kind="status").values_list("before", "after", "note")) == [
        ("new", "closed", "spam"), ("closed", "assigned", "")]
    assert AuditEvent.objects.filter(org=acme.org, kind="mention_status").count() == 2


def test_notes_are_kept_and_audited(acme, client_as):
    mention = store(acme.org, COMPLAINT_EN)
    client = client_as(acme.users["customer_service"])
    client.post(reverse("inbox:note", args=[mention.pk]), {"text": "Called the customer, waiting for the order id."})
    empty = client.post(reverse("inbox:note", args=[mention.pk]), {"text": "   "}, follow=True)
    assert "A note needs some text." in empty.content.decode()
    assert list(mention.notes.values_list("text", flat=True)) == ["Called the customer, waiting for the order id."]
    page = client.get(reverse("inbox:detail", args=[mention.pk])).content.decode()
    assert "waiting for the order id" in page
    assert AuditEvent.objects.filter(org=acme.org, kind="mention_note").count() == 1
