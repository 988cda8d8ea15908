"""The demo data set and its loader (`manage.py load_demo`).

The data set starts from the canonical reply letter 厦湖府办函〔2025〕103号 (proposal No. 0119 of
市十六届人大五次会议, see shared/examples/reply-0119.txt) and adds a handful of clearly fictional
proposals (titles start with 【演示】) dated relative to today, so that deadlines, reminders and
ratings are live whenever the demo is loaded.

Everything that has a workflow state goes through the service functions with the demo users as
actors: the statuses are the ones the real workflow produces. Records are looked up by their
natural keys and created only when missing, so a second run changes nothing; a record that
exists is never touched (a demo user keeps a password changed later, a proposal keeps whatever
happened to it since). The letter texts are module constants so that the letter importer can
reuse them as its reference output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from industry.models import (
    Indicator,
    Observation,
    Park,
    ParkStatus,
    Project,
    ProjectKind,
    ProjectStatus,
    Sector,
    Target,
)
from proposals.models import CongressSession, ContactKind, Deputy, HandlingUnit, Proposal, UnitKind
from proposals.roles import Role, group_name
from proposals.services import (
    assignment_extension_decide,
    assignment_extension_request,
    assignment_sign,
    contact_record,
    proposal_assign,
    proposal_order_rehandling,
    proposal_register,
)
from responses.models import Commitment, CommitmentStatus, Disclosure, Rating, ReplyCategory
from responses.services import commitment_update, feedback_record, progress_update_add, reply_record

DEMO_PASSWORD = "demo"

# --------------------------------------------------------------------------------------------
# The session, the units, the deputies
# --------------------------------------------------------------------------------------------

SESSION_NAME = "市十六届人大五次会议"
SESSION = {
    "body": "厦门市人民代表大会",
    "term": 16,
    "sitting": 5,
    # Assumed dates: the letter does not print them; the session sat in January 2025.
    "opened_on": date(2025, 1, 8),
    "closed_on": date(2025, 1, 11),
}

HULI = "湖里区人民政府"
OTHER_UNIT = "厦门市工业和信息化局"
CONGRESS_OFFICE = "厦门市人大常委会代表工作室"
SUPERVISION_OFFICE = "厦门市人民政府督查室"
SCIENCE_BUREAU = "厦门市科学技术局"
PLANNING_BUREAU = "厦门市自然资源和规划局"

UNITS = (
    {"name": HULI, "short_name": "湖里区政府", "kind": UnitKind.GOVERNMENT},
    {"name": OTHER_UNIT, "short_name": "市工信局", "kind": UnitKind.DEPARTMENT},
    {"name": CONGRESS_OFFICE, "short_name": "市人大代表工作室", "kind": UnitKind.CONGRESS_OFFICE},
    {"name": SUPERVISION_OFFICE, "short_name": "市政府督查室", "kind": UnitKind.SUPERVISION_OFFICE},
    {"name": SCIENCE_BUREAU, "short_name": "市科技局", "kind": UnitKind.DEPARTMENT},
    {"name": PLANNING_BUREAU, "short_name": "市资源规划局", "kind": UnitKind.DEPARTMENT},
)

# 钟庆达 is the deputy the 0119 letter answers; the other three are fictional.
ZHONG = ("钟庆达", "湖里区代表团")
CHEN = ("陈志远", "集美区代表团")
LIN = ("林晓梅", "思明区代表团")
HUANG = ("黄雅琴", "海沧区代表团")
DEPUTIES = (ZHONG, CHEN, LIN, HUANG)

# Created only when missing (a later password change survives a re-run). Staff users get the
# admin; `units` are the handling units they work for, `deputy` the Deputy their login is.
USERS = (
    {
        "username": "office",
        "first_name": "代表工作室（演示）",
        "role": Role.OFFICE,
        "superuser": True,
        "units": (CONGRESS_OFFICE,),
    },
    {"username": "supervisor", "first_name": "督查室（演示）", "role": Role.SUPERVISOR, "units": (SUPERVISION_OFFICE,)},
    {"username": "unit_huli", "first_name": "湖里区政府经办人（演示）", "role": Role.UNIT, "units": (HULI,)},
    {"username": "unit_other", "first_name": "市工信局经办人（演示）", "role": Role.UNIT, "units": (OTHER_UNIT,)},
    {"username": "deputy_zhong", "first_name": "钟庆达", "role": Role.DEPUTY, "deputy": ZHONG},
    {"username": "deputy_other", "first_name": "陈志远", "role": Role.DEPUTY, "deputy": CHEN},
)

# --------------------------------------------------------------------------------------------
# The canonical letter: 厦湖府办函〔2025〕103号, answering proposal No. 0119
#
# Faithful to the published text, with the PDF extraction undone: no ** bold markers,
# paragraphs broken across lines rejoined ("创新能力16条", "提出3条"), no spaces between
# Chinese text and numbers ("254家"), the stray space in "市十六届 人大" removed. Paragraphs
# of a section are separated by a blank line. The original's typo "改造成成为" is kept.
# --------------------------------------------------------------------------------------------

NUMBER_0119 = "0119"
TITLE_0119 = "关于湖里区工业产业结构优化的建议"
DOCUMENT_NUMBER_0119 = "厦湖府办函〔2025〕103号"

BACKGROUND_0119 = (
    (
        "湖里区是厦门经济特区发祥地，以工业立区，40多年发展奠定了良好的工业基础。2024年，湖里区同时入选全国工业百强区、"
        "全国创新百强区，以占全市不到10%的规上工业企业数量和不足5%的工业用地面积，贡献了全市13%以上的规上工业增加值。"
    ),
    (
        "本建议对湖里区工业发展现状进行梳理，分析湖里区工业发展存在的不足和问题，同时立足我区产业发展实际，"
        "围绕合理优化产业结构、大力加强科技创新、创新土地要素配置等方面提出3条具体建议，所提建议分析深入、细致，"
        "具有高度可行性，对于下一步推动湖里区工业结构优化提供了很好的参考和借鉴意义。"
    ),
)
MEASURES_0119 = (
    {
        "point": "关于合理优化产业结构的建议",
        "text": (
            "一是持续培育壮大优势产业，湖里区聚焦电子信息、机械装备2个工业主导产业，工业产业能级不断提升，"
            "高技术增加值占规上工业增加值比重达68%，位居全市第一；辖区现有规上工业企业254家，产值规模约1200亿元，"
            "以占全市不到10%的规上工业企业数量和不足5%的工业用地面积，贡献了全市约13%的规上工业增加值。"
            "二是不断完善中小企业梯度培育体系，湖里区着力健全完善“创新型中小企业-市级专精特新企业-国家级专精特新‘小巨人"
            "’”和“科技型中小企业-市级高新技术企业-国家高新技术企业”梯度培育体系，已培育创新型中小企业209家、"
            "市级及以上专精特新企业217家、国家级专精特新“小巨人”企业17家、国家级制造业单项冠军企业4家。"
            "三是精益求精提高企业服务质量。坚持以企业为本、以服务为先，正式启用新企业服务中心，设立出海、订单（场景）、"
            "融资（首贷续贷）等10个要素服务中心和专精特新、台企等3个特色服务专区，创新提出“前台+中台+后台”等服务企业做"
            "法，有效打通了服务企业“最后一百米”。"
        ),
    },
    {
        "point": "关于大力加强科技创新引导、扶持有条件的企业和高校建设一批高能级创新平台的建议",
        "text": (
            "一是强化政策引导。编制并实施科创产业发展三年行动纲要，出台支持企业培育研发创新能力16条、"
            "制造业和软件业倍增13条、促进集成电路产业发展14条等系列政策措施，引导企业创新发展。"
            "每年兑现专项支持科技创新和产业发展政策资金约1.5亿元，惠及近千家次企业。二是强化项目带动。"
            "支持新一代信息技术、新能源、新材料、智能制造等领域58个科技研制及产业化项目，配套支持金龙旅行车、"
            "科技谷等5个国家、省级研发项目，拉动企业研发投入4亿元。三是强化氛围营造。开设《解码湖里高“研”值》专栏，"
            "宣传推介艾恩姆、知本家、核顺新能源等10余家科技型企业“独门绝技”，举办“中国创新创业厦门赛区大赛”“白鹭杯”海峡"
            "工业设计大奖赛、人民网内容科技创业大赛等活动，营造创新湖里氛围。在区企业服务中心开设科创服务专区，"
            "强化科创服务能力，设立应用场景创新服务中心，支持新产品、新技术应用推广。"
        ),
    },
    {
        "point": "关于创新土地要素配置的建议",
        "text": (
            "湖里区持续深入贯彻“岛内大提升”决策部署，主动探讨、提前谋划、系统解决制约产业发展的瓶颈问题，"
            "盘活利用存量土地，提高土地资源配置效率。一是着力提升存量园区，两岸集成电路产业园获评国家“芯火”双创基地、"
            "国家级科技企业孵化器、国家小型微型企业创业创新示范基地、国家级中小企业特色产业集群；"
            "智慧交通产业园已引进圣元绿能等10家优质企业落地。二是聚焦建设新的产业园区，按照“挂牌即招商、拿地即开工、"
            "竣工即开园”模式，加快推进金砖数字工业智谷一期建设，以“工业上楼”思路加快建设湖里新质智造产业园，"
            "加快推进金砖数字工业智谷二期、忠仑科创园等产业园区规划建设，加快金砖数字街区规划编制、报批、实施工作。"
            "三是加快低效工业用地再开发，在全市率先启动全区低效工业用地再开发工作，于2024年8月份正式印发实施《湖里区低"
            "效工业用地再开发工作方案》，飞利浦厂房用地、荣佳地块、原民兴工业厂房用地等一大批试点项目取得实质性进展，"
            "成功盘活改造成成为湖里新质智造产业园、厦门湖里AI智慧科技产业园、同致电子科技智能汽车电子工厂等项目。"
        ),
    },
)
PLAN_0119 = (
    {
        "heading": "（一）稳存育新，激活产业发展新动能",
        "intro": "",
        "items": (
            (
                "做强做优重点产业。电子信息制造业方面，聚焦发展新型显示、计算机和通信设备制造、"
                "集成电路设计等3大细分领域。机械装备产业方面，聚焦航空维修、输配电设备2大细分领域。"
                "力争到2027年电子信息产业产值总量达到780亿元、机械装备产业产值总量达到340亿元。"
            ),
            (
                "发展战略性新兴产业。培育发展基于新一代信息技术的智能硬件、智慧医疗器械、工控精密设备、"
                "网络与通信设备等适合“工业上楼”高端制造，以及“研发+总部+委外制造”业态和检验检测、"
                "研发设计等生产性服务业。"
            ),
            "前瞻布局未来产业。前瞻布局人工智能、生命科学、深海空天技术等未来产业，积极探索未来产业发展新赛道。",
        ),
    },
    {
        "heading": "（二）靶向发力，强化产学研深度融合",
        "intro": "",
        "items": (
            (
                "促进产学研协同攻关。支持龙头企业、行业领军企业与高校、院所共建联合创新中心、联合实验室等创新联合体，"
                "探索更加灵活的研发合作机制，聚焦关键核心技术和产业链薄弱环节，共同凝练科技问题、"
                "联合开展科研攻关助力企业构建产业技术竞争优势。"
            ),
            (
                "推动科技成果转移转化。支持企业与高校、科研院所、新型研发机构开展产学研深度合作，加强订单式的定向研发、"
                "定向转化、定向服务，实现科技成果加速转化。"
            ),
            (
                "加强高能级创新资源导入。深化与清华海峡院、嘉庚实验室、华中科大国创中心、"
                "东方聚智科创中心等创新平台合作，推动更多实验室成果在湖里转化落地。"
            ),
        ),
    },
    {
        "heading": "（三）拓展空间，构筑新型工业化新格局",
        "intro": "紧跟“工业回归都市”趋势，着力破解岛内空间资源紧张、大型生产制造难以落地、工业企业外迁的瓶颈问题。",
        "items": (
            (
                "加快再开发低效工业用地空间，落实《厦门市工业用地提容增效行动方案》及《湖里区低效工业用地再开发工作方案"
                "》，从土地年限延期、鼓励空间扩容、提升混合功能利用、允许物业分割转让到资金支持，加快推进金鹭特种合金、"
                "北方工业等试点项目。"
            ),
            (
                "建设新的2.5产业空间，以园区标准化建设为抓手，加快建设金砖数字工业智谷等一批兼具办公、"
                "研发和高端制造的2.5产业空间，重点吸引轻型、环保、低能耗、高附加值的工业企业。"
                "在新建园区建筑产品设计中，结合“工业上楼”的核心痛点（层高、承重、隔振、吊装、物流）及企业发展诉求，"
                "按照“433”业态配比，即配置40%研发中试用房、30%中试厂房及挑高实验室（5.4-6米及以上）实验室、"
                "30%加荷载（5KN/m²）实验室，形成“研发、生产、办公”的全链条综合运营的立体产业空间。"
            ),
        ),
    },
)

ORDINALS = "一二三四五六七八九十"


def _section_two(measures) -> str:
    """Section 二 as printed: one paragraph per measure, "（一）<point>。<text>"."""
    return "\n\n".join(f"（{ORDINALS[i]}）{m['point']}。{m['text']}" for i, m in enumerate(measures))


def _section_three(plan) -> str:
    """Section 三 as printed: each group's heading, then its intro and "一是…二是…" items in one paragraph."""
    return "\n\n".join(
        group["heading"]
        + "\n\n"
        + group["intro"]
        + "".join(f"{ORDINALS[i]}是{item}" for i, item in enumerate(group["items"]))
        for group in plan
    )


