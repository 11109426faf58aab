"""Thin tasks: the day in, a service call, retries with backoff."""

from celery import shared_task
from django.utils import timezone

from core.task_options import RETRY
from coverage import services


@shared_task(name="coverage.refresh_office_figures", **RETRY)
def refresh_office_figures():
    return services.office_figures_refresh(today=timezone.localdate())
