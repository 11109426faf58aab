"""The benchmark's own PostgreSQL database, created on first use."""

import psycopg2
from django.db import connection


def create_database():
    """Create the database the settings name, when missing, from the server's `postgres`."""
    settings = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres",
        user=settings["USER"] or "postgres",
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    admin.close()