# One commitment per "一是/二是/三是" item of section 三; the letter dates only the first.
COMMITMENTS_0119 = tuple(
    {"text": item, "target_year": 2027 if "2027年" in item else None} for group in PLAN_0119 for item in group["items"]
)

# reply_record's keyword arguments (the category by its code); the importer's expected output.
REPLY_0119 = {
    "document_number": DOCUMENT_NUMBER_0119,
    "category": "A",
    "issued_on": date(2025, 5, 7),
    "title": "湖里区人民政府办公室关于市十六届人大五次会议第0119号建议办理情况答复的函",
    "addressee": "钟庆达代表",
    "issuer": "厦门市湖里区人民政府办公室",
    "signer": "胡振强",
    "contact_person": "郑呈垚",
    "contact_phone": "2878080",
    "disclosure": Disclosure.PUBLIC,
    "cc": ["市人大常委会代表工作室", "市政府督查室"],
    "opening": f"您提出的《{TITLE_0119}》（第0119号）收悉。现答复如下：",
    "closing": "感谢您对我们工作的关心和支持，敬请继续提出宝贵意见。",
    "sections": [
        {"heading": "一、办理工作背景", "text": "\n\n".join(BACKGROUND_0119)},
        {"heading": "二、措施与成效", "text": _section_two(MEASURES_0119)},
        {"heading": "三、今后推动计划", "text": _section_three(PLAN_0119)},
    ],
    "measures": [dict(m) for m in MEASURES_0119],
    "commitments": [dict(c) for c in COMMITMENTS_0119],
}

