"""The site's URLs: each app's pages under its own prefix."""

from django.urls import include, path
from django.views.i18n import set_language

from socialguard.api.site import api

from . import views
from .organisation import joining

urlpatterns = [
    path("", views.home, name="home"),
    path("preferences/", views.preferences, name="preferences"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("invitation/<str:token>/", joining.accept, name="invitation"),
    path("signin/", include("socialguard.signin.urls")),
    path("compose/", include("socialguard.compose.urls")),
    path("posts/", include("socialguard.workflow.urls")),
    path("audit/", include("socialguard.audit.urls")),
    path("org/", include("socialguard.web.organisation.urls")),
    path("security/", include("socialguard.security.urls")),
    path("policy/", include("socialguard.policy_pages.urls")),
    path("training/", include("socialguard.training.urls")),
    path("dashboard/", include("socialguard.dashboard.urls")),
    path("rechecks/", include("socialguard.rechecks.urls")),
    path("api-tokens/", include("socialguard.api.urls")),
    path("api/", api.urls),
    path("inbox/", include("socialguard.inbox.urls")),
    path("connections/", include("socialguard.connections.urls")),
    path("calendar/", include("socialguard.outbox.calendar_urls")),
    path("outbox/", include("socialguard.outbox.urls")),
]
