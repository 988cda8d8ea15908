import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from proposals.models import (
    Assignment,
    AssignmentRole,
    CongressSession,
    Contact,
    Deputy,
    HandlingUnit,
    Proposal,
    UnitKind,
)
from proposals.roles import Role, group_name


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "demo")
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """UserFactory(role=Role.UNIT) puts the user in that role's group (and staff for the admin)."""
        if not create or not extracted:
            return
        self.groups.add(Group.objects.get(name=group_name(extracted)))
        if extracted != Role.DEPUTY and not self.is_staff:
            self.is_staff = True
            self.save(update_fields=["is_staff"])


class CongressSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CongressSession
        django_get_or_create = ("name",)

    body = "厦门市人民代表大会"
    term = 16
    sitting = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"测试市{o.term}届人大{o.sitting}次会议")
    opened_on = datetime.date(2025, 1, 10)
    closed_on = datetime.date(2025, 1, 14)


class HandlingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandlingUnit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = UnitKind.DEPARTMENT


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy

    name = factory.Sequence(lambda n: f"代表{n}")
    delegation = "湖里区代表团"


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    session = factory.SubFactory(CongressSessionFactory)
    number = factory.Sequence(lambda n: f"{n + 1:04d}")
    title = factory.Sequence(lambda n: f"关于测试事项{n}的建议")
    lead_deputy = factory.SubFactory(DeputyFactory)
    submitted_on = datetime.date(2025, 1, 12)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An assignment row written directly; tests of the workflow go through proposal_assign."""

    class Meta:
        model = Assignment

    proposal = factory.SubFactory(ProposalFactory)
    unit = factory.SubFactory(HandlingUnitFactory)
    role = AssignmentRole.LEAD
    assigned_on = datetime.date(2025, 2, 10)
    due_on = datetime.date(2025, 5, 10)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    assignment = factory.SubFactory(AssignmentFactory)
    contacted_on = datetime.date(2025, 3, 1)
    notes = "与代表面商"