# --------------------------------------------------------------------------------------------
# Industry: what the letter names and reports, and nothing it does not print
# --------------------------------------------------------------------------------------------

REGION = "湖里区"
SECTORS = {
    "电子信息": ("新型显示", "计算机和通信设备制造", "集成电路设计"),
    "机械装备": ("航空维修", "输配电设备"),
}

# (name, unit, sector, description)
INDICATORS = (
    ("电子信息产业产值", "亿元", "电子信息", ""),
    ("机械装备产业产值", "亿元", "机械装备", ""),
    ("规上工业企业数量", "家", None, ""),
    ("规上工业产值", "亿元", None, "答复函表述为“产值规模约1200亿元”。"),
    ("高技术增加值占规上工业增加值比重", "%", None, ""),
    ("创新型中小企业", "家", None, "累计培育数量。"),
    ("市级及以上专精特新企业", "家", None, "累计培育数量。"),
    ("国家级专精特新“小巨人”企业", "家", None, "累计培育数量。"),
    ("国家级制造业单项冠军企业", "家", None, "累计培育数量。"),
)

# The 2024 figures as section 二 of the letter reports them.
OBSERVATIONS_2024 = (
    ("规上工业企业数量", Decimal("254")),
    ("规上工业产值", Decimal("1200")),
    ("高技术增加值占规上工业增加值比重", Decimal("68")),
    ("创新型中小企业", Decimal("209")),
    ("市级及以上专精特新企业", Decimal("217")),
    ("国家级专精特新“小巨人”企业", Decimal("17")),
    ("国家级制造业单项冠军企业", Decimal("4")),
)
OBSERVATION_PERIOD = "2024"

