"""Reads of rounds, teams, assignments, findings and leads, always scoped to the person.

Every page, API endpoint, export and task gets its rows through these functions. Access comes
from the data (office staff of the office, membership of the team, liaison of the target, the
body a lead went to) and from per-object grants (django-guardian, see `AssignmentGrant`); both
are turned into one SQL condition, so a list costs the same whatever the number of grants.
"""

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)

from organisations.models import LONGEST_UNINSPECTED_FIRST, Office, Profile, Target
from organisations.selectors import liaison_of, liaison_targets, viewer_of
from rounds.coverage import with_term_coverage
from rounds.models import (
    Assignment,
    AssignmentGrant,
    Evidence,
    Feedback,
    Finding,
    FindingCategory,
    FindingTag,
    Lead,
    MethodLogEntry,
    RecusalOverride,
    Round,
    Suggestion,
    Team,
    TeamMembership,
    Term,
)
from rounds.recusal import conflicts

Role = TeamMembership.Role
NOTHING = Q(pk__in=[])


def team_role(user, team):
    """The person's role on the team, or None."""
    return (
        TeamMembership.objects.filter(team=team, user=user).values_list("role", flat=True).first()
    )


def current_term(office, today):
    return Term.objects.filter(office=office, starts_on__lte=today, ends_on__gte=today).first()


# The person's own memberships, grants and liaisons are asked for as sets, which the database
# reads once per query, rather than as a subquery per row: a list of a province's 200,000
# problems tested each one against the person's memberships.


def _teams_of(user_id, roles=None):
    """The ids of the person's teams (in `roles`), as a one-column queryset."""
    memberships = TeamMembership.objects.filter(user_id=user_id)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return memberships.values_list("team_id")


def _on_team(user_id, team_path, roles=None):
    return Q(**{f"{team_path}__in": _teams_of(user_id, roles)})


def _granted(user_id, assignment_path, codename):
    grants = AssignmentGrant.objects.filter(
        user_id=user_id,
        permission__content_type__app_label="rounds",
        permission__codename=codename,
    )
    return Q(**{f"{assignment_path}__in": grants.values("content_object_id")})


def _joined(prefix, name):
    return f"{prefix}__{name}" if prefix else name


def _reach(viewer):
    """The assignments the person reaches other than as a reader of the office: on the
    inspection side, on the team (any role) or by a grant of `view_assignment`; as the unit,
    as an active liaison of the target once feedback was given (never the unit on the
    inspection side). Lookups by the person's own rows, to be joined in a union.

    Built once per request and remembered with the person's standing: a page asks for them
    for its rows, its count and each of its choices, and building the lookups again each time
    cost a ledger some milliseconds. They are queries, not their results: each use reads the
    database afresh."""
    if "reach" not in viewer.remembered:
        # Unordered: SQLite allows no ORDER BY inside a union (the models' default orderings).
        assignments = Assignment.objects.order_by()
        inspection = (
            assignments.filter(_on_team(viewer.user_id, "team")),
            assignments.filter(_granted(viewer.user_id, "pk", "view_assignment")),
        )
        unit = assignments.filter(
            liaison_of(viewer.user_id, "target"),
            Exists(Feedback.objects.filter(assignment=OuterRef("pk"))),
        )
        viewer.remembered["reach"] = (inspection, unit)
    return viewer.remembered["reach"]


def _reached(viewer, *, as_unit, own_office=False):
    """The ids of the assignments the person reaches (`_reach`), with `as_unit` as the unit
    too, and with `own_office` those of the rounds of the office they read, as one union."""
    inspection, unit = _reach(viewer)
    parts = [*inspection, unit] if as_unit else [*inspection]
    if own_office:
        parts.insert(0, Assignment.objects.order_by().filter(round__office_id=viewer.office_id))
    ids = [part.values_list("pk", flat=True) for part in parts]
    return ids[0].union(*ids[1:])


