"""Pages of 50 by default. Small lists are numbered; the big ones (findings, items, progress
reports, reminders) page by cursor, which stays fast at any depth and is stable while rows
are added."""

from rest_framework.pagination import CursorPagination, PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class NumberedPages(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class CursorPages(CursorPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    # Newest first by default; a view's own `ordering` or the `ordering` parameter overrides.
    ordering = "-id"
