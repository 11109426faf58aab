"""指导督导: state changes of guidance and supervision visits and their findings.

Each public function is one domain action in one transaction. The visiting office's staff record
a visit, correct it while none of its findings is closed, add findings, and close or return the
follow-up; the visited office's staff report follow-up. The leadership groups only read. Which
status a step moves from and to is decided in supervision.policy.
"""

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, NotAllowed
from core.history import domain_action
from core.transitions import lock, move
from core.uploads import checked_upload, remember_stored
from organisations.models import Profile
from organisations.selectors import is_office_staff
from supervision import policy
from supervision.models import SupervisionFinding, SupervisionFollowUp, SupervisionVisit
from supervision.selectors import offices_below

Kind = SupervisionVisit.Kind
Category = SupervisionFinding.Category


def _require_staff(user, office):
    if not is_office_staff(user, office):
        raise NotAllowed(_("Only staff of %(office)s may do this.") % {"office": office})


def _name(user):
    profile = getattr(user, "profile", None)
    return profile.name if profile is not None else user.get_username()


def _require_side(user, visit, step):
    _require_staff(user, policy.office_of_side(visit, step.by_side))


def _visit_fields(
    upper_office, lower_office, *, kind, starts_on, ends_on, subject, summary, members, round_
):
    """The visit's fields, checked; raises DomainError with the field at fault as its code."""
    if kind not in Kind.values:
        raise DomainError(_("Choose the kind of visit."), code="kind")
    if starts_on is None:
        raise DomainError(_("Give the first day of the visit."), code="starts_on")
    if ends_on is None:
        raise DomainError(_("Give the last day of the visit."), code="ends_on")
    if ends_on < starts_on:
        raise DomainError(_("The visit cannot end before it starts."), code="ends_on")
    if starts_on > timezone.localdate():
        raise DomainError(_("A visit is recorded once it has begun."), code="starts_on")
    subject, summary = (subject or "").strip(), (summary or "").strip()
    if not subject:
        raise DomainError(_("Say what the visit was about."), code="subject")
    if not summary:
        raise DomainError(_("Summarise what the visit found."), code="summary")
    if round_ is not None and round_.office_id != lower_office.pk:
        raise DomainError(
            _("The round is not one of %(office)s's rounds.") % {"office": lower_office},
            code="round",
        )
    members = list(members or ())
    if not members:
        raise DomainError(_("Choose who went on the visit."), code="members")
    of_office = set(
        Profile.objects.filter(
            user__in=members, office=upper_office, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    strangers = [member for member in members if member.pk not in of_office]
    if strangers:
        raise DomainError(
            _("Only people of %(office)s can have gone on its visit: %(names)s.")
            % {"office": upper_office, "names": "、".join(_name(person) for person in strangers)},
            code="members",
        )
    fields = {
        "kind": kind,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "subject": subject,
        "summary": summary,
        "round": round_,
    }
    return fields, members


def _document_fields(document):
    content_type, _size = checked_upload(document)
    return {
        "document": document,
        "document_name": document.name[:200],
        "document_content_type": content_type,
    }


@domain_action
def visit_record(
    *,
    upper_office,
    by,
    lower_office,
    kind,
    starts_on,
    ends_on,
    subject,
    summary,
    members,
    round_=None,
    document=None,
):
    """Record a visit to an office strictly below the recording office, with who went."""
    _require_staff(by, upper_office)
    if lower_office is None:
        raise DomainError(_("Choose the office visited."), code="lower_office")
    if not offices_below(upper_office.pk).filter(pk=lower_office.pk).exists():
        raise DomainError(
            _("%(lower)s is not an office below %(upper)s.")
            % {"lower": lower_office, "upper": upper_office},
            code="lower_office",
        )
    fields, members = _visit_fields(
        upper_office,
        lower_office,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        subject=subject,
        summary=summary,
        members=members,
        round_=round_,
    )
    if document is not None:
        fields |= _document_fields(document)
    visit = SupervisionVisit.objects.create(
        upper_office=upper_office, lower_office=lower_office, recorded_by=by, **fields
    )
    visit.members.set(members)
    if document is not None:
        remember_stored(visit.document)
    return visit


@domain_action
def visit_update(
    *, visit, by, kind, starts_on, ends_on, subject, summary, members, round_=None, document=None
):
    """Correct a visit's record; without a new document the previous one stands. Once one of
    its findings is closed the record stands as it was judged."""
    visit = lock(visit)
    _require_staff(by, visit.upper_office)
    if visit.findings.filter(status=policy.VISIT_FROZEN_BY).exists():
        raise DomainError(
            _("A finding of this visit is closed; the visit's record can no longer change."),
            code="frozen",
        )
    fields, members = _visit_fields(
        visit.upper_office,
        visit.lower_office,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        subject=subject,
        summary=summary,
        members=members,
        round_=round_,
    )
    early = visit.findings.filter(due_on__lt=fields["starts_on"]).order_by("due_on").first()
    if early is not None:
        raise DomainError(
            _("Finding %(number)s is due before the visit would start.") % {"number": early.number},
            code="starts_on",
        )
    if document is not None:
        fields |= _document_fields(document)
    for name, value in fields.items():
        setattr(visit, name, value)
    visit.save(update_fields=[*fields, "updated_at"])
    visit.members.set(members)
    if document is not None:
        remember_stored(visit.document)
    return visit


@domain_action
def finding_add(*, visit, by, category, description, due_on, requirement=""):
    """Record a problem the visit found, with the date the visited office must follow up by."""
    # The visit's row is locked so two findings added at once get different numbers.
    visit = lock(visit)
    _require_staff(by, visit.upper_office)
    if category not in Category.values:
        raise DomainError(_("Choose the category of the finding."), code="category")
    description = (description or "").strip()
    if not description:
        raise DomainError(_("Describe the problem found."), code="description")
    if due_on is None:
        raise DomainError(_("Give the date the follow-up is due."), code="due_on")
    if due_on < visit.starts_on:
        raise DomainError(
            _("The follow-up cannot be due before the visit started (%(date)s).")
            % {"date": visit.starts_on.isoformat()},
            code="due_on",
        )
    last = visit.findings.aggregate(last=Max("number"))["last"] or 0
    return SupervisionFinding.objects.create(
        visit=visit,
        number=last + 1,
        category=category,
        description=description,
        requirement=(requirement or "").strip(),
        due_on=due_on,
        created_by=by,
    )


def _locked_finding(finding):
    return (
        SupervisionFinding.objects.select_for_update(of=("self",))
        .select_related("visit__upper_office", "visit__lower_office")
        .get(pk=finding.pk)
    )


@domain_action
def followup_report(*, finding, by, text, attachment=None):
    """The visited office reports what it did about a finding; the report is kept as a row and
    the finding waits for the visiting office's decision."""
    finding = _locked_finding(finding)
    _require_side(by, finding.visit, policy.REPORT)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write what was done."), code="text")
    attached = {}
    if attachment is not None:
        content_type, size = checked_upload(attachment)
        attached = {
            "attachment": attachment,
            "attachment_name": attachment.name[:200],
            "attachment_content_type": content_type,
            "attachment_size": size,
        }
    # The status first: a refused step writes no report and stores no file.
    move(
        instance=finding,
        to=policy.REPORT.to,
        allowed_from=policy.REPORT.allowed_from,
        by=by,
    )
    report = SupervisionFollowUp.objects.create(finding=finding, text=text, by=by, **attached)
    if attachment is not None:
        remember_stored(report.attachment)
    return report


@domain_action
def finding_close(*, finding, by, comment=""):
    """The visiting office is satisfied with the follow-up and closes the finding."""
    # The visit first, as visit_update locks it: a correction and a closure never cross.
    SupervisionVisit.objects.select_for_update().get(pk=finding.visit_id)
    finding = _locked_finding(finding)
    _require_side(by, finding.visit, policy.CLOSE)
    comment = (comment or "").strip()
    return move(
        instance=finding,
        to=policy.CLOSE.to,
        allowed_from=policy.CLOSE.allowed_from,
        by=by,
        comment=comment,
        also={"closed_by": by, "closed_at": timezone.now(), "review_comment": comment},
    )


@domain_action
def finding_return(*, finding, by, comment):
    """The visiting office returns the follow-up, saying what is still missing."""
    finding = _locked_finding(finding)
    _require_side(by, finding.visit, policy.RETURN)
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(_("Say what the follow-up still lacks."), code="comment")
    return move(
        instance=finding,
        to=policy.RETURN.to,
        allowed_from=policy.RETURN.allowed_from,
        by=by,
        comment=comment,
        also={"return_count": finding.return_count + 1, "review_comment": comment},
    )
