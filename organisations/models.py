import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.history import tracked


class Region(models.Model):
    """An administrative area (province, city, county, township...), for regional recusal."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent region"),
    )

    history = tracked()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="region_not_own_parent"),
        ]

    def __str__(self):
        return self.name


class Office(models.Model):
    class Level(models.TextChoices):
        CENTRAL = "central", _("central")
        PROVINCIAL = "provincial", _("provincial")
        MUNICIPAL = "municipal", _("municipal")
        COUNTY = "county", _("county")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent office"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("region"),
    )
    applies_regional_recusal = models.BooleanField(_("applies regional recusal"), default=True)

    history = tracked()

    class Meta:
        verbose_name = _("inspection office")
        verbose_name_plural = _("inspection offices")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(level="central") | Q(parent__isnull=True),
                name="office_central_has_no_parent",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="office_not_own_parent"),
        ]

    def __str__(self):
        return self.name


# Over targets, the order of the lists that put the longest uninspected first: one never
# inspected sorts as inspected on the earliest day of all, which both databases can index.
LONGEST_UNINSPECTED_FIRST = Coalesce("last_inspected_on", Value(datetime.date.min))


class Target(models.Model):
    """An organisation that can be inspected; targets form a tree under their owning office."""

    class Category(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("local Party committee")
        DEPARTMENT = "department", _("department")
        STATE_ENTERPRISE = "state_enterprise", _("state-owned enterprise")
        UNIVERSITY = "university", _("university")
        PUBLIC_INSTITUTION = "public_institution", _("public institution")
        TOWNSHIP = "township", _("township")
        STREET = "street", _("street")
        VILLAGE = "village", _("village")
        COMMUNITY = "community", _("community")
        OTHER = "other", _("other")

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="targets", verbose_name=_("owning office")
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=150)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("region"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent target"),
    )
    active = models.BooleanField(_("active"), default=True)
    # The planned start of the latest round, of any term, with an assignment here; kept by the
    # inspection services (rounds.coverage.last_inspected_refresh) as rounds assign and cancel,
    # so the lists that put the longest-uninspected first read it from an index. A derived
    # figure: the assignments and rounds keep its history.
    last_inspected_on = models.DateField(_("last inspected"), null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = tracked(excluded_fields=["last_inspected_on"])

    class Meta:
        verbose_name = _("inspected organisation")
        verbose_name_plural = _("inspected organisations")
        ordering = ["office_id", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "code"], name="target_code_unique_per_office"
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="target_not_own_parent"),
        ]
        indexes = [
            # With the id, so an office's active targets are counted and matched against the
            # assignments that cover them from the index alone (coverage, roll-up).
            models.Index(
                fields=["office", "active", "category"],
                include=["id"],
                name="target_office_active_category",
            ),
            models.Index(fields=["office", "active", "region"]),
            # The uncovered list's order: never inspected first, then longest ago.
            models.Index(
                LONGEST_UNINSPECTED_FIRST, F("code"), F("id"), name="target_last_inspected"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """An edit of a target never writes back the last inspection it read: the services
        may have moved it since (rounds.coverage.last_inspected_refresh)."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "last_inspected_on"
            ]
        super().save(*args, **kwargs)

    @property
    def category_label(self):
        """The category's name, as get_category_display gives it, read from the enum: Django's
        builds a dict of the choices at each call, a tenth of a page's rendering over a list."""
        try:
            return self.Category(self.category).label
        except ValueError:
            return self.category


class ReceivingBody(models.Model):
    """Receives transferred leads: the discipline body or the organisation department."""

    class Kind(models.TextChoices):
        DISCIPLINE = "discipline", _("discipline inspection and supervision body")
        ORGANISATION = "organisation", _("organisation department")
        OTHER = "other", _("other body")

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="receiving_bodies", verbose_name=_("office")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)

    history = tracked()

    class Meta:
        verbose_name = _("receiving body")
        verbose_name_plural = _("receiving bodies")
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="receiving_body_unique_name"),
        ]

    def __str__(self):
        return self.name


