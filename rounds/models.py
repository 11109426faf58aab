from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import UserObjectPermissionBase

from core.history import tracked
from organisations.models import Office, ReceivingBody, RecusalDeclaration, Target

USER = settings.AUTH_USER_MODEL


class Term(models.Model):
    """届: about five years, within which every target must be inspected once."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="terms", verbose_name=_("office")
    )
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    history = tracked()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["office_id", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="term_unique_name_per_office"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="term_dates_in_order"
            ),
        ]
        # The term running on a day, for each office of a roll-up.
        indexes = [models.Index(fields=["office", "starts_on", "ends_on"])]

    def __str__(self):
        return self.name


def round_label(term, ordinal):
    """How a round is named: its term (a Term or its name) and its ordinal, for the pages and
    figures that read the two as columns rather than as a Round."""
    return _("%(term)s round %(ordinal)s") % {"term": term, "ordinal": ordinal}


class Round(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular")
        SPECIAL = "special", _("special (thematic)")
        MOBILE = "mobile", _("mobile")
        LOOK_BACK = "look_back", _("look-back")
        ELEVATED = "elevated", _("elevated")
        CROSS = "cross", _("cross")
        LINKED = "linked", _("linked")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("office")
    )
    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("term")
    )
    ordinal = models.PositiveSmallIntegerField(_("ordinal"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.REGULAR)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = tracked()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["term_id", "ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "ordinal"], name="round_ordinal_unique_per_term"
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")), name="round_dates_in_order"
            ),
            models.CheckConstraint(condition=Q(ordinal__gte=1), name="round_ordinal_positive"),
            models.CheckConstraint(
                condition=~Q(kind="special") | ~Q(theme=""), name="round_special_has_theme"
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status"]),
            models.Index(fields=["term", "status"]),
        ]

    def __str__(self):
        return round_label(self.term, self.ordinal)


class Team(models.Model):
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="teams", verbose_name=_("round")
    )
    name = models.CharField(_("name"), max_length=100)

    history = tracked()

    class Meta:
        verbose_name = _("inspection team")
        verbose_name_plural = _("inspection teams")
        ordering = ["round_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="team_unique_name_per_round"),
        ]

    def __str__(self):
        return self.name


class TeamMembership(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("leader")
        DEPUTY = "deputy", _("deputy leader")
        MEMBER = "member", _("member")

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("team")
    )
    user = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="team_memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    # 一次一授权: a leader is appointed and authorised for each task.
    authorised_on = models.DateField(_("authorised on"), null=True, blank=True)
    authorisation_reference = models.CharField(
        _("authorisation document"), max_length=100, blank=True
    )
    pledge_signed_on = models.DateField(
        _("confidentiality pledge signed on"), null=True, blank=True
    )
    recusal_declaration = models.ForeignKey(
        RecusalDeclaration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recusal declaration"),
    )

    history = tracked()

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_unique_per_team"),
            models.UniqueConstraint(
                fields=["team"], condition=Q(role="leader"), name="membership_one_leader_per_team"
            ),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self):
        return f"{self.team} {self.get_role_display()} {self.user}"


class Assignment(models.Model):
    """One team inspecting one target in one round."""

    class Phase(models.TextChoices):
        PREPARATION = "preparation", _("preparation")
        ON_SITE = "on_site", _("on site")
        REPORTING = "reporting", _("reporting")
        FEEDBACK = "feedback", _("feedback")
        RECTIFICATION = "rectification", _("rectification")
        EVALUATION = "evaluation", _("evaluation")
        CLOSED = "closed", pgettext_lazy("assignment phase", "closed")

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("round")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("team")
    )
    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("target")
    )
    phase = models.CharField(
        _("phase"), max_length=14, choices=Phase.choices, default=Phase.PREPARATION
    )
    on_site_from = models.DateField(_("on site from"), null=True, blank=True)
    on_site_until = models.DateField(_("on site until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = tracked()

    class Meta:
        verbose_name = _("assignment")
        permissions = [
            ("view_leads", _("Can view the leads of the assignment")),
        ]
        verbose_name_plural = _("assignments")
        ordering = ["round_id", "team_id", "target_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "target"], name="assignment_one_per_target_per_round"
            ),
            models.CheckConstraint(
                condition=Q(on_site_until__isnull=True)
                | Q(on_site_from__isnull=True)
                | Q(on_site_until__gte=F("on_site_from")),
                name="assignment_on_site_dates_in_order",
            ),
        ]
        indexes = [
            # With the target, and with the round, so that the targets a term's rounds covered
            # and the rounds that covered a target come from the index alone.
            models.Index(
                fields=["round", "phase"], include=["target"], name="assignment_round_phase"
            ),
            models.Index(
                fields=["target", "phase"], include=["round"], name="assignment_target_phase"
            ),
        ]

    def __str__(self):
        return f"{self.round} · {self.team} → {self.target}"


class AssignmentGrant(UserObjectPermissionBase):
    """A right given to one person on one assignment (django-guardian, with a real foreign key):
    a specialist added to the assignment, or a deputy allowed to see its leads. Rights are
    given to people only, never to groups, so that each one is a decision about a person."""

    content_object = models.ForeignKey(Assignment, on_delete=models.CASCADE)
    history = tracked()

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("assignment grant")
        verbose_name_plural = _("assignment grants")


class FindingCategory(models.Model):
    """A class in the office's taxonomy of problems (by default the "six areas plus one")."""

    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="finding_categories",
        verbose_name=_("office"),
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    history = tracked()

    class Meta:
        verbose_name = _("finding category")
        verbose_name_plural = _("finding categories")
        ordering = ["office_id", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["office", "code"], name="finding_category_unique_code"),
        ]

    def __str__(self):
        return self.name