def _reached_ids(viewer, *, as_unit):
    """`_reached` for someone who does not read an office (a handful of ids): both sides read
    in one query, once per request, and remembered with the person's standing."""
    if "reached" not in viewer.remembered:
        inspection, unit = _reach(viewer)
        sides = [part.annotate(as_unit=Value(False)) for part in inspection]
        sides.append(unit.annotate(as_unit=Value(True)))
        rows = [side.values_list("pk", "as_unit") for side in sides]
        found = list(rows[0].union(*rows[1:]))
        viewer.remembered["reached"] = {
            False: sorted({pk for pk, by_unit in found if not by_unit}),
            True: sorted({pk for pk, _by_unit in found}),
        }
    return viewer.remembered["reached"][as_unit]


def _access(viewer, via, *, as_unit, counting=False, office=None):
    """Rows whose assignment (at `via`) the person reaches. Someone who does not read an
    office reaches a handful of assignments: they are read first (one query, then remembered
    for the request with the person's standing) and named, so that the rows under them are
    found by index; as a subquery, PostgreSQL joined it last, after the list's own joins, and
    a liaison's 28 measures read all 400,000 of a province.

    A reader of an office reaches the rounds of the office and, seldom, a few assignments
    otherwise, which are read first too: most readers reach none, and their rows are then
    asked as "in a round of the office" alone (or, for rows that carry their office, by it:
    `office`), which PostgreSQL answers from the office's rounds or the rows' own index. Asked
    as "reached, or in a round of the office", it walked a page's order over every office's
    rows and tested each: a province inside the nation read 39,000 overdue measures of the
    nation for a page of 50 (300 ms; 20 ms now). Those who do reach others still have them
    asked that way. A count (`counting`) is fastest from the two as one set:
    PostgreSQL starts from the office's assignments, where the condition made it read all
    45,000 overdue measures of a province to count an office's 5,000 (and as one set, a page
    read the whole set for every row)."""
    among = f"{via}__in" if via else "pk__in"
    if not viewer.reads_office:
        return Q(**{among: _reached_ids(viewer, as_unit=as_unit)})
    if counting:
        return Q(**{among: _reached(viewer, as_unit=as_unit, own_office=True)})
    own_office = Q(**{office or _joined(via, "round__office_id"): viewer.office_id})
    reached = _reached_ids(viewer, as_unit=as_unit)
    return own_office | Q(**{among: reached}) if reached else own_office


def assignment_access(user, via="", *, counting=False, office=None):
    """Rows whose assignment (at path `via`) the person may see; `counting`, the same rows
    asked as a count asks them fastest (see `_access`); `office`, the path of the office on
    rows that carry their round's office themselves, whose own index then answers."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return NOTHING
    return _access(viewer, via, as_unit=True, counting=counting, office=office)


def inspection_access(user, via=""):
    """Rows of an assignment that only the office and the inspection side may see."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return NOTHING
    return _access(viewer, via, as_unit=False)


def seen_only_as_unit(user, via=""):
    """A column for rows the person may see: True where they see the row only as the inspected
    unit's liaison (no office or inspection-side access to its assignment at path `via`), so
    that a list can leave out what the unit must not read, in the list's own query."""
    return ExpressionWrapper(~inspection_access(user, via), output_field=BooleanField())


def assignments_visible_to(user):
    return Assignment.objects.filter(assignment_access(user))


def _one_of(*sides):
    """Q over rows whose primary key is among the values of `sides` (querysets of one column),
    as one set: each side is found by its own index, and the rows by their primary key. Asked
    as "among these, or among those", PostgreSQL tested every row of the table against both:
    a national table of a million targets for a ledger's choice of an office's 800."""
    unordered = [side.order_by() for side in sides]
    return Q(pk__in=unordered[0].union(*unordered[1:]))


