"""指导督导: who sees which visits and findings, what is overdue, and the figures per office."""

import datetime

import pytest

from supervision import selectors, services
from supervision.models import SupervisionFinding, SupervisionVisit
from tests import factories
from tests.supervision_scene import DUE_ON, add_finding, build_scene, record_visit, report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Status = SupervisionFinding.Status
AFTER_DUE = DUE_ON + datetime.timedelta(days=10)


@pytest.fixture
def scene(db):
    return build_scene()


@pytest.fixture
def visits(scene):
    """The province visits the first city and one of its counties; the city visits both."""
    return {
        "province→city": record_visit(scene),
        "province→county": record_visit(scene, lower="county"),
        "city→county": record_visit(scene, upper="city", lower="county"),
        "city→sibling": record_visit(scene, upper="city", lower="sibling_county"),
    }


def labels(visits, queryset):
    names = {visit.pk: name for name, visit in visits.items()}
    return {names[pk] for pk in queryset.values_list("pk", flat=True)}


def test_readers_see_the_visits_to_their_office_and_the_offices_below_it(scene, visits):
    every = set(visits)
    assert labels(visits, selectors.visits_visible_to(scene.staff["province"])) == every
    assert labels(visits, selectors.visits_visible_to(scene.readers["province"])) == every
    assert labels(visits, selectors.visits_visible_to(scene.staff["city"])) == every
    assert labels(visits, selectors.visits_visible_to(scene.readers["city"])) == every


def test_a_county_sees_only_the_visits_to_itself(scene, visits):
    assert labels(visits, selectors.visits_visible_to(scene.staff["county"])) == {
        "province→county",
        "city→county",
    }
    assert labels(visits, selectors.visits_visible_to(scene.staff["sibling_county"])) == {
        "city→sibling"
    }


def test_a_sibling_city_and_people_without_an_office_role_see_nothing(scene, visits):
    assert not selectors.visits_visible_to(scene.staff["other_city"]).exists()
    assert not selectors.visits_visible_to(factories.UserFactory()).exists()
    inspector = factories.InspectorFactory(office=scene.offices["province"]).user
    assert not selectors.visits_visible_to(inspector).exists()
    assert not selectors.findings_visible_to(scene.staff["other_city"]).exists()


def test_visits_made_and_visits_received(scene, visits):
    assert labels(visits, selectors.visits_made(scene.staff["city"])) == {
        "city→county",
        "city→sibling",
    }
    assert labels(visits, selectors.visits_received(scene.staff["city"])) == {"province→city"}
    assert labels(visits, selectors.visits_received(scene.readers["province"])) == set()
    assert not selectors.visits_made(factories.UserFactory()).exists()


def test_findings_follow_the_visits_they_belong_to(scene, visits):
    on_county = add_finding(scene, visits["province→county"])
    on_sibling = add_finding(scene, visits["city→sibling"])
    assert set(selectors.findings_visible_to(scene.staff["county"])) == {on_county}
    assert set(selectors.findings_visible_to(scene.staff["city"])) == {on_county, on_sibling}


def _findings_in_every_state(scene, visit):
    """Open, reported, returned and closed, all due on DUE_ON; one more due later."""
    open_ = add_finding(scene, visit)
    reported = add_finding(scene, visit)
    report(scene, reported)
    returned = add_finding(scene, visit)
    report(scene, returned)
    services.finding_return(finding=returned, by=scene.staff["province"], comment="不全")
    closed = add_finding(scene, visit)
    report(scene, closed)
    services.finding_close(finding=closed, by=scene.staff["province"])
    later = add_finding(scene, visit, due_on=AFTER_DUE + datetime.timedelta(days=1))
    return {"open": open_, "reported": reported, "returned": returned, "closed": closed,
            "later": later}  # fmt: skip


def test_a_finding_is_overdue_once_its_due_date_passed_and_it_is_not_closed(scene, visits):
    findings = _findings_in_every_state(scene, visits["province→city"])
    rows = selectors.with_overdue(SupervisionFinding.objects.all(), AFTER_DUE)
    days = {row.pk: row.overdue_by.days if row.overdue_by else 0 for row in rows}
    assert days == {
        findings["open"].pk: 10,
        findings["reported"].pk: 10,
        findings["returned"].pk: 10,
        findings["closed"].pk: 0,
        findings["later"].pk: 0,
    }
    on_the_day = selectors.with_overdue(SupervisionFinding.objects.all(), DUE_ON)
    assert not [row for row in on_the_day if row.overdue_by]


