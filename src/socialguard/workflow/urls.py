"""URLs of the workflow pages."""

from django.urls import path

from . import manage_views, views

app_name = "workflow"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("queue/<str:name>/", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("media/<int:pk>/", views.media, name="media"),
    path("<int:pk>/decide/<str:kind>/", views.decide, name="decide"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/exception/", views.exception, name="exception"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("outside/<str:token>/", views.outside, name="outside"),
    path("workflows/", manage_views.workflows, name="workflows"),
    path("workflows/<int:pk>/steps/", manage_views.add_step, name="add_step"),
]
