from django.core.management.base import BaseCommand

from coverage.schedules import ensure_figures_schedule


class Command(BaseCommand):
    help = (
        "Create the beat schedule that counts the roll-up's figures where missing; never change it."
    )

    def handle(self, *args, **options):
        created = ensure_figures_schedule()
        for name in created:
            self.stdout.write(f"Created schedule: {name}")
        if not created:
            self.stdout.write("The figures schedule exists; left as it is.")
