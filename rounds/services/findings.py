from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, NotAllowed
from core.history import domain_action
from core.transitions import lock, move
from core.uploads import checked_upload, remember_stored
from organisations.selectors import is_office_staff
from rounds.models import Assignment, Evidence, Finding, TeamMembership
from rounds.selectors import team_role
from rounds.services.access import require_office_staff, require_team_role

Status = Finding.Status
Role = TeamMembership.Role
FILING_PHASES = {Assignment.Phase.ON_SITE, Assignment.Phase.REPORTING}
EDITABLE = {Status.DRAFT, Status.RETURNED}


def _next_number(assignment):
    sequence = assignment.findings.count() + 1
    while True:
        number = f"{assignment.target.code}-{sequence:03d}"
        if not assignment.findings.filter(number=number).exists():
            return number
        sequence += 1


def _require_office_tags(tags, office_id):
    if any(tag.office_id != office_id for tag in tags):
        raise DomainError(_("Choose tags from the office's list."), code="tags")


@domain_action
def finding_draft(
    *,
    assignment,
    by,
    title,
    summary,
    source,
    category,
    severity=Finding.Severity.GENERAL,
    tags=(),
    breached_rule="",
    statements="",
    prepared_on=None,
    number=None,
):
    """经办人编制: a team member opens a working paper while the team is on site or reporting."""
    assignment = lock(assignment)
    require_team_role(by, assignment.team, {Role.LEADER, Role.DEPUTY, Role.MEMBER})
    if assignment.phase not in FILING_PHASES:
        raise DomainError(
            _("Findings are filed on site or while reporting; this assignment is in %(phase)s.")
            % {"phase": assignment.get_phase_display()},
            code="phase",
        )
    if category.office_id != assignment.round.office_id or not category.active:
        raise DomainError(_("Choose a category from the office's taxonomy."), code="category")
    _require_office_tags(tags, assignment.round.office_id)
    if prepared_on and prepared_on > timezone.localdate():
        raise DomainError(_("A working paper cannot be dated in the future."), code="dates")
    number = number or _next_number(assignment)
    if assignment.findings.filter(number=number).exists():
        raise DomainError(
            _("Number %(number)s is already used.") % {"number": number}, code="duplicate"
        )
    finding = Finding.objects.create(
        assignment=assignment,
        number=number,
        title=title,
        summary=summary,
        source=source,
        category=category,
        severity=severity,
        breached_rule=breached_rule,
        statements=statements,
        prepared_by=by,
        prepared_on=prepared_on or timezone.localdate(),
    )
    finding.tags.set(tags)
    return finding


@domain_action
def finding_review(*, finding, by, comment=""):
    """副组长复核: a deputy leader (or the leader) checks the working paper."""
    finding = lock(finding)
    require_team_role(by, finding.assignment.team, {Role.DEPUTY, Role.LEADER})
    return move(
        instance=finding,
        to=Status.REVIEWED,
        allowed_from=EDITABLE,
        by=by,
        comment=comment,
        also={"reviewed_by": by, "reviewed_at": timezone.now()},
    )


@domain_action
def finding_sign(*, finding, by, comment=""):
    """组长审签: only the leader signs."""
    finding = lock(finding)
    require_team_role(by, finding.assignment.team, {Role.LEADER})
    return move(
        instance=finding,
        to=Status.SIGNED,
        allowed_from={Status.REVIEWED},
        by=by,
        comment=comment,
        also={"signed_by": by, "signed_at": timezone.now()},
    )


@domain_action
def finding_accept(*, finding, by, comment=""):
    """The office reviews a signed finding and accepts it for feedback."""
    finding = lock(finding)
    require_office_staff(by, finding.assignment.round.office)
    return move(
        instance=finding,
        to=Status.ACCEPTED,
        allowed_from={Status.SIGNED},
        by=by,
        comment=comment,
        also={"accepted_by": by, "accepted_at": timezone.now()},
    )


@domain_action
def finding_return(*, finding, by, comment):
    """Send a working paper back to its author: each step of the sign-off may return it — the
    deputy (or leader) a draft, the leader a reviewed paper, the office a signed or accepted one."""
    finding = lock(finding)
    if not comment.strip():
        raise DomainError(_("Say what needs rework."), code="comment")
    if finding.status in (Status.SIGNED, Status.ACCEPTED, Status.FED_BACK):
        require_office_staff(by, finding.assignment.round.office)
    elif finding.status == Status.DRAFT:
        require_team_role(by, finding.assignment.team, {Role.DEPUTY, Role.LEADER})
    else:
        require_team_role(by, finding.assignment.team, {Role.LEADER})
    return move(
        instance=finding,
        to=Status.RETURNED,
        allowed_from={Status.DRAFT, Status.REVIEWED, Status.SIGNED, Status.ACCEPTED},
        by=by,
        comment=comment,
        also={
            "reviewed_by": None,
            "reviewed_at": None,
            "signed_by": None,
            "signed_at": None,
            "accepted_by": None,
            "accepted_at": None,
        },
    )


@domain_action
def finding_update(*, finding, by, **fields):
    """The author reworks a working paper while it is a draft or has been returned."""
    finding = lock(finding)
    if finding.prepared_by_id != by.pk:
        raise NotAllowed(_("Only the author of a working paper may change it."))
    if finding.status not in EDITABLE:
        raise DomainError(
            _("The working paper is %(status)s and can no longer be changed.")
            % {"status": finding.get_status_display()},
            code="status",
        )
    category = fields.get("category", finding.category)
    if category.office_id != finding.assignment.round.office_id or not category.active:
        raise DomainError(_("Choose a category from the office's taxonomy."), code="category")
    tags = fields.pop("tags", None)
    if tags is not None:
        _require_office_tags(tags, finding.assignment.round.office_id)
    for name, value in fields.items():
        setattr(finding, name, value)
    finding.save(update_fields=[*fields, "updated_at"])
    if tags is not None:
        finding.tags.set(tags)
    return finding


@domain_action
def evidence_attach(*, finding, by, upload, title, internal=True):
    office = finding.assignment.round.office
    if team_role(by, finding.assignment.team) is None and not is_office_staff(by, office):
        raise NotAllowed(_("Only the team or the office may add evidence."))
    if finding.status == Status.FED_BACK:
        raise DomainError(_("Evidence cannot be added after feedback."), code="status")
    content_type, size = checked_upload(upload)
    evidence = Evidence.objects.create(
        finding=finding,
        title=title or upload.name,
        file=upload,
        content_type=content_type,
        size=size,
        internal=internal,
        uploaded_by=by,
    )
    remember_stored(evidence.file)
    return evidence
