"""Seed the demo: a provincial inspection office with three rounds, its lower offices, people
and every stage of the work, all moved through the domain services as the right person.

Idempotent by design: the provincial office's code marks the demo as present, and a present
demo is left alone except that the demo logins get their password back.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.utils import timezone

from demo.context import DEMO_LOGINS, DEMO_PASSWORD, PROVINCIAL_CODE, Seed
from demo.inspection import build_rounds
from demo.linkage import seed_filings
from demo.organisations import (
    build_geography,
    build_offices,
    build_reference_data,
    build_targets,
)
from demo.people import build_people
from demo.supervision import seed_supervision
from linkage.models import UpwardFiling
from organisations.models import Office, Region, Target
from rectification.models import ProgressReport, RectificationItem, RectificationPlan
from rounds.models import Assignment, Feedback, Finding, Lead, Round, Team
from supervision.models import SupervisionVisit

LOGIN_ROLES = {
    "admin": "系统管理员（superuser）",
    "office": "省委巡视办工作人员",
    "leadership": "省委巡视工作领导小组成员（只读，领导看板）",
    "leader": "第一巡视组组长",
    "member": "第一巡视组组员",
    "unit": "被巡视单位联络人（省交通运输厅）",
    "discipline": "省纪委监委（问题线索承办）",
}


def demo_exists():
    return Office.objects.filter(code=PROVINCIAL_CODE).exists()


def seed_demo():
    """Build the demo unless it is there; returns True when it was built now."""
    if demo_exists():
        return False
    with transaction.atomic():
        build()
    return True


def build():
    seed = Seed.start()
    build_geography(seed)
    build_offices(seed)
    build_targets(seed)
    build_reference_data(seed)
    build_people(seed)
    build_rounds(seed)
    seed_filings(seed)
    seed_supervision(seed)
    return seed


def ensure_demo_passwords():
    """Give the demo logins their documented password back; returns (reset, missing)."""
    # The seeded logins share one hash, so most runs check a single hash, not seven.
    verdicts = {}
    reset, missing = [], []
    users = {
        user.username: user for user in get_user_model().objects.filter(username__in=DEMO_LOGINS)
    }
    for login in DEMO_LOGINS:
        user = users.get(login)
        if user is None:
            missing.append(login)
            continue
        if user.password not in verdicts:
            verdicts[user.password] = check_password(DEMO_PASSWORD, user.password)
        if not verdicts[user.password]:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            reset.append(login)
    return reset, missing


def summary_counts():
    """What the demo holds, for the closing report of the command."""
    return [
        ("regions", Region.objects.count()),
        ("offices", Office.objects.count()),
        ("targets", Target.objects.count()),
        ("people", get_user_model().objects.count()),
        ("rounds", Round.objects.count()),
        ("teams", Team.objects.count()),
        ("assignments", Assignment.objects.count()),
        ("findings", Finding.objects.count()),
        ("leads", Lead.objects.count()),
        ("feedback", Feedback.objects.count()),
        ("rectification plans", RectificationPlan.objects.count()),
        ("rectification items", RectificationItem.objects.count()),
        ("upward filings", UpwardFiling.objects.count()),
        ("supervision visits", SupervisionVisit.objects.count()),
        (
            "overdue items",
            RectificationItem.objects.filter(deadline__lt=timezone.localdate())
            .exclude(status=RectificationItem.Status.CLOSED)
            .count(),
        ),
        ("progress reports", ProgressReport.objects.count()),
    ]
