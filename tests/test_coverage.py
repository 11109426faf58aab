import pytest

from coverage.selectors import term_coverage
from rounds.models import Assignment
from tests import factories

pytestmark = pytest.mark.django_db
Phase = Assignment.Phase


@pytest.fixture
def term():
    return factories.TermFactory()


def assign(term, phase, **target_fields):
    round_ = factories.RoundFactory(term=term, office=term.office)
    target = factories.TargetFactory(office=term.office, **target_fields)
    return factories.AssignmentFactory(round=round_, target=target, phase=phase)


def test_a_target_counts_as_covered_once_a_team_is_on_site(term):
    assign(term, Phase.ON_SITE)
    assert term_coverage(term=term).covered == 1


def test_a_target_still_in_preparation_is_not_covered(term):
    assign(term, Phase.PREPARATION)
    coverage = term_coverage(term=term)
    assert (coverage.targets, coverage.covered) == (1, 0)


def test_only_closed_assignments_count_as_effective_coverage(term):
    assign(term, Phase.CLOSED)
    assign(term, Phase.RECTIFICATION)
    coverage = term_coverage(term=term)
    assert (coverage.covered, coverage.effectively_covered) == (2, 1)


def test_inactive_targets_are_outside_the_duty(term):
    assign(term, Phase.ON_SITE, active=False)
    factories.TargetFactory(office=term.office)
    coverage = term_coverage(term=term)
    assert (coverage.targets, coverage.covered) == (1, 0)


def test_a_target_inspected_twice_counts_once(term):
    first = assign(term, Phase.CLOSED)
    again = factories.RoundFactory(term=term, office=term.office)
    factories.AssignmentFactory(round=again, target=first.target, phase=Phase.ON_SITE)
    assert term_coverage(term=term).covered == 1


def test_an_inspection_in_another_term_does_not_cover(term):
    other_term = factories.TermFactory(office=term.office)
    target = assign(term, Phase.PREPARATION).target
    factories.AssignmentFactory(
        round=factories.RoundFactory(term=other_term, office=term.office),
        target=target,
        phase=Phase.CLOSED,
    )
    assert term_coverage(term=term).covered == 0


def test_the_rate_is_the_share_of_covered_targets(term):
    assign(term, Phase.ON_SITE)
    factories.TargetFactory(office=term.office)
    assert term_coverage(term=term).rate == 0.5


def test_coverage_takes_one_query_whatever_the_number_of_targets(term, django_assert_num_queries):
    for _ in range(5):
        assign(term, Phase.ON_SITE)
    with django_assert_num_queries(1):
        term_coverage(term=term)
