"""Counting the rows of a grouped query once more, by one of its columns: the ORM groups a
query once, and `aggregate()` over a grouped query gives single figures only."""

from django.core.exceptions import EmptyResultSet
from django.db import connections


def rows_by(queryset, column):
    """{each value of `column`: how many of `queryset`'s rows have it}, counted by the database
    over the query as a subquery; {} when the query can select nothing."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return {}
    connection = connections[queryset.db]
    name = connection.ops.quote_name(column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {name}, COUNT(*) FROM ({sql}) grouped GROUP BY {name}", params)
        return dict(cursor.fetchall())
