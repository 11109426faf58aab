"""State changes of rounds, teams, assignments, findings, leads and feedback.

Each public function is one domain action in one transaction; each status or phase change has
exactly one function that decides it.
"""

from rounds.services.feedback import (
    feedback_attach_document,
    feedback_document_generate,
    feedback_issue,
    suggestion_add,
)
from rounds.services.findings import (
    evidence_attach,
    finding_accept,
    finding_draft,
    finding_return,
    finding_review,
    finding_sign,
    finding_update,
)
from rounds.services.grants import assignment_grant, assignment_revoke
from rounds.services.leads import (
    lead_record_outcome,
    lead_register,
    lead_transfer,
    lead_view_record,
    lead_views_record,
)
from rounds.services.methods import method_log_add
from rounds.services.planning import (
    assignment_begin_on_site,
    assignment_begin_rectification,
    assignment_begin_reporting,
    assignment_create,
    round_cancel,
    round_complete,
    round_plan,
    round_start,
    team_add_member,
    team_form,
    term_create,
)

__all__ = [
    "assignment_begin_on_site",
    "assignment_begin_rectification",
    "assignment_begin_reporting",
    "assignment_create",
    "assignment_grant",
    "assignment_revoke",
    "evidence_attach",
    "feedback_attach_document",
    "feedback_document_generate",
    "feedback_issue",
    "finding_accept",
    "finding_draft",
    "finding_return",
    "finding_review",
    "finding_sign",
    "finding_update",
    "lead_record_outcome",
    "lead_register",
    "lead_transfer",
    "lead_view_record",
    "lead_views_record",
    "method_log_add",
    "round_cancel",
    "round_complete",
    "round_plan",
    "round_start",
    "suggestion_add",
    "team_add_member",
    "team_form",
    "term_create",
]
