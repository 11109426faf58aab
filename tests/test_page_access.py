"""Who gets which page: every page and action of the rounds, rectification and reminders apps
(a sample of the actions) against every role.

One table: a row per page (or POST action), a column per role of tests/world.py. A page out of
a person's scope is 404, never 403 (a 403 would confirm that the id exists) and never 500; an
anonymous visitor is sent to the login page. For POST actions the table also says whether the
action was taken (DO) or refused with nothing changed (NO). A 403 (FB) is allowed only where the
person sees the object: the leadership group on its own office's plan, which it reads but may
not change.

The world is built once for the module (tests/world.py, about a second of service calls) inside
a transaction rolled back at the end, with one more assignment, A4, on site for team 1 so that
filing and sign-off can be taken, and what the planning and feedback pages need (below); each
test runs in its own savepoint and its own media folder, which a page sending one of the world's
uploaded files gets a copy of. Each role's session is opened once, with the world.
"""

import itertools
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import reverse

from organisations.models import ReceivingBody
from rectification.models import Filing, ProgressReport
from rounds import documents
from rounds import services as rounds
from rounds.models import (
    Assignment,
    Evidence,
    Feedback,
    Finding,
    Lead,
    MethodLogEntry,
    Round,
    Suggestion,
    Team,
    TeamMembership,
    Term,
)
from tests import factories, flows
from tests.module_data import built_once
from tests.world import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

# What a person gets.
OK = "200"
NF = "404"
IN = "sent to log in"
DO = "done"
NO = "refused, nothing changed"
# 403 with nothing changed: allowed only to a role that sees the object, as the leadership group
# sees its office's plan (the planning pages refuse its changes with 403).
FB = "forbidden, nothing changed"


def _url(name, label=None, *extra):
    """The path of a named page of the rounds app for the world's row `label`."""
    if label is None:
        return lambda world: reverse(name)
    return lambda world: reverse(name, args=[world.rows[label].pk, *extra])


def _status_of(label):
    return lambda world: Finding.objects.get(pk=world.rows[label].pk).status


def _evidence_count(label):
    return lambda world: Evidence.objects.filter(finding=world.rows[label]).count()


def _phase_of(label):
    return lambda world: Assignment.objects.get(pk=world.rows[label].pk).phase


def _no_data(world):
    return {}


@dataclass(frozen=True)
class Page:
    url: Callable
    method: str = "get"
    data: Callable = _no_data
    # For actions: what the action changes, and the page it returns to (read after the
    # request, so that it can be the page of a row the action made).
    state: Callable | None = None
    then: Callable | None = None
    # A refused action re-renders its form (400), or redirects back with a message.
    refused_status: int = 400
    # Run before the request, inside the test's savepoint.
    before: Callable | None = None
    # The page sends one of the world's uploaded files, so the test needs a copy of them.
    reads_files: bool = False


def download(name, label):
    return Page(_url(name, label), reads_files=True)


def finding_act(label, action, comment="页面测试"):
    return Page(
        url=_url("rounds:finding_act", label, action),
        method="post",
        data=lambda world: {"comment": comment},
        state=_status_of(label),
        then=_url("rounds:finding", label),
    )


def evidence_add(label):
    return Page(
        url=_url("rounds:evidence_add", label),
        method="post",
        data=lambda world: {"files": [flows.pdf("补充材料.pdf")]},
        state=_evidence_count(label),
        then=_url("rounds:finding", label),
    )


def phase_step(label, step):
    return Page(
        url=_url("rounds:assignment_step", label, step),
        method="post",
        state=_phase_of(label),
        then=_url("rounds:assignment", label),
        refused_status=302,
    )


# Planning, feedback, leads and the method log. ---------------------------------------------


def _pk(label):
    return lambda world: world.rows[label].pk


def _form(**fields):
    """Form data with a fresh submission token; a callable value is read from the world."""

    def data(world):
        values = {
            name: value(world) if callable(value) else value for name, value in fields.items()
        }
        return {"submission": str(uuid.uuid4()), **values}

    return data


def _count(model, **labelled):
    """How many rows of `model` there are whose fields name the world's rows `labelled`."""
    return lambda world: model.objects.filter(
        **{field: world.rows[label] for field, label in labelled.items()}
    ).count()


def _round_of_team(label):
    return lambda world: reverse("rounds:round", args=[world.rows[label].round_id])


