"""回避: whether a person may inspect a target.

Post recusal: the person works or worked (in the recent years the rule looks back) in the target,
in a unit above it or in a unit below it. Regional recusal, where the office applies it: the
target lies in the person's home region. Official-business recusal as declared: a relative named
in the person's latest recusal declaration works in the target or a unit above or below it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import DeclaredRelative, PastPost, Profile, Region, Target

# Posts left longer ago than this no longer bind (a common reading of "recently worked").
POST_LOOK_BACK_YEARS = 5


@dataclass(frozen=True)
class Conflict:
    kind: str
    detail: str

    def __str__(self):
        return self.detail


def _lineage(target):
    """The target, the units above it and the units directly below it (ids)."""
    ids = {target.pk}
    above = target.parent_id
    while above is not None and above not in ids:
        ids.add(above)
        above = Target.objects.filter(pk=above).values_list("parent_id", flat=True).first()
    ids.update(Target.objects.filter(parent_id=target.pk).values_list("pk", flat=True))
    return ids


def _regions_containing(region):
    ids = []
    while region is not None and region.pk not in ids:
        ids.append(region.pk)
        region = region.parent
    return ids


def conflicts(*, user, target, office):
    """Every reason this person should not inspect this target; empty when there is none."""
    profile = Profile.objects.filter(user=user).select_related("home_region").first()
    if profile is None:
        return []
    lineage = _lineage(target)
    found = []
    if profile.work_unit_id in lineage:
        found.append(Conflict("post", _("works in %(unit)s") % {"unit": profile.work_unit}))
    since = timezone.localdate() - datetime.timedelta(days=365 * POST_LOOK_BACK_YEARS)
    posts = PastPost.objects.filter(profile=profile, unit_id__in=lineage).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=since)
    )
    found += [
        Conflict(
            "post",
            _("worked in %(unit)s until %(until)s")
            % {"unit": post.unit_name, "until": post.ended_on or _("now")},
        )
        for post in posts
    ]
    if office.applies_regional_recusal and profile.home_region_id and target.region_id:
        target_region = Region.objects.filter(pk=target.region_id).select_related("parent").first()
        if profile.home_region_id in _regions_containing(target_region):
            found.append(
                Conflict("region", _("comes from %(region)s") % {"region": profile.home_region})
            )
    latest = profile.recusal_declarations.order_by("-signed_on", "-pk").first()
    if latest is not None:
        relatives = DeclaredRelative.objects.filter(declaration=latest, workplace_id__in=lineage)
        found += [
            Conflict(
                "relative",
                _("%(relation)s %(name)s works in %(unit)s")
                % {
                    "relation": relative.get_relation_display(),
                    "name": relative.name,
                    "unit": relative.workplace_name,
                },
            )
            for relative in relatives
        ]
    return found
