from django.core.paginator import Paginator

PAGE_SIZE = 50


def filtered_page(request, filterset_class, queryset):
    """A list page's filters and the page of rows they select."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"filter": filterset, "page_obj": page}
