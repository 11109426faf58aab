"""The uncovered targets to Excel (.xlsx), streamed like the ledgers (rectification.exports)."""

from django.utils.translation import gettext_lazy as _

from rectification.exports import Column, chunked, xlsx_response

UNCOVERED = _("targets not yet covered")

UNCOVERED_COLUMNS = [
    Column(_("code"), lambda target: target.code, 12),
    Column(_("target"), lambda target: target.name, 32),
    Column(
        _("category"),
        lambda target: target.get_category_display(),
        16,
        same_for=lambda target: target.category,
    ),
    Column(_("region"), lambda target: getattr(target.region, "name", ""), 16),
    Column(_("owning office"), lambda target: target.office.name, 32),
    Column(_("last inspected"), lambda target: target.last_inspected_on, 14),
]


def uncovered_response(filterset):
    """Every row the filters select, in the page's order, read a chunk at a time."""
    return xlsx_response(rows=chunked(filterset.qs), columns=UNCOVERED_COLUMNS, title=UNCOVERED)
