from django.core.paginator import Paginator
from django.utils.functional import cached_property

PAGE_SIZE = 50


class CountedPaginator(Paginator):
    """A paginator told how many rows there are, where counting them again would cost as much
    as the caller's figures did."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def filtered_page(request, filterset_class, queryset, *, count=None, counted=None, **options):
    """A list page's filters (`options` go to the filter set) and the page of rows they select.

    `count`, when given, tells from the valid filter's cleaned data how many rows it selects;
    `counted`, the same rows as `queryset` scoped as the database counts them fastest, is
    counted through the same filters."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request, **options)
    rows = filterset.qs
    if count is not None and filterset.is_valid():
        paginator = CountedPaginator(rows, PAGE_SIZE, count=count(filterset.form.cleaned_data))
    elif counted is not None and filterset.is_valid():
        count = filterset.filter_queryset(counted).count()
        paginator = CountedPaginator(rows, PAGE_SIZE, count=count)
    else:
        paginator = Paginator(rows, PAGE_SIZE)
    return {"filter": filterset, "page_obj": paginator.get_page(request.GET.get("page"))}