class FindingTag(models.Model):
    """A cross-cutting tag: formalism and bureaucratism, harm to the public, the key minority..."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="finding_tags", verbose_name=_("office")
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)

    history = tracked()

    class Meta:
        verbose_name = _("finding tag")
        verbose_name_plural = _("finding tags")
        constraints = [
            models.UniqueConstraint(fields=["office", "code"], name="finding_tag_unique_code"),
        ]

    def __str__(self):
        return self.name


class Feedback(models.Model):
    """反馈: confirmed findings given to the target; its date starts the rectification clocks."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.PROTECT, related_name="feedback", verbose_name=_("assignment")
    )
    delivered_on = models.DateField(_("delivered on"))
    recipients = models.TextField(_("recipients (leading group)"))
    top_official = models.CharField(_("top official"), max_length=50)
    document = models.FileField(_("feedback document"), upload_to="feedback/%Y/", blank=True)
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    history = tracked()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [models.Index(fields=["delivered_on"])]

    def __str__(self):
        return _("Feedback to %(target)s") % {"target": self.assignment.target}


class Finding(models.Model):
    """问题底稿: one problem, one working paper."""

    class Source(models.TextChoices):
        TALK = "talk", _("individual talk")
        PETITION = "petition", _("letter, call or visit")
        DOCUMENT = "document", _("document review")
        SURVEY = "survey", _("survey or questionnaire")
        VISIT = "visit", _("visit to a lower unit")
        BRIEFING = "briefing", _("briefing")
        OTHER = "other", _("other")

    class Severity(models.TextChoices):
        GENERAL = "general", _("general")
        SERIOUS = "serious", _("serious")
        GRAVE = "grave", _("grave")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEWED = "reviewed", _("reviewed by deputy leader")
        SIGNED = "signed", _("signed by leader")
        ACCEPTED = "accepted", _("accepted by office")
        FED_BACK = "fed_back", _("fed back")
        RETURNED = "returned", _("returned")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="findings", verbose_name=_("assignment")
    )
    number = models.CharField(_("number"), max_length=30)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    category = models.ForeignKey(
        FindingCategory,
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name=_("category"),
    )
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.GENERAL
    )
    tags = models.ManyToManyField(
        FindingTag, blank=True, related_name="findings", verbose_name=_("tags")
    )
    breached_rule = models.TextField(_("rule breached"), blank=True)
    statements = models.TextField(_("who said what"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    prepared_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        related_name="prepared_findings",
        verbose_name=_("prepared by"),
    )
    prepared_on = models.DateField(_("prepared on"))
    reviewed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    feedback = models.ForeignKey(
        Feedback,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("feedback"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = tracked(m2m_fields=[tags])

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["assignment_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "number"], name="finding_number_unique"),
            models.CheckConstraint(
                condition=~Q(status__in=["signed", "accepted", "fed_back"])
                | Q(signed_by__isnull=False),
                name="finding_signed_has_signer",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "fed_back"]) | Q(accepted_by__isnull=False),
                name="finding_accepted_has_acceptor",
            ),
            models.CheckConstraint(
                condition=Q(status="fed_back", feedback__isnull=False)
                | (~Q(status="fed_back") & Q(feedback__isnull=True)),
                name="finding_fed_back_iff_feedback",
            ),
        ]
        indexes = [
            models.Index(fields=["assignment", "status"]),
            models.Index(fields=["category", "status"]),
            models.Index(fields=["status", "updated_at"]),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def waiting_for(self):
        """Whose hand the working paper is in now (empty once it has been fed back)."""
        return {
            self.Status.DRAFT: _("the deputy leader's review"),
            self.Status.RETURNED: _("rework by its author"),
            self.Status.REVIEWED: _("the leader's signature"),
            self.Status.SIGNED: _("the office's acceptance"),
            self.Status.ACCEPTED: _("feedback to the unit"),
        }.get(self.status, "")


class Evidence(models.Model):
    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("finding")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    internal = models.BooleanField(
        _("internal"), default=True, help_text=_("Internal evidence is never shown to the unit.")
    )
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = tracked()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.title


class Suggestion(models.Model):
    """意见建议 given to the target with the feedback."""

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.PROTECT,
        related_name="suggestions",
        verbose_name=_("assignment"),
    )
    text = models.TextField(_("suggestion"))
    feedback = models.ForeignKey(
        Feedback, on_delete=models.PROTECT, null=True, blank=True, related_name="suggestions"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = tracked()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:40]


class Lead(models.Model):
    """问题线索 about an individual: the most confidential record in the system."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        TRANSFERRED = "transferred", _("transferred")
        CASE_OPENED = "case_opened", _("case opened")
        HANDLED = "handled", _("handled")
        NO_CASE = "no_case", _("no case opened")
        CLOSED = "closed", _("case closed")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="leads", verbose_name=_("assignment")
    )
    finding = models.ForeignKey(
        Finding,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name=_("finding"),
    )
    number = models.CharField(_("number"), max_length=30)
    subject_name = models.CharField(_("person concerned"), max_length=50)
    subject_position = models.CharField(_("position"), max_length=100, blank=True)
    summary = models.TextField(_("summary"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    receiving_body = models.ForeignKey(
        ReceivingBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name=_("receiving body"),
    )
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = tracked()

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["assignment_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "number"], name="lead_number_unique"),
            models.CheckConstraint(
                condition=Q(status="registered")
                | Q(receiving_body__isnull=False, transferred_on__isnull=False),
                name="lead_transferred_has_body_and_date",
            ),
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=F("transferred_on")),
                name="lead_outcome_after_transfer",
            ),
        ]
        indexes = [
            models.Index(fields=["receiving_body", "status"]),
            models.Index(fields=["status", "transferred_on"]),
            models.Index(fields=["assignment", "status"]),
        ]

    def __str__(self):
        return self.number


class LeadView(models.Model):
    """Every time someone opens a lead: the most confidential record is watched."""

    lead = models.ForeignKey(Lead, on_delete=models.PROTECT, related_name="views")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    purpose = models.CharField(_("purpose"), max_length=20, default="view")

    class Meta:
        verbose_name = _("lead view")
        verbose_name_plural = _("lead views")
        ordering = ["-at"]
        indexes = [models.Index(fields=["lead", "at"])]

    def __str__(self):
        return f"{self.user} {self.lead} {self.at:%Y-%m-%d %H:%M}"


class RecusalOverride(models.Model):
    """The office put a person on an assignment despite a conflict of interest, and said why."""

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.PROTECT,
        related_name="recusal_overrides",
        verbose_name=_("assignment"),
    )
    user = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    conflicts = models.TextField(_("conflicts found"))
    reason = models.TextField(_("reason for the override"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(auto_now_add=True)
    history = tracked()

    class Meta:
        verbose_name = _("recusal override")
        verbose_name_plural = _("recusal overrides")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "user"], name="override_once_per_person"),
            models.CheckConstraint(condition=~Q(reason=""), name="override_has_reason"),
        ]

    def __str__(self):
        return f"{self.assignment} · {self.user}"


class MethodLogEntry(models.Model):
    """What the team did on site to find problems: talks, petitions, documents, visits..."""

    class Method(models.TextChoices):
        BRIEFING = "briefing", _("briefing received")
        TALK = "talk", _("individual talk")
        PETITION = "petition", _("letter, call or visit received")
        DOCUMENTS = "documents", _("records read or copied")
        MEETING = "meeting", _("meeting attended")
        SURVEY = "survey", _("questionnaire or democratic rating")
        SPOT_CHECK = "spot_check", _("spot check of personal-matter reports")
        VISIT = "visit", _("visit to a lower unit")
        OTHER = "other", _("other")

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.PROTECT,
        related_name="method_log",
        verbose_name=_("assignment"),
    )
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    held_on = models.DateField(_("date"))
    count = models.PositiveIntegerField(_("how many"), default=1)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(auto_now_add=True)
    history = tracked()

    class Meta:
        verbose_name = _("method log entry")
        verbose_name_plural = _("method log")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="method_log_count_positive"),
        ]
        indexes = [models.Index(fields=["assignment", "method"])]

    def __str__(self):
        return f"{self.get_method_display()} ×{self.count}"
