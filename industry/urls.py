from django.urls import path

from industry import views

app_name = "industry"

urlpatterns = [
    path("targets/", views.targets_page, name="targets"),
]