def among_assignments_visible_to(user, condition, field):
    """Q over rows whose primary key is the `field` (say "round_id") of an assignment the person
    sees that meets `condition`. A reader of an office has the two sides of their access asked
    apart, each found by index (the office's own rounds; the few assignments reached
    otherwise): as one condition, PostgreSQL read every assignment of a province for each of a
    ledger's choices."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return NOTHING
    if not viewer.reads_office:
        return Q(pk__in=assignments_visible_to(user).filter(condition).values(field))
    own = Assignment.objects.filter(condition, round__office_id=viewer.office_id)
    reached = Assignment.objects.filter(condition, pk__in=_reached(viewer, as_unit=True))
    return _one_of(own.values_list(field), reached.values_list(field))


def _inspected(viewer, field):
    """The `field` of the assignments the person reaches on the inspection side (on the team,
    or by a grant), one column for `_one_of`."""
    return Assignment.objects.filter(pk__in=_reached(viewer, as_unit=False)).values_list(field)


def rounds_visible_to(user):
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Round.objects.none()
    sides = [_inspected(viewer, "round_id")]
    if viewer.reads_office:
        sides.append(Round.objects.filter(office_id=viewer.office_id).values_list("pk"))
    return Round.objects.filter(_one_of(*sides))


def teams_visible_to(user):
    """Team names and members are internal: the unit does not see who inspected it."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Team.objects.none()
    granted = Assignment.objects.filter(_granted(viewer.user_id, "pk", "view_assignment"))
    sides = [
        _teams_of(viewer.user_id),
        granted.values_list("team_id"),
    ]
    if viewer.reads_office:
        sides.append(Team.objects.filter(round__office_id=viewer.office_id).values_list("pk"))
    return Team.objects.filter(_one_of(*sides))


def targets_visible_to(user):
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Target.objects.none()
    sides = [
        liaison_targets(viewer.user_id),
        _inspected(viewer, "target_id"),
    ]
    if viewer.reads_office:
        sides.append(Target.objects.filter(office_id=viewer.office_id).values_list("pk"))
    return Target.objects.filter(_one_of(*sides))


def _finding_access(viewer, via=""):
    """Findings as the office and the team see them."""
    assignment = _joined(via, "assignment")
    leaders = _on_team(viewer.user_id, f"{assignment}__team", [Role.LEADER, Role.DEPUTY])
    members = _on_team(viewer.user_id, f"{assignment}__team") | _granted(
        viewer.user_id, assignment, "view_assignment"
    )
    # A draft belongs to its author until a deputy has reviewed it.
    shared = Q(**{_joined(via, "prepared_by_id"): viewer.user_id}) | ~Q(
        **{_joined(via, "status"): Finding.Status.DRAFT}
    )
    condition = leaders | (members & shared)
    if viewer.reads_office:
        condition |= Q(**{f"{assignment}__round__office_id": viewer.office_id})
    return condition


def _finding_access_as_liaison(viewer, via=""):
    return Q(**{_joined(via, "status"): Finding.Status.FED_BACK}) & Q(
        liaison_of(viewer.user_id, _joined(via, "assignment__target"))
    )


def _within_reach(viewer, via=""):
    """Findings (at `via`) of the assignments the person reaches, found by index: the rows
    their roles select lie among these. Someone who does not read an office: the assignments
    they reach, where testing their roles row by row read every finding of a province before
    a member's first page. A reader of an office who reaches nothing beyond it (most; see
    `_access`): the office's rounds, where the test of every row read all five million
    findings of the nation to count a province's. Others: no narrowing."""
    assignment = _joined(via, "assignment")
    if not viewer.reads_office:
        return _access(viewer, assignment, as_unit=True)
    if _reached_ids(viewer, as_unit=True):
        return Q()
    return Q(**{f"{assignment}__round__office_id": viewer.office_id})


def findings_visible_to(user):
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Finding.objects.none()
    return Finding.objects.filter(
        _within_reach(viewer),
        _finding_access(viewer) | _finding_access_as_liaison(viewer),
    )


def evidence_visible_to(user):
    """Evidence marked internal never reaches the inspected unit."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Evidence.objects.none()
    return Evidence.objects.filter(
        _within_reach(viewer, "finding"),
        _finding_access(viewer, "finding")
        | (_finding_access_as_liaison(viewer, "finding") & Q(internal=False)),
    )


def leads_visible_to(user):
    """Leads about individuals: the office's staff (not its leadership group), the team leader,
    a deputy given the right on the assignment, and the body the lead was transferred to."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Lead.objects.none()
    condition = _on_team(viewer.user_id, "assignment__team", [Role.LEADER]) | _granted(
        viewer.user_id, "assignment", "view_leads"
    )
    if viewer.is_office_staff and viewer.office_id:
        condition |= Q(assignment__round__office_id=viewer.office_id)
    if viewer.receiving_body_id:
        condition |= Q(receiving_body_id=viewer.receiving_body_id) & ~Q(
            status=Lead.Status.REGISTERED
        )
    return Lead.objects.filter(condition)


