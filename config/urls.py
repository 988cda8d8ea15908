from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "人大代表建议办理"
admin.site.site_title = "人大代表建议办理"
admin.site.index_title = "办理工作台"

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