def _newest(model, name, **labelled):
    """The page of the newest row of `model` (read after the request), or None."""

    def url(world):
        rows = model.objects.filter(**{field: world.rows[lb] for field, lb in labelled.items()})
        newest = rows.order_by("-pk").first()
        return reverse(name, args=[newest.pk]) if newest else None

    return url


def term_create():
    return Page(
        url=_url("rounds:term_create"),
        method="post",
        data=_form(name="第九届县委", starts_on="2027-01-01", ends_on="2031-12-31"),
        state=lambda world: Term.objects.count(),
        then=_url("rounds:rounds"),
    )


def round_plan(term):
    return Page(
        url=_url("rounds:round_plan", term),
        method="post",
        data=_form(
            ordinal=9,
            kind=Round.Kind.REGULAR,
            theme="",
            planned_start="2025-03-01",
            planned_end="2025-06-30",
        ),
        state=_count(Round, term=term),
        then=_newest(Round, "rounds:round", term=term),
    )


def team_create(round_):
    return Page(
        url=_url("rounds:team_create", round_),
        method="post",
        data=_form(name="第九巡察组"),
        state=_count(Team, round=round_),
        then=_url("rounds:round", round_),
    )


def round_assign(round_, team, target):
    return Page(
        url=_url("rounds:round_assign", round_),
        method="post",
        data=_form(team=_pk(team), targets=lambda world: [world.rows[target].pk]),
        state=_count(Assignment, round=round_),
        then=_url("rounds:round", round_),
    )


def _member_url(team, person):
    return lambda world: reverse(
        "rounds:member_add", args=[world.rows[team].pk, world.rows[person].pk]
    )


def member_form(team, person):
    return Page(_member_url(team, person))


def member_add(team, person):
    return Page(
        url=_member_url(team, person),
        method="post",
        data=_form(role=TeamMembership.Role.MEMBER),
        state=_count(TeamMembership, team=team),
        then=_round_of_team(team),
    )


def suggestion_add(label):
    return Page(
        url=_url("rounds:suggestion_create", label),
        method="post",
        data=_form(text="进一步完善财务管理制度。"),
        state=_count(Suggestion, assignment=label),
        then=_url("rounds:assignment", label),
    )


def feedback_issue(label):
    """Feed back every accepted finding and every suggestion not yet given."""

    def accepted(world):
        findings = Finding.objects.filter(
            assignment=world.rows[label], status=Finding.Status.ACCEPTED
        )
        return list(findings.values_list("pk", flat=True))

    def waiting(world):
        suggestions = Suggestion.objects.filter(assignment=world.rows[label], feedback=None)
        return list(suggestions.values_list("pk", flat=True))

    return Page(
        url=_url("rounds:feedback_create", label),
        method="post",
        data=_form(
            findings=accepted,
            suggestions=waiting,
            delivered_on="2024-07-15",
            recipients="镇党委领导班子",
            top_official="张书记",
        ),
        state=_count(Feedback, assignment=label),
        then=_newest(Feedback, "rounds:feedback", assignment=label),
    )


def _without_document(label):
    def clear(world):
        Feedback.objects.filter(pk=world.rows[label].pk).update(document="")

    return clear


def document_generate(label):
    """Generate the document of feedback whose document could not be made (cleared first)."""
    return Page(
        url=_url("rounds:feedback_document_generate", label),
        method="post",
        before=_without_document(label),
        state=lambda world: Feedback.objects.get(pk=world.rows[label].pk).document.name,
        then=_url("rounds:feedback", label),
    )


def _lead_status(label):
    return lambda world: Lead.objects.get(pk=world.rows[label].pk).status


def lead_register(label):
    return Page(
        url=_url("rounds:lead_create", label),
        method="post",
        data=_form(
            subject_name="王某某",
            subject_position="村委会主任",
            summary="反映其在征地补偿中优亲厚友。",
            finding="",
        ),
        state=_count(Lead, assignment=label),
        then=_newest(Lead, "rounds:lead", assignment=label),
    )


def lead_transfer(label):
    def body(world):
        office = world.rows[label].assignment.round.office_id
        return ReceivingBody.objects.filter(office_id=office).order_by("pk").first().pk

    return Page(
        url=_url("rounds:lead_transfer", label),
        method="post",
        data=_form(receiving_body=body, transferred_on="2024-07-20"),
        state=_lead_status(label),
        then=_url("rounds:lead", label),
    )