# The letter does not print the two sectors' output, which the 2027 targets are measured against.
# So that the target charts have a line to draw, the demo adds made-up values, labelled as such.
DEMO_SOURCE = "演示数据（虚构，并非统计数据）"
DEMO_SECTOR_OBSERVATIONS = (
    ("电子信息产业产值", "2023", Decimal("560")),
    ("电子信息产业产值", "2024", Decimal("612")),
    ("电子信息产业产值", "2025", Decimal("668")),
    ("机械装备产业产值", "2023", Decimal("248")),
    ("机械装备产业产值", "2024", Decimal("265")),
    ("机械装备产业产值", "2025", Decimal("291")),
)

# (indicator, value, year, wording), all promised by the 0119 commitment that says TARGETS_PROMISED_BY.
TARGETS_PROMISED_BY = "力争到2027年"
TARGETS_2027 = (
    ("电子信息产业产值", Decimal("780"), 2027, "力争到2027年电子信息产业产值总量达到780亿元"),
    ("机械装备产业产值", Decimal("340"), 2027, "力争到2027年机械装备产业产值总量达到340亿元"),
)

# Statuses as the letter describes them in May 2025.
PARKS = (
    {
        "name": "两岸集成电路产业园",
        "status": ParkStatus.OPERATING,
        "sectors": (("电子信息", "集成电路设计"),),
        "description": "获评国家“芯火”双创基地、国家级科技企业孵化器、国家小型微型企业创业创新示范基地、"
        "国家级中小企业特色产业集群。",
    },
    {
        "name": "智慧交通产业园",
        "status": ParkStatus.OPERATING,
        "sectors": (),
        "description": "已引进圣元绿能等10家优质企业落地。",
    },
    {
        "name": "金砖数字工业智谷",
        "status": ParkStatus.UNDER_CONSTRUCTION,
        "sectors": (),
        "description": "加快推进一期建设；二期加快推进规划建设。兼具办公、研发和高端制造的2.5产业空间。",
    },
    {
        "name": "湖里新质智造产业园",
        "status": ParkStatus.UNDER_CONSTRUCTION,
        "sectors": (),
        "description": "以“工业上楼”思路加快建设；由低效工业用地再开发盘活改造而成。",
    },
    {
        "name": "忠仑科创园",
        "status": ParkStatus.PLANNED,
        "sectors": (),
        "description": "加快推进规划建设。",
    },
)

# (name, status, text the commitment it follows contains, description)
PROJECTS = (
    ("飞利浦厂房用地", ProjectStatus.UNDER_WAY, None, "低效工业用地再开发试点项目，已取得实质性进展。"),
    ("荣佳地块", ProjectStatus.UNDER_WAY, None, "低效工业用地再开发试点项目，已取得实质性进展。"),
    ("原民兴工业厂房用地", ProjectStatus.UNDER_WAY, None, "低效工业用地再开发试点项目，已取得实质性进展。"),
    ("金鹭特种合金", ProjectStatus.PILOT, "金鹭特种合金", "低效工业用地再开发试点项目，加快推进。"),
    ("北方工业", ProjectStatus.PILOT, "北方工业", "低效工业用地再开发试点项目，加快推进。"),
)
PROJECT_SOURCE = "（据厦湖府办函〔2025〕103号，2025年5月）"

# --------------------------------------------------------------------------------------------
# Proposals and what happens to them
# --------------------------------------------------------------------------------------------


@dataclass
class Rated:
    on: date
    attitude: str
    result: str
    comment: str = ""
    by_office: bool = False  # the office enters a paper rating form for a deputy without a login


@dataclass
class Progress:
    commitment: int  # 1-based position in the reply
    on: date
    text: str
    percent: int | None = None


@dataclass
class Fulfilled:
    commitment: int
    on: date
    reason: str = ""


