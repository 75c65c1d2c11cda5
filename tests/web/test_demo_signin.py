"""The demo prints one ready sign-in line per role, and each line, followed as written, signs its person in."""

from __future__ import annotations

import re
from base64 import b32decode

from django.conf import settings
from django.urls import reverse
from django_otp.oath import totp

from socialguard.orgs import roles
from socialguard.web.demo import CREDENTIALS_FILE, seed

LINE = re.compile(r"  (?P<role>\w+) +user (?P<user>\w+) +password (?P<password>\S+)"
                  r"(?:  code: oathtool --totp -b (?P<secret>[A-Z2-7]+))?")


def test_every_role_has_a_line_that_signs_in(db, client, tmp_path):
    said = []
    assert seed(tmp_path, say=said.append)
    [text] = said
    header, *people, kept = text.splitlines()
    assert header == (f"Demo sign-in at {settings.SOCIALGUARD_BASE_URL}/signin/login/ "
                      "(organisation 'Acme Cloud (demo)'), one line per role:")
    assert kept == f"(kept in {tmp_path / CREDENTIALS_FILE}; shown only this once)"
    assert (tmp_path / CREDENTIALS_FILE).read_text(encoding="utf-8") == "\n".join([header, *people]) + "\n"
    matches = [LINE.fullmatch(line) for line in people]
    assert all(matches), people
    assert [m["role"] for m in matches] == list(roles.ROLES)
    assert {m["role"] for m in matches if m["secret"]} == roles.TWO_FACTOR_ROLES
    for m in matches:
        client.logout()
        response = client.post(reverse("signin:login"), {"username": m["user"], "password": m["password"]})
        if m["secret"]:
            assert response.url == reverse("signin:verify")
            code = f"{totp(b32decode(m['secret'])):06d}"  # what `oathtool --totp -b SECRET` prints now
            response = client.post(reverse("signin:verify"), {"token": code})
        assert response.status_code == 302 and response.url == reverse("home"), m["role"]
        assert client.get(reverse("home")).status_code == 200
