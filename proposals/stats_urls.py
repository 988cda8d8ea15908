from django.urls import path

from proposals import stats_views

app_name = "stats"

urlpatterns = [
    path("", stats_views.stats_page, name="index"),
    path("export.xlsx", stats_views.stats_export, name="export"),
]