def suggestions_visible_to(user):
    """The inspection side sees suggestions as they are drafted; the unit once fed back."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Suggestion.objects.none()
    return Suggestion.objects.filter(
        _access(viewer, "assignment", as_unit=False)
        | (Q(feedback__isnull=False) & Q(liaison_of(viewer.user_id, "assignment__target")))
    )


def feedback_visible_to(user):
    return Feedback.objects.filter(assignment_access(user, "assignment"))


# Lists and pages --------------------------------------------------------------------------


def _offices_running_assignments_of(user):
    """Q over a model with an office: the offices running an assignment the person sees. For
    a reader of an office, that office and those of the few assignments they reach otherwise:
    reading every assignment of a province for its one office took 7 ms a list."""
    viewer = viewer_of(user)
    if viewer.user_id is not None and viewer.reads_office:
        reached = Assignment.objects.filter(pk__in=_reached(viewer, as_unit=True))
        return Q(office_id=viewer.office_id) | Q(office_id__in=reached.values("round__office_id"))
    return Q(office_id__in=assignments_visible_to(user).values("round__office_id"))


def categories_visible_to(user):
    """A working paper uses the taxonomy of the office running its round: the categories a
    person may name are those of the offices running an assignment they see. Lists offer these
    to filter by: asked for the categories their rows use, PostgreSQL probed the rows of every
    category one by one, close to a second for a province's lists."""
    return FindingCategory.objects.filter(_offices_running_assignments_of(user))


def tags_visible_to(user):
    return FindingTag.objects.filter(_offices_running_assignments_of(user))


def finding_list(user):
    return (
        findings_visible_to(user)
        .select_related(
            "assignment__round__term",
            "assignment__target",
            "assignment__team",
            "category",
            "prepared_by__profile",
        )
        .annotate(as_unit=seen_only_as_unit(user, "assignment"))
    )


def findings_waiting_for(user):
    """What needs this person's hand next in the three-step sign-off (and the office's review).

    Each step's findings are found by their own index (the person's teams, their own papers,
    the office's rounds) and the steps asked as one set (`_one_of`): as one condition, the
    home page's count of a province inside the nation joined every assignment of the nation."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return NOTHING
    Status = Finding.Status
    findings = Finding.objects.all()
    sides = [
        findings.filter(
            _on_team(viewer.user_id, "assignment__team", [Role.DEPUTY, Role.LEADER]),
            status=Status.DRAFT,
        ).exclude(prepared_by_id=viewer.user_id),
        findings.filter(
            _on_team(viewer.user_id, "assignment__team", [Role.LEADER]), status=Status.REVIEWED
        ),
        findings.filter(status=Status.RETURNED, prepared_by_id=viewer.user_id),
    ]
    if viewer.is_office_staff:
        sides.append(
            findings.filter(status=Status.SIGNED, assignment__round__office_id=viewer.office_id)
        )
    return _one_of(*(side.values_list("pk") for side in sides))


def finding_actions(user, finding):
    """The sign-off steps this person may take on this finding now (the services decide)."""
    Status = Finding.Status
    role = team_role(user, finding.assignment.team)
    office = viewer_of(user).is_office_staff and (
        viewer_of(user).office_id == finding.assignment.round.office_id
    )
    actions = []
    if finding.status in (Status.DRAFT, Status.RETURNED) and role in (Role.DEPUTY, Role.LEADER):
        actions.append("review")
    if finding.status == Status.DRAFT and role in (Role.DEPUTY, Role.LEADER):
        actions.append("return")
    if finding.status == Status.REVIEWED and role == Role.LEADER:
        actions += ["sign", "return"]
    if finding.status == Status.SIGNED and office:
        actions += ["accept", "return"]
    if finding.status == Status.ACCEPTED and office:
        actions.append("return")
    return actions


def finding_page(user, pk):
    return finding_list(user).prefetch_related("tags").get(pk=pk)


def assignment_list(user):
    return assignments_visible_to(user).select_related("round__term", "team", "target")


def assignments_open_for_filing(user):
    """Assignments where this person may open a working paper now."""
    viewer = viewer_of(user)
    if viewer.user_id is None:
        return Assignment.objects.none()
    return assignment_list(user).filter(
        _on_team(viewer.user_id, "team"),
        phase__in=[Assignment.Phase.ON_SITE, Assignment.Phase.REPORTING],
    )


def lead_list(user):
    return leads_visible_to(user).select_related(
        "assignment__round__term", "assignment__target", "receiving_body"
    )


def evidence_of(user, finding):
    return evidence_visible_to(user).filter(finding=finding).select_related("uploaded_by__profile")


def sees_finding_only_as_unit(user, finding):
    """True when the person sees the finding only as the inspected unit's liaison."""
    viewer = viewer_of(user)
    return not Finding.objects.filter(_finding_access(viewer), pk=finding.pk).exists()


