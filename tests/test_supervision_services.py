"""指导督导: the rules of recording visits, adding findings and following them up, and what the
database refuses whatever the code does."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import DomainError, NotAllowed, TransitionError
from core.models import StatusChange
from supervision import services
from supervision.models import SupervisionFinding, SupervisionFollowUp, SupervisionVisit
from tests import factories, flows
from tests.supervision_scene import (
    DUE_ON,
    ENDS_ON,
    STARTS_ON,
    add_finding,
    build_scene,
    record_visit,
    report,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "english")]

Status = SupervisionFinding.Status
Kind = SupervisionVisit.Kind


@pytest.fixture
def scene(db):
    return build_scene()


@pytest.fixture
def visit(scene):
    return record_visit(scene)


@pytest.fixture
def finding(scene, visit):
    return add_finding(scene, visit)


def update(scene, visit, **overrides):
    values = {
        "visit": visit,
        "by": scene.staff["province"],
        "kind": visit.kind,
        "starts_on": visit.starts_on,
        "ends_on": visit.ends_on,
        "subject": visit.subject,
        "summary": visit.summary,
        "members": list(visit.members.all()),
    }
    return services.visit_update(**values | overrides)


# Recording a visit ---------------------------------------------------------------------------


def test_the_province_records_a_visit_to_a_city_with_who_went(scene):
    colleague = factories.InspectorFactory(office=scene.offices["province"]).user
    visit = record_visit(scene, members=[scene.staff["province"], colleague])
    assert visit.upper_office == scene.offices["province"]
    assert visit.lower_office == scene.offices["city"]
    assert set(visit.members.all()) == {scene.staff["province"], colleague}
    assert visit.recorded_by == scene.staff["province"]
    assert (visit.starts_on, visit.ends_on) == (STARTS_ON, ENDS_ON)
    assert visit.history.earliest().history_user == scene.staff["province"]


def test_a_visit_may_go_two_levels_down(scene):
    visit = record_visit(scene, lower="county")
    assert visit.lower_office == scene.offices["county"]


@pytest.mark.parametrize(
    ("upper", "lower"),
    [("city", "city"), ("city", "province"), ("city", "other_city"), ("county", "sibling_county")],
)
def test_only_an_office_strictly_below_can_be_visited(scene, upper, lower):
    with pytest.raises(DomainError) as refused:
        record_visit(scene, upper=upper, lower=lower)
    assert refused.value.code == "lower_office"
    assert not SupervisionVisit.objects.exists()


def test_only_staff_of_the_visiting_office_record_a_visit(scene):
    with pytest.raises(NotAllowed):
        record_visit(scene, by=scene.readers["province"])
    with pytest.raises(NotAllowed):
        record_visit(scene, by=scene.staff["city"])
    assert not SupervisionVisit.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"lower_office": None}, "lower_office"),
        ({"kind": "inspection"}, "kind"),
        ({"starts_on": None}, "starts_on"),
        ({"ends_on": STARTS_ON - datetime.timedelta(days=1)}, "ends_on"),
        ({"subject": "  "}, "subject"),
        ({"summary": ""}, "summary"),
        ({"members": []}, "members"),
    ],
)
def test_the_record_of_a_visit_is_checked(scene, overrides, code):
    with pytest.raises(DomainError) as refused:
        record_visit(scene, **overrides)
    assert refused.value.code == code


def test_a_visit_is_recorded_once_it_has_begun(scene):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(DomainError, match="once it has begun"):
        record_visit(scene, starts_on=tomorrow, ends_on=tomorrow)


def test_only_people_of_the_visiting_office_can_have_gone(scene):
    with pytest.raises(DomainError, match="Only people of") as refused:
        record_visit(scene, members=[scene.staff["province"], scene.staff["city"]])
    assert refused.value.code == "members"


def test_the_round_in_focus_must_be_one_of_the_visited_offices(scene):
    own_round = factories.RoundFactory(term__office=scene.offices["city"])
    assert record_visit(scene, round_=own_round).round == own_round
    other_round = factories.RoundFactory(term__office=scene.offices["other_city"])
    with pytest.raises(DomainError) as refused:
        record_visit(scene, round_=other_round)
    assert refused.value.code == "round"


def test_the_document_is_kept_with_its_checked_type(scene):
    visit = record_visit(scene, document=flows.pdf("督导报告.pdf"))
    assert visit.document_content_type == "application/pdf"
    assert visit.document_name == "督导报告.pdf"
    with visit.document.open("rb") as stored:
        assert stored.read() == flows.PDF_BYTES


def test_a_fake_document_is_refused(scene):
    fake = SimpleUploadedFile("督导报告.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError) as refused:
        record_visit(scene, document=fake)
    assert refused.value.code == "upload"
    assert not SupervisionVisit.objects.exists()


# Correcting a visit --------------------------------------------------------------------------


def test_the_visiting_office_corrects_the_visit_and_the_history_keeps_both(scene, visit):
    update(scene, visit, subject="对第三轮巡察的督导（更正）", kind=Kind.GUIDANCE)
    visit.refresh_from_db()
    assert visit.subject == "对第三轮巡察的督导（更正）" and visit.kind == Kind.GUIDANCE
    first = visit.history.order_by("history_date").first()
    assert first.subject == "对第三轮巡察的指导督导"


def test_the_visited_office_and_readers_cannot_correct_the_visit(scene, visit):
    for person in (scene.staff["city"], scene.readers["province"]):
        with pytest.raises(NotAllowed):
            update(scene, visit, by=person, subject="改")
    visit.refresh_from_db()
    assert visit.subject == "对第三轮巡察的指导督导"


def test_a_visit_with_a_closed_finding_can_no_longer_be_corrected(scene, visit, finding):
    report(scene, finding)
    services.finding_close(finding=finding, by=scene.staff["province"])
    with pytest.raises(DomainError) as refused:
        update(scene, visit, subject="改")
    assert refused.value.code == "frozen"


def test_a_visit_cannot_be_moved_after_its_findings_are_due(scene, visit, finding):
    later = DUE_ON + datetime.timedelta(days=1)
    with pytest.raises(DomainError, match="Finding 1 is due before"):
        update(scene, visit, starts_on=later, ends_on=later)


# Findings ------------------------------------------------------------------------------------


def test_findings_are_numbered_in_the_order_they_are_added(scene, visit):
    first = add_finding(scene, visit)
    second = add_finding(scene, visit, category=SupervisionFinding.Category.COVERAGE)
    assert (first.number, second.number) == (1, 2)
    assert first.status == Status.OPEN and first.created_by == scene.staff["province"]
    assert first.history.count() == 1


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"category": "nonsense"}, "category"),
        ({"description": " "}, "description"),
        ({"due_on": None}, "due_on"),
        ({"due_on": STARTS_ON - datetime.timedelta(days=1)}, "due_on"),
    ],
)
def test_a_finding_is_checked(scene, visit, overrides, code):
    with pytest.raises(DomainError) as refused:
        add_finding(scene, visit, **overrides)
    assert refused.value.code == code
    assert not SupervisionFinding.objects.exists()


def test_only_the_visiting_offices_staff_add_findings(scene, visit):
    for person in (scene.staff["city"], scene.readers["province"], scene.staff["other_city"]):
        with pytest.raises(NotAllowed):
            add_finding(scene, visit, by=person)
    assert not SupervisionFinding.objects.exists()


# Follow-up -----------------------------------------------------------------------------------


def test_the_visited_office_reports_follow_up_with_an_attachment(scene, finding):
    followup = report(scene, finding, attachment=flows.pdf("整改方案.pdf"))
    finding.refresh_from_db()
    assert finding.status == Status.REPORTED
    assert followup.by == scene.staff["city"]
    assert followup.attachment_content_type == "application/pdf"
    assert followup.attachment_size == len(flows.PDF_BYTES)
    change = StatusChange.objects.get()
    assert (change.from_value, change.to_value) == (Status.OPEN, Status.REPORTED)


@pytest.mark.parametrize("who", ["province", "other_city", "county", "reader"])
def test_only_the_visited_offices_staff_report_follow_up(scene, finding, who):
    person = scene.readers["city"] if who == "reader" else scene.staff[who]
    with pytest.raises(NotAllowed):
        services.followup_report(finding=finding, by=person, text="已整改。")
    finding.refresh_from_db()
    assert finding.status == Status.OPEN and not SupervisionFollowUp.objects.exists()


def test_a_follow_up_needs_text(scene, finding):
    with pytest.raises(DomainError) as refused:
        report(scene, finding, text="  ")
    assert refused.value.code == "text"


def test_a_fake_attachment_refuses_the_report_and_changes_nothing(scene, finding, media_root):
    fake = SimpleUploadedFile("方案.docx", b"plain words", content_type="application/msword")
    with pytest.raises(DomainError) as refused:
        report(scene, finding, attachment=fake)
    assert refused.value.code == "upload"
    finding.refresh_from_db()
    assert finding.status == Status.OPEN
    assert not SupervisionFollowUp.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_a_reported_finding_waits_for_the_decision_before_another_report(scene, finding):
    report(scene, finding)
    with pytest.raises(TransitionError):
        report(scene, finding, text="补充材料。")
    assert SupervisionFollowUp.objects.count() == 1


def test_the_visiting_office_closes_a_reported_finding(scene, finding):
    report(scene, finding)
    services.finding_close(finding=finding, by=scene.staff["province"], comment="整改到位。")
    finding.refresh_from_db()
    assert finding.status == Status.CLOSED
    assert finding.closed_by == scene.staff["province"] and finding.closed_at is not None
    assert finding.review_comment == "整改到位。"


def test_an_open_finding_cannot_be_closed_or_returned_before_a_report(scene, finding):
    with pytest.raises(TransitionError):
        services.finding_close(finding=finding, by=scene.staff["province"])
    with pytest.raises(TransitionError):
        services.finding_return(finding=finding, by=scene.staff["province"], comment="不行")
    finding.refresh_from_db()
    assert finding.status == Status.OPEN


@pytest.mark.parametrize("who", ["city", "reader", "other_city"])
def test_only_the_visiting_offices_staff_close_or_return(scene, finding, who):
    report(scene, finding)
    person = scene.readers["province"] if who == "reader" else scene.staff[who]
    with pytest.raises(NotAllowed):
        services.finding_close(finding=finding, by=person)
    with pytest.raises(NotAllowed):
        services.finding_return(finding=finding, by=person, comment="不行")
    finding.refresh_from_db()
    assert finding.status == Status.REPORTED


def test_a_return_needs_a_comment(scene, finding):
    report(scene, finding)
    with pytest.raises(DomainError) as refused:
        services.finding_return(finding=finding, by=scene.staff["province"], comment=" ")
    assert refused.value.code == "comment"


def test_a_returned_finding_is_reported_again_and_every_report_is_kept(scene, finding):
    report(scene, finding, text="第一次报告。")
    services.finding_return(finding=finding, by=scene.staff["province"], comment="缺少佐证材料。")
    finding.refresh_from_db()
    assert finding.status == Status.RETURNED and finding.return_count == 1
    assert finding.review_comment == "缺少佐证材料。"
    report(scene, finding, text="第二次报告，附佐证。")
    finding.refresh_from_db()
    assert finding.status == Status.REPORTED
    assert list(finding.followups.values_list("text", flat=True)) == [
        "第一次报告。",
        "第二次报告，附佐证。",
    ]


def test_a_closed_finding_takes_no_more_reports_or_returns(scene, finding):
    report(scene, finding)
    services.finding_close(finding=finding, by=scene.staff["province"])
    with pytest.raises(TransitionError):
        report(scene, finding)
    with pytest.raises(TransitionError):
        services.finding_return(finding=finding, by=scene.staff["province"], comment="再看")


# What the database refuses -------------------------------------------------------------------


def _row(scene, **overrides):
    values = {
        "upper_office": scene.offices["province"],
        "lower_office": scene.offices["city"],
        "kind": Kind.GUIDANCE,
        "starts_on": STARTS_ON,
        "ends_on": ENDS_ON,
        "subject": "督导",
        "summary": "小结",
        "recorded_by": scene.staff["province"],
    }
    return SupervisionVisit.objects.create(**values | overrides)


@pytest.mark.parametrize(
    "overrides",
    [
        {"lower_office_key": "province"},
        {"ends_on": STARTS_ON - datetime.timedelta(days=1)},
        {"document": "supervision/a.pdf"},
    ],
    ids=["to itself", "ends before it starts", "document without a type"],
)
def test_the_database_refuses_an_impossible_visit(scene, overrides):
    if "lower_office_key" in overrides:
        overrides = {"lower_office": scene.offices[overrides.pop("lower_office_key")]}
    with pytest.raises(IntegrityError), transaction.atomic():
        _row(scene, **overrides)


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Status.CLOSED},
        {"closed_at": datetime.datetime(2024, 8, 1, tzinfo=datetime.UTC)},
        {"status": Status.RETURNED, "return_count": 1},
        {"number": 0},
    ],
    ids=["closed without who and when", "open with a close date", "returned without comment",
         "number zero"],
)  # fmt: skip
def test_the_database_refuses_an_impossible_finding(scene, overrides):
    visit = _row(scene)
    values = {
        "visit": visit,
        "number": 1,
        "category": SupervisionFinding.Category.OTHER,
        "description": "问题",
        "due_on": DUE_ON,
        "created_by": scene.staff["province"],
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionFinding.objects.create(**values | overrides)


def test_the_database_refuses_two_findings_with_one_number(scene, visit, finding):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionFinding.objects.create(
            visit=visit,
            number=finding.number,
            category=finding.category,
            description="重复",
            due_on=DUE_ON,
            created_by=scene.staff["province"],
        )
