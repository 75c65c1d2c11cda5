"""The home page and preferences: the interface language is chosen per person (English or Polish)."""

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
