from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from proposals.roles import sync_role_groups

    sync_role_groups()


class ProposalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "proposals"
    verbose_name = _("建议交办")

    def ready(self):
        # After every migrate (all apps' permissions exist by then), so the role groups
        # always carry exactly the permissions proposals.roles declares.
        post_migrate.connect(_sync_roles, dispatch_uid="proposals.sync_roles")
