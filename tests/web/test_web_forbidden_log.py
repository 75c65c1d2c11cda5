"""A refused request (403) leaves one line in the server log naming the path and the missing permission."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_a_403_logs_one_line_without_a_traceback(acme, client_as, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client_as(acme.users["employee"]).get(reverse("audit:log"))
    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None
    assert record.getMessage() == "Forbidden (Permission denied): /audit/ (needs view_audit)"
    assert "Traceback" not in caplog.text