@dataclass
class Scenario:
    """A proposal and the workflow steps it goes through; a step left as None is not taken."""

    number: str
    title: str
    lead: tuple[str, str]
    submitted_on: date
    co_deputies: tuple[tuple[str, str], ...] = ()
    body: str = ""
    topic: str = ""
    is_key: bool = False
    lead_unit: str | None = None
    co_units: tuple[str, ...] = ()
    assigned_on: date | None = None
    signed_on: date | None = None  # every assignment whose unit has a demo user signs
    contact: tuple[date, str, str] | None = None  # (day, ContactKind, notes)
    extension: tuple[date, date, str] | None = None  # (requested on, new due date, reason); approved
    reply: dict | None = None  # reply_record kwargs, category as its code
    progress: list[Progress] = field(default_factory=list)
    fulfilled: list[Fulfilled] = field(default_factory=list)
    rating: Rated | None = None
    rehandling_ordered_on: date | None = None


SCENARIO_0119 = Scenario(
    number=NUMBER_0119,
    title=TITLE_0119,
    lead=ZHONG,
    # Assumed: handed in during the session. The proposal's own text is not published.
    submitted_on=date(2025, 1, 9),
    topic="工业经济",
    lead_unit=HULI,
    # Assumed dates for the steps the letter does not date (交办, 签收, 面商, 评价).
    assigned_on=date(2025, 2, 10),
    signed_on=date(2025, 2, 12),
    contact=(date(2025, 3, 18), ContactKind.FACE_TO_FACE, "就建议办理与钟庆达代表面商。（日期与内容为演示假设）"),
    reply=REPLY_0119,
    rating=Rated(on=date(2025, 5, 20), attitude=Rating.SATISFIED, result=Rating.SATISFIED),
)

DEMO_MARK = "【演示】"
DEMO_BODY = "（演示数据：本建议及其办理过程纯属虚构，仅用于演示系统功能。）\n\n"


def _demo_reply(number: str, unit: str, *, deputy: str, category: str, issued_on: date, **extra) -> dict:
    """A fictional reply letter's fields, marked as demo data."""
    issuer = {HULI: "厦门市湖里区人民政府办公室", OTHER_UNIT: "厦门市工业和信息化局"}[unit]
    prefix = {HULI: "厦湖府办函", OTHER_UNIT: "厦工信函"}[unit]
    fields = {
        "document_number": f"{prefix}〔演示〕{number}号",
        "category": category,
        "issued_on": issued_on,
        "title": f"{issuer}关于{SESSION_NAME}第{number}号建议办理情况答复的函（演示）",
        "addressee": f"{deputy}代表",
        "issuer": issuer,
        "signer": "演示署名",
        "contact_person": "演示联系人",
        "contact_phone": "0592-0000000",
        "cc": ["市人大常委会代表工作室", "市政府督查室"],
        "closing": "感谢您对我们工作的关心和支持，敬请继续提出宝贵意见。（演示数据）",
    }
    fields.update(extra)
    return fields


