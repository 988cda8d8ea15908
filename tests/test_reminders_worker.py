"""Reminders through a real Celery worker process on the real PostgreSQL and Redis (not eager mode)."""

import datetime
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from proposals.models import Reminder
from proposals.services import proposal_assign
from proposals.tests.factories import ProposalFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TODAY = "2025-05-20"


def wait_for(condition, timeout=60.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery -A config worker` in its own process, talking to the test database and Redis."""

    def __init__(self, broker: str, email_url: str, log: Path):
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker,
            "EMAIL_URL": email_url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log.close()


class SilentSmtpServer:
    """Accepts SMTP connections and never answers: a delivery in progress hangs until killed."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self):
        for conn in self.connections:
            conn.close()
        self.sock.close()


@pytest.fixture
def broker(redis_url):
    """The configured Redis broker, with the task queue emptied before and after."""
    from celery import current_app

    current_app.conf.task_always_eager = False
    current_app.control.purge()
    yield redis_url
    current_app.control.purge()
    current_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture
def overdue(office, huli, unit_huli):
    huli.email = "huli@example.cn"
    huli.save()
    proposal = ProposalFactory(submitted_on=datetime.date(2025, 1, 12))
    proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=datetime.date(2025, 2, 10))
    return proposal


@pytest.fixture
def workers(tmp_path):
    started = []

    def start(broker, email_url):
        worker = Worker(broker, email_url, tmp_path / "worker.log")
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()


def sent_messages(outbox: Path) -> list[Path]:
    return sorted(outbox.glob("*.log")) if outbox.exists() else []


def scan():
    from proposals.tasks import scan_reminders

    scan_reminders.delay(TODAY)


def test_scans_run_twice_by_a_worker_record_and_send_each_reminder_once(broker, overdue, workers, tmp_path):
    outbox = tmp_path / "outbox"
    workers(broker, f"filemail:///{outbox}")
    scan()
    wait_for(lambda: Reminder.objects.filter(delivered_at__isnull=False).exists(), what="the first delivery")
    scan()
    scan()
    time.sleep(3)  # let the worker take both messages
    wait_for(lambda: not Reminder.objects.filter(delivered_at__isnull=True).exists(), what="no pending reminder")
    assert Reminder.objects.count() == 1
    assert len(sent_messages(outbox)) == 1


def test_a_worker_killed_mid_delivery_loses_nothing_and_duplicates_nothing(broker, overdue, workers, tmp_path):
    smtp = SilentSmtpServer()
    try:
        stuck = workers(broker, f"smtp://127.0.0.1:{smtp.port}")
        scan()
        # The reminder is recorded (committed) and the worker is inside the SMTP conversation.
        wait_for(lambda: Reminder.objects.exists() and smtp.connections, what="a delivery in progress")
        stuck.kill()
    finally:
        smtp.close()
    reminder = Reminder.objects.get()
    assert reminder.delivered_at is None  # the killed delivery rolled back: not lost

    outbox = tmp_path / "outbox"
    workers(broker, f"filemail:///{outbox}")
    scan()
    wait_for(lambda: Reminder.objects.filter(delivered_at__isnull=False).exists(), what="the redelivery")
    scan()
    time.sleep(3)
    assert Reminder.objects.count() == 1
    assert len(sent_messages(outbox)) == 1
