"""Training pages: answering a scenario records the first answer, judged by the real checker under the org's
policy and the member's role, then shows the findings with their clauses; scores; every member may train."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from web_support import ROLES, sign_in

from socialguard.audit.models import AuditEvent
from socialguard.orgs.models import Profile
from socialguard.training.models import TrainingAnswer

pytestmark = pytest.mark.django_db


def _answer(client, scenario: str, answer: str):
    return client.post(reverse("training:question", args=[scenario]), {"answer": answer})


def test_holding_a_post_with_a_pesel_is_right_and_shows_the_clause(acme, client_as):
    client = client_as(acme.users["employee"])
    page = _answer(client, "customer-id-number", "hold").content.decode()
    assert 'id="training-result"' in page and "Right." in page
    assert "§ 4.1 Personal data" in page and 'data-rule="pii-ids"' in page and "<mark" in page
    answer = TrainingAnswer.objects.get()
    assert (answer.correct, answer.would_publish, answer.outcome, answer.lang) == (True, False, "blocked", "en")
    assert AuditEvent.objects.get(kind="training_answer").data == {"scenario": "customer-id-number",
                                                                   "correct": True, "version": 1}


def test_publishing_a_fine_post_is_right_and_holding_it_wrong(acme, client_as):
    assert "Right." in _answer(client_as(acme.users["employee"]), "thank-you", "publish").content.decode()
    page = _answer(client_as(acme.users["approver"]), "thank-you", "hold").content.decode()
    assert "Not quite." in page and "The checker finds nothing wrong with it." in page


def test_polish_reader_gets_the_polish_post_and_clause(acme, client_as):
    Profile.objects.create(user=acme.users["employee"], language="pl")
    page = _answer(client_as(acme.users["employee"]), "customer-id-number", "publish").content.decode()
    assert "jej PESEL to <mark" in page and "44051401359" in page and "§ 4.1 Dane osobowe" in page
    assert TrainingAnswer.objects.get().lang == "pl" and not TrainingAnswer.objects.get().correct


def test_the_first_answer_counts(acme, client_as):
    client = client_as(acme.users["employee"])
    _answer(client, "customer-email", "publish")
    _answer(client, "customer-email", "hold")
    assert list(TrainingAnswer.objects.values_list("would_publish", flat=True)) == [True]


def test_overview_scores_and_lists_only_enabled_scenarios(acme, client_as):
    client = client_as(acme.users["employee"])
    _answer(client, "customer-id-number", "hold")
    _answer(client, "thank-you", "hold")
    page = client.get(reverse("training:overview")).content.decode()
    assert "You have answered 2 of 4 scenarios; 1 correctly." in page
    assert "swearing" not in page and "/training/swearing/" not in page
    assert client.get(reverse("training:question", args=["swearing"])).status_code == 404


def test_a_missing_answer_is_400_and_records_nothing(acme, client_as):
    response = _answer(client_as(acme.users["employee"]), "thank-you", "maybe")
    assert response.status_code == 400 and not TrainingAnswer.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_trains(acme, client_as, role):
    client = client_as(acme.users[role])
    assert client.get(reverse("training:overview")).status_code == 200
    assert client.get(reverse("training:question", args=["thank-you"])).status_code == 200


def test_answering_needs_csrf(acme):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, acme.users["employee"])
    assert _answer(client, "thank-you", "publish").status_code == 403


def test_team_results_count_each_teams_members(acme, client_as):
    from socialguard.training.scoring import team_results

    _answer(client_as(acme.users["employee"]), "customer-id-number", "hold")
    _answer(client_as(acme.users["approver"]), "customer-id-number", "publish")
    results = {r.team: r for r in team_results(acme.org)}
    assert (results["Employees"].answers, results["Employees"].percent_correct) == (1, 100)
    assert (results["Message approval"].answers, results["Message approval"].percent_correct) == (1, 0)
    assert results["Public relations"].answers == 0
