"""The coverage reports as PDF, /coverage/report.pdf and /coverage/rollup/report.pdf: the text
read back from the PDF against the hand counts of the coverage page's and the roll-up's worlds,
the filtered uncovered list, the marking and page numbers on every page, access, the download's
name, and the number of queries."""

import datetime
import io
import re
from urllib.parse import unquote

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from pypdf import PdfReader

from core.errors import DomainError
from coverage import reports
from coverage.services import office_figures_refresh
from rounds import documents
from rounds.models import Assignment, Lead
from tests import factories
from tests.test_coverage_page import Scene
from tests.test_coverage_rollup import NOW as ROLLUP_NOW
from tests.test_coverage_rollup import World
from tests.test_feedback_pages import require_pdf_library

pytestmark = pytest.mark.django_db

TERM_URL = reverse("coverage:term_report")
ROLLUP_URL = reverse("coverage:rollup_report")
MARKING = "Internal — keep confidential"


@pytest.fixture(autouse=True)
def pdf_library():
    require_pdf_library()


@pytest.fixture
def scene():
    # The coverage page's world, on its day: 30 months into the term, 30 left.
    with time_machine.travel(datetime.datetime(2024, 7, 1, 10, tzinfo=datetime.UTC), tick=False):
        yield Scene()


@pytest.fixture
def world(media_root):
    with time_machine.travel(ROLLUP_NOW, tick=False):
        built = World()
        office_figures_refresh(today=ROLLUP_NOW.date())
        yield built


def get(client, user, url=TERM_URL, **params):
    client.force_login(user)
    return client.get(url, params)


def pages_of(response):
    """The text of each page, with runs of white space made one space."""
    reader = PdfReader(io.BytesIO(response.content))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def wrapped(name):
    """A pattern of `name` that a narrow cell may have wrapped anywhere."""
    return " ?".join(re.escape(character) for character in name)


def text_of(response):
    return " ".join(pages_of(response))


def listed_codes(text):
    """The codes of the uncovered list's rows, in its order (the targets are named 城关N镇党委)."""
    listed = text[text.index("last inspected") :]
    return re.findall(r"\b\d+ (\w+) 城关\d+镇党委", listed)


# The term report: figures ------------------------------------------------------------------


def test_the_term_report_prints_the_headline_hand_counts(client_in_english, scene):
    text = text_of(get(client_in_english, scene.staff))
    assert scene.office.name in text and scene.term.name in text
    assert "Report on the coverage duty in the term" in text
    # 5 active targets; 2 covered (40%); 1 effectively covered (20%); 3 not yet covered.
    # (A figure and its caption sit in separate boxes: the text may run them together.)
    assert re.search(r"5 ?active targets of the office 2 40% ?covered", text)
    assert re.search(r"1 20% ?effectively covered", text)
    assert re.search(r"3 ?not yet covered", text)


def test_the_term_report_breaks_the_figures_down_by_category_and_region(client_in_english, scene):
    text = text_of(get(client_in_english, scene.staff))
    # label, targets, covered, rate, effectively covered, effective rate
    assert "department 1 0 0% 0 0%" in text
    assert "township 2 2 100% 1 50%" in text
    assert "village 2 0 0% 0 0%" in text
    assert "东区 2 2 100% 1 50%" in text
    assert "西区 2 0 0% 0 0%" in text
    assert "(no region) 1 0 0% 0 0%" in text


def test_the_term_report_prints_the_forecast_and_its_warning(client_in_english, scene):
    text = text_of(get(client_in_english, scene.staff))
    assert "At risk: 3 targets are left, but at the current pace only about 2 more" in text
    assert "Round 2 2024-09-01 2" in text and "Round 3 2025-03-01 1" in text


def test_the_term_report_lists_every_uncovered_target_in_the_page_order(client_in_english, scene):
    text = text_of(get(client_in_english, scene.staff))
    assert "3 targets are listed." in text
    assert listed_codes(text) == ["D", "E", "C"]
    assert f"1 D {scene.d.name} village 西区 never" in text
    assert f"2 E {scene.e.name} department — 2019-04-01" in text


def test_the_term_report_lists_what_the_page_filters_select(client_in_english, scene):
    query = {"category": "village", "ordering": "-last_inspected"}
    text = text_of(get(client_in_english, scene.staff, **query))
    assert "2 targets are listed." in text
    assert "Filtered as on the page: category: village; Sort by:" in text
    assert listed_codes(text) == ["C", "D"]


def test_a_refused_filter_filters_nothing(client_in_english, scene):
    text = text_of(get(client_in_english, scene.staff, category="castle", region="x"))
    assert "3 targets are listed." in text
    assert "Filtered" not in text


def test_the_term_report_with_the_offices_below(client_in_english, scene):
    text = text_of(get(client_in_english, scene.staff, below="1", region=scene.west.pk))
    assert re.search(r"7 ?active targets of the office and the offices below 3 42\.86%", text)
    assert "show the office's own targets to see it" in text
    assert listed_codes(text) == ["D", "H", "C"]
    assert f"H {scene.h.name} street 西区 {scene.below.name} never" in text


