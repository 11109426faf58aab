"""The coverage reports as PDF: the term's coverage duty and the roll-up across levels, laid out
for paper from templates/coverage/reports/ and made by the feedback document's renderer
(rounds.documents.render_pdf: WeasyPrint, the system's Noto CJK fonts, nothing fetched).

The reports are read by the office itself, so they follow the language of the person who prints
them, as the Excel exports do. Each figure comes from the selector the page uses: a report
shows what the page shows, on the day it is printed, and says who printed it.
"""

import logging
from dataclasses import dataclass

from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.errors import DomainError
from coverage import selectors
from coverage.filters import UncoveredFilter
from organisations.models import Profile
from rounds import documents

logger = logging.getLogger(__name__)

# WeasyPrint lays out about two hundred table rows a second on a small server: past this many
# the request would outlast the web server's timeout, and the Excel export lists them all.
UNCOVERED_LIMIT = 2000


@dataclass(frozen=True)
class Bar:
    """One line of a bar chart: the share covered (有形) and effectively covered (有效) of the
    targets, as widths in percent of the bar's track."""

    label: str
    targets: int
    covered: int
    effective: int
    covered_percent: str | None
    effective_percent: str | None

    @property
    def covered_width(self):
        return _width(self.covered, self.targets)

    @property
    def effective_width(self):
        return _width(self.effective, self.targets)


def _width(part, whole):
    # A string, so the template never localises the decimal point inside the SVG.
    return f"{100 * part / whole:.2f}" if whole else "0"


def _bar(figure):
    """A Bar from the term page's TermCoverage."""
    return Bar(
        label=figure.label,
        targets=figure.targets,
        covered=figure.covered,
        effective=figure.effectively_covered,
        covered_percent=figure.covered_percent,
        effective_percent=figure.effective_percent,
    )


def _css_string(text):
    """`text` as a quoted CSS string that cannot close the string or the <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return '"' + escaped.replace("<", "\\3C ") + '"'


def page_counter():
    """The page footer as the value of a CSS `content`: the translated words around the
    page's number and the number of pages, which only the renderer knows."""
    text = _("Page %(page)s of %(pages)s") % {"page": "\0page\0", "pages": "\0pages\0"}
    parts = []
    # Between the markers lie the translated words, inside them the counters' names.
    for index, piece in enumerate(text.split("\0")):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(_css_string(piece))
    # Safe: every word went through _css_string, and each counter's name is ours.
    return mark_safe(" ".join(parts))


def _printed(user):
    """When and by whom the report was printed (one query for the person's name)."""
    name = Profile.objects.filter(user_id=user.pk).values_list("name", flat=True).first()
    return {
        "printed_at": timezone.localtime(),
        "printed_by": name or user.get_username(),
        "page_counter": page_counter(),
    }


def _applied_filters(filterset):
    """(label, value) of each filter of the uncovered list the query string set, as the page's
    form shows them; a value the form refused filters nothing and is not shown."""
    form = filterset.form
    form.is_valid()  # cleaned_data holds the values the form accepted, and only those
    applied = []
    for name, value in form.cleaned_data.items():
        if value in (None, "", []):
            continue
        field = form.fields[name]
        if isinstance(value, Model):
            shown = str(value)
        else:
            key = value[0] if isinstance(value, list) else value
            shown = dict(field.choices).get(key, key)
        applied.append((field.label, shown))
    return applied


def _uncovered(user, page, *, query):
    """The uncovered list of `page` (a TermPage) with the page's filters, the rows the Excel
    export writes."""
    filterset = UncoveredFilter(
        query,
        queryset=selectors.uncovered_targets(user, page.term, below=page.below),
        regions=selectors.uncovered_regions(page),
    )
    rows = list(filterset.qs[:UNCOVERED_LIMIT])
    count = filterset.qs.count() if len(rows) == UNCOVERED_LIMIT else len(rows)
    return {
        "rows": rows,
        "count": count,
        "left_out": count - len(rows),
        "filters": _applied_filters(filterset),
    }


def term_report_context(user, term, *, below, query, today):
    page = selectors.term_page(user, term, below=below, today=today)
    total = page.total
    return {
        "title": _("Report on the coverage duty in the term"),
        "office": term.office,
        "term": term,
        "below": below,
        "page": page,
        "total": total,
        "total_bar": _bar(total),
        "by_category": [_bar(row) for row in page.by_category],
        "by_region": [_bar(row) for row in page.by_region],
        "uncovered": _uncovered(user, page, query=query),
        **_printed(user),
    }


def _office_bar(row):
    coverage = row.coverage
    return Bar(
        label=row.name,
        targets=coverage.targets,
        covered=coverage.covered,
        effective=coverage.effective,
        covered_percent=coverage.rate,
        effective_percent=coverage.effective_rate,
    )


def rollup_report_context(user, found):
    """`found` is the Rollup the page shows (coverage.rollup.rollup)."""
    return {
        "title": _("Roll-up report across levels"),
        "office": found.office,
        "rollup": found,
        # Offices without a running term have no coverage to draw: the chart says so.
        "chart": [(row, _office_bar(row) if row.coverage else None) for row in found.rows],
        "total_bar": _office_bar(found.total) if found.total.coverage else None,
        **_printed(user),
    }


def render(template, context):
    """The report as PDF bytes, or DomainError saying why it could not be made."""
    html = render_to_string(template, context)
    try:
        return documents.render_pdf(html)
    except DomainError:
        raise
    except Exception as error:
        logger.exception("The report %s could not be made", template)
        raise DomainError(
            _("The PDF could not be made (%(error)s).") % {"error": type(error).__name__},
            code="pdf",
        ) from error


def term_report_pdf(user, term, *, below, query, today):
    context = term_report_context(user, term, below=below, query=query, today=today)
    return render("coverage/reports/term.html", context)


def rollup_report_pdf(user, found):
    return render("coverage/reports/rollup.html", rollup_report_context(user, found))


def _file_name(*parts):
    """Words joined by hyphens, with nothing a file system would read as a folder."""
    name = "-".join(str(part) for part in parts)
    for character in ' /\\:"':
        name = name.replace(character, "-")
    return f"{name}.pdf"


def term_report_file_name(term, today):
    return _file_name(_("Coverage report"), term.office.name, term.name, f"{today:%Y-%m-%d}")


def rollup_report_file_name(office, today):
    return _file_name(_("Roll-up report"), office.name, f"{today:%Y-%m-%d}")
