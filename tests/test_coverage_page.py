"""The term coverage page, /coverage/: hand counts of 有形覆盖 and 有效覆盖, the breakdowns,
the pace forecast, the uncovered list, access and the number of queries."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from coverage import selectors
from coverage.filters import UncoveredFilter
from organisations.models import Office, Target
from rounds.models import Assignment, Round
from tests import factories

pytestmark = pytest.mark.django_db

Phase = Assignment.Phase
Status = Round.Status
Category = Target.Category
TODAY = datetime.date(2024, 7, 1)  # 30 whole months into the 2022-2026 term, 30 left


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2024, 7, 1, 10, tzinfo=datetime.UTC), tick=False):
        yield


class Scene:
    """An office with five active targets in three states, one inactive target, an office
    below it with two targets, and rounds in every status (see the module's hand counts)."""

    def __init__(self):
        self.office = factories.OfficeFactory(level=Office.Level.PROVINCIAL, code="P001")
        self.staff = factories.OfficeStaffFactory(office=self.office).user
        self.term = factories.TermFactory(office=self.office)
        old_term = factories.TermFactory(
            office=self.office,
            starts_on=datetime.date(2017, 1, 1),
            ends_on=datetime.date(2021, 12, 31),
        )
        self.east = factories.RegionFactory(code="R1", name="东区")
        self.west = factories.RegionFactory(code="R2", name="西区")
        self.round1 = self.round(1, Status.IN_PROGRESS, datetime.date(2024, 3, 1))
        self.round2 = self.round(2, Status.PLANNED, datetime.date(2024, 9, 1))
        self.round(3, Status.PLANNED, datetime.date(2025, 3, 1))
        cancelled = self.round(4, Status.CANCELLED, datetime.date(2024, 5, 1))
        old_round = factories.RoundFactory(
            term=old_term,
            ordinal=1,
            status=Status.COMPLETED,
            planned_start=datetime.date(2019, 4, 1),
            planned_end=datetime.date(2019, 6, 30),
        )
        # a: on site (covered, not effective); b: closed (both).
        self.a = self.target("A", Category.TOWNSHIP, self.east, self.round1, Phase.ON_SITE)
        self.b = self.target("B", Category.TOWNSHIP, self.east, self.round1, Phase.CLOSED)
        # c: still preparing for a planned round; d: on site in a cancelled round;
        # e: closed in the previous term. None of them is covered in this term.
        self.c = self.target("C", Category.VILLAGE, self.west, self.round2, Phase.PREPARATION)
        self.d = self.target("D", Category.VILLAGE, self.west, cancelled, Phase.ON_SITE)
        self.e = self.target("E", Category.DEPARTMENT, None, old_round, Phase.CLOSED)
        self.target("F", Category.TOWNSHIP, self.east, self.round1, Phase.CLOSED, active=False)
        # The office below: g covered by its own round within the term's dates, h never.
        self.below = factories.OfficeFactory(
            parent=self.office, level=Office.Level.MUNICIPAL, code="P002"
        )
        below_round = factories.RoundFactory(
            term__office=self.below, status=Status.IN_PROGRESS, planned_start=TODAY.replace(month=3)
        )
        self.g = self.target("G", Category.TOWNSHIP, self.east, below_round, Phase.ON_SITE)
        self.h = factories.TargetFactory(
            office=self.below, code="H", category=Category.STREET, region=self.west
        )

    def round(self, ordinal, status, start):
        return factories.RoundFactory(
            term=self.term,
            ordinal=ordinal,
            status=status,
            planned_start=start,
            planned_end=start + datetime.timedelta(days=90),
        )

    def target(self, code, category, region, round_, phase, **fields):
        target = factories.TargetFactory(
            office=round_.office, code=code, category=category, region=region, **fields
        )
        factories.AssignmentFactory(round=round_, target=target, phase=phase)
        return target


@pytest.fixture
def scene():
    return Scene()


def get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("coverage:term"), params)


