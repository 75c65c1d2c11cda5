"""The home page and preferences: the interface language (English or Polish) and the time zone times are shown
in are chosen per person."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_shows_the_organisation_and_nothing_of_others(acme, globex, client_as):
    page = client_as(acme.users["employee"]).get(reverse("home")).content.decode()
    assert "Acme Ltd" in page and "Globex" not in page


@pytest.mark.django_db
def test_language_preference_switches_the_interface_to_polish(acme, client_as):
    client = client_as(acme.users["employee"])
    assert 'lang="en"' in client.get(reverse("home")).content.decode()
    client.post(reverse("preferences"), {"language": "pl"})
    page = client.get(reverse("home")).content.decode()
    assert 'lang="pl"' in page and "Napisz post" in page
    assert client.get(reverse("home"))["Content-Language"] == "pl"


@pytest.mark.django_db
def test_unknown_language_is_refused(acme, client_as):
    client = client_as(acme.users["employee"])
    client.post(reverse("preferences"), {"language": "xx"})
    assert acme.users["employee"].profile.language == ""


@pytest.mark.django_db
def test_browser_language_is_used_before_sign_in(client):
    page = client.get(reverse("signin:login"), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert 'lang="pl"' in page and "Zaloguj się" in page


@pytest.mark.django_db
def test_time_zone_preference_shows_times_in_that_zone(acme, client_as):
    import datetime as dt

    from socialguard.workflow.models import PostDraft

    post = PostDraft.objects.create(org=acme.org, author=acme.users["employee"], text="Hello", account_kind="personal",
                                    platform="x")
    PostDraft.objects.filter(pk=post.pk).update(updated_at=dt.datetime(2026, 12, 7, 19, 44, tzinfo=dt.timezone.utc))
    client = client_as(acme.users["employee"])
    assert "7 Dec 2026, 20:44" in client.get(reverse("workflow:mine")).content.decode()  # the default, Warsaw
    client.post(reverse("preferences"), {"language": "", "time_zone": "America/New_York"})
    assert acme.users["employee"].profile.time_zone == "America/New_York"
    assert "7 Dec 2026, 14:44" in client.get(reverse("workflow:mine")).content.decode()
    page = client.get(reverse("preferences")).content.decode()
    assert '<option value="America/New_York" selected>' in page and "Default (Europe/Warsaw)" in page


@pytest.mark.django_db
def test_unknown_time_zone_is_refused_with_its_name(acme, client_as):
    client = client_as(acme.users["employee"])
    page = client.post(reverse("preferences"), {"time_zone": "Mars/Olympus"}, follow=True).content.decode()
    assert "Unknown time zone: Mars/Olympus." in page
    assert acme.users["employee"].profile.time_zone == ""
