"""URLs of the inbox pages (the list, its bulk actions, a mention and its actions), the crisis pages, the
webhook endpoint and its tokens, and the rejected items."""

from django.urls import path

from . import bulk_views, crisis_views, hook_views, rejected_views, views

app_name = "inbox"
urlpatterns = [
    path("", views.mention_list, name="list"),
    path("bulk/", bulk_views.bulk_action, name="bulk"),
    path("<int:pk>/", views.mention_detail, name="detail"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/note/", views.note, name="note"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/replies/<int:reply>/retry/", views.retry_reply, name="reply_retry"),
    path("crisis/", crisis_views.incidents, name="crises"),
    path("crisis/start/", crisis_views.start, name="crisis_start"),
    path("crisis/<int:pk>/", crisis_views.incident, name="crisis"),
    path("crisis/<int:pk>/publishing/", crisis_views.publishing, name="crisis_publishing"),
    path("crisis/<int:pk>/items/<int:item>/tick/", crisis_views.tick, name="crisis_tick"),
    path("crisis/<int:pk>/items/<int:item>/owner/", crisis_views.owner, name="crisis_owner"),
    path("crisis/<int:pk>/close/", crisis_views.close, name="crisis_close"),
    path("tokens/", hook_views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", hook_views.revoke, name="token_revoke"),
    path("rejected/", rejected_views.rejected, name="rejected"),
    path("hooks/<slug:slug>/", hook_views.receive, name="webhook"),
]
