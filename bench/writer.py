"""Rows written straight into the tables, bypassing models and services: COPY on PostgreSQL,
batched INSERTs elsewhere (SQLite, for a test run without the services).

The benchmark measures reading, not seeding, so the loader takes the fastest road in. Ids are
given by the loader (foreign keys are known before anything is written) and the sequences are
moved past them at the end.
"""

import datetime
import io
import random

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection

# Rows kept in memory before they are sent: big enough that COPY's per-call cost vanishes,
# small enough that a million-row table never sits whole in memory as text.
FLUSH_ROWS = 50_000


def _text(value):
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return str(value)


def _fixed_value(field, now):
    """What a column the loader does not name holds in every row: NULL, the field's default,
    the load time for timestamps, or an empty string."""
    if field.null:
        return None
    if field.has_default():
        return field.get_default()
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.get_internal_type() in ("CharField", "TextField", "FileField"):
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name} needs a value from the loader")


class Table:
    """Rows for one model's table, given as tuples in the order of `columns` (attnames, so
    `office_id` for a foreign key). Ids are handed out by `next_id()`."""

    def __init__(self, writer, model, columns):
        self.writer = writer
        self.model = model
        self.columns = list(columns)
        fields = {field.attname: field for field in model._meta.concrete_fields}
        unknown = set(self.columns) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no column {sorted(unknown)}")
        rest = [field for name, field in fields.items() if name not in self.columns]
        self.fixed_columns = [field.column for field in rest]
        self.fixed_values = tuple(_fixed_value(field, writer.now) for field in rest)
        self.fixed_text = "".join("\t" + _text(value) for value in self.fixed_values)
        self.all_columns = [fields[name].column for name in self.columns] + self.fixed_columns
        self.rows = []
        self.count = 0
        self.last_id = self._max_id()

    def _max_id(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.model._meta.db_table}")
            return cursor.fetchone()[0]

    def next_id(self):
        self.last_id += 1
        return self.last_id

    def add(self, *values):
        self.rows.append(values)
        if len(self.rows) >= FLUSH_ROWS:
            self.flush()

    def flush(self):
        if self.rows:
            self.writer.send(self)
            self.count += len(self.rows)
            self.rows = []


class Writer:
    """The tables of one load. Parents are flushed before children (foreign keys are checked)."""

    def __init__(self, now):
        self.now = now
        self.tables = []
        self.postgres = connection.vendor == "postgresql"

    def table(self, model, columns):
        table = Table(self, model, columns)
        self.tables.append(table)
        return table

    def send(self, table):
        name = table.model._meta.db_table
        if self.postgres:
            buffer = io.StringIO()
            for row in table.rows:
                buffer.write("\t".join(map(_text, row)))
                buffer.write(table.fixed_text)
                buffer.write("\n")
            buffer.seek(0)
            columns = ", ".join(table.all_columns)
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(f"COPY {name} ({columns}) FROM STDIN", buffer)
            return
        marks = ", ".join(["%s"] * len(table.all_columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {name} ({', '.join(table.all_columns)}) VALUES ({marks})",
                [row + table.fixed_values for row in table.rows],
            )

    def finish(self):
        """Flush what is left, then move every sequence past the ids the loader gave."""
        for table in self.tables:
            table.flush()
        statements = connection.ops.sequence_reset_sql(
            no_style(), [table.model for table in self.tables]
        )
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        return {table.model._meta.label: table.count for table in self.tables}


class Load:
    """What every data set's loader starts from: the day it loads as, its random numbers (from
    a fixed seed, so that a load is the same each time), its writer and the people's table."""

    def __init__(self, today, now, seed):
        self.today = today
        self.now = now
        self.rng = random.Random(seed)
        self.writer = Writer(now)
        self.users = self.writer.table(
            get_user_model(), ["id", "username", "password", "date_joined"]
        )