def demo_scenarios(today: date) -> list[Scenario]:
    """The fictional proposals, one per workflow state, dated relative to `today`."""

    # Office work happens on weekdays: a day that falls on a weekend moves to the Friday before
    # (or, ahead of today, the Monday after). Orders between steps survive the shift.
    def ago(days: int) -> date:
        day = today - timedelta(days=days)
        return day - timedelta(days=max(0, day.weekday() - 4))

    def ahead(days: int) -> date:
        day = today + timedelta(days=days)
        return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() > 4 else 0)

    return [
        # Registered, waiting to be assigned.
        Scenario(
            number="9001",
            title=f"{DEMO_MARK}关于在湖里区增设社区嵌入式托育点的建议",
            lead=HUANG,
            co_deputies=(LIN,),
            submitted_on=ago(6),
            topic="社会事业",
            body=DEMO_BODY + "建议在新建和改造小区配建嵌入式托育点，缓解双职工家庭的托育压力。",
        ),
        # Assigned about three months ago and still not signed for: the reply falls due soon.
        Scenario(
            number="9002",
            title=f"{DEMO_MARK}关于加快老旧工业厂房消防改造的建议",
            lead=LIN,
            co_deputies=(ZHONG,),
            submitted_on=ago(85),
            topic="安全生产",
            body=DEMO_BODY + "建议对岛内老旧工业厂房开展消防安全排查，分批推进消防设施改造。",
            lead_unit=HULI,
            co_units=(SCIENCE_BUREAU,),
            assigned_on=ago(78),
        ),
        # Signed and talked over, but the three months have passed without a reply: overdue.
        Scenario(
            number="9003",
            title=f"{DEMO_MARK}关于支持中小制造企业数字化转型的建议",
            lead=LIN,
            co_deputies=(HUANG, CHEN),
            submitted_on=ago(140),
            topic="工业经济",
            is_key=True,
            body=DEMO_BODY + "建议设立中小制造企业数字化改造专项补助，推广“小快轻准”数字化解决方案。",
            lead_unit=HULI,
            co_units=(OTHER_UNIT,),
            assigned_on=ago(130),
            signed_on=ago(128),
            contact=(ago(100), ContactKind.PHONE, "电话听取代表对补助范围的意见。（演示数据）"),
        ),
        # Extension asked for and approved by the office: due date moved into the future.
        Scenario(
            number="9004",
            title=f"{DEMO_MARK}关于优化五缘湾片区公交接驳的建议",
            lead=HUANG,
            submitted_on=ago(110),
            topic="城市交通",
            body=DEMO_BODY + "建议增开五缘湾片区至地铁站的接驳公交，优化早晚高峰班次。",
            lead_unit=HULI,
            assigned_on=ago(100),
            signed_on=ago(99),
            contact=(ago(80), ContactKind.SITE_VISIT, "陪同代表实地查看公交站点。（演示数据）"),
            extension=(ago(20), ahead(45), "涉及公交线网调整，需与市交通运输部门会商，申请延期答复。（演示数据）"),
        ),
        # Replied B with commitments: progress reported, one fulfilled; the deputy has yet to rate.
        Scenario(
            number="9005",
            title=f"{DEMO_MARK}关于完善产业园区配套服务的建议",
            lead=ZHONG,
            co_deputies=(LIN,),
            submitted_on=ago(100),
            topic="工业经济",
            body=DEMO_BODY + "建议在产业园区完善食堂、人才公寓和通勤班车等配套服务。",
            lead_unit=HULI,
            co_units=(OTHER_UNIT,),
            assigned_on=ago(95),
            signed_on=ago(94),
            contact=(ago(60), ContactKind.FACE_TO_FACE, "与代表面商配套服务的优先次序。（演示数据）"),
            reply=_demo_reply(
                "9005",
                HULI,
                deputy=ZHONG[0],
                category="B",
                issued_on=ago(12),
                opening=f"您提出的《{DEMO_MARK}关于完善产业园区配套服务的建议》（第9005号）收悉。现答复如下：",
                sections=[
                    {"heading": "一、办理情况", "text": "已会同市工信局梳理园区配套需求。（演示数据）"},
                    {"heading": "二、下一步工作", "text": "分步推进园区食堂、人才公寓和通勤班车建设。（演示数据）"},
                ],
                measures=[{"point": "关于园区配套服务的建议", "text": "完成园区配套需求调查。（演示数据）"}],
                commitments=[
                    {"text": "在园区开设职工食堂。（演示数据）", "due_on": ahead(21)},
                    {"text": "建成园区人才公寓一期。（演示数据）", "target_year": today.year + 1},
                    {
                        "text": "开通园区通勤班车。（演示数据）",
                        "due_on": ahead(30),
                        "responsible_unit": OTHER_UNIT,
                    },
                ],
            ),
            progress=[
                Progress(1, ago(8), "食堂选址已确定，正在办理装修审批。（演示数据）", 30),
                Progress(1, ago(2), "食堂装修已开工。（演示数据）", 50),
                Progress(3, ago(5), "通勤班车线路已试运行。（演示数据）", 90),
            ],
            fulfilled=[Fulfilled(3, ago(1), "通勤班车已正式开通。（演示数据）")],
        ),
        # Another deputy's proposal, handled by the 工信局 alone: replied C, not public, rated, closed.
        Scenario(
            number="9006",
            title=f"{DEMO_MARK}关于支持软件和信息服务企业引进人才的建议",
            lead=CHEN,
            submitted_on=ago(125),
            topic="人才政策",
            body=DEMO_BODY + "建议为软件和信息服务企业引进的骨干人才提供租房补贴。",
            lead_unit=OTHER_UNIT,
            assigned_on=ago(120),
            signed_on=ago(118),
            contact=(ago(100), ContactKind.PHONE, "电话说明现行人才政策。（演示数据）"),
            reply=_demo_reply(
                "9006",
                OTHER_UNIT,
                deputy=CHEN[0],
                category="C",
                issued_on=ago(40),
                disclosure=Disclosure.ON_REQUEST,
                opening=f"您提出的《{DEMO_MARK}关于支持软件和信息服务企业引进人才的建议》（第9006号）收悉。现答复如下：",
                sections=[
                    {"heading": "一、办理情况", "text": "现行人才政策已覆盖相关企业，暂不另设补贴。（演示数据）"},
                ],
                measures=[{"point": "关于人才租房补贴的建议", "text": "已向代表说明现行政策。（演示数据）"}],
            ),
            rating=Rated(
                on=ago(30), attitude=Rating.SATISFIED, result=Rating.BASICALLY_SATISFIED, comment="（演示数据）"
            ),
        ),
        # Replied, rated 不满意 (paper form entered by the office), sent back for re-handling.
        Scenario(
            number="9007",
            title=f"{DEMO_MARK}关于加快低效工业用地再开发项目审批的建议",
            lead=LIN,
            co_deputies=(ZHONG,),
            submitted_on=ago(130),
            topic="土地利用",
            body=DEMO_BODY + "建议简化低效工业用地再开发项目的审批流程，压缩审批时限。",
            lead_unit=HULI,
            co_units=(OTHER_UNIT,),
            assigned_on=ago(125),
            signed_on=ago(124),
            contact=(ago(100), ContactKind.MEETING, "召开座谈会听取代表和企业意见。（演示数据）"),
            reply=_demo_reply(
                "9007",
                HULI,
                deputy=LIN[0],
                category="C",
                issued_on=ago(40),
                opening=f"您提出的《{DEMO_MARK}关于加快低效工业用地再开发项目审批的建议》（第9007号）收悉。现答复如下：",
                sections=[
                    {"heading": "一、办理情况", "text": "审批流程由上级规定，暂无法简化。（演示数据）"},
                ],
            ),
            rating=Rated(
                on=ago(30),
                attitude=Rating.SATISFIED,
                result=Rating.UNSATISFIED,
                comment="答复未提出具体改进措施。（演示数据）",
                by_office=True,
            ),
            rehandling_ordered_on=ago(27),
        ),
    ]


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


