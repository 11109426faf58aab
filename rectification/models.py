from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from organisations.models import Office
from rounds.models import Assignment, Finding, FindingCategory, Round

USER = settings.AUTH_USER_MODEL


class RectificationPolicy(models.Model):
    """An office's clocks; the defaults are those of the regulations and common practice."""

    office = models.OneToOneField(
        Office,
        on_delete=models.PROTECT,
        related_name="rectification_policy",
        verbose_name=_("office"),
    )
    plan_due_months = models.PositiveSmallIntegerField(
        _("plan due (months after feedback)"), default=1
    )
    # 2015 regulations, Art. 27: report on rectification within two months of feedback.
    report_due_months = models.PositiveSmallIntegerField(
        _("report due (months after feedback)"), default=2
    )
    concentrated_months = models.PositiveSmallIntegerField(
        _("concentrated rectification period (months)"), default=3
    )
    lead_due_months = models.PositiveSmallIntegerField(
        _("leads and special problems settled within (months)"), default=6
    )
    long_term_report_months = models.PositiveSmallIntegerField(
        _("long-term items report every (months)"), default=3
    )
    stale_progress_days = models.PositiveSmallIntegerField(
        _("remind when no progress for (days)"), default=30
    )
    move_weekend_deadlines = models.BooleanField(
        _("move deadlines on a weekend to the next Monday"), default=False
    )
    rounds_may_override = models.BooleanField(_("a round may set its own clocks"), default=False)
    # The 100-point evaluation scheme: each party's weight in the overall score, and the grades.
    weight_superior = models.PositiveSmallIntegerField(
        _("weight of the superior department"), default=30
    )
    weight_discipline = models.PositiveSmallIntegerField(
        _("weight of the resident discipline group"), default=30
    )
    weight_team = models.PositiveSmallIntegerField(_("weight of the inspection team"), default=20)
    weight_office = models.PositiveSmallIntegerField(
        _("weight of the inspection office"), default=20
    )
    excellent_from = models.PositiveSmallIntegerField(_("excellent from (score)"), default=90)
    good_from = models.PositiveSmallIntegerField(_("good from (score)"), default=80)
    fair_from = models.PositiveSmallIntegerField(_("fair from (score)"), default=60)
    # 整改不力: a candidate for a look-back round.
    weak_rate_below = models.PositiveSmallIntegerField(
        _("weak when the rate after the concentrated period is below (%)"), default=80
    )
    weak_returns = models.PositiveSmallIntegerField(
        _("weak when an item was returned at least (times)"), default=2
    )

    history = tracked()

    class Meta:
        verbose_name = _("rectification policy")
        verbose_name_plural = _("rectification policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(plan_due_months__gte=1)
                & Q(report_due_months__gte=F("plan_due_months"))
                & Q(concentrated_months__gte=F("plan_due_months"))
                & Q(long_term_report_months__gte=1),
                name="policy_clocks_in_order",
            ),
            models.CheckConstraint(
                condition=Q(excellent_from__lte=100)
                & Q(excellent_from__gt=F("good_from"))
                & Q(good_from__gt=F("fair_from")),
                name="policy_grades_in_order",
            ),
            models.CheckConstraint(
                condition=Q(weight_superior__gt=0)
                | Q(weight_discipline__gt=0)
                | Q(weight_team__gt=0)
                | Q(weight_office__gt=0),
                name="policy_some_party_weighs",
            ),
            models.CheckConstraint(
                condition=Q(weak_rate_below__lte=100) & Q(weak_returns__gte=1),
                name="policy_weak_thresholds_sane",
            ),
        ]

    def __str__(self):
        return str(self.office)

    def weight_of(self, party):
        return getattr(self, f"weight_{party}")

    def grade_for(self, score):
        grades = Evaluation.Grade
        if score >= self.excellent_from:
            return grades.EXCELLENT
        if score >= self.good_from:
            return grades.GOOD
        if score >= self.fair_from:
            return grades.FAIR
        return grades.POOR


class RoundClocks(models.Model):
    """A round's own clocks, where its office's policy allows rounds to set them."""

    round = models.OneToOneField(
        Round,
        on_delete=models.PROTECT,
        related_name="rectification_clocks",
        verbose_name=_("round"),
    )
    plan_due_months = models.PositiveSmallIntegerField(_("plan due (months after feedback)"))
    report_due_months = models.PositiveSmallIntegerField(_("report due (months after feedback)"))
    concentrated_months = models.PositiveSmallIntegerField(
        _("concentrated rectification period (months)")
    )

    history = tracked()

    class Meta:
        verbose_name = _("clocks of a round")
        verbose_name_plural = _("clocks of rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(plan_due_months__gte=1)
                & Q(report_due_months__gte=F("plan_due_months"))
                & Q(concentrated_months__gte=F("plan_due_months")),
                name="round_clocks_in_order",
            ),
        ]

    def __str__(self):
        return str(self.round)


