"""The home page and the deputy portal (/my/ ...)."""

from django.urls import path

from proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.my_proposals, name="my"),
    path("my/proposals/<int:pk>/", views.proposal_detail, name="proposal"),
]
