"""The feedback document (反馈意见) as a PDF, made with WeasyPrint from
templates/documents/feedback.html.

The document goes to the inspected unit, so it carries only what is fed back: each finding's
number, title, category and summary, and the suggestions. Evidence, statements, the rules
breached, the team and its members, and leads never enter its context.

It is always written in Chinese, whatever the language of the person who issues it, and with the
system's Noto CJK fonts: nothing is fetched from the network while it is made.
"""

import logging
from itertools import groupby

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.errors import DomainError
from organisations.models import Office
from rounds.models import Finding

logger = logging.getLogger(__name__)

DOCUMENT_LANGUAGE = "zh-hans"
TEMPLATE = "documents/feedback.html"
CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number):
    """一, 二 … 十, 十一 … 九十九: the numbering of the headings of an official document."""
    if not 0 < number < 100:
        return str(number)
    tens, units = divmod(number, 10)
    if tens == 0:
        return CHINESE_DIGITS[units]
    prefix = "" if tens == 1 else CHINESE_DIGITS[tens]
    return prefix + "十" + (CHINESE_DIGITS[units] if units else "")


def _inspection_word(office):
    """巡视 by central and provincial committees, 巡察 by city and county ones."""
    if office.level in (Office.Level.CENTRAL, Office.Level.PROVINCIAL):
        return pgettext("inspection by a central or provincial office", "inspection")
    return pgettext("inspection by a municipal or county office", "inspection")


def feedback_context(feedback):
    """What the document shows, as plain values: the template cannot reach a finding's evidence,
    statements or authors because it is never given a finding. Reads the fed-back rows
    themselves: the document is the same whoever opens it, and only the office makes it."""
    assignment = feedback.assignment
    office = assignment.round.office
    findings = (
        Finding.objects.filter(feedback=feedback, status=Finding.Status.FED_BACK)
        .select_related("category")
        .order_by("category__position", "category__code", "number")
    )
    groups = []
    sequence = 0
    for position, (category, rows) in enumerate(groupby(findings, key=lambda f: f.category), 1):
        items = []
        for finding in rows:
            sequence += 1
            items.append(
                {
                    "sequence": sequence,
                    "number": finding.number,
                    "title": finding.title,
                    "summary": finding.summary,
                }
            )
        groups.append(
            {"label": chinese_numeral(position), "category": category.name, "items": items}
        )
    suggestions = [s.text for s in feedback.suggestions.order_by("created_at", "pk")]
    headings = ["problems", *(["suggestions"] if suggestions else []), "requirements"]
    inspection = _inspection_word(office)
    return {
        "title": _("Feedback on the %(inspection)s of %(target)s")
        % {"inspection": inspection, "target": assignment.target.name},
        "inspection": inspection,
        "office": office.name,
        "target": assignment.target.name,
        "recipients": feedback.recipients,
        "top_official": feedback.top_official,
        "delivered_on": feedback.delivered_on,
        "started_on": assignment.on_site_from or assignment.round.planned_start,
        "ended_on": assignment.on_site_until or assignment.round.planned_end,
        "groups": groups,
        "suggestions": suggestions,
        "sections": {name: chinese_numeral(n) for n, name in enumerate(headings, 1)},
    }


def feedback_html(feedback):
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(TEMPLATE, feedback_context(feedback))


def render_pdf(html):
    """HTML to PDF bytes. WeasyPrint is imported here: it needs Pango from the system, and a
    server without it should still run everything but this document."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:
        logger.warning("WeasyPrint cannot be loaded: %s", error)
        raise DomainError(
            _("PDF documents cannot be made on this server: its PDF library is not installed."),
            code="pdf",
        ) from error

    class LocalOnly(URLFetcher):
        """Refuses every resource but inline data: no fetching from the network or disk."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"The feedback document fetches nothing: {url}")

    # WeasyPrint reports each step at INFO; the application's log needs only its warnings.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    return HTML(string=html, url_fetcher=LocalOnly()).write_pdf()


def feedback_pdf(feedback):
    """The feedback document as PDF bytes, or DomainError saying it could not be made.

    Any failure of the renderer is turned into the DomainError: the feedback has already been
    issued and stands, and the office can generate the document again from its page.
    """
    html = feedback_html(feedback)
    try:
        return render_pdf(html)
    except DomainError:
        raise
    except Exception as error:
        logger.exception("The feedback document of feedback %s could not be made", feedback.pk)
        raise DomainError(
            _("The PDF could not be made (%(error)s).") % {"error": type(error).__name__},
            code="pdf",
        ) from error


def file_name(feedback):
    """The name a person's browser gives the downloaded document."""
    with translation.override(DOCUMENT_LANGUAGE):
        name = _("Feedback document for %(target)s") % {"target": feedback.assignment.target.name}
    return f"{name}.pdf"