def test_visits_carry_their_finding_counts_and_filter_by_open_and_overdue(scene, visits):
    _findings_in_every_state(scene, visits["province→city"])
    closed_only = add_finding(scene, visits["province→county"])
    report(scene, closed_only)
    services.finding_close(finding=closed_only, by=scene.staff["province"])
    add_finding(scene, visits["city→county"], due_on=AFTER_DUE + datetime.timedelta(days=5))
    counted = selectors.with_finding_counts(SupervisionVisit.objects.all(), AFTER_DUE)
    counts = {
        visit.pk: (visit.findings_total, visit.findings_open, visit.findings_overdue)
        for visit in counted
    }
    assert counts == {
        visits["province→city"].pk: (5, 4, 3),
        visits["province→county"].pk: (1, 0, 0),
        visits["city→county"].pk: (1, 1, 0),
        visits["city→sibling"].pk: (0, 0, 0),
    }
    everything = SupervisionVisit.objects.all()
    assert labels(visits, selectors.with_open_findings(everything)) == {
        "province→city",
        "city→county",
    }
    assert labels(visits, selectors.with_overdue_findings(everything, AFTER_DUE)) == {
        "province→city"
    }


def test_the_figures_per_office_visited_come_from_one_query(
    scene, visits, django_assert_num_queries
):
    _findings_in_every_state(scene, visits["province→city"])
    add_finding(scene, visits["province→county"])
    add_finding(scene, visits["city→county"], due_on=AFTER_DUE + datetime.timedelta(days=5))
    user = scene.staff["province"]
    user._xunshi_viewer = selectors.viewer_of(user)  # the person is known, as in a request
    with django_assert_num_queries(1):
        rows = list(selectors.counts_by_office_visited(user, AFTER_DUE))
    assert [
        (row["visit__lower_office__name"], row["total"], row["open"], row["overdue"])
        for row in rows
    ] == [("云川市委巡察办", 5, 4, 3), ("青石县委巡察办", 2, 2, 1)]
    county_rows = selectors.counts_by_office_visited(scene.staff["county"], AFTER_DUE)
    assert [row["visit__lower_office__name"] for row in county_rows] == ["青石县委巡察办"]


def test_the_offices_a_person_may_visit_are_strictly_below_their_office(scene):
    offices = scene.offices
    assert set(selectors.offices_to_visit(scene.staff["province"])) == {
        offices["city"],
        offices["other_city"],
        offices["county"],
        offices["sibling_county"],
    }
    assert set(selectors.offices_to_visit(scene.staff["city"])) == {
        offices["county"],
        offices["sibling_county"],
    }
    assert not selectors.offices_to_visit(scene.staff["county"]).exists()
    assert not selectors.offices_to_visit(scene.readers["province"]).exists()


def test_the_rounds_to_focus_on_are_those_of_the_offices_below(scene):
    county_round = factories.RoundFactory(term__office=scene.offices["county"])
    factories.RoundFactory(term__office=scene.offices["province"])
    assert list(selectors.rounds_to_focus_on(scene.staff["city"])) == [county_round]


def test_a_findings_follow_up_lists_reports_and_decisions_in_order(
    scene, visits, django_assert_num_queries
):
    finding = add_finding(scene, visits["province→city"])
    untouched = add_finding(scene, visits["province→city"])
    report(scene, finding, text="第一次报告。")
    services.finding_return(finding=finding, by=scene.staff["province"], comment="缺少材料。")
    report(scene, finding, text="第二次报告。")
    services.finding_close(finding=finding, by=scene.staff["province"], comment="同意销号。")
    findings = list(selectors.findings_of_visit(visits["province→city"], AFTER_DUE))
    with django_assert_num_queries(1):
        histories = selectors.follow_up_histories(findings)
    assert [(entry.kind, entry.text) for entry in histories[finding.pk]] == [
        ("report", "第一次报告。"),
        (Status.RETURNED, "缺少材料。"),
        ("report", "第二次报告。"),
        (Status.CLOSED, "同意销号。"),
    ]
    assert histories[untouched.pk] == []
