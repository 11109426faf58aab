"""Rectification plans, items, progress and evaluation, moved only through the services."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from demo.texts import (
    CLAIM,
    EVALUATION_COMMENTS,
    EVIDENCE_FILE,
    EVIDENCE_TEXT,
    FILING_REFERENCE,
    ITEM_REOPEN,
    ITEM_RETURN,
    MEASURES,
    PERIODIC,
    PLAN_RETURN,
    PROGRESS,
    RESPONSIBLE_UNITS,
    TOP_OFFICIAL_REPORT,
    UNIT_REPORT,
    WITHDRAW_REASON,
)
from rectification import services
from rectification.models import Evaluation, Filing, RectificationItem, RectificationReport

Kind = RectificationItem.Kind
# What becomes of each item, taken in turn, by how well the unit rectifies and whether the
# deadline has passed. Turning through fixed sequences guarantees every status appears.
FATES = {
    ("good", True): ("closed", "closed", "closed", "claimed"),
    ("good", False): ("in_progress", "closed", "not_started"),
    ("mixed", True): (
        "closed",
        "not_started",
        "in_progress",
        "returned",
        "closed",
        "claimed",
        "reopened",
    ),
    ("mixed", False): ("in_progress", "not_started", "claimed"),
    ("weak", True): ("in_progress", "not_started", "returned", "returned_twice", "closed"),
    ("weak", False): ("not_started", "in_progress"),
}
SCORES = {"good": (86, 97), "mixed": (76, 88), "weak": (58, 74)}
# With how many of the five parties the unit files its plan and its report (五方备案).
FILED_WITH = {"good": (5, 5), "mixed": (4, 2), "weak": (2, 0)}
EVALUATING_PARTIES = {
    "evaluation": (Evaluation.Party.INSPECTION_TEAM, Evaluation.Party.SUPERIOR_DEPARTMENT),
    "closed": tuple(Evaluation.Party),
}


def rectify(seed, cast, assignment, visit, liaison, top_official):
    """The liaison writes the plan; the office decides on it; the items are worked through."""
    plan = services.plan_open(assignment=assignment, by=liaison)
    delivered_on = assignment.feedback.delivered_on
    items = _add_items(seed, plan, liaison, assignment)
    if visit.plan == "draft":
        return
    # A weak unit misses the plan deadline and has its first plan returned.
    late = visit.quality == "weak"
    signed_on = min(plan.due_on + datetime.timedelta(days=12 if late else -3), seed.day(-1))
    plan = _submit(seed, plan, liaison, top_official, signed_on)
    if visit.plan == "returned" or late:
        plan = services.plan_return(plan=plan, by=cast.staff, comment=PLAN_RETURN)
        if visit.plan == "returned":
            _withdraw_a_duplicate(liaison, items)
            return
        signed_on += datetime.timedelta(days=7)
        plan = _submit(seed, plan, liaison, top_official, signed_on)
    if visit.plan != "accepted":
        for item in items:
            _work(seed, cast, liaison, item, visit, delivered_on, in_force=False)
        return
    services.plan_accept(plan=plan, by=cast.staff, comment="整改方案措施具体、责任明确，同意。")
    for item in items:
        _work(seed, cast, liaison, item, visit, delivered_on, in_force=True)
    plan_filings, report_filings = FILED_WITH[visit.quality]
    _file(seed, cast, assignment, Filing.Document.PLAN, signed_on, plan_filings)
    reported_on = _report(seed, assignment, visit, liaison, top_official, plan)
    if reported_on:
        _file(seed, cast, assignment, Filing.Document.REPORT, reported_on, report_filings)


def _withdraw_a_duplicate(liaison, items):
    """A returned plan loses one of its doubled-up measures while the unit reworks it."""
    doubled = next(item for item in items if item.kind == Kind.LONG_TERM)
    services.item_withdraw(item=doubled, by=liaison, reason=WITHDRAW_REASON)


def _report(seed, assignment, visit, liaison, top_official, plan):
    """整改报告 once the report is due: a weak unit is late and its top official stays silent."""
    if plan.report_due_on >= seed.today:
        return None
    late_by = 20 if visit.quality == "weak" else -2
    signed_on = min(plan.report_due_on + datetime.timedelta(days=late_by), seed.day(-1))
    counts = {"items": plan.items.count(), "done": plan.items.filter(status="closed").count()}
    reports = [(RectificationReport.Kind.UNIT, UNIT_REPORT)]
    if visit.quality != "weak":
        reports.append((RectificationReport.Kind.TOP_OFFICIAL, TOP_OFFICIAL_REPORT))
    for kind, text in reports:
        services.report_file(
            assignment=assignment,
            by=liaison,
            kind=kind,
            text=seed.fill(text, unit=assignment.target.name, **counts),
            author_name=top_official,
            signed_on=signed_on,
        )
    return signed_on


def _file(seed, cast, assignment, document, signed_on, parties):
    for party in list(Filing.Party)[:parties]:
        services.filing_record(
            assignment=assignment,
            by=cast.staff,
            document=document,
            party=party,
            filed_on=min(signed_on + datetime.timedelta(days=seed.rng.randint(1, 6)), seed.today),
            reference=FILING_REFERENCE.format(year=signed_on.year, n=seed.rng.randint(1, 60)),
        )


def _submit(seed, plan, liaison, top_official, signed_on):
    return services.plan_submit(
        plan=plan, by=liaison, signed_by_name=top_official, signed_at=seed.at(signed_on)
    )


def _add_items(seed, plan, liaison, assignment):
    """One or two measures per fed-back finding; every other finding also gets a long-term one."""
    delivered_on = assignment.feedback.delivered_on
    items = []
    findings = assignment.findings.filter(status="fed_back").order_by("number")
    for index, finding in enumerate(findings):
        kinds = [Kind.IMMEDIATE if index % 3 == 0 else Kind.IN_PERIOD]
        if index % 2 == 1:
            kinds.append(Kind.LONG_TERM)
        for kind in kinds:
            items.append(
                services.item_add(
                    plan=plan,
                    by=liaison,
                    finding=finding,
                    measure=f"针对“{finding.title}”问题：{seed.rng.choice(MEASURES[kind])}",
                    responsible_unit=seed.rng.choice(RESPONSIBLE_UNITS),
                    responsible_person=seed.person_name(),
                    deadline=delivered_on + datetime.timedelta(days=_days_allowed(seed, kind)),
                    kind=kind,
                )
            )
    return items


def _days_allowed(seed, kind):
    if kind == Kind.IMMEDIATE:
        return seed.rng.randint(10, 30)
    if kind == Kind.IN_PERIOD:
        return seed.rng.randint(45, 150)
    return seed.rng.randint(365, 540)


def _work(seed, cast, liaison, item, visit, delivered_on, *, in_force):
    """Progress, claims and the office's verdicts, as far as the item's fate goes."""
    if visit.plan == "submitted":
        # Before the office has decided, the unit has only begun some of the work.
        if seed.turn("early item", (True, False)):
            _progress(seed, liaison, item)
        return
    if not in_force:
        return
    if item.kind == Kind.LONG_TERM:
        _report_periodically(seed, liaison, item, visit, delivered_on)
        return
    situation = (visit.quality, item.deadline < seed.today)
    fate = seed.turn(situation, FATES[situation])
    if fate == "not_started":
        return
    _progress(seed, liaison, item)
    if fate == "in_progress":
        return
    item = services.item_claim_done(item=item, by=liaison, text=CLAIM, attachments=[_evidence()])
    if fate == "returned":
        services.item_return(item=item, by=cast.staff, reason=ITEM_RETURN)
    elif fate == "returned_twice":
        # Returned, claimed again with no better evidence, returned again: 整改不力.
        item = services.item_return(item=item, by=cast.staff, reason=ITEM_RETURN)
        item = services.item_claim_done(
            item=item, by=liaison, text=CLAIM, attachments=[_evidence()]
        )
        services.item_return(item=item, by=cast.staff, reason=ITEM_RETURN)
    elif fate in ("closed", "reopened"):
        item = services.item_close(item=item, by=cast.staff, comment="经核查，整改到位，同意销号。")
        if fate == "reopened":
            services.item_reopen(item=item, by=cast.staff, reason=ITEM_REOPEN)


def _progress(seed, liaison, item):
    services.progress_report(item=item, by=liaison, text=seed.fill(seed.rng.choice(PROGRESS)))


def _report_periodically(seed, liaison, item, visit, delivered_on):
    """长期坚持: one report per quarter since feedback, up to three; a weak unit skips some."""
    quarters = min(max((seed.today - delivered_on).days // 90, 1), 3)
    if visit.quality == "weak" and seed.turn("weak long-term", (True, False)):
        return
    for number in range(1, quarters + 1):
        services.progress_report(item=item, by=liaison, text=seed.fill(PERIODIC, k=number))


def _evidence():
    return SimpleUploadedFile(
        EVIDENCE_FILE, EVIDENCE_TEXT.encode("utf-8"), content_type="text/plain"
    )


def evaluate(seed, cast, assignment, visit, close):
    """Three-party (and office) evaluation on the 100-point scheme; then closure if due."""
    assignment = services.assignment_begin_evaluation(assignment=assignment, by=cast.staff)
    low, high = SCORES[visit.quality]
    for party in EVALUATING_PARTIES["closed" if close else "evaluation"]:
        score = Decimal(seed.rng.randint(low * 10, high * 10)) / 10
        grade = _grade(score)
        services.evaluation_record(
            assignment=assignment,
            by=cast.staff,
            party=party,
            score=score,
            grade=grade,
            comment=EVALUATION_COMMENTS[grade],
        )
    if close:
        services.assignment_close(
            assignment=assignment, by=cast.staff, comment="整改任务基本完成，转入日常监督。"
        )


def _grade(score):
    if score >= 90:
        return Evaluation.Grade.EXCELLENT
    if score >= 80:
        return Evaluation.Grade.GOOD
    if score >= 60:
        return Evaluation.Grade.FAIR
    return Evaluation.Grade.POOR
