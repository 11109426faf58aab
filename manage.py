#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xunshi.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading settings validates the environment
    except ImproperlyConfigured as error:
        sys.stderr.write(f"xunshi: configuration error: {error}\n")
        sys.exit(2)
    try:
        execute_from_command_line(sys.argv)
    except OperationalError as error:
        sys.stderr.write(f"xunshi: the database at DATABASE_URL cannot be used: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
