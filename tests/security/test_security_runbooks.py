"""Incident runbooks as data, overridable by the policy, and the incident state machine with its report."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from socialguard import load_policy
from socialguard.policy import PolicyError, parse_policy
from socialguard.security.incident_report import render_html, render_pdf
from socialguard.security.runbooks import IncidentError, RunbookError, builtin_runbooks, runbooks_for, start_incident

T0 = dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.timezone.utc)


def hours(n: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=n)


@pytest.fixture(scope="module")
def runbooks():
    return runbooks_for(load_policy())


def test_four_runbooks_ship_with_english_and_polish_steps():
    books = builtin_runbooks()
    assert set(books) == {"account-compromise", "data-leak", "pr-crisis", "ransomware-phishing"}
    for book in books.values():
        assert book.title["en"] and book.title["pl"]
        assert all(step.text["en"] and step.text["pl"] for step in book.steps)
        assert book.steps[-1].id == "review"


def test_the_dpo_is_notified_within_72_hours_when_personal_data_is_involved(runbooks):
    for book in runbooks.values():
        dpo = [s for s in book.steps if s.when == "personal_data"]
        assert dpo and dpo[0].owner == "compliance"
        assert max(s.deadline_hours or 0 for s in dpo) <= 72
    assert "72" in runbooks["data-leak"].steps[3].text["en"] and "UODO" in runbooks["data-leak"].steps[3].text["pl"]


def test_a_policy_replaces_steps_and_adds_runbooks():
    policy = parse_policy(
        """
security:
  runbooks:
    pr-crisis:
      steps:
        - {id: call-ceo, owner: crisis_response, deadline_hours: 1, text: {en: Call the CEO, pl: Zadzwoń do prezesa}}
    outage:
      title: {en: Platform outage, pl: Awaria platformy}
      steps:
        - {id: status-post, owner: pr, text: {en: Post on the status page, pl: Opublikuj komunikat o awarii}}
