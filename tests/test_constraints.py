"""The database's own guards: rows written around the services still obey the model's rules.

Each refused write is wrapped in its own savepoint so the test's transaction stays usable, and
the assertion names the constraint, so a test cannot pass on some other integrity error.
"""

import datetime
from contextlib import contextmanager

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from organisations.models import Office, PastPost, Target
from rectification.models import RectificationItem, RectificationPlan
from rounds.models import Finding, Lead, Round, Team, TeamMembership, Term
from tests import factories

pytestmark = pytest.mark.django_db

Role = TeamMembership.Role


@contextmanager
def violates(constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        yield


# organisations ---------------------------------------------------------------------------


def test_a_target_code_is_unique_per_office():
    target = factories.TargetFactory(code="XZ001")
    with violates("target_code_unique_per_office"):
        Target.objects.create(
            office=target.office, code="XZ001", name="另一镇", category="township"
        )


def test_two_offices_may_use_the_same_target_code():
    factories.TargetFactory(code="XZ001")
    other = factories.TargetFactory(code="XZ001")
    assert other.pk is not None


def test_the_central_office_has_no_parent():
    parent = factories.OfficeFactory(level=Office.Level.PROVINCIAL)
    with violates("office_central_has_no_parent"):
        Office.objects.create(code="ZY", name="中央巡视办", level="central", parent=parent)


def test_a_central_office_without_parent_is_fine():
    assert factories.OfficeFactory(central=True).parent is None


def test_an_office_is_not_its_own_parent():
    office = factories.OfficeFactory()
    with violates("office_not_own_parent"):
        Office.objects.filter(pk=office.pk).update(parent=office)


def test_a_past_post_ends_after_it_starts():
    profile = factories.ProfileFactory()
    with violates("past_post_dates_in_order"):
        PastPost.objects.create(
            profile=profile,
            unit_name="县财政局",
            started_on=datetime.date(2020, 1, 1),
            ended_on=datetime.date(2019, 12, 31),
        )


def test_a_past_post_may_still_be_open():
    post = factories.PastPostFactory(ended_on=None)
    assert post.ended_on is None


def test_a_person_is_liaison_of_a_target_once():
    liaison = factories.LiaisonFactory()
    with violates("liaison_unique_per_target"):
        factories.LiaisonFactory(target=liaison.target, user=liaison.user)


# terms and rounds ------------------------------------------------------------------------


def test_a_term_ends_after_it_starts():
    office = factories.OfficeFactory()
    day = datetime.date(2027, 1, 1)
    with violates("term_dates_in_order"):
        Term.objects.create(office=office, name="第十五届", starts_on=day, ends_on=day)


def test_a_round_ends_on_or_after_its_start():
    term = factories.TermFactory()
    with violates("round_dates_in_order"):
        Round.objects.create(
            office=term.office,
            term=term,
            ordinal=1,
            planned_start=datetime.date(2024, 3, 1),
            planned_end=datetime.date(2024, 2, 29),
        )


def test_a_round_ordinal_is_unique_per_term():
    existing = factories.RoundFactory()
    with violates("round_ordinal_unique_per_term"):
        factories.RoundFactory(term=existing.term, ordinal=existing.ordinal)


def test_a_round_ordinal_is_positive():
    with violates("round_ordinal_positive"):
        factories.RoundFactory(ordinal=0)


def test_a_special_round_has_a_theme():
    with violates("round_special_has_theme"):
        factories.RoundFactory(kind=Round.Kind.SPECIAL, theme="")


def test_a_regular_round_needs_no_theme():
    assert factories.RoundFactory(kind=Round.Kind.REGULAR, theme="").pk is not None


def test_a_team_name_is_unique_per_round():
    team = factories.TeamFactory()
    with violates("team_unique_name_per_round"):
        Team.objects.create(round=team.round, name=team.name)


def test_a_person_is_on_a_team_once():
    membership = factories.TeamMembershipFactory()
    with violates("membership_unique_per_team"):
        factories.TeamMembershipFactory(
            team=membership.team, user=membership.user, role=Role.DEPUTY
        )


def test_a_team_has_one_leader():
    leader = factories.TeamMembershipFactory(role=Role.LEADER)
    with violates("membership_one_leader_per_team"):
        factories.TeamMembershipFactory(team=leader.team, role=Role.LEADER)


def test_a_team_may_have_several_members():
    member = factories.TeamMembershipFactory(role=Role.MEMBER)
    factories.TeamMembershipFactory(team=member.team, role=Role.MEMBER)
    assert member.team.memberships.count() == 2


def test_a_target_is_assigned_once_per_round():
    assignment = factories.AssignmentFactory()
    other_team = factories.TeamFactory(round=assignment.round)
    with violates("assignment_one_per_target_per_round"):
        factories.AssignmentFactory(
            round=assignment.round, team=other_team, target=assignment.target
        )


def test_the_on_site_period_ends_after_it_starts():
    with violates("assignment_on_site_dates_in_order"):
        factories.AssignmentFactory(
            on_site_from=datetime.date(2024, 4, 1), on_site_until=datetime.date(2024, 3, 31)
        )


# findings and leads ----------------------------------------------------------------------


def test_a_finding_number_is_unique_per_assignment():
    finding = factories.FindingFactory()
    with violates("finding_number_unique"):
        factories.FindingFactory(assignment=finding.assignment, number=finding.number)


def test_the_same_finding_number_may_be_used_in_another_assignment():
    finding = factories.FindingFactory()
    assert factories.FindingFactory(number=finding.number).pk is not None


@pytest.mark.parametrize("status", [Finding.Status.SIGNED, Finding.Status.ACCEPTED])
def test_a_signed_finding_has_a_signer(status):
    acceptor = factories.UserFactory()
    with violates("finding_signed_has_signer"):
        factories.FindingFactory(status=status, signed_by=None, accepted_by=acceptor)


def test_an_accepted_finding_has_an_acceptor():
    signer = factories.UserFactory()
    with violates("finding_accepted_has_acceptor"):
        factories.FindingFactory(status=Finding.Status.ACCEPTED, signed_by=signer)


def test_a_fed_back_finding_has_its_feedback():
    signer, acceptor = factories.UserFactory(), factories.UserFactory()
    with violates("finding_fed_back_iff_feedback"):
        factories.FindingFactory(
            status=Finding.Status.FED_BACK, signed_by=signer, accepted_by=acceptor, feedback=None
        )


def test_only_a_fed_back_finding_has_feedback():
    feedback = factories.FeedbackFactory()
    signer, acceptor = factories.UserFactory(), factories.UserFactory()
    with violates("finding_fed_back_iff_feedback"):
        factories.FindingFactory(
            assignment=feedback.assignment,
            status=Finding.Status.ACCEPTED,
            signed_by=signer,
            accepted_by=acceptor,
            feedback=feedback,
        )


def test_a_fed_back_finding_with_signer_acceptor_and_feedback_is_fine():
    feedback = factories.FeedbackFactory()
    finding = factories.FindingFactory(
        assignment=feedback.assignment,
        status=Finding.Status.FED_BACK,
        signed_by=factories.UserFactory(),
        accepted_by=factories.UserFactory(),
        feedback=feedback,
    )
    assert finding.pk is not None


@pytest.mark.parametrize("missing", ["receiving_body", "transferred_on"])
def test_a_transferred_lead_has_a_receiving_body_and_a_date(missing):
    values = {
        "status": Lead.Status.TRANSFERRED,
        "receiving_body": factories.ReceivingBodyFactory(),
        "transferred_on": datetime.date(2024, 7, 20),
    }
    values[missing] = None
    with violates("lead_transferred_has_body_and_date"):
        factories.LeadFactory(**values)


def test_a_lead_outcome_is_not_dated_before_the_transfer():
    with violates("lead_outcome_after_transfer"):
        factories.LeadFactory(
            status=Lead.Status.CASE_OPENED,
            receiving_body=factories.ReceivingBodyFactory(),
            transferred_on=datetime.date(2024, 7, 20),
            outcome_on=datetime.date(2024, 7, 19),
        )


def test_a_lead_number_is_unique_per_assignment():
    lead = factories.LeadFactory()
    with violates("lead_number_unique"):
        factories.LeadFactory(assignment=lead.assignment, number=lead.number)


# rectification ---------------------------------------------------------------------------


@pytest.mark.parametrize("score", [-1, 100.1])
def test_an_evaluation_score_is_between_0_and_100(score):
    with violates("evaluation_score_0_to_100"):
        factories.EvaluationFactory(score=score)


def test_a_party_evaluates_an_assignment_once():
    evaluation = factories.EvaluationFactory()
    with violates("evaluation_one_per_party"):
        factories.EvaluationFactory(assignment=evaluation.assignment, party=evaluation.party)


def test_a_closed_item_has_its_closing_time_and_person():
    with violates("item_closed_iff_closed_at"):
        factories.RectificationItemFactory(status=RectificationItem.Status.CLOSED)


def test_a_closed_item_has_the_person_who_closed_it():
    with violates("item_closed_iff_closed_at"):
        factories.RectificationItemFactory(
            status=RectificationItem.Status.CLOSED, closed_at=timezone.now()
        )


def test_an_open_item_has_no_closing_time():
    with violates("item_closed_iff_closed_at"):
        factories.RectificationItemFactory(
            status=RectificationItem.Status.IN_PROGRESS, closed_at=timezone.now()
        )


def test_a_long_term_item_is_never_claimed_done():
    with violates("item_long_term_never_claimed"):
        factories.RectificationItemFactory(
            kind=RectificationItem.Kind.LONG_TERM, status=RectificationItem.Status.CLAIMED
        )


@pytest.mark.parametrize(
    "unsigned",
    [{"signed_at": None}, {"submitted_at": None}, {"signed_by_name": ""}],
    ids=["no signing time", "no submission time", "no signer"],
)
@pytest.mark.parametrize("status", [RectificationPlan.Status.SUBMITTED, "returned", "accepted"])
def test_a_plan_past_draft_is_signed_and_submitted(status, unsigned):
    values = {
        "status": status,
        "signed_by_name": "张书记",
        "signed_at": timezone.now(),
        "submitted_at": timezone.now(),
        **unsigned,
    }
    with violates("plan_submitted_is_signed"):
        factories.RectificationPlanFactory(**values)


def test_a_draft_plan_needs_no_signature():
    assert factories.RectificationPlanFactory(signed_by_name="").pk is not None


def test_plan_deadlines_do_not_precede_the_plan_deadline():
    with violates("plan_dates_in_order"):
        factories.RectificationPlanFactory(
            due_on=datetime.date(2024, 8, 15), report_due_on=datetime.date(2024, 8, 14)
        )


def test_the_report_clock_is_not_shorter_than_the_plan_clock():
    with violates("policy_clocks_in_order"):
        factories.RectificationPolicyFactory(plan_due_months=2, report_due_months=1)


def test_the_concentrated_period_is_not_shorter_than_the_plan_clock():
    with violates("policy_clocks_in_order"):
        factories.RectificationPolicyFactory(
            plan_due_months=2, report_due_months=2, concentrated_months=1
        )
