"""Queries built and compiled once, then run many times with different values.

The sweep asks each rule the same question of every window of an office's plans; only the
window changes (the plans' assignments, the range of their items' ids, the office, the moment).
Building and compiling a Django query of a rule took more time in Python than the database took
to answer it, and a nation's first sweep asks some twelve thousand of them. So the rules build
their queries with slots where those values go, the sweep compiles each once per day and policy,
and each window fills the slots in (`Compiled.bind`).
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Expression

from core.expressions import ids_parameter


class Slot(Expression):
    """A value given when the statement runs, not when it is built."""

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]

    def bind(self, value, vendor):
        return value


class IdsSlot(Slot):
    """A list of ids given when the statement runs (see core.expressions.AnyOf)."""

    def as_sql(self, compiler, connection):
        raise TypeError("A list of ids has no SQL of its own: compare a field with it by AnyOf.")

    def bind(self, value, vendor):
        return ids_parameter(value, vendor)


@dataclass(frozen=True)
class Compiled:
    """A query's SQL, and its parameters with slots among them."""

    sql: str
    params: tuple

    @classmethod
    def of(cls, queryset):
        sql, params = queryset.query.sql_with_params()
        return cls(sql, tuple(params))

    def bind(self, values):
        """The parameters, each slot replaced by its value in `values` (by the slot's name)."""
        return [
            param.bind(values[param.name], connection.vendor) if isinstance(param, Slot) else param
            for param in self.params
        ]
