import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders.sweep import sweep


class Command(BaseCommand):
    help = "Create the reminders due today (or on --day); safe to run at any time, repeatedly."

    def add_arguments(self, parser):
        parser.add_argument("--day", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, day=None, **options):
        result = sweep(day or timezone.localdate())
        self.stdout.write(f"{result.created} reminders made in {result.batches} batches.")
