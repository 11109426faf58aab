"""指导督导: an upper inspection office's guidance and supervision visits to an office below it,
the problems it found there and the lower office's follow-up.

A visit belongs to the office that made it; the visited office is strictly below it (the
service walks the hierarchy; the database can only refuse a visit to the office itself). Each
finding is followed up on its own: the lower office reports what it did (one row per report,
kept like progress reports), and the upper office closes the finding or returns it with a
comment, after which the lower office reports again.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from organisations.models import Office
from rounds.models import Round

USER = settings.AUTH_USER_MODEL


class SupervisionVisit(models.Model):
    class Kind(models.TextChoices):
        GUIDANCE = "guidance", _("guidance (指导)")
        SUPERVISION = "supervision", _("supervision (督导)")
        SPOT_CHECK = "spot_check", _("spot check (抽查)")
        # The regulations' practice: a return visit checks what an earlier visit asked for.
        RETURN_VISIT = "return_visit", _("return visit (回访)")

    upper_office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="supervision_visits_made",
        verbose_name=_("visiting office"),
    )
    lower_office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="supervision_visits_received",
        verbose_name=_("office visited"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    subject = models.CharField(_("subject"), max_length=200)
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_visits",
        verbose_name=_("round of the office visited"),
    )
    members = models.ManyToManyField(
        USER, related_name="supervision_visits", verbose_name=_("who went")
    )
    summary = models.TextField(_("summary"))
    document = models.FileField(_("document"), upload_to="supervision/%Y/", blank=True)
    document_name = models.CharField(_("document name"), max_length=200, blank=True)
    document_content_type = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = tracked(m2m_fields=[members])

    class Meta:
        verbose_name = _("guidance and supervision visit")
        verbose_name_plural = _("guidance and supervision visits")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(lower_office=F("upper_office")),
                name="supervision_visit_not_to_itself",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="supervision_visit_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(document="") | ~Q(document_content_type=""),
                name="supervision_visit_document_typed",
            ),
        ]
        indexes = [
            models.Index(fields=["upper_office", "starts_on"]),
            models.Index(fields=["lower_office", "starts_on"]),
            models.Index(fields=["kind", "starts_on"]),
        ]

    def __str__(self):
        return self.subject


class SupervisionFinding(models.Model):
    class Category(models.TextChoices):
        POLITICAL_FOCUS = "political_focus", _("political focus not precise (政治定位)")
        COVERAGE = "coverage", _("coverage not on pace (全覆盖进度)")
        SHALLOW = "shallow", _("problems not found or not deep (发现问题不深不透)")
        RECTIFICATION = "rectification", _("rectification not followed up (整改督促不力)")
        LEADS = "leads", _("leads not transferred (线索移交)")
        TEAM = "team", _("team formation and management (队伍建设)")
        STANDARDS = "standards", _("work not done to standard (规范化建设)")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        REPORTED = "reported", _("follow-up reported")
        RETURNED = "returned", _("returned")
        CLOSED = "closed", _("closed")

    visit = models.ForeignKey(
        SupervisionVisit,
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name=_("visit"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    description = models.TextField(_("description"))
    requirement = models.TextField(_("what is required"), blank=True)
    due_on = models.DateField(_("follow-up due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    return_count = models.PositiveSmallIntegerField(_("times returned"), default=0)
    review_comment = models.TextField(_("comment of the visiting office"), blank=True)
    closed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = tracked()

    class Meta:
        verbose_name = _("finding of a supervision visit")
        verbose_name_plural = _("findings of supervision visits")
        ordering = ["visit_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "number"], name="supervision_finding_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="supervision_finding_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_by__isnull=False, closed_at__isnull=False)
                | (~Q(status="closed") & Q(closed_by__isnull=True, closed_at__isnull=True)),
                name="supervision_finding_closed_iff_closed_at",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | (~Q(review_comment="") & Q(return_count__gte=1)),
                name="supervision_finding_returned_has_comment",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["visit", "status"]),
        ]

    def __str__(self):
        return _("Finding %(number)s of %(visit)s") % {"number": self.number, "visit": self.visit}


class SupervisionFollowUp(models.Model):
    """What the visited office reports it did about one finding; every report is kept."""

    finding = models.ForeignKey(
        SupervisionFinding,
        on_delete=models.PROTECT,
        related_name="followups",
        verbose_name=_("finding"),
    )
    text = models.TextField(_("what was done"))
    attachment = models.FileField(_("attachment"), upload_to="supervision/%Y/%m/", blank=True)
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True)
    attachment_content_type = models.CharField(max_length=100, blank=True)
    attachment_size = models.PositiveBigIntegerField(null=True, blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = tracked()

    class Meta:
        verbose_name = _("follow-up report")
        verbose_name_plural = _("follow-up reports")
        ordering = ["finding_id", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attachment="")
                | (~Q(attachment_content_type="") & Q(attachment_size__isnull=False)),
                name="supervision_followup_attachment_typed",
            ),
        ]
        indexes = [models.Index(fields=["finding", "created_at"])]

    def __str__(self):
        return self.text[:40]
