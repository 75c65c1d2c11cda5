"""The header navigation, the date format and counted strings. Each of the seven roles sees a link to exactly
the pages it can open (every other page of the menus answers it 403 or sends it away), grouped in a few menus
with one unambiguous name each, in English and Polish; dates read "7 Dec 2026, 20:44" / "7 gru 2026, 20:44";
counts on the home page take the right plural form."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from web_support import ROLES

NAV = re.compile(r'<nav aria-label="[^"]*">(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')
EVERY_MENU_PAGE = ["compose:new", "workflow:mine", ("workflow:queue", "waiting"), ("workflow:queue", "rejected"),
                   ("workflow:queue", "expired"), "calendar:week", "inbox:list", "dashboard:dashboard",
                   "security:registry", "audit:log", "policy_pages:document", "training:overview", "orgs:policy", "workflow:workflows",
                   "orgs:members", "connections:list", "orgs:settings", "preferences", "api_tokens:list"]


def _address(name) -> str:
    return reverse(name[0], args=name[1:]) if isinstance(name, tuple) else reverse(name)


def _nav(client) -> str:
    return NAV.search(client.get(reverse("home")).content.decode())[1]


def _speaking(user, language: str):
    from socialguard.orgs.models import Profile

    Profile.objects.update_or_create(user=user, defaults={"language": language})
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_a_link_to_exactly_the_pages_it_can_open(acme, client_as, role):
    client = client_as(acme.users[role])
    shown = set(HREF.findall(_nav(client)))
    opens = {_address(name) for name in EVERY_MENU_PAGE if client.get(_address(name)).status_code == 200}
    assert shown == opens


@pytest.mark.django_db
def test_an_employee_gets_three_menus_and_an_admin_all_five(acme, client_as):
    employee = _nav(client_as(acme.users["employee"]))
    assert re.findall(r"<summary>([^<]+)</summary>", employee) == ["Posts", "Policy", "acme-employee"]
    assert "Waiting for approval" not in employee and "Policy settings" not in employee
    admin = _nav(client_as(acme.users["admin"]))
    assert re.findall(r"<summary>([^<]+)</summary>", admin) == ["Posts", "Monitor", "Policy", "Organisation",
                                                                  "acme-admin"]


@pytest.mark.django_db
@pytest.mark.parametrize("language, document, settings, menu", [
    ("en", "Policy document", "Policy settings", "Menu"),
    ("pl", "Dokument polityki", "Ustawienia polityki", "Menu"),
])
def test_the_two_policy_pages_have_distinct_names_in_both_languages(acme, client_as, language, document, settings,
                                                                    menu):
    page = client_as(_speaking(acme.users["admin"], language)).get(reverse("home")).content.decode()
    nav = NAV.search(page)[1]
    assert f'{document}</a>' in nav and f'{settings}</a>' in nav
    assert f'<summary class="menu-button">{menu}</summary>' in page
    assert "Our policy" not in page and "Nasza polityka" not in page


@pytest.mark.parametrize("language, short, full", [
    ("en", "7 Dec 2026, 20:44", "7 Dec 2026, 20:44 CET"),
    ("pl", "7 gru 2026, 20:44", "7 gru 2026, 20:44 CET"),
])
def test_dates_read_the_same_on_every_page(settings, language, short, full):
    from django.template import Context, Template

    moment = dt.datetime(2026, 12, 7, 19, 44, tzinfo=dt.timezone.utc)  # 20:44 in Warsaw
    template = Template('{{ at|date:"SHORT_DATETIME_FORMAT" }}|{{ at|date:"DATETIME_FORMAT" }}')
    with translation.override(language), timezone.override("Europe/Warsaw"):
        assert template.render(Context({"at": moment})) == f"{short}|{full}"


@pytest.mark.django_db
def test_post_lists_show_the_date_format(acme, client_as):
    from socialguard.workflow.models import PostDraft

    post = PostDraft.objects.create(org=acme.org, author=acme.users["employee"], text="Hello", account_kind="personal",
                                    platform="x")
    PostDraft.objects.filter(pk=post.pk).update(updated_at=dt.datetime(2026, 12, 7, 19, 44, tzinfo=dt.timezone.utc))
    page = client_as(acme.users["employee"]).get(reverse("workflow:mine")).content.decode()
    assert "7 Dec 2026, 20:44" in page


@pytest.mark.django_db
@pytest.mark.parametrize("language, drafts, expected", [
    ("en", 1, "<strong>1</strong> draft<"), ("en", 2, "<strong>2</strong> drafts<"),
    ("pl", 1, "<strong>1</strong> szkic<"), ("pl", 3, "<strong>3</strong> szkice<"),
    ("pl", 5, "<strong>5</strong> szkiców<"), ("pl", 0, "<strong>0</strong> szkiców<"),
])
def test_home_counts_take_the_plural_form_of_their_number(acme, client_as, language, drafts, expected):
    from socialguard.workflow.models import PostDraft

    for n in range(drafts):
        PostDraft.objects.create(org=acme.org, author=acme.users["employee"], text=f"Draft {n}", account_kind="personal",
                                 platform="x")
    page = client_as(_speaking(acme.users["employee"], language)).get(reverse("home")).content.decode()
    assert expected in page


@pytest.mark.parametrize("language, severity, outcome, team", [
    ("en", "Review", "Needs approval", "Customer service"),
    ("pl", "Do przeglądu", "Wymaga zatwierdzenia", "Obsługa klienta"),
])
def test_engine_values_are_shown_by_their_translated_labels(language, severity, outcome, team):
    from django.template import Context, Template

    from socialguard.model import Outcome, Severity

    template = Template("{% load labels %}{{ s|severity_label }}|{{ o|outcome_label }}|{{ t|team_label }}|"
                        "{{ own|team_label }}")
    with translation.override(language):
        shown = template.render(Context({"s": Severity.review, "o": "needs_approval", "t": "customer_service",
                                         "own": "north-desk"}))
    assert shown == f"{severity}|{outcome}|{team}|north-desk"
    assert Outcome.needs_approval.value not in shown