def test_a_long_uncovered_list_says_how_many_are_left_to_the_export(
    client_in_english, scene, monkeypatch
):
    monkeypatch.setattr(reports, "UNCOVERED_LIMIT", 2)
    text = text_of(get(client_in_english, scene.staff))
    assert "3 targets are listed." in text
    assert "Only the first 2 are printed here; 1 more are in the Excel export" in text
    assert listed_codes(text) == ["D", "E"]


# The term report: paper -------------------------------------------------------------------


def test_every_page_carries_the_marking_and_its_number(client_in_english, scene):
    for n in range(40):
        factories.TargetFactory(office=scene.office, code=f"X{n:03d}")
    pages = pages_of(get(client_in_english, scene.staff))
    assert len(pages) > 1
    for number, text in enumerate(pages, 1):
        assert MARKING in text
        assert f"Page {number} of {len(pages)}" in text


def test_the_report_says_who_printed_it_and_when(client_in_english, scene):
    text = text_of(get(client_in_english, scene.staff))
    assert f"Printed on 2024-07-01 18:00 Printed by {scene.staff.profile.name}" in text


def test_the_chinese_text_is_embedded_with_its_fonts(client, scene):
    response = get(client, scene.staff)
    assert scene.office.name in text_of(response)
    embedded = set()
    for page in PdfReader(io.BytesIO(response.content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for part in font.get("/DescendantFonts", []):
                descriptor = part.get_object()["/FontDescriptor"].get_object()
                if {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor):
                    embedded.add(font["/BaseFont"].split("+", 1)[1])
    assert {"Noto-Sans-CJK-SC", "Noto-Serif-CJK-SC"} <= embedded


def test_the_report_is_a_pdf_download_named_after_the_term(client, scene):
    response = get(client, scene.staff)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    name = unquote(disposition.split("''", 1)[1])
    assert name == f"巡视覆盖情况报告-{scene.office.name}-{scene.term.name}-2024-07-01.pdf"


def test_the_report_is_in_the_language_of_the_person_who_prints_it(client, scene):
    # Chinese by default: a word the catalogue already translates for the page.
    assert "乡镇" in text_of(get(client, scene.staff))


def test_a_report_that_cannot_be_made_sends_back_to_the_page_saying_why(
    client_in_english, scene, monkeypatch
):
    def broken(html):
        raise DomainError("PDF documents cannot be made on this server.", code="pdf")

    monkeypatch.setattr(documents, "render_pdf", broken)
    response = get(client_in_english, scene.staff, below="1", category="village")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('coverage:term')}?below=1&category=village"
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said == ["PDF documents cannot be made on this server."]


def test_a_renderer_crash_is_said_not_raised(client_in_english, scene, monkeypatch):
    monkeypatch.setattr(documents, "render_pdf", lambda html: 1 / 0)
    response = get(client_in_english, scene.staff)
    assert response.status_code == 302
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said == ["The PDF could not be made (ZeroDivisionError)."]


def test_the_page_counter_is_a_css_value_that_cannot_break_out():
    assert reports._css_string('a "b" \\ </style>') == '"a \\"b\\" \\\\ \\3C /style>"'


# The term report: access and cost --------------------------------------------------------


@pytest.mark.parametrize("term", ["999999", "abc"])
def test_an_unknown_term_is_not_found(client, scene, term):
    assert get(client, scene.staff, term=term).status_code == 404


def test_another_office_term_is_not_found(client, scene):
    assert get(client, scene.staff, term=factories.TermFactory().pk).status_code == 404


def test_a_lower_office_term_is_not_found(client, scene):
    below_term = factories.TermFactory(office=scene.below)
    assert get(client, scene.staff, term=below_term.pk).status_code == 404


@pytest.mark.parametrize("who", ["leader", "member", "liaison", "outsider", "receiving_officer"])
def test_people_outside_the_office_readers_get_no_term_report(client, cast, who):
    assert get(client, getattr(cast, who)).status_code == 404


def test_the_leadership_group_prints_the_term_report(client, cast):
    leadership = factories.ProfileFactory(office=cast.office, is_leadership=True).user
    assert get(client, leadership).status_code == 200


def test_an_office_without_a_term_has_no_report(client):
    assert get(client, factories.OfficeStaffFactory().user).status_code == 404


def test_anonymous_people_are_sent_to_log_in(client):
    for url in (TERM_URL, ROLLUP_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_the_term_report_takes_a_fixed_number_of_queries(client, scene, django_assert_num_queries):
    """The session, the user and the person (3), the session saved (3, in a savepoint); terms,
    the counts by category and region (the headline, both breakdowns and the regions to filter
    by), the names of those regions, the rounds, the uncovered rows with their regions and
    offices, the printer's name (8)."""
    client.force_login(scene.staff)
    with django_assert_num_queries(14):
        client.get(TERM_URL)
    for n in range(30):
        target = factories.TargetFactory(
            office=scene.office, code=f"X{n:03d}", region=factories.RegionFactory()
        )
        if n % 2:
            factories.AssignmentFactory(
                round=scene.round1, target=target, phase=Assignment.Phase.ON_SITE
            )
    with django_assert_num_queries(14):
        response = client.get(TERM_URL, {"ordering": "region"})
    assert "共列出18个党组织。" in text_of(response)
    # With `below`, no rounds; the ids of the offices below are read once.
    with django_assert_num_queries(14):
        client.get(TERM_URL, {"below": "1", "region": scene.west.pk})


# The roll-up report ----------------------------------------------------------------------


def test_the_rollup_report_prints_each_office_and_the_total(client_in_english, world):
    text = text_of(get(client_in_english, world.p.office_staff, ROLLUP_URL))
    assert "Roll-up report across levels" in text
    # targets, covered, effective, rate, rounds, fed back, rectified, rate, overdue, then leads
    # transferred, awaiting, case opened, handled, no case, closed.
    rows = [
        (f"{wrapped(world.province.name)} \\(own work\\)", "2 1 0 50% 1 0 0 — 0 1 1 0 0 0 0"),
        (wrapped(world.city_a.name), "3 3 1 100% 2 3 1 33.33% 2 1 0 1 0 0 0"),
        (wrapped(world.city_b.name), "1 0 0 0% 0 0 0 — 0 0 0 0 0 0 0"),
        ("Total", "6 4 1 66.67% 3 3 1 33.33% 2 2 1 1 0 0 0"),
    ]
    for name, figures in rows:
        assert re.search(f"{name} {re.escape(figures)}", text), name


def test_the_rollup_report_says_when_its_figures_were_counted(client_in_english, world):
    text = text_of(get(client_in_english, world.p.office_staff, ROLLUP_URL))
    assert "Figures counted at 2024-11-01 18:00." in text


def test_the_rollup_report_charts_the_coverage_rate_of_each_office(client_in_english, world):
    text = text_of(get(client_in_english, world.p.office_staff, ROLLUP_URL))
    chart = text[text.index("Coverage rate by office") :]
    assert f"{world.province.name} (own work) 50% (1/2)" in chart
    assert f"{world.city_a.name} 100% (3/3)" in chart
    assert f"{world.city_b.name} 0% (0/1)" in chart
    assert "Total 66.67% (4/6)" in chart


def test_the_rollup_report_follows_the_breadcrumb_down(client_in_english, world):
    response = get(client_in_english, world.p.office_staff, ROLLUP_URL, office=world.county_l.pk)
    text = text_of(response)
    assert f"{world.province.name} › {world.city_b.name} › {world.county_l.name}" in text
    assert "This office has no term running today." in text
    assert "No term running" in text
    assert "No offices below this one." in text


def test_the_rollup_report_shows_leads_as_counts_only(client, world):
    text = text_of(get(client, world.p.office_staff, ROLLUP_URL))
    for lead in Lead.objects.all():
        for value in (lead.subject_name, lead.subject_position, lead.number):
            assert value not in text


def test_the_rollup_report_is_a_pdf_download_named_after_the_office(client, world):
    response = get(client, world.a.office_staff, ROLLUP_URL)
    assert response["Content-Type"] == "application/pdf"
    name = unquote(response["Content-Disposition"].split("''", 1)[1])
    assert name == f"上下联动汇总报告-{world.city_a.name}-2024-11-01.pdf"


def test_an_office_out_of_scope_has_no_rollup_report(client, world):
    staff = world.a.office_staff
    for office in (world.province.pk, world.city_b.pk, "x", "9" * 30):
        assert get(client, staff, ROLLUP_URL, office=office).status_code == 404
    assert get(client, staff, ROLLUP_URL, office=world.county_k.pk).status_code == 200


def test_only_readers_of_an_office_print_the_rollup(client, world):
    for user in (world.a.leader, world.a.member, world.a.liaison, world.a.receiving_officer):
        assert get(client, user, ROLLUP_URL).status_code == 404


def test_a_rollup_report_that_cannot_be_made_sends_back_to_the_page(
    client_in_english, world, monkeypatch
):
    monkeypatch.setattr(documents, "render_pdf", lambda html: 1 / 0)
    response = get(client_in_english, world.p.office_staff, ROLLUP_URL, office=world.city_a.pk)
    assert response["Location"] == f"{reverse('coverage:rollup')}?office={world.city_a.pk}"


def test_the_rollup_report_costs_the_same_with_more_offices(
    client, world, django_assert_num_queries
):
    """The session, the user and the person (3), the session saved (3, in a savepoint); the
    office, the roll-up's three, the printer's name (5)."""
    client.force_login(world.p.office_staff)
    with django_assert_num_queries(11):
        client.get(ROLLUP_URL)
    for _ in range(3):
        city = factories.OfficeFactory(parent=world.province)
        factories.TargetFactory(office=city)
    with django_assert_num_queries(11):
        client.get(ROLLUP_URL)
