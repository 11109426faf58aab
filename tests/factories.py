"""factory_boy factories for every model of organisations, rounds and rectification.

Defaults are valid rows that satisfy every database constraint; the dates sit inside one term
so that a round, its feedback and its rectification clocks line up. Factories write rows
directly: tests of the rules go through the services (see tests/flows.py), factories only set
the scene.
"""

import datetime

import factory
from django.contrib.auth import get_user_model

from organisations.models import (
    DeclaredRelative,
    Liaison,
    Office,
    PastPost,
    Profile,
    ReceivingBody,
    RecusalDeclaration,
    Region,
    Target,
)
from rectification.models import (
    Evaluation,
    ProgressAttachment,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
    RectificationPolicy,
)
from rectification.progress import problem_states_refresh
from rounds.coverage import last_inspected_refresh
from rounds.models import (
    Assignment,
    Evidence,
    Feedback,
    Finding,
    FindingCategory,
    FindingTag,
    Lead,
    Round,
    Suggestion,
    Team,
    TeamMembership,
    Term,
)

TERM_START = datetime.date(2022, 1, 1)
TERM_END = datetime.date(2026, 12, 31)
ROUND_START = datetime.date(2024, 3, 1)
ROUND_END = datetime.date(2024, 6, 30)
FEEDBACK_ON = datetime.date(2024, 7, 15)  # a Monday

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN_NAMES = [
    "建国",
    "海燕",
    "志强",
    "秀英",
    "国华",
    "丽娟",
    "卫东",
    "晓明",
    "春梅",
    "文博",
    "红霞",
]
SIX_AREAS = [
    "政治建设",
    "思想建设",
    "组织建设",
    "作风建设",
    "纪律建设",
    "反腐败工作",
    "上轮巡察整改",
]


def person_name(n):
    return f"{SURNAMES[n % len(SURNAMES)]}{GIVEN_NAMES[n % len(GIVEN_NAMES)]}"


# organisations ---------------------------------------------------------------------------


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"R{n:05d}")
    name = factory.Sequence(lambda n: f"青山{n}区")


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    code = factory.Sequence(lambda n: f"OF{n:04d}")
    name = factory.Sequence(lambda n: f"中共某县{n}委巡察工作领导小组办公室")
    level = Office.Level.COUNTY
    parent = None
    region = factory.SubFactory(RegionFactory)

    class Params:
        central = factory.Trait(level=Office.Level.CENTRAL, parent=None)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    office = factory.SubFactory(OfficeFactory)
    code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"城关{n}镇党委")
    category = Target.Category.TOWNSHIP


class ReceivingBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReceivingBody

    office = factory.SubFactory(OfficeFactory)
    name = factory.Sequence(lambda n: f"县纪委监委第{n}审查调查室")
    kind = ReceivingBody.Kind.DISCIPLINE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("xunshi-test")


class ProfileFactory(factory.django.DjangoModelFactory):
    """A person; pass `office=` and a flag to give them a role."""

    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(person_name)
    office = None


class OfficeStaffFactory(ProfileFactory):
    office = factory.SubFactory(OfficeFactory)
    is_office_staff = True
    position = "巡察办干部"


class InspectorFactory(ProfileFactory):
    in_talent_pool = True
    position = "科员"


class PastPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PastPost

    profile = factory.SubFactory(ProfileFactory)
    unit = None
    unit_name = "县财政局"
    position = "副局长"
    started_on = datetime.date(2015, 3, 1)
    ended_on = datetime.date(2019, 8, 31)


class RecusalDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecusalDeclaration

    profile = factory.SubFactory(InspectorFactory)
    signed_on = ROUND_START
    statement = "本人承诺如实申报，如有隐瞒愿承担相应责任。"


class DeclaredRelativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeclaredRelative

    declaration = factory.SubFactory(RecusalDeclarationFactory)
    name = factory.Sequence(person_name)
    relation = DeclaredRelative.Relation.SPOUSE
    workplace = None
    workplace_name = "县人民医院"


class LiaisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Liaison

    target = factory.SubFactory(TargetFactory)
    user = factory.SubFactory(UserFactory)
    appointed_on = ROUND_START


# rounds ----------------------------------------------------------------------------------


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    office = factory.SubFactory(OfficeFactory)
    name = factory.Sequence(lambda n: f"第{n + 1}届县委")
    starts_on = TERM_START
    ends_on = TERM_END


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    term = factory.SubFactory(TermFactory)
    office = factory.SelfAttribute("term.office")
    ordinal = factory.Sequence(lambda n: n + 1)
    kind = Round.Kind.REGULAR
    theme = ""
    planned_start = ROUND_START
    planned_end = ROUND_END

    class Params:
        special = factory.Trait(kind=Round.Kind.SPECIAL, theme="乡村振兴专项巡察")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"第{n + 1}巡察组")


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    role = TeamMembership.Role.MEMBER


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment
        skip_postgeneration_save = True

    round = factory.SubFactory(RoundFactory)
    team = factory.SubFactory(TeamFactory, round=factory.SelfAttribute("..round"))
    target = factory.SubFactory(TargetFactory, office=factory.SelfAttribute("..round.office"))

    @factory.post_generation
    def refresh_last_inspected(assignment, create, extracted, **kwargs):
        """Its target's last inspection, as the services keep it when they assign a team."""
        if create:
            last_inspected_refresh([assignment.target_id])


class FindingCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FindingCategory

    office = factory.SubFactory(OfficeFactory)
    code = factory.Sequence(lambda n: f"C{n:03d}")
    name = factory.Sequence(lambda n: SIX_AREAS[n % len(SIX_AREAS)])
    position = factory.Sequence(lambda n: n)


class FindingTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FindingTag

    office = factory.SubFactory(OfficeFactory)
    code = factory.Sequence(lambda n: f"tag{n}")
    name = factory.Iterator(["形式主义官僚主义", "群众身边腐败", "关键少数"])


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    assignment = factory.SubFactory(AssignmentFactory, phase=Assignment.Phase.FEEDBACK)
    delivered_on = FEEDBACK_ON
    recipients = "镇党委领导班子"
    top_official = factory.Sequence(person_name)
    issued_by = factory.SubFactory(UserFactory)


class FindingFactory(factory.django.DjangoModelFactory):
    """A draft working paper; pass status and the matching signer/acceptor/feedback fields."""

    class Meta:
        model = Finding

    assignment = factory.SubFactory(AssignmentFactory, phase=Assignment.Phase.ON_SITE)
    number = factory.Sequence(lambda n: f"WT-{n:04d}")
    title = "落实全面从严治党主体责任不到位"
    summary = "党委会议研究党风廉政建设工作次数偏少，对下属单位监督检查流于形式。"
    source = Finding.Source.TALK
    category = factory.SubFactory(
        FindingCategoryFactory, office=factory.SelfAttribute("..assignment.round.office")
    )
    prepared_by = factory.SubFactory(UserFactory)
    prepared_on = ROUND_START


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    finding = factory.SubFactory(FindingFactory)
    title = "谈话笔录"
    file = factory.django.FileField(filename="笔录.txt", data="谈话记录：……".encode())
    content_type = "text/plain"
    size = factory.LazyAttribute(lambda o: o.file.size)
    uploaded_by = factory.SubFactory(UserFactory)


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suggestion

    assignment = factory.SubFactory(AssignmentFactory)
    text = "进一步压实管党治党政治责任，健全监督检查长效机制。"
    created_by = factory.SubFactory(UserFactory)


class LeadFactory(factory.django.DjangoModelFactory):
    """A registered lead; pass status with receiving_body and transferred_on to go further."""

    class Meta:
        model = Lead

    assignment = factory.SubFactory(AssignmentFactory, phase=Assignment.Phase.ON_SITE)
    number = factory.Sequence(lambda n: f"XS-{n:04d}")
    subject_name = factory.Sequence(person_name)
    subject_position = "副镇长"
    summary = "反映其在工程项目中违规收受礼金。"
    registered_by = factory.SubFactory(UserFactory)


# rectification ---------------------------------------------------------------------------


class RectificationPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RectificationPolicy

    office = factory.SubFactory(OfficeFactory)


class RectificationPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RectificationPlan

    assignment = factory.SubFactory(AssignmentFactory, phase=Assignment.Phase.RECTIFICATION)
    due_on = datetime.date(2024, 8, 15)
    report_due_on = datetime.date(2024, 9, 15)
    concentrated_until = datetime.date(2024, 10, 15)


class RectificationItemFactory(factory.django.DjangoModelFactory):
    plan = factory.SubFactory(RectificationPlanFactory)
    office = factory.SelfAttribute("plan.assignment.round.office")
    finding = factory.SubFactory(
        FindingFactory, assignment=factory.SelfAttribute("..plan.assignment")
    )
    measure = "修订党委会议事规则，每季度专题研究党风廉政建设。"
    responsible_unit = "镇党政办"
    responsible_person = factory.Sequence(person_name)
    deadline = datetime.date(2024, 10, 15)
    kind = RectificationItem.Kind.IN_PERIOD

    class Meta:
        model = RectificationItem
        skip_postgeneration_save = True

    @factory.post_generation
    def refresh_problem_state(item, create, extracted, **kwargs):
        """Its problem's state, as the services keep it when they change an item."""
        if create:
            problem_states_refresh([item.finding_id])


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport
        skip_postgeneration_save = True

    item = factory.SubFactory(RectificationItemFactory)
    kind = ProgressReport.Kind.PROGRESS
    text = "已召开专题会议，制定整改任务清单。"
    by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def refresh_problem_state(report, create, extracted, **kwargs):
        """A long-term item's problem may be rectified once it is reported on."""
        if create:
            problem_states_refresh([report.item.finding_id])


class ProgressAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressAttachment

    report = factory.SubFactory(ProgressReportFactory)
    file = factory.django.FileField(filename="会议纪要.txt", data="会议纪要".encode())
    name = "会议纪要.txt"
    content_type = "text/plain"
    size = factory.LazyAttribute(lambda o: o.file.size)


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    assignment = factory.SubFactory(AssignmentFactory, phase=Assignment.Phase.EVALUATION)
    party = Evaluation.Party.OFFICE
    score = 85
    grade = Evaluation.Grade.GOOD
    by = factory.SubFactory(UserFactory)
