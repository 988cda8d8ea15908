import datetime

import factory

from proposals.tests.factories import DeputyFactory, HandlingUnitFactory, ProposalFactory
from responses.models import Commitment, Feedback, Measure, ProgressUpdate, Rating, Reply, ReplyCategory


def category(code: str = "A") -> ReplyCategory:
    """A seeded reply category (A/B/C come from a data migration)."""
    return ReplyCategory.objects.get(code=code)


class ReplyFactory(factory.django.DjangoModelFactory):
    """A reply row written directly; workflow tests go through reply_record."""

    class Meta:
        model = Reply

    proposal = factory.SubFactory(ProposalFactory)
    unit = factory.SubFactory(HandlingUnitFactory)
    document_number = factory.Sequence(lambda n: f"测府办函〔2025〕{n + 1}号")
    category = factory.LazyFunction(category)
    issued_on = datetime.date(2025, 5, 7)
    signer = "张三"


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    reply = factory.SubFactory(ReplyFactory)
    text = "已采取的措施"


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    reply = factory.SubFactory(ReplyFactory)
    text = factory.Sequence(lambda n: f"承诺事项{n}")
    responsible_unit = factory.SelfAttribute("reply.unit")
    target_year = 2027


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    reported_on = datetime.date(2025, 9, 1)
    text = "按计划推进"


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    reply = factory.SubFactory(ReplyFactory)
    deputy = factory.SubFactory(DeputyFactory)
    attitude = Rating.SATISFIED
    result = Rating.SATISFIED
    rated_on = datetime.date(2025, 5, 20)
