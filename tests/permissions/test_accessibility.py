"""Every page of the permission matrix in a real browser, checked with axe-core (shipped inside the pinned
`axe-playwright-python` wheel, nothing fetched): no serious or critical accessibility violation, in English
and in Polish. Each page is opened by a member whose role may see it, with the matrix's own objects, so a new
view is checked as soon as it has its matrix entry."""

from __future__ import annotations

import pytest
from attack_support import Subject, build_world, client_for
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from test_permission_matrix import PAGES, WEBHOOK_TOKEN, expected_allowed
from web_support import ROLES

SERIOUS = {"serious", "critical"}
SKIPPED = {
    "signin:logout": "signs out",
    "workflow:outside": "an outside approver's page without the site layout: checked in tests/e2e",
}


def _pages():
    return [probe for probe in PAGES if probe.method == "get" and probe.permission != WEBHOOK_TOKEN
            and probe.name not in SKIPPED]


def _viewer(world, probe) -> Subject:
    """The first role the matrix lets in (a probe may name one permission or several, any of which will do)."""
    members = (Subject(f"A:{role}", world.a.users[role], world.a, role) for role in ROLES)
    return next(member for member in members if expected_allowed(probe, member))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "pl"])
def test_every_page_has_no_serious_accessibility_violation(live_server, browser_page, language):
    from socialguard.orgs.models import Profile

    world = build_world()
    axe, page, found = Axe(), browser_page, []
    for probe in _pages():
        viewer = _viewer(world, probe)
        Profile.objects.update_or_create(user=viewer.user, defaults={"language": language})
        client = client_for(viewer)
        page.context.clear_cookies()
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                                   "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
        url = reverse(probe.name, args=probe.args(world.a, viewer.user))
        if not client.get(url).get("Content-Type", "").startswith("text/html"):
            continue  # downloads, JSON and redirects are not pages
        page.goto(live_server.url + url)
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [node["target"] for node in violation["nodes"]][:3]
                found.append(f"{url} ({viewer.role}): {violation['id']} [{violation['impact']}] {targets}")
    assert found == [], "\n".join(found)
