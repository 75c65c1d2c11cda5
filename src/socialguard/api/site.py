"""The API itself: one `NinjaAPI` with token authentication on every endpoint, JSON errors, request bodies
read by the bounded loader (`untrusted_json`: size, depth), the OpenAPI schema at `/api/openapi.json` and
interactive docs at `/api/docs` (Swagger UI from the assets django-ninja ships, served by this site: no CDN,
nothing inline, so the page runs under the strict Content-Security-Policy)."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.parser import Parser

from socialguard.untrusted_json import loads

from . import approvals, check, drafts, errors, mentions
from .auth import TokenAuth


class BoundedParser(Parser):
    """JSON bodies through the bounded loader; its `JsonRejected` becomes a 400 naming the problem."""

    def parse_body(self, request):
        return loads(request.body)


api = NinjaAPI(
    title="socialguard API",
    version="1",
    description="Check posts against your organisation's social media policy, create and submit drafts, "
                "decide approvals and send mentions to the inbox. Authenticate with a personal API token: "
                "`Authorization: Bearer sga_...`.",
    auth=TokenAuth(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    parser=BoundedParser(),
)
errors.install(api)
api.add_router("", check.router)
api.add_router("", drafts.router)
api.add_router("", approvals.router)
api.add_router("", mentions.router)
