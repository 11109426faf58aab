"""Figures are counts with their rate. Every rate is a string as offices publish it: a
percentage with up to two decimals, rounded half up ("98.71%", "75%"), or null when there is
nothing to divide by."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from rectification.figures import GROUPINGS


def _rate(help_text):
    return serializers.CharField(allow_null=True, help_text=help_text)


class RectificationFiguresQuery(serializers.Serializer):
    by = serializers.ChoiceField(
        choices=GROUPINGS,
        default=GROUPINGS[0],
        help_text=_(
            "One row per target, round or finding category of your office; or, by office, your "
            "office's own rounds and then each office directly below it with everything under it."
        ),
    )


class RectificationFigureSerializer(serializers.Serializer):
    label = serializers.CharField(help_text=_("The target, round, category or office."))
    fed_back = serializers.IntegerField(help_text=_("Problems fed back."))
    rectified = serializers.IntegerField(help_text=_("Of those, rectified."))
    on_time = serializers.IntegerField(help_text=_("Rectified by the deadline."))
    late = serializers.IntegerField(help_text=_("Rectified after the deadline."))
    overdue = serializers.IntegerField(help_text=_("Not rectified and past the deadline."))
    in_progress = serializers.IntegerField(help_text=_("Not rectified, not yet overdue."))
    rate = _rate(_('Rectified of fed back, e.g. "50%"; null when nothing was fed back.'))


class FiguresOfficeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RectificationFiguresSerializer(serializers.Serializer):
    office = FiguresOfficeSerializer(help_text=_("The office whose work is counted."))
    by = serializers.ChoiceField(choices=GROUPINGS)
    rows = RectificationFigureSerializer(many=True)
    total = RectificationFigureSerializer(help_text=_("All the rows together."))


class CoverageFiguresQuery(serializers.Serializer):
    term = serializers.IntegerField(
        min_value=1, help_text=_("The id of one of your office's terms.")
    )


class CoverageTermSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class CoverageFiguresSerializer(serializers.Serializer):
    term = CoverageTermSerializer()
    targets = serializers.IntegerField(help_text=_("The office's active targets."))
    covered = serializers.IntegerField(
        help_text=_("Targets a team has been on site at in a round of the term (有形覆盖).")
    )
    effectively_covered = serializers.IntegerField(
        help_text=_("Targets whose assignment in the term went through to its close (有效覆盖).")
    )
    rate = _rate(_("Covered of targets; null when the office has no active targets."))
    effective_rate = _rate(
        _("Effectively covered of targets; null when the office has no active targets.")
    )


class RollupQuery(serializers.Serializer):
    office = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("Your office (the default) or one below it."),
    )


class RollupCoverageSerializer(serializers.Serializer):
    targets = serializers.IntegerField()
    covered = serializers.IntegerField()
    effective = serializers.IntegerField()
    rate = serializers.CharField(allow_null=True)
    effective_rate = serializers.CharField(allow_null=True)


class RollupLeadsSerializer(serializers.Serializer):
    awaiting = serializers.IntegerField()
    case_opened = serializers.IntegerField()
    handled = serializers.IntegerField()
    no_case = serializers.IntegerField()
    closed = serializers.IntegerField()
    transferred = serializers.IntegerField()


class RollupRowSerializer(serializers.Serializer):
    office_id = serializers.IntegerField(
        allow_null=True, help_text=_("The office the row rolls up; null on the totals row.")
    )
    name = serializers.CharField()
    own = serializers.BooleanField(help_text=_("The chosen office's own work."))
    offices = serializers.IntegerField()
    offices_in_term = serializers.IntegerField()
    coverage = RollupCoverageSerializer(
        allow_null=True, help_text=_("Null when none of the offices has a term running today.")
    )
    rounds_run = serializers.IntegerField()
    fed_back = serializers.IntegerField()
    rectified = serializers.IntegerField()
    rate = serializers.CharField(allow_null=True)
    overdue_items = serializers.IntegerField()
    leads = RollupLeadsSerializer(help_text=_("Counts only; lead details never roll up."))


class RollupSerializer(serializers.Serializer):
    office = FiguresOfficeSerializer()
    rows = RollupRowSerializer(many=True)
    total = RollupRowSerializer()