class DemoRefusedError(RuntimeError):
    """The demo data (users with the password "demo") must never be loaded outside DEBUG."""


REFUSAL = (
    "演示数据含有公开的演示密码，只能在开发环境（DEBUG=True）中加载，生产环境禁止使用。"
    " / Refusing to load demo data: it creates users whose password is 'demo'; run it only with DEBUG=True."
)


@dataclass
class Summary:
    """What a load created and what was already there, per kind of record."""

    counts: dict[str, list[int]] = field(default_factory=dict)

    def note(self, label: str, created: bool) -> None:
        self.counts.setdefault(label, [0, 0])[0 if created else 1] += 1

    def created(self, label: str) -> int:
        return self.counts.get(label, [0, 0])[0]

    def lines(self) -> list[str]:
        return [
            f"{label}：新建 {new}，已有 {old} / created {new}, already there {old}"
            for label, (new, old) in self.counts.items()
        ]


def load(*, today: date | None = None) -> Summary:
    """Create whatever part of the demo data set is missing, in one transaction; never change what exists."""
    if not settings.DEBUG:
        raise DemoRefusedError(REFUSAL)
    today = today or timezone.localdate()
    summary = Summary()
    with transaction.atomic():
        loader = _Loader(summary)
        loader.session()
        loader.units()
        loader.deputies()
        loader.users()
        loader.proposals([SCENARIO_0119, *demo_scenarios(today)])
        loader.industry()
    return summary


