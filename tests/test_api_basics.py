"""Tokens, sessions, throttles, the schema and its docs, and the one error shape."""

import re

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from proposals.api.testing import api, fresh_throttles, world_for  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]


@pytest.fixture
def world(request):
    return world_for(request)


def test_a_client_exchanges_username_and_password_for_a_token_and_uses_it(office, world):
    response = APIClient().post("/api/v1/auth/token/", {"username": "office", "password": "demo"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/proposals/").status_code == 200


def test_a_wrong_password_is_a_400_with_the_error_shape(office):
    response = APIClient().post("/api/v1/auth/token/", {"username": "office", "password": "wrong"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["fields"]["non_field_errors"]


def test_no_token_is_a_401_asking_for_a_token(db):
    response = APIClient().get("/api/v1/proposals/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"


def test_a_logged_in_browser_user_reads_the_api_with_its_session(office, world):
    client = APIClient()
    client.force_login(office)
    assert client.get("/api/v1/proposals/").status_code == 200


def test_password_guesses_are_throttled_per_ip(office, settings):
    client = APIClient()
    for _ in range(20):
        client.post("/api/v1/auth/token/", {"username": "office", "password": "wrong"}, format="json")
    response = client.post("/api/v1/auth/token/", {"username": "office", "password": "demo"}, format="json")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"


def test_chinese_text_and_dates_come_back_as_plain_utf8_and_iso(world, deputy_zhong):
    response = api(deputy_zhong).get("/api/v1/proposals/")
    assert response["Content-Type"] == "application/json"
    text = response.content.decode("utf-8")
    assert "关于huli事项的建议" in text
    assert "\\u" not in text
    row = response.json()["results"][0]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["submitted_on"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.]+\+08:00", row["updated_at"])


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"due_before": "2026-13-01"}, "due_before"),
        ({"overdue": "perhaps"}, "overdue"),
        ({"status": "lost"}, "status"),
        ({"session": "abc"}, "session"),
        ({"page_size": "501"}, "page_size"),
        ({"page_size": "x"}, "page_size"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"ordering": "title"}, "ordering"),
    ],
)
def test_a_malformed_parameter_is_a_400_naming_it(world, office, params, name):
    response = api(office).get("/api/v1/proposals/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == [name]
    assert name in body["detail"]


def test_an_unknown_record_is_a_404_with_the_error_shape(office):
    response = api(office).get("/api/v1/proposals/999999/")
    assert response.status_code == 404
    assert set(response.json()) == {"code", "detail", "fields"}


def test_the_openapi_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    schema = (tmp_path / "schema.yml").read_text()
    for path in ("/api/v1/proposals/{id}/assign/", "/api/v1/assignments/{id}/extend/", "/api/v1/industry/targets/"):
        assert path in schema


def test_the_schema_is_public_and_the_docs_load_nothing_from_other_hosts(db):
    client = APIClient()
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)


def test_a_missing_record_is_a_404_in_the_error_shape(db, office):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(office)
    for url in ("/api/v1/proposals/999999/", "/api/v1/replies/999999/", "/api/v1/proposals/abc/"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "detail": "未找到该记录，或您无权查看。", "fields": {}}