def recusal_overrides_of(user, assignment):
    """Overrides of conflicts of interest: the office's and the team's business, not the unit's."""
    if not Assignment.objects.filter(inspection_access(user), pk=assignment.pk).exists():
        return RecusalOverride.objects.none()
    return assignment.recusal_overrides.select_related("user__profile", "by__profile")


# Planning pages: terms, rounds, teams and the talent pool -----------------------------------
#
# The office plans; its leadership group reads the plan. A team member sees their assignments
# (above), never the office's whole plan, so these reads are for the office's readers only.


def _planning_office_id(user):
    viewer = viewer_of(user)
    return viewer.office_id if viewer.user_id is not None and viewer.reads_office else None


def planning_office(user):
    """The office whose plan this person reads (its staff or leadership group), or None."""
    office_id = _planning_office_id(user)
    return Office.objects.filter(pk=office_id).first() if office_id else None


def rounds_planned_by(user):
    office_id = _planning_office_id(user)
    if office_id is None:
        return Round.objects.none()
    return Round.objects.filter(office_id=office_id).select_related("term", "office")


def terms_planned_by(user):
    office_id = _planning_office_id(user)
    if office_id is None:
        return Term.objects.none()
    return Term.objects.filter(office_id=office_id)


def term_overview(user):
    """The office's terms, newest first, each with its rounds and their sizes (two queries)."""
    rounds = Round.objects.annotate(
        team_count=Count("teams", distinct=True),
        assignment_count=Count("assignments", distinct=True),
    ).order_by("ordinal")
    return terms_planned_by(user).prefetch_related(Prefetch("rounds", rounds))


def teams_planned_by(user):
    office_id = _planning_office_id(user)
    if office_id is None:
        return Team.objects.none()
    return Team.objects.filter(round__office_id=office_id).select_related(
        "round__term", "round__office"
    )


def next_round_ordinal(term):
    return (term.rounds.aggregate(last=Max("ordinal"))["last"] or 0) + 1


PHASE_ORDER = Case(
    *(When(phase=phase, then=Value(index)) for index, phase in enumerate(Assignment.Phase)),
    output_field=IntegerField(),
)
ROLE_ORDER = Case(
    *(When(role=role, then=Value(index)) for index, role in enumerate(Role)),
    output_field=IntegerField(),
)
BOARD_ORDERINGS = {
    "phase": [PHASE_ORDER.asc(), "target__name"],
    "-phase": [PHASE_ORDER.desc(), "target__name"],
    "team": ["team__name", "target__name"],
    "-team": ["-team__name", "target__name"],
    "target": ["target__name"],
    "-target": ["-target__name"],
}


def round_board(round, ordering="phase"):
    """Every assignment of a round (read through `rounds_planned_by`), in the order asked for:
    phases in the order an inspection goes through them, teams or targets by name."""
    return (
        Assignment.objects.filter(round=round)
        .select_related("team", "target")
        .order_by(*BOARD_ORDERINGS.get(ordering, BOARD_ORDERINGS["phase"]))
    )