""",
        "p",
    )
    books = runbooks_for(policy)
    assert [s.id for s in books["pr-crisis"].steps] == ["call-ceo"]
    assert books["pr-crisis"].title["en"] == "PR crisis"  # title kept
    assert books["outage"].title["pl"] == "Awaria platformy"
    assert [s.id for s in books["data-leak"].steps] == [s.id for s in builtin_runbooks()["data-leak"].steps]


def test_bad_runbooks_in_the_policy_are_clear_errors():
    with pytest.raises(RunbookError, match="security.runbooks.outage: a new runbook needs a title and steps"):
        runbooks_for(parse_policy("security: {runbooks: {outage: {title: {en: Outage}}}}\n", "p"))
    with pytest.raises(PolicyError, match="duplicate step id"):
        parse_policy(
            "security:\n  runbooks:\n    pr-crisis:\n      steps:\n"
            "        - {id: a, owner: pr, text: {en: A}}\n        - {id: a, owner: pr, text: {en: B}}\n",
            "p",
        )
    with pytest.raises(PolicyError, match="owner"):
        parse_policy("security: {runbooks: {x: {steps: [{id: a, owner: janitor, text: {en: A}}]}}}\n", "p")


def test_incident_lifecycle(runbooks):
    incident = start_incident(runbooks["account-compromise"], "Instagram taken over", "anna", T0, policy_version="7")
    assert incident.state == "open"
    assert incident.step("notify-dpo").status == "not_applicable"
    assert incident.step("evidence").status == "pending"
    incident = incident.complete("evidence", "jan", hours(0.5), "screenshots in the case folder")
    assert incident.step("evidence").by == "jan" and incident.step("evidence").at == hours(0.5)
    incident = incident.skip("holding-statement", "pr-lead", hours(1), "no posts reached followers")
    incident = incident.involve_personal_data("anna", hours(2), "attacker read customer DMs")
    assert incident.personal_data and incident.step("notify-dpo").status == "pending"
    assert incident.due(incident.step("notify-dpo")) == hours(72)
    for step in incident.pending:
        incident = incident.complete(step.id, "jan", hours(3))
    incident = incident.close("anna", hours(50), "Phishing DM; moved every account to hardware keys.")
    assert incident.state == "closed" and incident.closed_by == "anna"
    assert [e.kind for e in incident.events][:4] == ["started", "done", "skipped", "personal_data"]
    assert incident.events[-1].kind == "closed"


def test_transitions_that_are_not_allowed(runbooks):
    incident = start_incident(runbooks["pr-crisis"], "Viral complaint", "anna", T0)
    with pytest.raises(IncidentError, match="no step 'nope'"):
        incident.complete("nope", "jan", hours(1))
    with pytest.raises(IncidentError, match="applies only when personal data is involved"):
        incident.complete("notify-dpo", "jan", hours(1))
    with pytest.raises(IncidentError, match="say why it is skipped"):
        incident.skip("convene", "jan", hours(1), "  ")
    with pytest.raises(IncidentError, match="before the incident started"):
        incident.complete("convene", "jan", hours(-1))
    with pytest.raises(IncidentError, match="time zone"):
        incident.complete("convene", "jan", dt.datetime(2026, 3, 2, 9, 0))
    done = incident.complete("convene", "jan", hours(1))
    with pytest.raises(IncidentError, match="'convene' is already done \\(by jan\\)"):
        done.complete("convene", "ola", hours(2))
    with pytest.raises(IncidentError, match="cannot close: steps still pending: pause-scheduled"):
        done.close("anna", hours(3), "summary")
    assert incident.step("convene").status == "pending"  # transitions never change the original


def test_closed_incident_accepts_nothing_more(runbooks):
    incident = start_incident(runbooks["pr-crisis"], "Viral complaint", "anna", T0)
    for step in incident.pending:
        incident = incident.complete(step.id, "jan", hours(1))
    with pytest.raises(IncidentError, match="needs a summary"):
        incident.close("anna", hours(2), "")
    closed = incident.close("anna", hours(2), "Handled.")
    for attempt in (
        lambda: closed.close("anna", hours(3), "again"),
        lambda: closed.involve_personal_data("anna", hours(3)),
    ):
        with pytest.raises(IncidentError, match="the incident is closed"):
            attempt()


def test_overdue_steps(runbooks):
    incident = start_incident(runbooks["ransomware-phishing"], "Encrypted laptop", "it", T0)
    assert [s.id for s in incident.overdue(hours(0.5))] == []
    assert [s.id for s in incident.overdue(hours(5))] == ["isolate", "revoke-and-rotate", "warn-staff"]


def closed_incident(runbooks):
    incident = start_incident(runbooks["data-leak"], "Customer list in a story <script>", "anna", T0, True, "v3")
    incident = incident.complete("contain", "jan", hours(2), "Story removed; note with <b>tags</b>")  # late
    incident = incident.skip("inform-people", "dpo", hours(30), "low risk: names only")
    for step in incident.pending:
        incident = incident.complete(step.id, "dpo", hours(20))
    return incident.close("anna", hours(80), "Wyciek listy klientów; szkolenie zespołu.")


def test_report_html_in_both_languages(runbooks):
    incident = closed_incident(runbooks)
    english = render_html(incident, "en")
    assert "Incident report: Customer list in a story &lt;script&gt;" in english
    assert "<script>" not in english and "&lt;b&gt;tags&lt;/b&gt;" in english
    assert "2026-03-02 10:30 UTC" in english and "overdue" in english
    assert "Compliance team" in english and "skipped" in english and "low risk: names only" in english
    polish = render_html(incident, "pl", tz=dt.timezone(dt.timedelta(hours=1), "CET"))
    assert "Raport z incydentu" in polish and "Wyciek danych" in polish
    assert "2026-03-02 09:30 CET" in polish and "Zespół ds. zgodności" in polish
    assert "Wyciek listy klientów; szkolenie zespołu." in polish


def test_report_pdf(runbooks, tmp_path, poppler):
    pdf = render_pdf(closed_incident(runbooks), "pl")
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 5000
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "Raport z incydentu" in text and "Zespół ds. zgodności" in text and "szkolenie zespołu" in text


def test_no_report_before_closing(runbooks):
    incident = start_incident(runbooks["pr-crisis"], "Viral complaint", "anna", T0)
    with pytest.raises(IncidentError, match="when the incident is closed"):
        render_html(incident)
