import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from coverage.selectors import term_coverage
from rectification.dashboard import rectification_waiting_for
from rounds.selectors import (
    current_term,
    findings_visible_to,
    findings_waiting_for,
    leads_waiting_for,
)
from xunshi.celery import app as celery_app

logger = logging.getLogger(__name__)


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.exception("Health check: the database does not answer")
        return False


def _broker_ok():
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        logger.exception("Health check: the broker does not answer")
        return False


@require_safe
@never_cache
def healthz(request):
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    body = {name: "ok" if ok else "error" for name, ok in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


@login_required
def home(request):
    profile = getattr(request.user, "profile", None)
    coverage = term = None
    if profile and (profile.is_office_staff or profile.is_leadership) and profile.office:
        term = current_term(profile.office, timezone.localdate())
        coverage = term_coverage(term=term) if term else None
    waiting = findings_visible_to(request.user).filter(findings_waiting_for(request.user)).count()
    context = {
        "rectification": rectification_waiting_for(request.user, timezone.localdate()),
        "term": term,
        "coverage": coverage,
        "waiting_findings": waiting,
        "waiting_leads": leads_waiting_for(request.user).count(),
    }
    return render(request, "home.html", context)
