from django.core.management.base import BaseCommand

from reminders.schedules import ensure_default_schedules


class Command(BaseCommand):
    help = "Create the default reminder schedules for beat where missing; never change them."

    def handle(self, *args, **options):
        created = ensure_default_schedules()
        for name in created:
            self.stdout.write(f"Created schedule: {name}")
        if not created:
            self.stdout.write("The reminder schedules exist; left as they are.")
