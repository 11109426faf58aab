from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from organisations.models import Liaison, Office, Profile, ReceivingBody


@dataclass(frozen=True)
class Viewer:
    """What the data says about a person's standing, read once per request."""

    user_id: int | None
    office_id: int | None = None
    is_office_staff: bool = False
    is_leadership: bool = False
    receiving_body_id: int | None = None
    is_liaison: bool = False
    # What selectors read once per request about this person (rounds.selectors._access).
    remembered: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def reads_office(self):
        """Office staff and the leadership group read their office's work."""
        return self.office_id is not None and (self.is_office_staff or self.is_leadership)


def viewer_of(user):
    if not getattr(user, "is_authenticated", False):
        return Viewer(user_id=None)
    cached = getattr(user, "_xunshi_viewer", None)
    if cached is None:
        profile = (
            Profile.objects.filter(user_id=user.pk)
            .annotate(
                is_liaison=Exists(Liaison.objects.filter(user_id=OuterRef("user_id"), active=True))
            )
            .first()
        )
        cached = Viewer(
            user_id=user.pk,
            office_id=profile.office_id if profile else None,
            is_office_staff=bool(profile and profile.is_office_staff),
            is_leadership=bool(profile and profile.is_leadership),
            receiving_body_id=profile.receiving_body_id if profile else None,
            is_liaison=bool(profile and profile.is_liaison),
        )
        user._xunshi_viewer = cached
    return cached


def is_office_staff(user, office):
    viewer = viewer_of(user)
    return viewer.is_office_staff and viewer.office_id == office.pk


def is_liaison(user, target):
    return Liaison.objects.filter(user=user, target=target, active=True).exists()


def is_receiving_officer(user, receiving_body):
    return viewer_of(user).receiving_body_id == receiving_body.pk


def liaison_targets(user_id):
    """The ids of the targets the person is an active liaison of, as a one-column queryset."""
    return Liaison.objects.filter(user_id=user_id, active=True).values_list("target_id")


def liaison_of(user_id, target_path):
    """The person is an active liaison of the target at `target_path` (a lookup path), asked
    as a set the database reads once per query."""
    return Q(**{f"{target_path}__in": liaison_targets(user_id)})


def _office_and_below(office_id):
    """The office and the offices under it, down to county level (four levels in all)."""
    return (
        Q(pk=office_id)
        | Q(parent_id=office_id)
        | Q(parent__parent_id=office_id)
        | Q(parent__parent__parent_id=office_id)
    )


def office_and_below_ids(office_id):
    """The ids of the office and the offices under it, read first (one query) so that a query
    over their rows filters by a list: PostgreSQL cannot estimate the test up the parent chain,
    takes a province for a handful of offices and scans whole tables."""
    return list(Office.objects.filter(_office_and_below(office_id)).values_list("pk", flat=True))


def offices_visible_to(user):
    """Readers of an office see it and the offices below (for roll-up figures); anyone else with
    an office sees that office only."""
    viewer = viewer_of(user)
    if viewer.office_id is None:
        return Office.objects.none()
    if viewer.reads_office:
        return Office.objects.filter(_office_and_below(viewer.office_id))
    return Office.objects.filter(pk=viewer.office_id)


def receiving_bodies_visible_to(user):
    viewer = viewer_of(user)
    condition = Q(pk=viewer.receiving_body_id) if viewer.receiving_body_id else Q(pk__in=[])
    if viewer.reads_office:
        condition |= Q(office_id=viewer.office_id)
    return ReceivingBody.objects.filter(condition)


def people_visible_to(user):
    """Office readers see their office's people; everyone sees themselves. The inspected unit
    never sees the inspection side's names through this list."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Profile.objects.none()
    condition = Q(user_id=viewer.user_id)
    if viewer.reads_office:
        condition |= Q(office_id=viewer.office_id)
    return Profile.objects.filter(condition)