def round_teams(round):
    """The teams of a round with their members, leader first (two queries in all)."""
    memberships = TeamMembership.objects.select_related("user__profile").order_by(
        ROLE_ORDER, "user__profile__name"
    )
    return (
        Team.objects.filter(round=round)
        .annotate(assignment_count=Count("assignments"))
        .prefetch_related(Prefetch("memberships", memberships))
        .order_by("pk")  # in the order formed: 第一组, 第二组...
    )


def _overlapping_memberships(round):
    """Places on a team of a round whose planned dates overlap this round's: such a person is
    already taken (this round itself included; a cancelled round takes nobody)."""
    return TeamMembership.objects.filter(
        user_id=OuterRef("user_id"),
        team__round__planned_start__lte=round.planned_end,
        team__round__planned_end__gte=round.planned_start,
    ).exclude(team__round__status=Round.Status.CANCELLED)


def talent_pool(user, round):
    """People of the office's talent pool (or its specialists), available ones first.

    `busy` says the person is on a team of an overlapping round; `busy_team`, `busy_term` and
    `busy_ordinal` say which (the first one found)."""
    office_id = _planning_office_id(user)
    if office_id is None or office_id != round.office_id:
        return Profile.objects.none()
    taken = _overlapping_memberships(round).order_by("team__round__planned_start", "pk")
    return (
        Profile.objects.filter(office_id=office_id)
        .filter(Q(in_talent_pool=True) | Q(is_specialist=True))
        .select_related("work_unit", "user")
        .annotate(
            busy=Exists(taken),
            busy_team=Subquery(taken.values("team__name")[:1]),
            busy_term=Subquery(taken.values("team__round__term__name")[:1]),
            busy_ordinal=Subquery(taken.values("team__round__ordinal")[:1]),
            declarations=Count("recusal_declarations"),
        )
        .order_by("busy", "-in_leader_pool", "name", "pk")
    )


def targets_to_assign(user, round):
    """The office's active targets, with their coverage in the round's term (see
    rounds.coverage.with_term_coverage) and whether this round already assigns them:
    targets not yet covered come first, then those inspected longest ago."""
    if _planning_office_id(user) != round.office_id:
        return Target.objects.none()
    targets = Target.objects.filter(office_id=round.office_id, active=True).select_related("region")
    return (
        with_term_coverage(targets, term=round.term)
        .annotate(
            in_this_round=Exists(Assignment.objects.filter(target=OuterRef("pk"), round=round))
        )
        .order_by(
            "is_covered",
            "in_this_round",
            LONGEST_UNINSPECTED_FIRST,
            "code",
        )
    )


def recusal_conflicts_of(person, team):
    """Every target of the team the person should not inspect, with the reasons:
    [(target, [Conflict, ...]), ...]; the rule itself is rounds.recusal.conflicts."""
    office = team.round.office
    found = []
    for assignment in team.assignments.select_related("target").order_by("target__code"):
        reasons = conflicts(user=person, target=assignment.target, office=office)
        if reasons:
            found.append((assignment.target, reasons))
    return found


def method_log_of(user, assignment):
    """The on-site method log: the office's and the inspection side's, never the unit's."""
    return MethodLogEntry.objects.filter(
        inspection_access(user, "assignment"), assignment=assignment
    ).select_related("by__profile")


def leads_waiting_for(user):
    """Leads that need this person: the office transfers registered ones, the receiving body
    reports on the ones it received."""
    viewer = viewer_of(user)
    condition = NOTHING
    if viewer.is_office_staff:
        condition |= Q(status=Lead.Status.REGISTERED, assignment__round__office_id=viewer.office_id)
    if viewer.receiving_body_id:
        condition |= Q(
            receiving_body_id=viewer.receiving_body_id,
            status__in=[Lead.Status.TRANSFERRED, Lead.Status.CASE_OPENED],
        )
    return leads_visible_to(user).filter(condition)
