from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import validate_comma_separated_integer_list
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from organisations.models import Office

USER = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    ITEM_DUE = "item_due", _("rectification item due")
    ITEM_OVERDUE = "item_overdue", _("rectification item overdue")
    ITEM_ESCALATED = "item_escalated", _("rectification item long overdue")
    ITEM_STALE = "item_stale", _("no progress reported")
    PERIODIC_REPORT_DUE = "periodic_due", _("periodic report of a long-term item due")
    PLAN_DUE = "plan_due", _("rectification plan due")
    PLAN_OVERDUE = "plan_overdue", _("rectification plan overdue")
    REPORT_DUE = "report_due", _("rectification report due")
    REPORT_OVERDUE = "report_overdue", _("rectification report overdue")
    ON_SITE_ENDS = "on_site_ends", _("on-site period ends")
    INSPECTION_REPORT_DUE = "team_report_due", _("inspection report due")
    FEEDBACK_DUE = "feedback_due", _("feedback due")
    ROUND_ENDS = "round_ends", _("round ends")
    COVERAGE_GAP = "coverage_gap", _("targets not yet covered in the term")
    LEAD_OVERDUE = "lead_overdue", _("lead without an outcome")
    FILING_DUE = "filing_due", _("filing with the office above due")
    FILING_OVERDUE = "filing_overdue", _("filing with the office above overdue")
    ANNUAL_PLAN_DUE = "annual_plan_due", _("annual plan due with the office above")
    ANNUAL_PLAN_LATE = "annual_plan_late", _("annual plan overdue with the office above")
    FOLLOW_UP_DUE = "follow_up_due", _("follow-up of a supervision finding due")
    FOLLOW_UP_OVERDUE = "follow_up_late", _("follow-up of a supervision finding overdue")


# Kinds reminded ahead of a date, whose threshold counts the days left; DATED kinds are reminded
# both ahead of their date (a threshold of 0 or more) and after it (below 0).
AHEAD = {
    Kind.ITEM_DUE,
    Kind.PLAN_DUE,
    Kind.REPORT_DUE,
    Kind.ON_SITE_ENDS,
    Kind.ROUND_ENDS,
    Kind.FILING_DUE,
    Kind.FOLLOW_UP_DUE,
}
DATED = {Kind.INSPECTION_REPORT_DUE, Kind.FEEDBACK_DUE}
LATE = {
    Kind.ITEM_OVERDUE,
    Kind.ITEM_ESCALATED,
    Kind.PLAN_OVERDUE,
    Kind.REPORT_OVERDUE,
    Kind.LEAD_OVERDUE,
    Kind.FILING_OVERDUE,
    Kind.ANNUAL_PLAN_LATE,
    Kind.FOLLOW_UP_OVERDUE,
}


class Reminder(models.Model):
    """One notice to one person that one thing crossed one threshold.

    The unique constraint is what makes every sweep idempotent: running it twice, in two
    workers at once, or again after a crash inserts each reminder once. `threshold` is in days:
    before the date when positive, on the day when 0, after it when negative; kinds that are
    not about a date count something else (the quarter of a periodic report, the day the last
    progress was reported).
    """

    # No index of their own: the recipient's reminders are found by the index on (recipient,
    # created_at), and nothing asks for the reminders of a type alone. Each index is written for
    # every reminder a sweep makes, millions on a nation's first day.
    recipient = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        related_name="reminders",
        verbose_name=_("recipient"),
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # No foreign key in the database: each one made every insert take a share lock on one of
    # the few content-type rows, the same row for every reminder of a kind, and that lock cost
    # more than the rest of the insert (a nation's first sweep: 14 million of them, two
    # workers at once). The subject's id has none either; Django still refuses to delete a
    # content type that reminders name.
    subject_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    subject_id = models.PositiveBigIntegerField()
    threshold = models.IntegerField(_("threshold"))
    due_on = models.DateField(_("due on"))
    # Written when the reminder is made, so the notification centre needs no join per row and
    # never shows more than the recipient was allowed to see at that moment.
    summary = models.CharField(_("about"), max_length=200)
    link = models.CharField(max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Led by the subject, so that it also answers what every rule asks before making a
            # reminder: has this subject been reminded of this kind (at this threshold, or since
            # a moment)? An index of its own for that question was the costliest of the
            # table's to write.
            models.UniqueConstraint(
                fields=["subject_id", "kind", "threshold", "subject_type", "recipient"],
                name="reminder_once_per_threshold",
            ),
        ]
        indexes = [
            # The notification centre and the API: a person's reminders, newest first.
            models.Index(fields=["recipient", "created_at"], name="reminder_of_recipient"),
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(read_at__isnull=True),
                name="reminder_unread",
            ),
            models.Index(
                fields=["recipient"], condition=Q(emailed_at__isnull=True), name="reminder_unsent"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.summary}"

    @property
    def days_ahead(self):
        """Days left when it was made, for reminders ahead of a date; otherwise None."""
        if self.kind in AHEAD or (self.kind in DATED and self.threshold >= 0):
            return self.threshold
        return None

    @property
    def is_late(self):
        return self.kind in LATE or (self.kind in DATED and self.threshold < 0)


