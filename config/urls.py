from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("stats/", include("proposals.stats_urls")),
    path("industry/", include("industry.urls")),
    path("", include("responses.urls")),
    path("", include("proposals.urls")),
]
