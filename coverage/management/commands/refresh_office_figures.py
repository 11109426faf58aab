from django.core.management.base import BaseCommand
from django.utils import timezone

from coverage.services import office_figures_refresh


class Command(BaseCommand):
    help = "Count every office's figures for the roll-up now (beat does it every few minutes)."

    def handle(self, *args, **options):
        counted = office_figures_refresh(today=timezone.localdate())
        self.stdout.write(f"Counted the figures of {counted} offices.")