class EmailDigest(models.Model):
    """At most one digest per person per day: the row is taken before the mail is sent."""

    recipient = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    reminders = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("email digest")
        verbose_name_plural = _("email digests")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="digest_once_a_day"),
        ]

    def __str__(self):
        return f"{self.recipient} {self.day}"


class ReminderPreference(models.Model):
    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="reminder_preference")
    email = models.BooleanField(_("send me a daily email digest"), default=True)

    history = tracked()

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self):
        return str(self.user)


class MutedKind(models.Model):
    """A kind of reminder a person chose not to get; the sweep makes none of it for them."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="muted_reminder_kinds")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    history = tracked()

    class Meta:
        verbose_name = _("muted kind of reminder")
        verbose_name_plural = _("muted kinds of reminder")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="muted_kind_once"),
        ]

    def __str__(self):
        return f"{self.user} {self.get_kind_display()}"


class ReminderPolicy(models.Model):
    """An office's thresholds; the defaults apply where it has none."""

    office = models.OneToOneField(
        Office, on_delete=models.PROTECT, related_name="reminder_policy", verbose_name=_("office")
    )
    due_soon_days = models.CharField(
        _("remind before a deadline (days, comma separated)"),
        max_length=50,
        default="7,3,1",
        validators=[validate_comma_separated_integer_list],
    )
    overdue_days = models.CharField(
        _("remind after a deadline (days, comma separated)"),
        max_length=50,
        default="1,7,30",
        validators=[validate_comma_separated_integer_list],
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("tell the office when overdue for (days)"), default=14
    )
    on_site_ends_days = models.PositiveSmallIntegerField(
        _("remind before the on-site period ends (days)"), default=7
    )
    inspection_report_days = models.PositiveSmallIntegerField(
        _("inspection report due after the on-site period (days)"), default=30
    )
    feedback_days = models.PositiveSmallIntegerField(
        _("feedback due after the on-site period (days)"), default=60
    )
    round_ends_days = models.PositiveSmallIntegerField(
        _("remind before a round's planned end (days)"), default=14
    )
    coverage_final_months = models.PositiveSmallIntegerField(
        _("list uncovered targets each quarter of the term's last (months)"), default=12
    )

    history = tracked()

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(escalate_after_days__gte=1), name="reminder_policy_escalation_late"
            ),
        ]

    def __str__(self):
        return str(self.office)

    @staticmethod
    def _days(text):
        return sorted({int(part) for part in text.split(",") if part.strip()}, reverse=True)

    @property
    def before(self):
        """Days before a deadline, largest first, always ending with the day itself."""
        return [day for day in self._days(self.due_soon_days) if day > 0] + [0]

    @property
    def after(self):
        """Days after a deadline, largest first."""
        return [day for day in self._days(self.overdue_days) if day > 0] or [1]
