"""URLs of the workflow pages."""

from django.urls import path

from . import manage_views, queue_views, views

app_name = "workflow"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("queue/<str:name>/", queue_views.approvals, name="queue"),
    path("queue/bulk/approve/", queue_views.bulk_approve, name="bulk_approve"),
    path("exceptions/", queue_views.exception_requests, name="exception_requests"),
    path("exceptions/<int:pk>/answer/", views.answer_exception, name="answer_exception"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("media/<int:pk>/", views.media, name="media"),
    path("<int:pk>/decide/<str:kind>/", views.decide, name="decide"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/exception/", views.exception, name="exception"),
    path("<int:pk>/exception/ask/", views.ask_exception, name="ask_exception"),
    path("<int:pk>/copy/", views.copy, name="copy"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("outside/<str:token>/", views.outside, name="outside"),
    path("workflows/", manage_views.workflows, name="workflows"),
    path("workflows/<int:pk>/steps/", manage_views.add_step, name="add_step"),
    path("workflows/steps/<int:pk>/", manage_views.edit_step, name="edit_step"),
    path("workflows/steps/<int:pk>/move/<str:direction>/", manage_views.move_step, name="move_step"),
    path("workflows/steps/<int:pk>/remove/", manage_views.remove_step, name="remove_step"),
]