def figures(page):
    total = page.total
    return (total.targets, total.covered, total.effectively_covered, total.not_covered)


def rows(breakdown):
    return [(row.label, row.covered, row.targets) for row in breakdown]


# hand counts -------------------------------------------------------------------------------


def test_the_headline_counts_the_office_own_targets(scene):
    page = selectors.term_page(scene.staff, scene.term, below=False, today=TODAY)
    assert figures(page) == (5, 2, 1, 3)
    assert (page.total.covered_percent, page.total.effective_percent) == ("40%", "20%")


def test_the_headline_agrees_with_the_home_page_figure(scene):
    coverage = selectors.term_coverage(term=scene.term)
    assert (coverage.targets, coverage.covered, coverage.effectively_covered) == (5, 2, 1)


def test_below_adds_the_targets_of_the_offices_below(scene):
    page = selectors.term_page(scene.staff, scene.term, below=True, today=TODAY)
    assert figures(page) == (7, 3, 1, 4)
    assert page.forecast is None


def test_the_breakdowns_by_category_and_region(scene, english):
    page = selectors.term_page(scene.staff, scene.term, below=False, today=TODAY)
    assert rows(page.by_category) == [
        ("department", 0, 1),
        ("township", 2, 2),
        ("village", 0, 2),
    ]
    assert rows(page.by_region) == [("东区", 2, 2), ("西区", 0, 2), ("(no region)", 0, 1)]
    assert [row.covered_percent for row in page.by_region] == ["100%", "0%", "0%"]


def test_the_breakdown_with_the_offices_below(scene, english):
    page = selectors.term_page(scene.staff, scene.term, below=True, today=TODAY)
    assert ("street", 0, 1) in rows(page.by_category)
    assert rows(page.by_region)[:2] == [("东区", 3, 3), ("西区", 0, 3)]


def test_an_assignment_in_another_term_does_not_cover(scene):
    later = factories.TermFactory(
        office=scene.office,
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2031, 12, 31),
    )
    factories.AssignmentFactory(
        round=factories.RoundFactory(
            term=later,
            planned_start=datetime.date(2027, 3, 1),
            planned_end=datetime.date(2027, 5, 1),
        ),
        target=scene.c,
        phase=Phase.CLOSED,
    )
    page = selectors.term_page(scene.staff, scene.term, below=False, today=TODAY)
    assert figures(page) == (5, 2, 1, 3)
    later_page = selectors.term_page(scene.staff, later, below=False, today=TODAY)
    assert figures(later_page) == (5, 1, 1, 4)


def test_a_round_of_an_office_outside_the_offices_below_does_not_cover_their_target(scene):
    elsewhere = factories.OfficeFactory(level=Office.Level.PROVINCIAL, code="P999")
    factories.AssignmentFactory(
        round=factories.RoundFactory(
            term__office=elsewhere, planned_start=TODAY.replace(month=3), status=Status.COMPLETED
        ),
        target=scene.h,
        phase=Phase.CLOSED,
    )
    page = selectors.term_page(scene.staff, scene.term, below=True, today=TODAY)
    assert figures(page) == (7, 3, 1, 4)


def test_a_round_of_an_office_below_does_not_cover_a_target_of_the_office_itself(scene):
    below_round = factories.RoundFactory(
        term__office=scene.below, planned_start=TODAY.replace(month=3), status=Status.COMPLETED
    )
    factories.AssignmentFactory(round=below_round, target=scene.c, phase=Phase.CLOSED)
    page = selectors.term_page(scene.staff, scene.term, below=True, today=TODAY)
    assert figures(page) == (7, 3, 1, 4)


def test_the_forecast_follows_the_office_rounds(scene):
    page = selectors.term_page(scene.staff, scene.term, below=False, today=TODAY)
    found = page.forecast
    # Round 1 is under way, rounds 2 and 3 are planned, round 4 was cancelled.
    assert (found.rounds_done, found.rounds_left) == (1, 2)
    assert (found.months_elapsed, found.months_left) == (30, 30)
    assert found.per_round == 2
    assert found.reachable == 2  # 2 targets in 30 months, for 30 more months
    assert found.at_risk  # 3 left
    assert [(r.ordinal, r.suggested) for r in page.rounds_left] == [(2, 2), (3, 1)]


