"""Fixtures shared by the whole suite: one user per role, as in the demo data, and service guards."""

import os
import socket

import pytest
from django.db import connection

from proposals.roles import Role


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in English (LocaleMiddleware) leaves
    the thread's translation active after the response."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _missing(service: str, why: str):
    message = f"{service} is not available ({why})"
    if IN_CI:
        pytest.fail(f"{message}: CI runs every test against the real services.")
    pytest.skip(f"{message}; set DATABASE_URL / CELERY_BROKER_URL to run it")


@pytest.fixture
def postgres(db):
    """Tests that need PostgreSQL itself (constraints, locking) use this; fails in CI without it."""
    if connection.vendor != "postgresql":
        _missing("PostgreSQL", f"DATABASE_URL points at {connection.vendor}")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # Runs before pytest-django orders the tests (database tests first, transactional ones next),
    # so that the markers added here count in that order.
    for item in items:
        if item.get_closest_marker("postgres"):
            if not item.get_closest_marker("django_db"):
                item.add_marker(pytest.mark.django_db)
            if "postgres" not in item.fixturenames:
                item.fixturenames.insert(0, "postgres")
        if item.get_closest_marker("browser") and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db(transaction=True))
        # A transactional test flushes the database when it ends, which would take the rows the
        # data migrations seed (reply categories, the official calendar, the beat schedule) with
        # it: every such test restores them.
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and "serialized_rollback" not in marker.kwargs:
            item.add_marker(
                pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True), append=False
            )


@pytest.fixture
def redis_url():
    from django.conf import settings

    url = settings.CELERY_BROKER_URL or os.environ.get("REDIS_URL", "")
    if not url.startswith("redis"):
        _missing("Redis", "CELERY_BROKER_URL is not a redis:// URL")
    host, _, port = url.split("//", 1)[1].split("/", 1)[0].rpartition("@")[2].partition(":")
    try:
        socket.create_connection((host or "127.0.0.1", int(port or 6379)), timeout=2).close()
    except OSError as exc:
        _missing("Redis", str(exc))
    return url


@pytest.fixture
def huli(db):
    from proposals.models import UnitKind
    from proposals.tests.factories import HandlingUnitFactory

    return HandlingUnitFactory(name="湖里区人民政府", kind=UnitKind.GOVERNMENT)


@pytest.fixture
def other_unit(db):
    from proposals.tests.factories import HandlingUnitFactory

    return HandlingUnitFactory(name="厦门市工业和信息化局")


@pytest.fixture
def office(db):
    from proposals.tests.factories import UserFactory

    return UserFactory(username="office", role=Role.OFFICE)


@pytest.fixture
def supervisor(db):
    from proposals.tests.factories import UserFactory

    return UserFactory(username="supervisor", role=Role.SUPERVISOR)


@pytest.fixture
def unit_huli(huli):
    from proposals.tests.factories import UserFactory

    user = UserFactory(username="unit_huli", role=Role.UNIT)
    huli.staff.add(user)
    return user


@pytest.fixture
def unit_other(other_unit):
    from proposals.tests.factories import UserFactory

    user = UserFactory(username="unit_other", role=Role.UNIT)
    other_unit.staff.add(user)
    return user


@pytest.fixture
def deputy_zhong(db):
    from proposals.tests.factories import DeputyFactory, UserFactory

    user = UserFactory(username="deputy_zhong", role=Role.DEPUTY)
    DeputyFactory(name="钟庆达", user=user)
    return user


@pytest.fixture
def deputy_other(db):
    from proposals.tests.factories import DeputyFactory, UserFactory

    user = UserFactory(username="deputy_other", role=Role.DEPUTY)
    DeputyFactory(name="林其他", user=user)
    return user