class _Loader:
    def __init__(self, summary: Summary):
        self.summary = summary
        self.unit_by_name: dict[str, HandlingUnit] = {}
        self.deputy_by_key: dict[tuple[str, str], Deputy] = {}
        self.user_by_name: dict = {}

    def session(self) -> None:
        self.session_obj, created = CongressSession.objects.get_or_create(name=SESSION_NAME, defaults=SESSION)
        self.summary.note("会议 sessions", created)

    def units(self) -> None:
        for spec in UNITS:
            unit, created = HandlingUnit.objects.get_or_create(name=spec["name"], defaults=spec)
            self.unit_by_name[unit.name] = unit
            self.summary.note("单位 units", created)

    def deputies(self) -> None:
        for name, delegation in DEPUTIES:
            deputy = Deputy.objects.filter(name=name, delegation=delegation).order_by("id").first()
            created = deputy is None
            if created:
                deputy = Deputy.objects.create(name=name, delegation=delegation)
            self.deputy_by_key[(name, delegation)] = deputy
            self.summary.note("代表 deputies", created)

    def users(self) -> None:
        User = get_user_model()
        for spec in USERS:
            user = User.objects.filter(username=spec["username"]).first()
            created = user is None
            if created:
                user = User.objects.create_user(
                    username=spec["username"],
                    password=DEMO_PASSWORD,
                    first_name=spec["first_name"],
                    is_staff=spec["role"] != Role.DEPUTY,
                    is_superuser=spec.get("superuser", False),
                )
                user.groups.add(Group.objects.get(name=group_name(spec["role"])))
                for unit_name in spec.get("units", ()):
                    self.unit_by_name[unit_name].staff.add(user)
            if "deputy" in spec:
                deputy = self.deputy_by_key[spec["deputy"]]
                if deputy.user_id is None and not Deputy.objects.filter(user=user).exists():
                    deputy.user = user
                    deputy.save(update_fields=["user", "updated_at"])
            self.user_by_name[spec["username"]] = user
            self.summary.note("账号 users", created)

    def actor_for(self, unit: HandlingUnit):
        """The demo user who works for `unit`, or None (then nobody signs for it)."""
        return next((u for u in self.user_by_name.values() if u.handling_units.filter(pk=unit.pk).exists()), None)

    def proposals(self, scenarios: list[Scenario]) -> None:
        for scenario in scenarios:
            exists = Proposal.objects.filter(session=self.session_obj, number=scenario.number).exists()
            if not exists:
                self.play(scenario)
            self.summary.note("建议 proposals", not exists)

    def play(self, s: Scenario) -> None:
        """Drive one proposal through the workflow services, step by step."""
        office = self.user_by_name["office"]
        proposal = proposal_register(
            actor=office,
            session=self.session_obj,
            number=s.number,
            title=s.title,
            lead_deputy=self.deputy_by_key[s.lead],
            co_deputies=[self.deputy_by_key[d] for d in s.co_deputies],
            submitted_on=s.submitted_on,
            body=s.body,
            topic=s.topic,
            is_key=s.is_key,
        )
        if s.assigned_on is None:
            return
        lead_unit = self.unit_by_name[s.lead_unit]
        assignments = proposal_assign(
            proposal=proposal,
            actor=office,
            lead_unit=lead_unit,
            co_units=[self.unit_by_name[name] for name in s.co_units],
            assigned_on=s.assigned_on,
        )
        lead, unit_actor = assignments[0], self.actor_for(lead_unit)
        if s.signed_on:
            for assignment in assignments:
                actor = self.actor_for(assignment.unit)
                if actor is not None:
                    assignment_sign(assignment=assignment, actor=actor, signed_on=s.signed_on)
        if s.contact:
            day, kind, notes = s.contact
            contact_record(
                assignment=lead,
                actor=unit_actor,
                contacted_on=day,
                kind=kind,
                participants=f"{s.lead[0]}代表、{lead_unit.name}承办人员",
                notes=notes,
            )
        if s.extension:
            requested_on, due_on, reason = s.extension
            assignment_extension_request(
                assignment=lead, actor=unit_actor, reason=reason, due_on=due_on, requested_on=requested_on
            )
            assignment_extension_decide(assignment=lead, actor=office, approve=True)
        if s.reply is None:
            return
        fields = dict(s.reply)
        fields["category"] = ReplyCategory.objects.get(code=fields["category"])
        fields["commitments"] = [
            {**c, "responsible_unit": self.unit_by_name[c["responsible_unit"]]} if "responsible_unit" in c else c
            for c in fields.get("commitments", ())
        ]
        proposal.refresh_from_db()
        reply = reply_record(proposal=proposal, actor=unit_actor, **fields)
        commitments = list(reply.commitments.order_by("position"))
        for p in s.progress:
            commitment = commitments[p.commitment - 1]
            progress_update_add(
                commitment=commitment,
                actor=self.actor_for(commitment.responsible_unit) or office,
                text=p.text,
                reported_on=p.on,
                percent=p.percent,
            )
        for f in s.fulfilled:
            commitment_update(
                commitment=commitments[f.commitment - 1],
                actor=self.user_by_name["supervisor"],
                status=CommitmentStatus.FULFILLED,
                reason=f.reason,
                on=f.on,
            )
        if s.rating:
            deputy_user = self.deputy_by_key[s.lead].user
            feedback_record(
                reply=reply,
                actor=office if s.rating.by_office or deputy_user is None else deputy_user,
                attitude=s.rating.attitude,
                result=s.rating.result,
                rated_on=s.rating.on,
                comment=s.rating.comment,
            )
        if s.rehandling_ordered_on:
            proposal_order_rehandling(proposal=proposal, actor=office, ordered_on=s.rehandling_ordered_on)

    def industry(self) -> None:
        sectors: dict[tuple[str, ...], Sector] = {}
        for root_name, children in SECTORS.items():
            root, created = Sector.objects.get_or_create(name=root_name, parent=None)
            sectors[(root_name,)] = root
            self.summary.note("产业 sectors", created)
            for child_name in children:
                child, created = Sector.objects.get_or_create(name=child_name, parent=root)
                sectors[(root_name, child_name)] = child
                self.summary.note("产业 sectors", created)

        indicators = {}
        for name, unit, sector, description in INDICATORS:
            indicator, created = Indicator.objects.get_or_create(
                region=REGION,
                name=name,
                defaults={
                    "unit": unit,
                    "sector": sectors[(sector,)] if sector else None,
                    "description": description,
                },
            )
            indicators[name] = indicator
            self.summary.note("指标 indicators", created)

        for name, value in OBSERVATIONS_2024:
            _, created = Observation.objects.get_or_create(
                indicator=indicators[name],
                period=OBSERVATION_PERIOD,
                defaults={"value": value, "source": DOCUMENT_NUMBER_0119},
            )
            self.summary.note("指标数据 observations", created)
        for name, period, value in DEMO_SECTOR_OBSERVATIONS:
            _, created = Observation.objects.get_or_create(
                indicator=indicators[name], period=period, defaults={"value": value, "source": DEMO_SOURCE}
            )
            self.summary.note("指标数据 observations", created)

        for name, value, year, wording in TARGETS_2027:
            commitment = _commitment_0119_containing(TARGETS_PROMISED_BY)
            _, created = Target.objects.get_or_create(
                indicator=indicators[name],
                year=year,
                commitment=commitment,
                defaults={"value": value, "wording": wording},
            )
            self.summary.note("目标 targets", created)

        for spec in PARKS:
            park, created = Park.objects.get_or_create(
                name=spec["name"],
                defaults={
                    "region": REGION,
                    "status": spec["status"],
                    "description": spec["description"] + PROJECT_SOURCE,
                },
            )
            if created and spec["sectors"]:
                park.sectors.set([sectors[key] for key in spec["sectors"]])
            self.summary.note("园区 parks", created)

        for name, status, commitment_text, description in PROJECTS:
            _, created = Project.objects.get_or_create(
                name=name,
                defaults={
                    "kind": ProjectKind.REDEVELOPMENT,
                    "status": status,
                    "region": REGION,
                    "commitment": _commitment_0119_containing(commitment_text) if commitment_text else None,
                    "description": description + PROJECT_SOURCE,
                },
            )
            self.summary.note("项目 projects", created)


def _commitment_0119_containing(text: str) -> Commitment | None:
    """The commitment of the 0119 reply whose text contains `text` (None if that reply is not there)."""
    return (
        Commitment.objects.filter(reply__document_number=DOCUMENT_NUMBER_0119, text__contains=text)
        .order_by("position")
        .first()
    )
