"""Checks on rectification: reports, filings, evaluation, and look-back candidates."""


def panel_context(user, assignment):
    """What the assignment's rectification page shows of the checks (see checks/panel.html)."""
    return {}