def test_the_uncovered_list_puts_the_never_inspected_first(scene):
    listed = list(selectors.uncovered_targets(scene.staff, scene.term))
    assert listed == [scene.d, scene.e, scene.c]
    assert [t.last_inspected_on for t in listed] == [
        None,
        datetime.date(2019, 4, 1),
        datetime.date(2024, 9, 1),
    ]


def test_the_uncovered_list_with_the_offices_below(scene):
    listed = list(selectors.uncovered_targets(scene.staff, scene.term, below=True))
    assert listed == [scene.d, scene.h, scene.e, scene.c]


# the page ----------------------------------------------------------------------------------


def listed_codes(response):
    return [target.code for target in response.context["page_obj"]]


def test_the_page_shows_the_headline_and_the_warning(client_in_english, scene):
    response = get(client_in_english, scene.staff)
    assert response.status_code == 200
    html = response.content.decode()
    assert "40%" in html and "20%" in html
    assert "At risk: 3 targets are left" in html
    assert listed_codes(response) == ["D", "E", "C"]


def test_the_page_defaults_to_the_running_term(client, scene):
    assert get(client, scene.staff).context["term"] == scene.term


def test_the_page_sorts_and_filters_the_uncovered_list(client, scene):
    assert listed_codes(get(client, scene.staff, ordering="category")) == ["E", "C", "D"]
    assert listed_codes(get(client, scene.staff, ordering="-last_inspected")) == ["C", "E", "D"]
    assert listed_codes(get(client, scene.staff, category="village")) == ["D", "C"]
    region = get(client, scene.staff, region=scene.west.pk, below="1")
    assert listed_codes(region) == ["D", "H", "C"]


def test_below_on_the_page(client, scene):
    response = get(client, scene.staff, below="1")
    assert figures(response.context["page"]) == (7, 3, 1, 4)
    assert "P002" not in listed_codes(response)


@pytest.mark.parametrize("term", ["999999", "abc"])
def test_an_unknown_term_is_not_found(client, scene, term):
    assert get(client, scene.staff, term=term).status_code == 404


def test_another_office_term_is_not_found(client, scene):
    other = factories.TermFactory()
    assert get(client, scene.staff, term=other.pk).status_code == 404


def test_a_lower_office_term_is_not_found(client, scene):
    below_term = factories.TermFactory(office=scene.below)
    assert get(client, scene.staff, term=below_term.pk).status_code == 404


@pytest.mark.parametrize("who", ["leader", "member", "liaison", "outsider", "receiving_officer"])
def test_people_outside_the_office_readers_are_not_found(client, cast, who):
    assert get(client, getattr(cast, who)).status_code == 404


def test_the_leadership_group_and_the_staff_read_the_page(client, cast):
    leadership = factories.ProfileFactory(office=cast.office, is_leadership=True).user
    assert get(client, leadership).status_code == 200
    assert get(client, cast.office_staff).status_code == 200