def lead_outcome(label):
    return Page(
        url=_url("rounds:lead_outcome", label),
        method="post",
        data=_form(outcome=Lead.Status.CASE_OPENED, outcome_on="2024-08-01", note="已立案审查"),
        state=_lead_status(label),
        then=_url("rounds:lead", label),
    )


def method_log_add(label):
    return Page(
        url=_url("rounds:method_log", label),
        method="post",
        data=lambda world: {
            "method": MethodLogEntry.Method.TALK,
            "held_on": "2024-03-05",
            "count": 3,
            "note": "与班子成员个别谈话",
        },
        state=_count(MethodLogEntry, assignment=label),
        then=_url("rounds:method_log", label),
    )


def progress_report(label):
    return Page(
        url=_url("rectification:item_progress", label),
        method="post",
        data=_form(text="本月完成制度修订初稿。"),
        state=_count(ProgressReport, item=label),
        then=_url("rectification:item", label),
    )


def filing_record(label):
    return Page(
        url=_url("rectification:filing_create", label),
        method="post",
        data=_form(
            document=Filing.Document.PLAN,
            parties=[Filing.Party.SUPERIOR_DEPARTMENT],
            filed_on="2024-08-21",
        ),
        state=_count(Filing, assignment=label),
        then=_url("rectification:assignment", label),
    )


PAGES = {
    "home": Page(_url("home")),
    "assignment list": Page(_url("rounds:assignments")),
    "assignment A1": Page(_url("rounds:assignment", "A1")),
    "new paper on A4": Page(_url("rounds:finding_create", "A4")),
    "finding list": Page(_url("rounds:findings")),
    "finding A1 fed back": Page(_url("rounds:finding", "A1 fed back")),
    "finding A1 draft of member 2": Page(_url("rounds:finding", "A1 draft by member 2")),
    "internal evidence": download("rounds:evidence", "internal evidence on A1 fed back"),
    "evidence shown to unit": download("rounds:evidence", "public evidence on A1 fed back"),
    "lead list": Page(_url("rounds:leads")),
    "lead A1 to B_A": Page(_url("rounds:lead", "A1 lead to B_A")),
    "sign A4 reviewed": finding_act("A4 reviewed", "sign"),
    "accept A4 signed": finding_act("A4 signed", "accept"),
    "return A1 fed back": finding_act("A1 fed back", "return"),
    "add evidence to A4": evidence_add("A4 reviewed"),
    "move A4 to reporting": phase_step("A4", "reporting"),
    # Planning: the office's staff plan, its leadership group reads.
    "round index": Page(_url("rounds:rounds")),
    "new term": term_create(),
    "round form of term A": Page(_url("rounds:round_plan", "term A")),
    "plan a round in term A": round_plan("term A"),
    "round A board": Page(_url("rounds:round", "round A")),
    "form a team in round A": team_create("round A"),
    "assign page of round A": Page(_url("rounds:round_assign", "round A")),
    "assign team 1 to T5": round_assign("round A", "team 1", "T5"),
    "talent pool of team 1": Page(_url("rounds:talent_pool", "team 1")),
    "member form on team 1": member_form("team 1", "pool inspector A"),
    "add member to team 1": member_add("team 1", "pool inspector A"),
    # Suggestions and feedback.
    "suggestion form on A4": Page(_url("rounds:suggestion_create", "A4")),
    "add suggestion to A4": suggestion_add("A4"),
    "feedback form on A3": Page(_url("rounds:feedback_create", "A3")),
    "issue feedback on A3": feedback_issue("A3"),
    "feedback A1": Page(_url("rounds:feedback", "A1 feedback")),
    "feedback A1 document": download("rounds:feedback_document", "A1 feedback"),
    "generate A1 document": document_generate("A1 feedback"),
    # Leads.
    "lead form on A4": Page(_url("rounds:lead_create", "A4")),
    "register lead on A4": lead_register("A4"),
    "transfer A1 registered lead": lead_transfer("A1 registered lead"),
    "outcome of A1 lead to B_A": lead_outcome("A1 lead to B_A"),
    # The on-site method log.
    "method log of A1": Page(_url("rounds:method_log", "A1")),
    "add to method log of A4": method_log_add("A4"),
    # Rectification: the unit's and the office's; the inspection side reads.
    "rectification list": Page(_url("rectification:plans")),
    "rectification of A1": Page(_url("rectification:assignment", "A1")),
    "item A1": Page(_url("rectification:item", "A1 item")),
    "attachment A1": download("rectification:attachment", "A1 attachment"),
    "report progress on A1 item": progress_report("A1 item"),
    "record a filing on A1": filing_record("A1"),
    "evaluation of A1": Page(_url("rectification:evaluation", "A1")),
    "items ledger": Page(_url("rectification:ledger_items")),
    "items ledger export": Page(_url("rectification:ledger_items_export")),
    "leads ledger": Page(_url("rectification:ledger_leads")),
    "figures": Page(_url("rectification:figures")),
    "look-back candidates": Page(_url("rectification:lookback")),
    "reminders": Page(_url("reminders:list")),
    "dashboard": Page(_url("coverage:dashboard")),
    "term coverage": Page(_url("coverage:term")),
    "uncovered export": Page(_url("coverage:uncovered_export")),
    "roll-up": Page(_url("coverage:rollup")),
    "roll-up export": Page(_url("coverage:rollup_export")),
    "term report": Page(_url("coverage:term_report")),
    "roll-up report": Page(_url("coverage:rollup_report")),
    "filings with the office above": Page(_url("linkage:list")),
    "filings received": Page(_url("linkage:inbox")),
    "filing deadlines": Page(_url("linkage:deadlines")),
    "supervision visits": Page(_url("supervision:list")),
    "record a visit form": Page(_url("supervision:create")),
}