class RectificationPlan(models.Model):
    """整改方案: the target's measures for its fed-back findings, signed by its top official."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned")

    assignment = models.OneToOneField(
        Assignment,
        on_delete=models.PROTECT,
        related_name="rectification_plan",
        verbose_name=_("assignment"),
    )
    due_on = models.DateField(_("due on"))
    report_due_on = models.DateField(_("rectification report due on"))
    concentrated_until = models.DateField(_("concentrated rectification until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    signed_by_name = models.CharField(_("signed by (top official)"), max_length=50, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_scan = models.FileField(_("signed scan"), upload_to="plans/%Y/", blank=True)
    submitted_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = tracked()

    class Meta:
        verbose_name = _("rectification plan")
        verbose_name_plural = _("rectification plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft"])
                | Q(signed_at__isnull=False, submitted_at__isnull=False) & ~Q(signed_by_name=""),
                name="plan_submitted_is_signed",
            ),
            models.CheckConstraint(
                condition=Q(report_due_on__gte=F("due_on"))
                & Q(concentrated_until__gte=F("due_on")),
                name="plan_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return _("Rectification plan of %(target)s") % {"target": self.assignment.target}


# A plan the unit may still write, and a plan in force: submitted, it stands until the office
# returns it, and its items are worked on.
PLAN_EDITABLE = (RectificationPlan.Status.DRAFT, RectificationPlan.Status.RETURNED)
PLAN_IN_FORCE = (RectificationPlan.Status.SUBMITTED, RectificationPlan.Status.ACCEPTED)


# The measures that can fall overdue: neither closed nor withdrawn, and with an end.
CAN_FALL_OVERDUE = ~Q(status__in=["closed", "withdrawn"]) & ~Q(kind="long_term")


class RectificationItem(models.Model):
    """One measure against one finding, followed until it is verified and closed (销号)."""

    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", _("immediate (立行立改)")
        IN_PERIOD = "in_period", _("within the period")
        LONG_TERM = "long_term", _("long-term (长期坚持)")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        CLAIMED = "claimed", _("claimed done")
        CLOSED = "closed", _("closed")
        RETURNED = "returned", _("returned for rework")
        # Taken out of a plan before it was accepted; kept for the record, counted nowhere.
        WITHDRAWN = "withdrawn", _("withdrawn")

    plan = models.ForeignKey(
        RectificationPlan, on_delete=models.PROTECT, related_name="items", verbose_name=_("plan")
    )
    # The office whose round the plan answers, as on the plan's assignment (fixed with it): an
    # office's measures are listed in deadline order from their own index, where a page read
    # all 42,000 of a province's measures to sort them, or walked every office's.
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="+",
        # The index of the office's live measures by deadline leads with it.
        db_index=False,
        verbose_name=_("office"),
    )
    finding = models.ForeignKey(
        Finding,
        on_delete=models.PROTECT,
        related_name="rectification_items",
        verbose_name=_("finding"),
    )
    measure = models.TextField(_("measure"))
    responsible_unit = models.CharField(_("responsible unit"), max_length=150)
    responsible_person = models.CharField(_("responsible person"), max_length=50)
    deadline = models.DateField(_("deadline"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.IN_PERIOD)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    return_count = models.PositiveSmallIntegerField(_("times returned"), default=0)
    last_progress_at = models.DateTimeField(_("last progress report"), null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = tracked()

    class Meta:
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        ordering = ["plan_id", "deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_by__isnull=False, closed_at__isnull=False)
                | (~Q(status="closed") & Q(closed_at__isnull=True)),
                name="item_closed_iff_closed_at",
            ),
            models.CheckConstraint(
                condition=~Q(kind="long_term") | ~Q(status="claimed"),
                name="item_long_term_never_claimed",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["plan", "status"]),
            # The measures that can fall overdue, by deadline: the overdue ledger and API list
            # read them in that order and stop after a page, instead of sorting a province's
            # 88,000 overdue measures first.
            models.Index(
                fields=["deadline", "id"],
                condition=CAN_FALL_OVERDUE,
                name="item_open_by_deadline",
            ),
            # The same measures by plan: a count of an office's overdue measures starts from
            # its plans and reads only their overdue entries (index only).
            models.Index(
                fields=["plan", "deadline"],
                condition=CAN_FALL_OVERDUE,
                name="item_open_by_plan",
            ),
            # An office's measures by deadline: the ledger and the API list of the office read
            # a page of them in that order and stop. Whole, not only the live ones: the API
            # lists the withdrawn too.
            models.Index(fields=["office", "deadline", "id"], name="item_of_office_by_deadline"),
        ]

    def __str__(self):
        return self.measure[:40]


class ProblemState(models.Model):
    """Where a fed-back problem's live (not withdrawn) measures stand, as
    rectification.progress.problem_state reads it: kept by the services that change measures
    (progress.problem_states_refresh), so that the rates of a province's 20,000 problems read
    one row each instead of every problem's measures. A problem with no live measure has no
    row. Worked out from the measures again whenever they change; their own history is the
    record."""

    finding = models.OneToOneField(
        Finding,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="problem_state",
        verbose_name=_("finding"),
    )
    # The problem's round and category, as on the finding: a term's problems are counted by
    # where they stand from this table's index alone, without looking up a row per problem.
    # Both are fixed once a problem is fed back, and only a fed-back problem has measures.
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        related_name="+",
        # The index below leads with the round.
        db_index=False,
        verbose_name=_("round"),
    )
    category = models.ForeignKey(
        FindingCategory,
        on_delete=models.PROTECT,
        related_name="+",
        # Nothing asks for a category's problems here; the findings' index answers that.
        db_index=False,
        verbose_name=_("category"),
    )
    # The earliest deadline of a measure with an end not yet closed: overdue once it passed.
    open_deadline = models.DateField(_("earliest open deadline"), null=True, blank=True)
    # A measure with an end not yet closed, or a long-term measure never reported on.
    unfinished = models.BooleanField(_("unfinished"))
    # A measure with an end closed after its deadline.
    closed_late = models.BooleanField(_("closed late"))

    class Meta:
        verbose_name = _("problem state")
        verbose_name_plural = _("problem states")
        indexes = [
            # Covers the counts by round and category (PostgreSQL reads them from the index).
            models.Index(
                fields=["round"],
                include=["category", "open_deadline", "unfinished", "closed_late"],
                name="problem_state_by_round",
            ),
        ]

    def __str__(self):
        return str(self.finding_id)


class ProgressReport(models.Model):
    class Kind(models.TextChoices):
        PROGRESS = "progress", _("progress")
        CLAIM = "claim", _("claim of completion")
        PERIODIC = "periodic", _("periodic report (long-term)")

    item = models.ForeignKey(
        RectificationItem,
        on_delete=models.PROTECT,
        related_name="progress_reports",
        verbose_name=_("item"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROGRESS)
    text = models.TextField(_("progress"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = tracked()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["item_id", "created_at"]
        indexes = [models.Index(fields=["item", "created_at"])]

    def __str__(self):
        return self.text[:40]


class ProgressAttachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to="progress/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))

    history = tracked()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class Evaluation(models.Model):
    """One party's rating of an assignment's rectification on the 100-point scheme."""

    class Party(models.TextChoices):
        SUPERIOR_DEPARTMENT = "superior", _("superior department")
        DISCIPLINE_GROUP = "discipline", _("resident discipline group")
        INSPECTION_TEAM = "team", _("inspection team")
        OFFICE = "office", _("inspection office")

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("excellent")
        GOOD = "good", _("good")
        FAIR = "fair", _("fair")
        POOR = "poor", _("poor")

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("assignment"),
    )
    party = models.CharField(_("evaluating party"), max_length=12, choices=Party.choices)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = tracked()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "party"], name="evaluation_one_per_party"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="evaluation_score_0_to_100"
            ),
        ]

    def __str__(self):
        return f"{self.assignment} {self.get_party_display()} {self.score}"


class RectificationReport(models.Model):
    """整改报告: the unit's report on rectification, and its top official's own report."""

    class Kind(models.TextChoices):
        UNIT = "unit", _("rectification report")
        TOP_OFFICIAL = "top_official", _("top official's report")

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.PROTECT,
        related_name="rectification_reports",
        verbose_name=_("assignment"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("text"))
    author_name = models.CharField(_("signed by"), max_length=50)
    signed_on = models.DateField(_("dated"))
    file = models.FileField(_("signed copy"), upload_to="reports/%Y/", blank=True)
    file_content_type = models.CharField(max_length=100, blank=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = tracked()

    class Meta:
        verbose_name = _("rectification report")
        verbose_name_plural = _("rectification reports")
        ordering = ["assignment_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "kind"], name="report_one_per_kind"),
        ]

    def __str__(self):
        return f"{self.assignment} {self.get_kind_display()}"


class Filing(models.Model):
    """备案: the unit's plan or report filed with one of the parties that check rectification."""

    class Document(models.TextChoices):
        PLAN = "plan", _("rectification plan")
        REPORT = "report", _("rectification report")

    class Party(models.TextChoices):
        SUPERVISING_LEADER = "leader", _("supervising leader")
        SUPERIOR_DEPARTMENT = "superior", _("superior department")
        DISCIPLINE_GROUP = "discipline", _("resident discipline group")
        INSPECTION_TEAM = "team", _("inspection team")
        OFFICE = "office", _("inspection office")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="filings", verbose_name=_("assignment")
    )
    document = models.CharField(_("document"), max_length=8, choices=Document.choices)
    party = models.CharField(_("filed with"), max_length=12, choices=Party.choices)
    filed_on = models.DateField(_("filed on"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = tracked()

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        ordering = ["assignment_id", "document", "party"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "document", "party"], name="filing_one_per_party"
            ),
        ]

    def __str__(self):
        return f"{self.get_document_display()} → {self.get_party_display()}"
