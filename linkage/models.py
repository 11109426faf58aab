"""报备: a lower office files its term plan, annual plans and round summaries with the office
directly above it, which acknowledges or returns them.

A returned filing is updated in place and resubmitted: one row per (office, kind, term / year /
round) carries the filing through its life, its history (django-simple-history) keeps every
version of the text, the figures and the document, and `StatusChange` records each return and
resubmission with its comment. The upper office thus always looks at one live filing, and the
unique constraints below hold for every row.
"""

import calendar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from organisations.models import Office
from rounds.models import Round, Term

USER = settings.AUTH_USER_MODEL


class UpwardFiling(models.Model):
    class Kind(models.TextChoices):
        TERM_PLAN = "term_plan", _("term plan (届内巡视巡察工作规划)")
        ANNUAL_PLAN = "annual_plan", _("annual plan (年度计划)")
        ROUND_SUMMARY = "round_summary", _("round summary (轮次工作总结)")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        RETURNED = "returned", _("returned")

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="upward_filings", verbose_name=_("office")
    )
    filed_with = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="filings_received",
        verbose_name=_("filed with"),
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="upward_filings", verbose_name=_("term")
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="upward_filings",
        verbose_name=_("round"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    # Plans
    targets_planned = models.PositiveIntegerField(_("targets planned"), null=True, blank=True)
    rounds_planned = models.PositiveSmallIntegerField(_("rounds planned"), null=True, blank=True)
    # Round summaries
    targets_inspected = models.PositiveIntegerField(_("targets inspected"), null=True, blank=True)
    problems_found = models.PositiveIntegerField(_("problems found"), null=True, blank=True)
    leads_transferred = models.PositiveIntegerField(_("leads transferred"), null=True, blank=True)
    document = models.FileField(_("document"), upload_to="filings/%Y/")
    document_content_type = models.CharField(max_length=100)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewed_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = tracked()

    class Meta:
        verbose_name = _("filing with the office above")
        verbose_name_plural = _("filings with the office above")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "term"],
                condition=Q(kind="term_plan"),
                name="upward_filing_one_term_plan",
            ),
            models.UniqueConstraint(
                fields=["office", "year"],
                condition=Q(kind="annual_plan"),
                name="upward_filing_one_annual_plan",
            ),
            models.UniqueConstraint(
                fields=["office", "round"],
                condition=Q(kind="round_summary"),
                name="upward_filing_one_round_summary",
            ),
            models.CheckConstraint(
                condition=~Q(filed_with=F("office")), name="upward_filing_not_with_itself"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="term_plan", round__isnull=True, year__isnull=True)
                    | Q(kind="annual_plan", round__isnull=True, year__isnull=False)
                    | Q(kind="round_summary", round__isnull=False, year__isnull=True)
                ),
                name="upward_filing_kind_fields",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="round_summary")
                    | Q(targets_planned__isnull=False, rounds_planned__isnull=False)
                )
                & (
                    ~Q(kind="round_summary")
                    | Q(
                        targets_inspected__isnull=False,
                        problems_found__isnull=False,
                        leads_transferred__isnull=False,
                    )
                ),
                name="upward_filing_kind_figures",
            ),
            models.CheckConstraint(
                condition=Q(status="submitted")
                | Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="upward_filing_reviewed_has_reviewer",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(review_comment=""),
                name="upward_filing_returned_has_comment",
            ),
            models.CheckConstraint(condition=~Q(document=""), name="upward_filing_has_document"),
        ]
        indexes = [
            models.Index(fields=["filed_with", "status", "due_on"]),
            models.Index(fields=["office", "kind"]),
        ]

    def __str__(self):
        return f"{self.office} · {self.get_kind_display()} · {self.period_label}"

    @property
    def period_label(self):
        if self.kind == self.Kind.ROUND_SUMMARY:
            return str(self.round)
        if self.kind == self.Kind.ANNUAL_PLAN:
            return f"{self.term} · {self.year}"
        return str(self.term)


class FilingPolicy(models.Model):
    """When the offices below an office must file with it (报备时限). The office above sets them;
    the defaults apply where it has not. Changing them moves the due dates of filings still to
    come; a filing keeps the due date it was submitted under."""

    office = models.OneToOneField(
        Office, on_delete=models.PROTECT, related_name="filing_policy", verbose_name=_("office")
    )
    term_plan_days = models.PositiveSmallIntegerField(
        _("term plan due (days after the term starts)"), default=90
    )
    annual_plan_month = models.PositiveSmallIntegerField(_("annual plan due (month)"), default=1)
    annual_plan_day = models.PositiveSmallIntegerField(_("annual plan due (day)"), default=31)
    round_summary_days = models.PositiveSmallIntegerField(
        _("round summary due (days after the round's planned end)"), default=30
    )

    history = tracked()

    class Meta:
        verbose_name = _("filing deadlines")
        verbose_name_plural = _("filing deadlines")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_plan_days__gte=1, term_plan_days__lte=366),
                name="filing_policy_term_plan_days",
            ),
            models.CheckConstraint(
                condition=Q(round_summary_days__gte=1, round_summary_days__lte=366),
                name="filing_policy_round_summary_days",
            ),
            models.CheckConstraint(
                condition=Q(annual_plan_month__gte=1, annual_plan_month__lte=12)
                & Q(annual_plan_day__gte=1, annual_plan_day__lte=31),
                name="filing_policy_annual_plan_date",
            ),
        ]

    def __str__(self):
        return str(self.office)

    def clean(self):
        month, day = self.annual_plan_month, self.annual_plan_day
        # 29 February is refused: a plan would be due on a day most years do not have.
        if month and day and not 1 <= day <= calendar.monthrange(2025, month)[1]:
            raise ValidationError(
                {"annual_plan_day": _("That day does not exist in the month chosen.")},
                code="invalid_date",
            )
