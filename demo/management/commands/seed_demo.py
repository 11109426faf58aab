from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.builders import LOGIN_ROLES, ensure_demo_passwords, seed_demo, summary_counts
from demo.context import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Seed the demo data (a fictional provincial inspection office, its rounds and "
        "rectification) unless it is already there. Safe to run repeatedly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though DEBUG is off (the demo logins have a published password).",
        )

    def handle(self, *args, force=False, **options):
        # The demo creates a superuser with a published password: never by accident in production.
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off; refusing to seed demo logins. Use --force to insist.")
        if seed_demo():
            self.stdout.write(self.style.SUCCESS("Demo data seeded."))
        else:
            self.stdout.write("Demo data already present; nothing added.")
            self._restore_passwords()
        for label, count in summary_counts():
            self.stdout.write(f"  {label:<20} {count}")
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for login, role in LOGIN_ROLES.items():
            self.stdout.write(f"  {login:<11} {role}")

    def _restore_passwords(self):
        reset, missing = ensure_demo_passwords()
        if reset:
            self.stdout.write(f"Password reset for: {', '.join(reset)}.")
        if missing:
            self.stderr.write(f"Missing demo logins (not recreated): {', '.join(missing)}.")
