from organisations.selectors import is_liaison, is_office_staff


def may_write_plan(user, assignment):
    """The unit's liaison writes the plan and reports; the office may do it on its behalf."""
    return is_liaison(user, assignment.target) or is_office_staff(user, assignment.round.office)
