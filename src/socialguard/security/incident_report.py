"""The report of a closed incident: HTML (Jinja2, `incident_report.html.j2`) and PDF (WeasyPrint, DejaVu Sans
so Polish letters print), in English or Polish. Steps show their owner team, deadline (marked when it
was missed), who did them when, and the note; the timeline lists every event of the incident.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import jinja2

from ..locale import message
from ..policy.schema import localized
from .runbooks import Incident, IncidentError

TEMPLATE = "incident_report.html.j2"
UTC = ZoneInfo("UTC")


@cache
def _template() -> jinja2.Template:
    source = (resources.files(__package__) / TEMPLATE).read_text(encoding="utf-8")
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(source)


def _steps(incident: Incident, lang: str) -> list[dict[str, Any]]:
    rows = []
    for step in incident.active_steps:
        due = incident.due(step)
        rows.append(
            {
                "text": localized(step.text, lang),
                "owner": message(f"document.team.{step.owner}", lang),
                "due": due,
                "status": step.status,
                "late": due is not None and step.status == "done" and step.at is not None and step.at > due,
                "by": step.by,
                "at": step.at,
                "note": step.note,
            }
        )
    return rows


def _events(incident: Incident, lang: str) -> list[dict[str, Any]]:
    texts = {s.id: localized(s.text, lang) for s in incident.steps}
    return [
        {
            "at": event.at,
            "by": event.by,
            "note": event.note,
            "label": message(f"security.incident.event.{event.kind}", lang, step=texts.get(event.step or "", "")),
        }
        for event in incident.events
    ]


def render_html(incident: Incident, lang: str = "en", tz: dt.tzinfo = UTC) -> str:
    """The report of a closed incident as a standalone HTML page."""
    if not incident.is_closed:
        raise IncidentError("the report is produced when the incident is closed")

    def when(value: dt.datetime | None) -> str:
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z") if value else ""

    return _template().render(
        lang=lang,
        incident=incident,
        runbook_title=localized(incident.runbook_title, lang),
        steps=_steps(incident, lang),
        events=_events(incident, lang),
        when=when,
        t=lambda key: message(f"security.incident.{key}", lang),
    )


def render_pdf(incident: Incident, lang: str = "en", tz: dt.tzinfo = UTC) -> bytes:
    """The same report as a PDF document."""
    from weasyprint import HTML

    return HTML(string=render_html(incident, lang, tz)).write_pdf()
