"""The REST API under /api/: v1 endpoints, the OpenAPI schema and its docs."""

urlpatterns: list = []
