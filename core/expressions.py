"""A field compared with a list of ids as one parameter, where Django writes a parameter per id.

A province's coverage page compares offices with the 137 offices of the province in several
places, and regions with its hundreds of regions; Django prepared and wrote every id of those
lists, for each query, and PostgreSQL parsed them again: as one array, a few milliseconds less
for each list.
"""

import json

from django.db.models import BooleanField, Expression, F, Q


def ids_parameter(ids, vendor):
    """The ids as the one parameter AnyOf compares with: an array, or JSON for SQLite."""
    return json.dumps(list(ids)) if vendor == "sqlite" else list(ids)


class AnyOf(Expression):
    """The field is one of `ids`: ids, or a parameter given when the statement runs (a slot of
    reminders.slots, which binds its value itself). On PostgreSQL, `= ANY` of one array
    parameter, which it plans as it plans an IN list, however many ids the list holds; SQLite
    reads them from JSON."""

    output_field = BooleanField()

    def __init__(self, field, ids):
        super().__init__()
        self.column = F(field)
        self.ids = ids

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, expressions):
        (self.column,) = expressions

    def _compiled(self, compiler, connection):
        field, params = compiler.compile(self.column)
        ids = self.ids if hasattr(self.ids, "bind") else ids_parameter(self.ids, connection.vendor)
        return field, [*params, ids]

    def as_sql(self, compiler, connection):
        field, params = self._compiled(compiler, connection)
        return f"{field} = ANY(%s::bigint[])", params

    def as_sqlite(self, compiler, connection):
        field, params = self._compiled(compiler, connection)
        return f"{field} IN (SELECT value FROM json_each(%s))", params


def one_of(field, ids):
    """Q: `field` is one of `ids` (a list), as AnyOf; none of them when the list is empty, which
    Django answers without asking the database."""
    ids = list(ids)
    return Q(AnyOf(field, ids)) if ids else Q(**{f"{field}__in": []})
