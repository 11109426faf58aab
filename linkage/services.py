"""报备: state changes of the filings a lower office makes with the office directly above it.

Each public function is one domain action in one transaction. The lower office's staff submit
and resubmit; the upper office's staff acknowledge or return. A returned filing is corrected in
place and resubmitted (see linkage.models): its history keeps every earlier version.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, NotAllowed
from core.history import domain_action
from core.transitions import lock, move
from core.uploads import checked_upload, remember_stored
from linkage import policy
from linkage.models import FilingPolicy, UpwardFiling
from organisations.selectors import is_office_staff
from rounds.models import Round

Kind = UpwardFiling.Kind
Status = UpwardFiling.Status

PLAN_FIGURES = ("targets_planned", "rounds_planned")
SUMMARY_FIGURES = ("targets_inspected", "problems_found", "leads_transferred")
ALL_FIGURES = PLAN_FIGURES + SUMMARY_FIGURES


def figures_of(kind):
    return SUMMARY_FIGURES if kind == Kind.ROUND_SUMMARY else PLAN_FIGURES


def _require_staff(user, office):
    if not is_office_staff(user, office):
        raise NotAllowed(_("Only staff of %(office)s may do this.") % {"office": office})


def _content(kind, *, title, summary, figures):
    """The text and the kind's figures, checked; the other kind's figures are left empty."""
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title:
        raise DomainError(_("Give the filing a title."), code="title")
    if not summary:
        raise DomainError(_("Summarise what is filed."), code="summary")
    values = {"title": title, "summary": summary}
    labels = {name: UpwardFiling._meta.get_field(name).verbose_name for name in ALL_FIGURES}
    for name in ALL_FIGURES:
        value = figures.get(name) if name in figures_of(kind) else None
        if name in figures_of(kind):
            if value is None:
                raise DomainError(
                    _("Fill in the %(figure)s.") % {"figure": labels[name]}, code=name
                )
            if value < 0:
                raise DomainError(
                    _("The %(figure)s cannot be negative.") % {"figure": labels[name]}, code=name
                )
        values[name] = value
    return values


def _period(office, kind, *, term, round_, year, deadlines):
    """The term, round and year the filing is about, and its due date, checked for the kind."""
    if kind == Kind.ROUND_SUMMARY:
        if round_ is None:
            raise DomainError(_("Choose the round the summary is about."), code="round")
        if round_.office_id != office.pk:
            raise DomainError(_("The round is not one of your office's rounds."), code="round")
        if round_.status == Round.Status.CANCELLED:
            raise DomainError(_("A cancelled round has no summary to file."), code="round")
        return {
            "term": round_.term,
            "round": round_,
            "year": None,
            "due_on": policy.round_summary_due(round_, deadlines),
        }
    if term is None:
        raise DomainError(_("Choose the term the plan is for."), code="term")
    if term.office_id != office.pk:
        raise DomainError(_("The term is not one of your office's terms."), code="term")
    if kind == Kind.TERM_PLAN:
        return {
            "term": term,
            "round": None,
            "year": None,
            "due_on": policy.term_plan_due(term, deadlines),
        }
    if year is None:
        raise DomainError(_("Give the year of the annual plan."), code="year")
    if not term.starts_on.year <= year <= term.ends_on.year:
        raise DomainError(
            _("The year %(year)s is outside the term %(term)s.") % {"year": year, "term": term},
            code="year",
        )
    return {
        "term": term,
        "round": None,
        "year": year,
        "due_on": policy.annual_plan_due(term, year, deadlines),
    }


def _already_filed(office, kind, period):
    key = {
        Kind.TERM_PLAN: {"term": period["term"]},
        Kind.ANNUAL_PLAN: {"year": period["year"]},
        Kind.ROUND_SUMMARY: {"round": period["round"]},
    }[kind]
    return UpwardFiling.objects.filter(office=office, kind=kind, **key).first()


@domain_action
def filing_submit(
    *, office, by, kind, title, summary, document, term=None, round_=None, year=None, figures=None
):
    """报备: file a plan or a summary with the office directly above."""
    # One submission at a time per office, so two at once cannot both pass the check below.
    office = lock(office)
    _require_staff(by, office)
    if office.parent_id is None:
        raise DomainError(
            _("%(office)s has no office above it to file with.") % {"office": office},
            code="parent",
        )
    if kind not in Kind.values:
        raise DomainError(_("Choose what is filed."), code="kind")
    period = _period(
        office,
        kind,
        term=term,
        round_=round_,
        year=year,
        deadlines=policy.policy_of_filer(office),
    )
    existing = _already_filed(office, kind, period)
    if existing is not None:
        raise DomainError(
            _("This was already filed on %(date)s (%(status)s); it cannot be filed twice.")
            % {
                "date": timezone.localdate(existing.submitted_at).isoformat(),
                "status": existing.get_status_display(),
            },
            code="duplicate",
        )
    values = _content(kind, title=title, summary=summary, figures=figures or {})
    if document is None:
        raise DomainError(_("Attach the signed document."), code="upload")
    content_type, _size = checked_upload(document)
    filing = UpwardFiling.objects.create(
        office=office,
        filed_with_id=office.parent_id,
        kind=kind,
        **period,
        **values,
        document=document,
        document_content_type=content_type,
        submitted_by=by,
        submitted_at=timezone.now(),
    )
    remember_stored(filing.document)
    return filing


@domain_action
def filing_acknowledge(*, filing, by, comment=""):
    """The office above acknowledges receipt (已备案): the filing is complete."""
    filing = lock(filing)
    _require_staff(by, filing.filed_with)
    return move(
        instance=filing,
        to=Status.ACKNOWLEDGED,
        allowed_from={Status.SUBMITTED},
        by=by,
        comment=comment.strip(),
        also={"reviewed_by": by, "reviewed_at": timezone.now(), "review_comment": comment.strip()},
    )


@domain_action
def filing_return(*, filing, by, comment):
    """The office above returns the filing for correction, saying what must change."""
    filing = lock(filing)
    _require_staff(by, filing.filed_with)
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(_("Say what the filing must change."), code="comment")
    return move(
        instance=filing,
        to=Status.RETURNED,
        allowed_from={Status.SUBMITTED},
        by=by,
        comment=comment,
        also={"reviewed_by": by, "reviewed_at": timezone.now(), "review_comment": comment},
    )


@domain_action
def filing_resubmit(*, filing, by, title, summary, figures=None, document=None, comment=""):
    """Correct a returned filing and submit it again; without a new document the previous one
    stands. The return's comment stays in the history."""
    filing = lock(filing)
    _require_staff(by, filing.office)
    values = _content(filing.kind, title=title, summary=summary, figures=figures or {})
    if document is not None:
        values["document_content_type"], _size = checked_upload(document)
        values["document"] = document
    values |= {
        "submitted_by": by,
        "submitted_at": timezone.now(),
        "reviewed_by": None,
        "reviewed_at": None,
        "review_comment": "",
    }
    filing = move(
        instance=filing,
        to=Status.SUBMITTED,
        allowed_from={Status.RETURNED},
        by=by,
        comment=(comment or "").strip(),
        also=values,
    )
    if document is not None:
        remember_stored(filing.document)
    return filing


DEADLINE_FIELDS = ("term_plan_days", "annual_plan_month", "annual_plan_day", "round_summary_days")


@domain_action
def filing_deadlines_set(*, office, by, **deadlines):
    """The office sets when the offices below it must file with it."""
    office = lock(office)
    _require_staff(by, office)
    current = FilingPolicy.objects.filter(office=office).first() or FilingPolicy(office=office)
    for name in DEADLINE_FIELDS:
        setattr(current, name, deadlines[name])
    try:
        current.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], code=field) from error
    current.save()
    return current