class Profile(models.Model):
    """A person: office staff, inspector from the talent pool, unit liaison or receiving officer."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="profile"
    )
    name = models.CharField(_("full name"), max_length=50)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("office"),
    )
    is_office_staff = models.BooleanField(_("office staff"), default=False)
    is_leadership = models.BooleanField(_("leadership group (read-only)"), default=False)
    receiving_body = models.ForeignKey(
        ReceivingBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("receiving body"),
    )
    in_talent_pool = models.BooleanField(_("in the talent pool"), default=False)
    in_leader_pool = models.BooleanField(_("in the leader pool"), default=False)
    is_specialist = models.BooleanField(_("specialist"), default=False)
    expertise = models.CharField(_("expertise"), max_length=200, blank=True)
    work_unit = models.ForeignKey(
        Target,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("current work unit"),
    )
    work_unit_name = models.CharField(
        _("current work unit (free text)"), max_length=150, blank=True
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    home_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="natives",
        verbose_name=_("home region"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    history = tracked()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(
                fields=["office", "in_talent_pool"],
                name="profile_talent_pool",
                condition=Q(in_talent_pool=True),
            ),
        ]

    def __str__(self):
        return self.name


class PastPost(models.Model):
    """A unit a person worked in: an inspector must not inspect it (post recusal)."""

    profile = models.ForeignKey(Profile, on_delete=models.PROTECT, related_name="past_posts")
    unit = models.ForeignKey(
        Target,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="former_staff",
        verbose_name=_("unit"),
    )
    unit_name = models.CharField(_("unit name"), max_length=150)
    position = models.CharField(_("position"), max_length=100, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    history = tracked()

    class Meta:
        verbose_name = _("past post")
        verbose_name_plural = _("past posts")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="past_post_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.unit_name} {self.position}"


class RecusalDeclaration(models.Model):
    """回避申请书: signed by an inspector at kick-off, listing relatives and where they work."""

    profile = models.ForeignKey(
        Profile, on_delete=models.PROTECT, related_name="recusal_declarations"
    )
    signed_on = models.DateField(_("signed on"))
    statement = models.TextField(_("statement"), blank=True)
    scan = models.FileField(_("signed scan"), upload_to="declarations/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = tracked()

    class Meta:
        verbose_name = _("recusal declaration")
        verbose_name_plural = _("recusal declarations")
        ordering = ["-signed_on"]

    def __str__(self):
        return f"{self.profile} {self.signed_on:%Y-%m-%d}"


class DeclaredRelative(models.Model):
    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("spouse")
        PARENT = "parent", _("parent")
        CHILD = "child", _("child")
        SIBLING = "sibling", _("sibling")
        IN_LAW = "in_law", _("in-law")
        OTHER = "other", _("other close relative")

    declaration = models.ForeignKey(
        RecusalDeclaration, on_delete=models.PROTECT, related_name="relatives"
    )
    name = models.CharField(_("full name"), max_length=50)
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    workplace = models.ForeignKey(
        Target,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("workplace"),
    )
    workplace_name = models.CharField(_("workplace name"), max_length=150)
    position = models.CharField(_("position"), max_length=100, blank=True)

    history = tracked()

    class Meta:
        verbose_name = _("declared relative")
        verbose_name_plural = _("declared relatives")

    def __str__(self):
        return f"{self.name} ({self.get_relation_display()})"


class Liaison(models.Model):
    """联络人: the person at an inspected unit who reports rectification progress."""

    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, related_name="liaisons", verbose_name=_("target")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="liaison_roles"
    )
    active = models.BooleanField(_("active"), default=True)
    appointed_on = models.DateField(_("appointed on"))

    history = tracked()

    class Meta:
        verbose_name = _("unit liaison")
        verbose_name_plural = _("unit liaisons")
        constraints = [
            models.UniqueConstraint(fields=["target", "user"], name="liaison_unique_per_target"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.target}"
