"""Deployment checks: docker-compose.yml, production settings guards, migrations, Celery mode, scripts.

Everything runs in subprocesses with a controlled environment (and without the project's .env),
so the settings are imported fresh.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Variables the settings read; each test states the ones it needs.
CONTROLLED = (
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "EMAIL_URL",
    "DJANGO_SETTINGS_MODULE",
)
GOOD_KEY = "k" * 20 + "-test-only-secret-key-" + "9" * 20
# docker-compose.yml's required variables.
COMPOSE_VARS = {
    "DJANGO_SECRET_KEY": GOOD_KEY,
    "DJANGO_ALLOWED_HOSTS": "jianyi.example.gov.cn",
    "POSTGRES_PASSWORD": "compose-test-password",
}


def _env(**values):
    """os.environ without the controlled variables, plus `values` (None = leave unset)."""
    env = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    env["DATABASE_URL"] = "sqlite://:memory:"
    env.update({k: v for k, v in values.items() if v is not None})
    for key, value in values.items():
        if value is None:
            env.pop(key, None)
    return env


# Runs manage.py with environ.Env.read_env disabled, so a developer's .env cannot leak in.
MANAGE = (
    "import environ, runpy, sys; "
    "environ.Env.read_env = staticmethod(lambda *args, **kwargs: None); "
    "sys.argv = ['manage.py', *sys.argv[1:]]; "
    "runpy.run_path('manage.py', run_name='__main__')"
)


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "-c", MANAGE, *args],
        cwd=ROOT,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _error_line(result):
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return lines[-1] if lines else ""


# --- docker-compose.yml -------------------------------------------------------------------------


@pytest.fixture
def compose(tmp_path):
    binary = shutil.which("docker-compose")
    if binary is None:
        message = "docker-compose is not installed (apt-get install docker-compose; ./scripts/test does it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    # An empty --env-file keeps a developer's .env out of the result.
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.write_text("")

    def run(*args, **variables):
        env = {k: v for k, v in os.environ.items() if k not in COMPOSE_VARS}
        env.update({k: v for k, v in variables.items() if v is not None})
        return subprocess.run(
            [binary, "--env-file", str(empty_env_file), "-f", str(ROOT / "docker-compose.yml"), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


def test_compose_file_is_valid(compose):
    result = compose("config", "-q", **COMPOSE_VARS)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", sorted(COMPOSE_VARS))
def test_compose_requires_secrets(compose, missing):
    result = compose("config", "-q", **{**COMPOSE_VARS, missing: None})
    assert result.returncode != 0
    assert missing in result.stderr


def test_compose_services_share_one_image_and_production_env(compose):
    result = compose("config", **COMPOSE_VARS)
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    app = [services[name] for name in ("web", "worker", "beat")]
    assert len({s["image"] for s in app}) == 1
    for service in app:
        env = service["environment"]
        assert env["DJANGO_DEBUG"] == "false"
        assert env["DJANGO_SECRET_KEY"] == GOOD_KEY
        assert env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:")
        assert "EMAIL_URL" in env
    assert "migrate" in services["web"]["command"] and "gunicorn" in services["web"]["command"]
    assert "worker" in services["worker"]["command"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in services["beat"]["command"]
    assert services["postgres"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    for name in ("web", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    assert services["web"]["depends_on"]["postgres"]["condition"] == "service_healthy"


# --- production settings guards -----------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "", "too-short-key"])
def test_production_requires_secret_key(key):
    result = _manage("check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="example.gov.cn")
    assert result.returncode != 0
    line = _error_line(result)
    assert "ImproperlyConfigured" in line and "DJANGO_SECRET_KEY" in line, result.stderr


def test_production_rejects_development_key():
    from config.settings import DEV_SECRET_KEY

    result = _manage(
        "check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY=DEV_SECRET_KEY, DJANGO_ALLOWED_HOSTS="example.gov.cn"
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in _error_line(result), result.stderr


def test_production_requires_allowed_hosts():
    result = _manage("check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS=None)
    assert result.returncode != 0
    line = _error_line(result)
    assert "ImproperlyConfigured" in line and "DJANGO_ALLOWED_HOSTS" in line, result.stderr
    assert "DJANGO_SECRET_KEY" not in line


def test_production_settings_pass_check():
    result = _manage(
        "check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS="example.gov.cn,10.0.0.5"
    )
    assert result.returncode == 0, result.stderr


def test_development_defaults_pass_check():
    result = _manage("check")
    assert result.returncode == 0, result.stderr


# --- migrations -------------------------------------------------------------------------------


def test_no_missing_migrations():
    result = _manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, f"models changed without a migration:\n{result.stdout}\n{result.stderr}"


# --- Celery -----------------------------------------------------------------------------------

CELERY_PROBE = (
    "from django.conf import settings; from config.celery import app; "
    "print(settings.CELERY_TASK_ALWAYS_EAGER, app.conf.task_always_eager, repr(settings.CELERY_BROKER_URL))"
)


def test_celery_is_eager_without_broker():
    result = _manage("shell", "--no-imports", "-c", CELERY_PROBE, CELERY_BROKER_URL=None)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split()[:2] == ["True", "True"], result.stdout


def test_celery_uses_broker_when_configured():
    result = _manage("shell", "--no-imports", "-c", CELERY_PROBE, CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["False", "False", "'redis://127.0.0.1:6379/0'"], result.stdout


# --- image and scripts ------------------------------------------------------------------------


def test_dockerfile_basics():
    text = (ROOT / "Dockerfile").read_text()
    instructions = [line.split(None, 1) for line in text.splitlines() if line.strip() and not line.startswith("#")]
    instructions = [parts for parts in instructions if parts[0].isupper()]
    assert instructions[0] == ["FROM", "python:3.11-slim"]
    user = [parts[1].strip() for parts in instructions if parts[0] == "USER"]
    assert user and user[-1] not in ("root", "0"), "the image must not run as root"
    assert "collectstatic" in text and "requirements.txt" in text
    cmd = [parts[1] for parts in instructions if parts[0] == "CMD"][-1]
    assert "gunicorn" in cmd and "config.wsgi" in cmd


@pytest.mark.parametrize("script", ["scripts/run", "scripts/test", ".ci/run"])
def test_scripts_are_executable_bash(script):
    path = ROOT / script
    assert os.access(path, os.X_OK), f"chmod +x {script}"
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    result = subprocess.run([bash, "-n", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
