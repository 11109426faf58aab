"""Ledgers to Excel (.xlsx), written row by row so a large ledger is never held in memory.

The rows come from the same filtered queryset as the page, read in chunks; openpyxl's
write-only workbook streams them to a temporary file, which the response then sends.
"""

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from rectification.ledgers import State
from rectification.models import RectificationItem
from rounds.models import round_label

ItemKind = RectificationItem.Kind
ItemStatus = RectificationItem.Status
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_SIZE = 500


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable
    width: int = 16
    # Rows alike by this key have the same value, worked out once per export: a label (a
    # status, a round's name) translated row after row was a tenth of a large export's time.
    same_for: Callable | None = None

    def reader(self):
        """`value`, remembering it by `same_for` for the length of one export."""
        if self.same_for is None:
            return self.value
        known = {}

        def read(row):
            key = self.same_for(row)
            if key not in known:
                known[key] = self.value(row)
            return known[key]

        return read


def _days(duration):
    return duration.days if duration is not None else None


# The items ledger is the largest (a province's 100,000 measures): its rows are read as values,
# not as the seven objects each row joins, which took a third of its export's time.
ITEM_FIELDS = (
    "finding__number",
    "finding__title",
    "plan__assignment__target__name",
    "plan__assignment__round_id",
    "plan__assignment__round__term__name",
    "plan__assignment__round__ordinal",
    "finding__category__name",
    "measure",
    "responsible_unit",
    "responsible_person",
    "deadline",
    "kind",
    "status",
    "days_overdue",
)

ITEM_COLUMNS = [
    Column(_("number"), itemgetter("finding__number"), 14),
    Column(_("finding"), itemgetter("finding__title"), 40),
    Column(_("target"), itemgetter("plan__assignment__target__name"), 24),
    Column(
        _("round"),
        lambda item: round_label(
            item["plan__assignment__round__term__name"], item["plan__assignment__round__ordinal"]
        ),
        24,
        same_for=itemgetter("plan__assignment__round_id"),
    ),
    Column(_("category"), itemgetter("finding__category__name")),
    Column(_("measure"), itemgetter("measure"), 60),
    Column(_("responsible unit"), itemgetter("responsible_unit"), 20),
    Column(_("responsible person"), itemgetter("responsible_person"), 12),
    Column(_("deadline"), itemgetter("deadline"), 12),
    Column(
        _("kind"),
        lambda item: str(ItemKind(item["kind"]).label),
        14,
        same_for=itemgetter("kind"),
    ),
    Column(
        _("status"),
        lambda item: str(ItemStatus(item["status"]).label),
        12,
        same_for=itemgetter("status"),
    ),
    Column(_("days overdue"), lambda item: _days(item["days_overdue"]), 10),
]

FINDING_COLUMNS = [
    Column(_("number"), lambda finding: finding.number, 14),
    Column(_("title"), lambda finding: finding.title, 40),
    Column(_("target"), lambda finding: finding.assignment.target.name, 24),
    Column(
        _("round"),
        lambda finding: str(finding.assignment.round),
        24,
        same_for=lambda finding: finding.assignment.round_id,
    ),
    Column(_("category"), lambda finding: finding.category.name),
    Column(
        _("rectification"),
        lambda finding: str(State.labels[finding.state]),
        14,
        same_for=lambda finding: finding.state,
    ),
    Column(_("items"), lambda finding: finding.item_count, 8),
    Column(_("closed items"), lambda finding: finding.closed_count, 8),
]

LEAD_COLUMNS = [
    Column(_("number"), lambda lead: lead.number, 14),
    Column(
        _("round"),
        lambda lead: str(lead.assignment.round),
        24,
        same_for=lambda lead: lead.assignment.round_id,
    ),
    Column(_("target"), lambda lead: lead.assignment.target.name, 24),
    Column(_("person concerned"), lambda lead: lead.subject_name, 12),
    Column(_("position"), lambda lead: lead.subject_position, 16),
    Column(
        _("status"), lambda lead: lead.get_status_display(), 12, same_for=lambda lead: lead.status
    ),
    Column(_("receiving body"), lambda lead: getattr(lead.receiving_body, "name", ""), 24),
    Column(_("transferred on"), lambda lead: lead.transferred_on, 12),
    Column(_("outcome on"), lambda lead: lead.outcome_on, 12),
    Column(_("outcome"), lambda lead: lead.outcome_note, 40),
]

SUGGESTION_COLUMNS = [
    Column(_("target"), lambda suggestion: suggestion.assignment.target.name, 24),
    Column(
        _("round"),
        lambda suggestion: str(suggestion.assignment.round),
        24,
        same_for=lambda suggestion: suggestion.assignment.round_id,
    ),
    Column(_("delivered on"), lambda suggestion: suggestion.feedback.delivered_on, 12),
    Column(_("suggestion"), lambda suggestion: suggestion.text, 80),
]


def _value(sheet, value):
    """What a row holds for `value`: the value itself, which the sheet writes through one cell
    it reuses, except for text that would read as a formula, which needs a cell of its own."""
    if not isinstance(value, str):
        return value
    # Text typed by users: control characters are not allowed in the file format, and a leading
    # "=" must stay text, never become a formula that Excel would run.
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def write_workbook(rows, columns, title):
    """A temporary file holding a one-sheet workbook: a header row, then one row per row."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    readers = [column.reader() for column in columns]
    for row in rows:
        sheet.append([_value(sheet, read(row)) for read in readers])
    # Not a context manager: the response closes the file once it has been sent.
    file = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        book.save(file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def xlsx_response(*, rows, columns, title):
    """The workbook as a download named after the ledger and today's date."""
    title = str(title)
    file = write_workbook(rows, columns, title)
    filename = f"{title}-{timezone.localdate():%Y-%m-%d}.xlsx".replace(" ", "-")
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX)


def chunked(queryset):
    return queryset.iterator(chunk_size=CHUNK_SIZE)
