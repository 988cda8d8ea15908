"""The admin speaks the browser's language: English labels for English, Chinese (the default) otherwise."""

import pytest
from django.urls import reverse

from proposals.models import ProposalStatus
from proposals.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:proposals_proposal_changelist"


@pytest.fixture
def office_client(client, office):
    ProposalFactory(title="关于改善交通的建议", status=ProposalStatus.REGISTERED)
    ProposalFactory(title="关于增加公园的建议", status=ProposalStatus.REPLIED)
    client.force_login(office)
    return client


def changelist(client, language):
    response = client.get(reverse(CHANGELIST), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_proposal_list_in_english(office_client):
    page = changelist(office_client, "en")
    # The model name, column headers, a filter title and the status labels.
    assert "Select Suggestion to change" in page
    for header in ("Number", "Title", "Lead deputy", "Lead unit", "Status", "Reply due"):
        assert f">{header}</a>" in page, header
    assert "By Reply due" in page  # DueFilter's title
    assert "Registered" in page
    assert "Replied" in page
    # Data stays as entered.
    assert "关于改善交通的建议" in page
    for chinese in ("领衔代表", "主办单位", "已登记", "已答复", "答复期限"):
        assert chinese not in page, chinese


def test_proposal_list_in_chinese_by_default(office_client):
    for language in ("zh-hans", ""):
        page = changelist(office_client, language)
        assert "选择 建议 来修改" in page
        for chinese in ("编号", "标题", "领衔代表", "主办单位", "状态", "答复期限", "已登记", "已答复"):
            assert chinese in page, chinese
        for english in ("Lead deputy", "Lead unit", "Registered", "Replied", "Select Suggestion"):
            assert english not in page, english


def test_workflow_action_names_and_admin_index_follow_the_language(office_client):
    page = office_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Reply letter" in page
    assert "Handling unit" in page
    page = changelist(office_client, "en")
    assert "Send back for re-handling (deputy unsatisfied)" in page
    page = changelist(office_client, "zh-hans")
    assert "交由重新办理（代表不满意）" in page


ADMIN_PAGES = [
    (app, model, view)
    for app, models in {
        "proposals": [
            "congresssession",
            "deputy",
            "handlingunit",
            "proposal",
            "assignment",
            "contact",
            "deadlinepolicy",
            "calendaryear",
            "calendarday",
            "reminder",
        ],
        "responses": ["replycategory", "reply", "measure", "commitment", "progressupdate", "feedback"],
    }.items()
    for model in models
    for view in ("changelist", "add")
    if not (model == "reminder" and view == "add")
]


@pytest.mark.parametrize(("app", "model", "view"), ADMIN_PAGES)
def test_admin_pages_render_in_english(admin_client, app, model, view):
    ProposalFactory(status=ProposalStatus.REPLIED)
    response = admin_client.get(reverse(f"admin:{app}_{model}_{view}"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
