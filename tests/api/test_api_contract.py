"""The API keeps its OpenAPI contract: schemathesis generates requests from the live schema (valid ones and
invalid ones) and checks every answer against it (status codes, content types, bodies, no 5xx, invalid input
refused, valid input accepted), with a real token of a member of each kind of role.

The requests go through the real Django app (its WSGI handler, the test database); the examples are bounded
(`MAX_EXAMPLES` per role and kind over all operations) so the whole contract run takes about a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.modes import GenerationMode
from web_support import make_org

from api_support import token_for

ROLES = ("employee", "approver", "admin")  # no queue nor approvals; approvals and queue; everything
MAX_EXAMPLES = 120


@pytest.fixture
def app_keeps_the_test_connection():
    """Called as a WSGI app, Django closes the database connection after each request, and with it the test's
    transaction (PostgreSQL); its own test client avoids that the same way, by disconnecting these handlers."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("app_keeps_the_test_connection")
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda mode: mode.value)
@pytest.mark.parametrize("role", ROLES)
def test_the_api_keeps_its_contract(role, mode):
    from socialguard.web.wsgi import application

    acme = make_org("acme")
    TOTPDevice.objects.create(user=acme.users[role], name="phone", confirmed=True)  # some roles need two factors
    token = token_for(acme, role)
    config = SchemathesisConfig.from_dict({"auth": {"openapi": {"TokenAuth": {"bearer": token}}}})
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, config=config)

    @given(case=schema.as_strategy(mode))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def keeps_contract(case):
        case.call_and_validate()

    keeps_contract()
