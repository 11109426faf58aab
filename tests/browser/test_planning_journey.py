"""The office plans a round in Chromium: a round, a team, a leader from the talent pool, and an
assignment that needs a conflict of interest overridden with a written reason.

The expected texts come from the translation catalogue (see `zh`), so the journey follows the
Chinese interface without copying its wording.
"""

import re

import pytest
from playwright.sync_api import expect

from rounds.models import Assignment, RecusalOverride, Round, TeamMembership
from tests import factories
from tests.browser.conftest import assert_clean, label, log_in, open_menu, with_password, zh

pytestmark = pytest.mark.django_db(transaction=True)

TEAM = "第一巡察组"
REASON = "该同志调离县财政局已逾三年，经巡察办主任会议研究同意其参加。"
# What Chrome logs for any page answered 400, such as the refused assignment.
BAD_REQUEST_LOGGED = (
    "Failed to load resource: the server responded with a status of 400 (Bad Request)"
)


@pytest.fixture
def office():
    """An office with a term, one target where a talent-pool leader works, and its staff."""
    staff = factories.OfficeStaffFactory()
    office = staff.office
    term = factories.TermFactory(office=office)
    target = factories.TargetFactory(office=office, name="县财政局党组")
    leader = factories.InspectorFactory(
        office=office, in_leader_pool=True, expertise="财务审计", work_unit=target
    )
    factories.RecusalDeclarationFactory(profile=leader)
    with_password(staff.user)
    return {"staff": staff.user, "term": term, "target": target, "leader": leader}


def test_the_office_plans_a_round_and_overrides_a_conflict_with_a_reason(page, office):
    term, target, leader = office["term"], office["target"], office["leader"]
    log_in(page, office["staff"])
    open_menu(page, zh("Rounds"))
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Rounds"))

    # Plan a round of the term.
    page.get_by_role("link", name=zh("Plan a round"), exact=True).click()
    expect(page.get_by_label(label(zh("ordinal")))).to_have_value("1")
    page.get_by_label(label(zh("kind"))).select_option(Round.Kind.REGULAR)
    page.get_by_label(label(zh("planned start"))).fill("2025-03-01")
    page.get_by_label(label(zh("planned end"))).fill("2025-05-31")
    page.get_by_role("button", name=zh("Plan the round"), exact=True).click()
    page.wait_for_url(re.compile(r"/rounds/\d+/$"))
    round_ = Round.objects.get(term=term)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        zh("Round %(ordinal)s") % {"ordinal": 1}
    )

    # Form a team.
    page.get_by_label(label(zh("name"))).fill(TEAM)
    page.get_by_role("button", name=zh("Form the team"), exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text(
        zh("Team %(team)s formed.") % {"team": TEAM}
    )

    # Add a leader from the talent pool.
    page.get_by_role("link", name=zh("Add a member from the talent pool"), exact=True).click()
    row = page.get_by_role("row").filter(has_text=leader.name)
    expect(row).to_contain_text(zh("available"))
    row.get_by_role("link", name=zh("Choose %(name)s") % {"name": leader.name}).click()
    expect(page.get_by_label(label(zh("role")))).to_have_value(TeamMembership.Role.LEADER)
    page.get_by_label(label(zh("authorised on"))).fill("2025-02-20")
    page.get_by_label(label(zh("authorisation document"))).fill("县巡字〔2025〕2号")
    page.get_by_label(label(zh("confidentiality pledge signed on"))).fill("2025-02-21")
    page.get_by_role("button", name=zh("Add to the team"), exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text(
        zh("%(person)s added to %(team)s.") % {"person": leader.name, "team": TEAM}
    )
    expect(page.locator(f"section#team-{round_.teams.get().pk}")).to_contain_text(leader.name)

    # Assign the team to the target where the leader works: blocked, then overridden.
    page.get_by_role("link", name=zh("Assign a team to targets"), exact=True).click()
    page.get_by_label(label(zh("inspection team"))).select_option(label=TEAM)
    page.get_by_label(target.name, exact=True).check()
    assign = page.get_by_role("button", name=zh("Assign the team to the chosen targets"))
    assign.click()
    block = page.get_by_role("alert").filter(
        has=page.get_by_role("heading", name=zh("Conflict of interest"))
    )
    expect(block).to_contain_text(leader.name)
    expect(block).to_contain_text(zh("works in %(unit)s") % {"unit": target.name})
    assert not Assignment.objects.filter(target=target).exists()

    reason = page.get_by_label(zh("Written reason for overriding the conflict of interest"))
    reason.fill(REASON)
    expect(page.get_by_label(target.name, exact=True)).to_be_checked()
    assign.click()
    page.wait_for_url(re.compile(r"/rounds/\d+/$"))

    assignment = Assignment.objects.get(round=round_, target=target)
    override = RecusalOverride.objects.get(assignment=assignment)
    assert (override.user, override.reason) == (leader.user, REASON)
    page.locator("#board").get_by_role("link", name=target.name, exact=True).click()
    overridden = page.locator("section").filter(
        has=page.get_by_role("heading", name=zh("Conflicts of interest overridden"))
    )
    expect(overridden).to_contain_text(leader.name)
    expect(overridden).to_contain_text(REASON)
    # Chrome logs the refused assignment's 400 answer as a console error; that one is expected.
    assert_clean(page, console_errors=[BAD_REQUEST_LOGGED])
