"""Public reply pages (/replies/ ...)."""

app_name = "responses"

urlpatterns: list = []
