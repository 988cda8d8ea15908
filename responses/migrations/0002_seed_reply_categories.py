from django.db import migrations

CATEGORIES = [
    ("A", "A类", "所提问题已经解决或基本解决，建议被采纳", True, 1),
    ("B", "B类", "所提问题正在解决或已列入计划逐步解决", False, 2),
    ("C", "C类", "所提问题因法律、政策或条件限制暂时无法解决，或留作参考", False, 3),
]


def seed(apps, schema_editor):
    ReplyCategory = apps.get_model("responses", "ReplyCategory")
    for code, name, description, adopted, position in CATEGORIES:
        ReplyCategory.objects.get_or_create(
            code=code,
            defaults={"name": name, "description": description, "counts_as_adopted": adopted, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("responses", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
