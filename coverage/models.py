from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Office
from rounds.models import Term

COUNTS = (
    "targets",
    "covered",
    "effective",
    "rounds_run",
    "fed_back",
    "rectified",
    "overdue_items",
    "leads_awaiting",
    "leads_case_opened",
    "leads_handled",
    "leads_no_case",
    "leads_closed",
)


class OfficeFigures(models.Model):
    """One office's own figures as counted on `as_of`, for the roll-up across levels.

    Counted from the live tables by coverage.services.office_figures_refresh (beat runs it every
    few minutes, and an office's readers can ask for it), so the roll-up of thousands of offices
    adds up a few thousand rows instead of joining millions. These rows hold no one's input and
    are rewritten whole on every count, so they keep no history: what they count does.

    Coverage and rounds are those of the office's term running on `as_of` (none: no term, and
    the coverage figures are zero); problems, rectification and leads are over all its rounds.
    """

    office = models.OneToOneField(
        Office,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("inspection office"),
    )
    as_of = models.DateField(_("counted for the day"))
    counted_at = models.DateTimeField(_("counted at"))
    term = models.ForeignKey(
        Term,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("term running that day"),
    )
    targets = models.PositiveIntegerField(_("active targets"), default=0)
    covered = models.PositiveIntegerField(_("covered"), default=0)
    effective = models.PositiveIntegerField(_("effectively covered"), default=0)
    rounds_run = models.PositiveIntegerField(_("rounds run"), default=0)
    fed_back = models.PositiveIntegerField(_("fed-back problems"), default=0)
    rectified = models.PositiveIntegerField(_("rectified"), default=0)
    overdue_items = models.PositiveIntegerField(_("overdue items"), default=0)
    leads_awaiting = models.PositiveIntegerField(_("leads awaiting an outcome"), default=0)
    leads_case_opened = models.PositiveIntegerField(_("leads with a case opened"), default=0)
    leads_handled = models.PositiveIntegerField(_("leads handled"), default=0)
    leads_no_case = models.PositiveIntegerField(_("leads with no case opened"), default=0)
    leads_closed = models.PositiveIntegerField(_("leads closed"), default=0)

    class Meta:
        verbose_name = _("office figures")
        verbose_name_plural = _("office figures")
        constraints = [
            models.CheckConstraint(
                condition=Q(covered__lte=F("targets")), name="office_figures_covered_of_targets"
            ),
            # Effective coverage asks for a later phase of the same assignments.
            models.CheckConstraint(
                condition=Q(effective__lte=F("covered")),
                name="office_figures_effective_of_covered",
            ),
            models.CheckConstraint(
                condition=Q(rectified__lte=F("fed_back")),
                name="office_figures_rectified_of_fed_back",
            ),
            models.CheckConstraint(
                condition=Q(term__isnull=False) | Q(targets=0, rounds_run=0),
                name="office_figures_coverage_needs_a_term",
            ),
        ]

    def __str__(self):
        return f"{self.office_id} @ {self.as_of}"
