"""`manage.py load_demo`: load the demo data set (development only; safe to run again)."""

from django.core.management.base import BaseCommand, CommandError

from proposals import demo
from proposals.errors import WorkflowError


class Command(BaseCommand):
    help = (
        "加载演示数据：第0119号建议答复函及若干【演示】建议，演示账号密码均为 demo（仅限 DEBUG）。"
        " / Load the demo data set; demo users' password is 'demo' (DEBUG only). Safe to run again."
    )

    def handle(self, *args, **options):
        try:
            summary = demo.load()
        except demo.DemoRefusedError as exc:
            raise CommandError(str(exc)) from exc
        except WorkflowError as exc:
            raise CommandError(f"演示数据加载失败，未写入任何数据 / demo data not loaded: {exc}") from exc
        for line in summary.lines():
            self.stdout.write(line)
        if any(new for new, _ in summary.counts.values()):
            self.stdout.write(
                self.style.SUCCESS(f"演示数据已加载 / demo data loaded；演示账号密码 / password: {demo.DEMO_PASSWORD}")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS("演示数据已齐全，未作改动 / demo data already complete, nothing changed")
            )
