"""Public reply pages (/replies/ ...) and a deputy's own reply letters (/my/replies/ ...)."""

from django.urls import path

from responses import views

app_name = "responses"

urlpatterns = [
    path("replies/", views.reply_list, name="list"),
    path("replies/<int:pk>/", views.reply_detail, name="detail"),
    path("my/replies/<int:pk>/", views.my_reply, name="my_reply"),
]
