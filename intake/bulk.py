"""One INSERT … SELECT for a record written once per request (the export's history and access log
lines): thousands of requests take one query, not thousands."""

from django.db import connection
from django.db.models import Value


def insert_per_row(queryset, model, **values):
    """One new `model` row for each row of `queryset`, written by a single INSERT … SELECT.

    Each keyword names a field of `model` and gives its value (for a foreign key, the related id):
    a constant, or an expression over the selected row such as F("pk"). The rows are selected by
    primary key, so any queryset will do (filtered, ordered, annotated: an admin action's).
    """
    fields = [model._meta.get_field(name) for name in values]
    selected = {
        f"insert_{field.column}": value
        if hasattr(value, "resolve_expression")
        else Value(value, output_field=field)
        for field, value in zip(fields, values.values(), strict=True)
    }
    rows = (
        queryset.model._base_manager.filter(pk__in=queryset.order_by().values("pk"))
        .annotate(**selected)
        .order_by()
        .values(*selected)
    )
    select_sql, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    # The SQL is the ORM's own, and the names come from the model's metadata; values are parameters.
    insert = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {select_sql}"
    with connection.cursor() as cursor:
        cursor.execute(insert, params)
