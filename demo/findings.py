"""Working papers, leads, suggestions and feedback, moved only through the round services."""

import datetime
from dataclasses import dataclass

from demo.texts import (
    FINDING_RETURN_LEADER,
    FINDING_RETURN_OFFICE,
    GENERAL,
    LEAD_POSITIONS,
    LEADS,
    OUTCOME_NOTES,
    RURAL,
    RURAL_SUGGESTIONS,
    STATEMENTS,
    SUGGESTIONS,
)
from rounds import services

# How far each working paper goes, by the phase its assignment stops in. "reworked" papers
# are sent back once by the leader before they are signed, so their history shows a return.
FED_BACK_MIX = ("accepted", "reworked", "accepted")
REPORTING_MIX = ("accepted", "signed", "reviewed", "office_returned", "accepted", "draft")
ON_SITE_MIX = ("draft", "reviewed", "draft", "returned")
STEPS = {
    "draft": (),
    "reviewed": ("review",),
    "returned": ("review", "leader_return"),
    "signed": ("review", "sign"),
    "accepted": ("review", "sign", "accept"),
    "office_returned": ("review", "sign", "office_return"),
    "reworked": ("review", "leader_return", "review", "sign", "accept"),
}
# What the receiving bodies have reported, by how long ago the lead was transferred.
OLD_LEAD_OUTCOMES = ("closed", "no_case", "handled", "case_opened", None)
RECENT_LEAD_OUTCOMES = (None, "case_opened")


@dataclass
class Crew:
    """A team and its people, as users."""

    team: object
    leader: object
    deputy: object
    members: list
    names: list

    @property
    def drafters(self):
        return [*self.members, self.deputy]


def file_findings(seed, cast, crew, assignment, *, count, mix, window, rural):
    """Members file working papers on site; each is then taken as far as `mix` says."""
    findings = []
    for index, problem in enumerate(_problems(seed, count, rural)):
        finding = services.finding_draft(
            assignment=assignment,
            by=crew.drafters[index % len(crew.drafters)],
            title=problem.title,
            summary=seed.fill(problem.summary, unit=assignment.target.name),
            source=problem.source,
            category=cast.categories[problem.category],
            severity=problem.severity,
            tags=[cast.tags[code] for code in problem.tags],
            breached_rule=problem.rule,
            statements=seed.fill(seed.rng.choice(STATEMENTS)),
            prepared_on=_prepared_on(seed, window),
        )
        findings.append(_walk(finding, mix[index % len(mix)], cast, crew))
    return findings


def _problems(seed, count, rural):
    """Distinct problems; a special round on rural revitalisation finds mostly its own."""
    if not rural:
        return seed.rng.sample(GENERAL, count)
    own = min(count - 1, len(RURAL))
    return seed.rng.sample(RURAL, own) + seed.rng.sample(GENERAL, count - own)


def _prepared_on(seed, window):
    start, end = window
    last = min(end, seed.today)
    return start + datetime.timedelta(days=seed.rng.randint(0, max((last - start).days, 0)))


def _walk(finding, outcome, cast, crew):
    for step in STEPS[outcome]:
        if step == "review":
            finding = services.finding_review(finding=finding, by=crew.deputy)
        elif step == "sign":
            finding = services.finding_sign(finding=finding, by=crew.leader)
        elif step == "accept":
            finding = services.finding_accept(finding=finding, by=cast.staff)
        elif step == "leader_return":
            finding = services.finding_return(
                finding=finding, by=crew.leader, comment=FINDING_RETURN_LEADER
            )
        elif step == "office_return":
            finding = services.finding_return(
                finding=finding, by=cast.staff, comment=FINDING_RETURN_OFFICE
            )
    return finding


def register_leads(seed, crew, assignment, findings, count):
    """The leader registers leads about individuals, each tied to a working paper."""
    leads = []
    for index in range(count):
        position, summary, kind = seed.turn("lead", LEADS)
        positions = LEAD_POSITIONS.get(assignment.target.category)
        lead = services.lead_register(
            assignment=assignment,
            by=crew.leader,
            subject_name=seed.person_name(),
            subject_position=seed.rng.choice(positions) if positions else position,
            summary=summary,
            finding=findings[index] if index < len(findings) else None,
        )
        leads.append((lead, kind))
    return leads


def transfer_leads(seed, cast, leads, transferred_on):
    """移交 to the discipline body or the organisation department, then their outcomes."""
    age = (seed.today - transferred_on).days
    for lead, kind in leads:
        lead = services.lead_transfer(
            lead=lead,
            by=cast.staff,
            receiving_body=cast.bodies[kind],
            transferred_on=transferred_on,
        )
        if age > 180:
            outcome = seed.turn("old lead", OLD_LEAD_OUTCOMES)
        elif age > 30:
            outcome = seed.turn("recent lead", RECENT_LEAD_OUTCOMES)
        else:
            outcome = None
        if outcome:
            _record_outcome(seed, cast, lead, kind, outcome, age)


def _record_outcome(seed, cast, lead, kind, outcome, age):
    if kind == "organisation" and outcome in ("case_opened", "closed"):
        outcome = "handled"  # the organisation department deals with cadres, it opens no cases
    officer = cast.officers[kind]
    first = "case_opened" if outcome == "closed" else outcome
    opened_on = lead.transferred_on + datetime.timedelta(days=min(30, age - 1))
    lead = services.lead_record_outcome(
        lead=lead, by=officer, outcome=first, outcome_on=opened_on, note=OUTCOME_NOTES[first]
    )
    if outcome == "closed":
        services.lead_record_outcome(
            lead=lead,
            by=officer,
            outcome="closed",
            outcome_on=seed.day(-30),
            note=OUTCOME_NOTES["closed"],
        )


def add_suggestions(seed, crew, assignment, rural):
    texts = seed.rng.sample(SUGGESTIONS, 3)
    if rural:
        texts.insert(0, seed.rng.choice(RURAL_SUGGESTIONS))
    return [
        services.suggestion_add(assignment=assignment, by=crew.leader, text=text) for text in texts
    ]


def give_feedback(seed, cast, assignment, findings, suggestions, delivered_on):
    """反馈 to the unit's leading group and its top official; returns the top official."""
    top_official = seed.person_name()
    services.feedback_issue(
        assignment=assignment,
        by=cast.staff,
        delivered_on=delivered_on,
        recipients=f"{assignment.target.name}领导班子",
        top_official=top_official,
        findings=findings,
        suggestions=suggestions,
    )
    return top_official