def test_anonymous_goes_to_the_login(client):
    response = client.get(reverse("coverage:term"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_office_without_a_term_sees_a_note(client_in_english):
    staff = factories.OfficeStaffFactory().user
    response = get(client_in_english, staff)
    assert response.status_code == 200
    assert "No term has been planned yet." in response.content.decode()


def test_the_page_takes_a_fixed_number_of_queries(client, scene, django_assert_num_queries):
    """The login, the person and the menu take 5 (2 are a savepoint); the page's own: terms,
    the counts by category and region (the headline, both breakdowns and the list's count add
    them up, and give the regions to filter by), the names of those regions, rounds (not with
    `below`), the chart of coverage progress, rows, and their regions and offices.
    With `below`, the ids of the offices below are read once, and there is no forecast."""
    client.force_login(scene.staff)
    url = reverse("coverage:term")
    with django_assert_num_queries(16):
        client.get(url)
    for n in range(60):
        target = factories.TargetFactory(
            office=scene.office, code=f"X{n:03d}", region=factories.RegionFactory()
        )
        if n % 2:
            factories.AssignmentFactory(round=scene.round1, target=target, phase=Phase.ON_SITE)
    with django_assert_num_queries(16):
        response = client.get(url, {"ordering": "region", "page": "1"})
    assert len(response.context["page_obj"]) == 30 + 3  # the new uncovered, and d, e, c
    with django_assert_num_queries(16):
        client.get(url, {"below": "1", "category": "village"})


# counted from the page's figures ---------------------------------------------------------------


@pytest.mark.parametrize("below", [False, True])
def test_the_uncovered_count_agrees_with_the_list_under_every_filter(scene, below):
    page = selectors.term_page(scene.staff, scene.term, below=below, today=TODAY)
    listed = selectors.uncovered_targets(scene.staff, scene.term, below=below)
    for category in (None, Category.TOWNSHIP, Category.VILLAGE, Category.STREET):
        for region in (None, scene.east, scene.west):
            rows_ = listed
            if category:
                rows_ = rows_.filter(category=category)
            if region:
                rows_ = rows_.filter(region=region)
            counted = selectors.uncovered_count(
                page, category=category, region_id=region.pk if region else None
            )
            assert counted == rows_.count(), (category, region)


def test_the_uncovered_list_filters_only_as_its_count_knows(scene):
    """A filter the count does not know would page the list wrongly (uncovered_count)."""
    assert set(UncoveredFilter.base_filters) == {"category", "region", "ordering"}


def test_the_page_counts_the_filtered_list_for_its_pages(client, scene):
    response = get(client, scene.staff, below="1", region=scene.west.pk)
    assert response.context["page_obj"].paginator.count == 3  # c, d and h


def test_a_bad_filter_is_counted_by_the_database(client, scene):
    response = get(client, scene.staff, region="999999")
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_many_regions_are_listed_thirty_first_with_a_link_to_all(client_in_english, scene):
    for n in range(35):
        factories.TargetFactory(
            office=scene.office,
            code=f"R{n:03d}",
            region=factories.RegionFactory(code=f"Z{n:03d}", name=f"乡镇{n:03d}"),
        )
    client_in_english.force_login(scene.staff)
    url = reverse("coverage:term")
    response = client_in_english.get(url, {"term": scene.term.pk})
    # East, west and the first 28 of the new ones, by code; no region comes last.
    listed = [row.label for row in response.context["regions"]]
    assert len(listed) == 30 and listed[-1] == "乡镇027"
    page = response.content.decode()
    assert "Show 8 more rows" in page
    assert f'href="?term={scene.term.pk}&amp;regions=all#by-region"' in page
    everything = client_in_english.get(url, {"term": scene.term.pk, "regions": "all"})
    assert len(everything.context["regions"]) == 38
    assert "Show 8 more rows" not in everything.content.decode()


def test_the_region_filter_offers_the_regions_of_the_uncovered_targets(client, scene):
    response = get(client, scene.staff, below="1")
    offered = response.context["filter"].form.fields["region"].choices
    # Every target in the east is covered (a, b, g); the west has c, d and h left, and e has
    # no region to offer.
    assert offered == [("", "---------"), (str(scene.west.pk), "西区")]
    html = str(response.context["filter"].form["region"])
    assert f'<option value="{scene.west.pk}">西区</option>' in html


def test_a_filter_given_no_regions_offers_those_of_the_uncovered_targets(scene):
    """As the Excel export's filter is made: without the page's counts to take them from."""
    listed = selectors.uncovered_targets(scene.staff, scene.term, below=True)
    offered = UncoveredFilter({}, queryset=listed).form.fields["region"].choices
    assert offered == [("", "---------"), (str(scene.west.pk), "西区")]