ROLES = (
    "office_staff_a",
    "leadership_a",
    "leader_1",
    "deputy_1",
    "member_1",
    "specialist",
    "liaison_t1",
    "officer_of_b_a",
    "office_staff_b",
    "outsider",
    "admin",
    "anonymous",
)

# Columns in the order of ROLES: office staff A, leadership group A, leader, deputy, member of
# team 1, specialist granted A1, liaison of T1, officer of receiving body B_A, office staff B,
# outsider, superuser, anonymous.
# fmt: off
MATRIX = {
    #                                offA leaA ldr  dep  mem  spec liai rcv  offB out  adm  anon
    "home":                         (OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IN),
    "assignment list":              (OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IN),
    "assignment A1":                (OK,  OK,  OK,  OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  IN),
    "new paper on A4":              (NF,  NF,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "finding list":                 (OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IN),
    "finding A1 fed back":          (OK,  OK,  OK,  OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  IN),
    "finding A1 draft of member 2": (OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "internal evidence":            (OK,  OK,  OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  IN),
    "evidence shown to unit":       (OK,  OK,  OK,  OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  IN),
    "lead list":                    (OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IN),
    "lead A1 to B_A":               (OK,  NF,  OK,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  IN),
    "sign A4 reviewed":             (NO,  NO,  DO,  NO,  NO,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "accept A4 signed":             (DO,  NO,  NO,  NO,  NO,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "return A1 fed back":           (NO,  NO,  NO,  NO,  NO,  NO,  NO,  NF,  NF,  NF,  NF,  IN),
    "add evidence to A4":           (DO,  NO,  DO,  DO,  DO,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "move A4 to reporting":         (DO,  NO,  NO,  NO,  NO,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    # Planning: the office's readers only; office B's staff see and change their own office's.
    "round index":                  (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  IN),
    "new term":                     (DO,  FB,  NF,  NF,  NF,  NF,  NF,  NF,  DO,  NF,  NF,  IN),
    "round form of term A":         (OK,  FB,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "plan a round in term A":       (DO,  FB,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "round A board":                (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "form a team in round A":       (DO,  FB,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "assign page of round A":       (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "assign team 1 to T5":          (DO,  FB,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "talent pool of team 1":        (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "member form on team 1":        (OK,  FB,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "add member to team 1":         (DO,  FB,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    # Suggestions and feedback: the office acts; the leader and deputies add suggestions.
    "suggestion form on A4":        (OK,  NF,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "add suggestion to A4":         (DO,  NF,  DO,  DO,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "feedback form on A3":          (OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "issue feedback on A3":         (DO,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "feedback A1":                  (OK,  OK,  OK,  OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  IN),
    "feedback A1 document":         (OK,  OK,  OK,  OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  IN),
    "generate A1 document":         (DO,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    # Leads: never the leadership group; the receiving body records what became of its own.
    "lead form on A4":              (OK,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "register lead on A4":          (DO,  NF,  DO,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "transfer A1 registered lead":  (DO,  NF,  NO,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "outcome of A1 lead to B_A":    (NO,  NF,  NO,  NF,  NF,  NF,  NF,  DO,  NF,  NF,  NF,  IN),
    # The method log: the inspection side's, never the unit's.
    "method log of A1":             (OK,  OK,  OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  IN),
    "add to method log of A4":      (DO,  NO,  DO,  DO,  DO,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    # Rectification: the unit writes, the office writes and decides, the inspection side reads;
    # the evaluation is never the unit's; leads, figures and look-back are the office's.
    "rectification list":           (OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IN),
    "rectification of A1":          (OK,  OK,  OK,  OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  IN),
    "item A1":                      (OK,  OK,  OK,  OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  IN),
    "attachment A1":                (OK,  OK,  OK,  OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  IN),
    "report progress on A1 item":   (DO,  FB,  FB,  FB,  FB,  FB,  DO,  NF,  NF,  NF,  NF,  IN),
    "record a filing on A1":        (DO,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "evaluation of A1":             (OK,  OK,  OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  IN),
    "items ledger":                 (OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IN),
    "items ledger export":          (OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IN),
    "leads ledger":                 (OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  IN),
    "figures":                      (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  IN),
    "look-back candidates":         (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  IN),
    "reminders":                    (OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IN),
    # Coverage, the roll-up and the filings with the office above: the office's readers.
    "dashboard":                    (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  IN),
    "term coverage":                (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  IN),
    "uncovered export":             (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  IN),
    "roll-up":                      (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  IN),
    "roll-up export":               (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  IN),
    "term report":                  (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  IN),
    "roll-up report":               (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  IN),
    "filings with the office above": (OK, OK,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  IN),
    "filings received":             (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  IN),
    "filing deadlines":             (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  IN),
    # Guidance and supervision: the office's readers; only staff of an office with offices
    # below it record a visit (office A has none).
    "supervision visits":           (OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  IN),
    "record a visit form":          (NF,  FB,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
}
# fmt: on


def _add_assignment_on_site(world):
    """A4: team 1 at a new target of office A, on site, with a reviewed and a signed finding."""
    staff, leader = world.people["office_staff_a"], world.people["leader_1"]
    deputy, member = world.people["deputy_1"], world.people["member_1"]
    a1 = world.rows["A1"]
    target = factories.TargetFactory(office=a1.round.office)
    a4 = rounds.assignment_create(round=a1.round, team=a1.team, target=target, by=staff)
    world.rows["A4"] = rounds.assignment_begin_on_site(assignment=a4, by=staff)

    def reviewed():
        finding = rounds.finding_draft(
            assignment=a4,
            by=member,
            title="专项资金未专款专用",
            summary="2023年扶贫专项资金挪用于办公楼维修。",
            source=Finding.Source.DOCUMENT,
            category=world.rows["A1 fed back"].category,
        )
        return rounds.finding_review(finding=finding, by=deputy)

    world.rows["A4 reviewed"] = reviewed()
    world.rows["A4 signed"] = rounds.finding_sign(finding=reviewed(), by=leader)


def _add_planning_and_documents(world):
    """The terms by label, a target of office A no round has assigned yet, a person of each
    office's talent pool on no team, and the document of each feedback."""
    rows = world.rows
    rows["term A"], rows["term B"] = rows["round A"].term, rows["round B"].term
    rows["T5"] = factories.TargetFactory(office=rows["round A"].office)
    rows["pool inspector A"] = factories.InspectorFactory(office=rows["round A"].office).user
    rows["pool inspector B"] = factories.InspectorFactory(office=rows["round B"].office).user
    for label in ("A1 feedback", "A2 feedback", "B1 feedback"):
        feedback = rows[label]
        rows[label] = rounds.feedback_attach_document(
            feedback=feedback, by=feedback.issued_by, pdf=flows.PDF_BYTES
        )


def _sessions(world):
    """role -> the key of a session opened for that person by the test client's force_login,
    once for the module: logging in for each test would take a third of the module's time."""
    sessions = {}
    for role, user in world.people.items():
        if user.is_authenticated:
            opener = Client()
            opener.force_login(user)
            sessions[role] = opener.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def _build():
    world = build_world()
    _add_assignment_on_site(world)
    _add_planning_and_documents(world)
    sessions = _sessions(world)
    # Check the deferred foreign keys of everything built now, once: left pending in the outer
    # transaction, they would be checked again at the end of every test (Django's TestCase
    # checks constraints before rolling back to its savepoint, which restores them as pending).
    connection.check_constraints()
    return world, sessions


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once, in a transaction rolled back after the module's last test (or a failure);
    returns the world, the folder holding its uploaded files, and a session for each role."""
    media = tmp_path_factory.mktemp("page-access-media")
    with override_settings(MEDIA_ROOT=media), built_once(django_db_blocker, _build) as made:
        world, sessions = made
        yield world, media, sessions


@pytest.fixture(scope="module")
def media_folders(tmp_path_factory):
    return tmp_path_factory.mktemp("page-access-tests"), itertools.count()


@pytest.fixture
def media_root(settings, media_folders):
    """This test's own media folder, as tests/conftest.py's fixture gives, but made only when
    something is written to it: a temporary directory for each of the module's hundreds of
    tests would cost seconds to make and to clean up."""
    base, numbers = media_folders
    settings.MEDIA_ROOT = base / f"test-{next(numbers)}"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(built, db):
    """The world inside this test's own savepoint."""
    return built[0]


@pytest.fixture
def visit(client, world, built, media_root, monkeypatch):
    """What `role` gets on `page`, logged in with the session opened for it when the world was
    built; a page that sends an uploaded file gets a copy of the world's files in this test's
    own media folder (the other pages only ever write there). The feedback document and the
    coverage reports are stubs: what WeasyPrint makes of them is the business of
    tests/test_feedback_pages.py and tests/test_coverage_reports.py, and a second each."""
    _world, media, sessions = built
    monkeypatch.setattr(documents, "feedback_pdf", lambda feedback: flows.PDF_BYTES)
    monkeypatch.setattr(documents, "render_pdf", lambda html: flows.PDF_BYTES)

    def visit(page, role):
        if page.reads_files:
            shutil.copytree(media, media_root)
        return outcome(client, world, page, sessions.get(role))

    return visit


def _same_page(location, back):
    """The page an action returns to, perhaps at an anchor (`#team-3`)."""
    return back is not None and location is not None and location.split("#")[0] == back


def outcome(client, world, page, session):
    """What the person got: OK, NF, IN, DO, NO, FB, or a description of anything else.

    `session`: the key of the person's session (see `_sessions`), None for an anonymous one."""
    if session is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    if page.before:
        page.before(world)
    url = page.url(world)
    before = page.state(world) if page.state else None
    response = getattr(client, page.method)(url, page.data(world))
    if response.streaming:
        # Read to the end: the test client then closes the file (response.close() called here
        # would also close the database connection, and with it the module's transaction).
        b"".join(response.streaming_content)
    changed = page.state is not None and page.state(world) != before
    location = response.get("Location")
    login = f"{resolve_url(settings.LOGIN_URL)}?next={quote(url)}"
    if response.status_code == 302 and location == login and not changed:
        return IN
    if response.status_code == 404 and not changed:
        return NF
    if response.status_code == 403 and not changed:
        return FB
    if page.method == "get" and response.status_code == 200:
        return OK
    back = page.then(world) if page.then else None
    if changed and response.status_code == 302 and _same_page(location, back):
        return DO
    refused_where = back if page.refused_status == 302 else None
    if not changed and response.status_code == page.refused_status and location == refused_where:
        return NO
    return f"{response.status_code} to {location}, changed: {changed}"


def _cases():
    for page_name, row in MATRIX.items():
        for role, expected in zip(ROLES, row, strict=True):
            yield pytest.param(page_name, role, expected, id=f"{page_name}-{role}")


def test_the_table_has_a_row_for_every_page_and_a_column_for_every_role(built):
    world, _media, _sessions = built
    assert set(MATRIX) == set(PAGES)
    assert set(ROLES) <= set(world.people)


@pytest.mark.parametrize(("page_name", "role", "expected"), list(_cases()))
def test_each_role_gets_what_the_rule_allows_on_each_page(visit, page_name, role, expected):
    assert visit(PAGES[page_name], role) == expected


# Guessing ids: another office, another body, another target, another team. -----------------

KINDS = {
    "assignment": lambda label: Page(_url("rounds:assignment", label)),
    "new paper": lambda label: Page(_url("rounds:finding_create", label)),
    "finding": lambda label: Page(_url("rounds:finding", label)),
    "evidence": lambda label: download("rounds:evidence", label),
    "lead": lambda label: Page(_url("rounds:lead", label)),
    "accept": lambda label: finding_act(label, "accept"),
    "return": lambda label: finding_act(label, "return"),
    "add evidence": evidence_add,
    "step to rectification": lambda label: phase_step(label, "rectification"),
    "plan round": round_plan,
    "round board": lambda label: Page(_url("rounds:round", label)),
    "form team": team_create,
    "assign": round_assign,
    "talent pool": lambda team: Page(_url("rounds:talent_pool", team)),
    "member form": member_form,
    "add member": member_add,
    "add suggestion": suggestion_add,
    "issue feedback": feedback_issue,
    "feedback": lambda label: Page(_url("rounds:feedback", label)),
    "feedback document": lambda label: download("rounds:feedback_document", label),
    "generate document": document_generate,
    "register lead": lead_register,
    "transfer": lead_transfer,
    "outcome": lead_outcome,
    "method log": lambda label: Page(_url("rounds:method_log", label)),
    "add to method log": method_log_add,
    "rectification": lambda label: Page(_url("rectification:assignment", label)),
    "item": lambda label: Page(_url("rectification:item", label)),
    "attachment": lambda label: download("rectification:attachment", label),
    "report progress": progress_report,
    "record filing": filing_record,
    "evaluation": lambda label: Page(_url("rectification:evaluation", label)),
}

GUESSES = [
    # Another office.
    ("office_staff_a", "assignment", "B1"),
    ("office_staff_a", "finding", "B1 draft"),
    ("office_staff_a", "finding", "B1 fed back"),
    ("office_staff_a", "evidence", "evidence on B1 fed back"),
    ("office_staff_a", "lead", "B1 lead to B_B"),
    ("office_staff_a", "return", "B1 fed back"),
    ("office_staff_a", "add evidence", "B1 draft"),
    ("office_staff_a", "step to rectification", "B1"),
    ("office_staff_a", "plan round", "term B"),
    ("office_staff_a", "round board", "round B"),
    ("office_staff_a", "form team", "round B"),
    ("office_staff_a", "assign", "round B + team B + TB"),
    ("office_staff_a", "talent pool", "team B"),
    ("office_staff_a", "add member", "team B + pool inspector B"),
    ("office_staff_a", "add suggestion", "B1"),
    ("office_staff_a", "issue feedback", "B1"),
    ("office_staff_a", "feedback", "B1 feedback"),
    ("office_staff_a", "feedback document", "B1 feedback"),
    ("office_staff_a", "generate document", "B1 feedback"),
    ("office_staff_a", "register lead", "B1"),
    ("office_staff_a", "transfer", "B1 lead to B_B"),
    ("office_staff_a", "outcome", "B1 lead to B_B"),
    ("office_staff_a", "add to method log", "B1"),
    ("office_staff_a", "rectification", "B1"),
    ("office_staff_a", "item", "B1 item"),
    ("office_staff_a", "attachment", "B1 attachment"),
    ("office_staff_a", "report progress", "B1 item"),
    ("office_staff_a", "record filing", "B1"),
    ("office_staff_a", "evaluation", "B1"),
    ("leadership_a", "plan round", "term B"),
    ("leadership_a", "form team", "round B"),
    ("leadership_a", "assign", "round B + team B + TB"),
    ("leadership_a", "add member", "team B + pool inspector B"),
    ("office_staff_b", "assignment", "A1"),
    ("office_staff_b", "new paper", "A4"),
    ("office_staff_b", "finding", "A1 draft by member 2"),
    ("office_staff_b", "evidence", "internal evidence on A1 fed back"),
    ("office_staff_b", "lead", "A1 registered lead"),
    ("office_staff_b", "accept", "A4 signed"),
    ("office_staff_b", "add evidence", "A4 reviewed"),
    ("office_staff_b", "step to rectification", "A1"),
    ("office_staff_b", "plan round", "term A"),
    ("office_staff_b", "round board", "round A"),
    ("office_staff_b", "form team", "round A"),
    ("office_staff_b", "assign", "round A + team 1 + T5"),
    ("office_staff_b", "talent pool", "team 1"),
    ("office_staff_b", "add member", "team 1 + pool inspector A"),
    ("office_staff_b", "add suggestion", "A4"),
    ("office_staff_b", "issue feedback", "A3"),
    ("office_staff_b", "feedback", "A1 feedback"),
    ("office_staff_b", "feedback document", "A1 feedback"),
    ("office_staff_b", "generate document", "A1 feedback"),
    ("office_staff_b", "register lead", "A4"),
    ("office_staff_b", "transfer", "A1 registered lead"),
    ("office_staff_b", "outcome", "A1 lead to B_A"),
    ("office_staff_b", "add to method log", "A4"),
    # Someone of another office's talent pool, on a team the office does plan.
    ("office_staff_a", "add member", "team 1 + pool inspector B"),
    ("leadership_a", "member form", "team 1 + pool inspector B"),
    # Another receiving body.
    ("officer_of_b_a", "lead", "B1 lead to B_B"),
    ("officer_of_b_b", "lead", "A1 lead to B_A"),
    ("officer_of_b_a", "lead", "A1 registered lead"),
    ("officer_of_b_b", "outcome", "A1 lead to B_A"),
    ("officer_of_b_a", "outcome", "B1 lead to B_B"),
    ("officer_of_b_a", "outcome", "A1 registered lead"),
    ("officer_of_b_a", "transfer", "A1 registered lead"),
    # Another target, and the unit's own target before feedback.
    ("liaison_t1", "assignment", "A2"),
    ("liaison_t1", "finding", "A2 fed back"),
    ("liaison_t1", "evidence", "evidence on A2 fed back"),
    ("liaison_t2", "finding", "A1 fed back"),
    ("liaison_t3_before_feedback", "assignment", "A3"),
    ("liaison_t3_before_feedback", "finding", "A3 accepted"),
    ("liaison_t3_before_feedback", "evidence", "evidence on A3 accepted"),
    ("liaison_t1", "feedback", "A2 feedback"),
    ("liaison_t1", "feedback document", "A2 feedback"),
    ("liaison_t2", "feedback", "A1 feedback"),
    ("liaison_t2", "feedback document", "A1 feedback"),
    ("liaison_t1", "rectification", "A2"),
    ("liaison_t1", "item", "A2 item"),
    ("liaison_t1", "attachment", "A2 attachment"),
    ("liaison_t1", "report progress", "A2 item"),
    ("liaison_t2", "report progress", "A1 item"),
    ("liaison_t3_before_feedback", "rectification", "A3"),
    ("liaison_t2", "evaluation", "A2"),
    # Another team of the same round; a grant on another assignment.
    ("leader_1", "assignment", "A2"),
    ("leader_1", "finding", "A2 draft"),
    ("leader_1", "lead", "A2 lead to B_A"),
    ("leader_1", "return", "A2 fed back"),
    ("deputy_1_with_leads", "lead", "A2 lead to B_A"),
    ("member_1", "assignment", "A2"),
    ("member_1", "evidence", "evidence on A2 fed back"),
    ("member_2", "finding", "A1 draft by member 1"),
    ("specialist", "assignment", "A2"),
    ("specialist", "new paper", "A1"),
    ("specialist", "finding", "A4 reviewed"),
    ("leader_1", "add suggestion", "A3"),
    ("leader_1", "register lead", "A3"),
    ("leader_1", "transfer", "A2 lead to B_A"),
    ("deputy_1_with_leads", "outcome", "A2 lead to B_A"),
    ("leader_1", "method log", "A2"),
    ("member_1", "add to method log", "A3"),
    ("specialist", "method log", "A2"),
    ("specialist", "add to method log", "A4"),
    ("leader_1", "item", "A2 item"),
    ("specialist", "rectification", "A2"),
]

# Guesses the code answers otherwise than the rule: guess -> what it does instead, and where.


@pytest.mark.parametrize(
    ("role", "kind", "label"),
    [pytest.param(*guess, id="-".join(guess)) for guess in GUESSES],
)
def test_a_guessed_id_outside_the_scope_is_not_found(visit, role, kind, label):
    assert visit(KINDS[kind](*label.split(" + ")), role) == NF


@pytest.mark.parametrize(
    "name",
    [
        "assignment",
        "finding",
        "evidence",
        "lead",
        "round_plan",
        "round",
        "round_assign",
        "talent_pool",
        "suggestion_create",
        "feedback_create",
        "feedback",
        "feedback_document",
        "lead_create",
        "method_log",
    ],
)
def test_an_id_that_does_not_exist_is_not_found(client, world, name):
    client.force_login(world.people["office_staff_a"])
    assert client.get(reverse(f"rounds:{name}", args=[987654])).status_code == 404
