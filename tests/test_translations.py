"""The Simplified Chinese catalogue: complete, faithful to its placeholders, and compiled.

The .po file is read with a small parser of our own (no gettext tools or polib needed), so
these checks run on any machine. No database is used.
"""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation

PO_FILE = (
    Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
)

# %(name)s, %(count)d, bare %s / %d, and template variables {{ name }}.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\{\s*[\w.]+\s*\}\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def is_header(self):
        return self.msgid == "" and self.msgctxt is None

    @property
    def label(self):
        where = ", ".join(self.references) or "no reference"
        context = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        return f"{context}{self.msgid!r} ({where})"


def _unquote(text):
    """A PO string literal uses C escapes, which a Python string literal reads the same way."""
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), f"not a PO string: {text}"
    return ast.literal_eval(text)


def parse_po(text):
    """Entries of a PO file: comments, flags, msgctxt, msgid(_plural), msgstr / msgstr[n],
    each possibly continued on following lines. Obsolete entries (#~) are skipped."""
    entries = []
    entry = Entry()
    target = None  # (attribute, plural index) that continuation lines extend
    seen = set()  # keywords of the current entry

    def finish():
        nonlocal entry, target, seen
        if seen:
            entries.append(entry)
        entry, target, seen = Entry(), None, set()

    def append(attribute, index, value):
        if attribute == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + value
        else:
            setattr(entry, attribute, (getattr(entry, attribute) or "") + value)

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#"):
            if seen:  # a comment after the strings opens the next entry
                finish()
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            elif line.startswith("#:"):
                entry.references.extend(line[2:].split())
        elif line.startswith('"'):
            assert target is not None, f"continuation line outside an entry: {raw}"
            append(*target, _unquote(line))
        else:
            keyword, _, rest = line.partition(" ")
            plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if (keyword == "msgctxt" and seen) or (keyword == "msgid" and "msgid" in seen):
                finish()
            if keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
                target = (keyword, 0)
            elif plural:
                target = ("msgstr", int(plural.group(1)))
            else:
                raise AssertionError(f"unexpected line in the PO file: {raw}")
            seen.add(keyword)
            if keyword in ("msgctxt", "msgid_plural"):
                setattr(entry, keyword, "")
            append(*target, _unquote(rest))
    finish()
    return entries


def placeholders(text):
    return {re.sub(r"\s+", "", found) for found in PLACEHOLDER.findall(text)}


def header_fields(entries):
    header = next(entry for entry in entries if entry.is_header)
    lines = header.msgstr.get(0, "").splitlines()
    return dict(line.split(": ", 1) for line in lines if ": " in line)


CATALOGUE = parse_po(PO_FILE.read_text(encoding="utf-8"))
MESSAGES = [entry for entry in CATALOGUE if not entry.is_header]


def test_the_parser_joins_continued_lines_and_reads_context_and_plural_forms():
    sample = "\n".join(
        [
            'msgid ""',
            'msgstr ""',
            '"Language: zh_Hans\\n"',
            "",
            "#: a.py:1",
            "#, python-format",
            'msgid ""',
            '"Files of type %(type)s "',
            '"are not accepted."',
            'msgstr "不接受%(type)s类型的文件。"',
            "",
            'msgctxt "phase"',
            'msgid "closed"',
            'msgstr "已结束"',
            "",
            'msgid "%(count)s lead"',
            'msgid_plural "%(count)s leads"',
            'msgstr[0] "%(count)s条问题线索"',
            "",
            '#~ msgid "gone"',
            '#~ msgstr "已删除"',
        ]
    )
    header, long, contextual, plural = parse_po(sample)
    assert header.is_header
    assert header.msgstr == {0: "Language: zh_Hans\n"}
    assert long.msgid == "Files of type %(type)s are not accepted."
    assert long.flags == {"python-format"}
    assert long.references == ["a.py:1"]
    assert (contextual.msgctxt, contextual.msgid, contextual.msgstr) == (
        "phase",
        "closed",
        {0: "已结束"},
    )
    assert plural.msgid_plural == "%(count)s leads"
    assert plural.msgstr == {0: "%(count)s条问题线索"}


def test_the_catalogue_has_messages_to_check():
    assert len(MESSAGES) > 300


def test_the_header_declares_utf8_the_language_and_a_single_plural_form():
    fields = header_fields(CATALOGUE)
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Language"] == "zh_Hans"
    assert fields["Plural-Forms"] == "nplurals=1; plural=0;"


def test_the_header_is_not_fuzzy():
    header = next(entry for entry in CATALOGUE if entry.is_header)
    assert "fuzzy" not in header.flags


def test_every_message_is_translated_and_none_is_fuzzy():
    untranslated = [
        entry.label
        for entry in MESSAGES
        if not entry.msgstr or not all(text.strip() for text in entry.msgstr.values())
    ]
    fuzzy = [entry.label for entry in MESSAGES if "fuzzy" in entry.flags]
    assert untranslated == []
    assert fuzzy == []


def test_plural_messages_have_exactly_one_form_in_chinese():
    wrong = [entry.label for entry in MESSAGES if entry.msgid_plural and set(entry.msgstr) != {0}]
    assert wrong == []


def test_every_translation_keeps_the_placeholders_of_its_source():
    mismatched = []
    for entry in MESSAGES:
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        expected = set().union(*(placeholders(source) for source in sources))
        for index, text in entry.msgstr.items():
            if placeholders(text) != expected:
                mismatched.append(f"{entry.label} msgstr[{index}]: {text!r}")
    assert mismatched == []


def test_a_translation_does_not_keep_the_english_words_in_parentheses():
    """Labels such as "immediate (立行立改)" become the Chinese term alone."""
    # Names of file formats stay in Latin letters, and so do the words the API's documentation
    # shows programs sending or receiving: JSON values, a header and a standard's name.
    allowed = {"PDF", "Office", "Excel", "null", "true", "false", "Token", "Authorization", "ISO"}
    leftovers = [
        entry.label
        for entry in MESSAGES
        if set(re.findall(r"[A-Za-z]{3,}", PLACEHOLDER.sub("", entry.msgstr[0]))) - allowed
    ]
    assert leftovers == []


def compiled(entry, count=1):
    if entry.msgid_plural is not None:
        if entry.msgctxt is not None:
            return translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
        return translation.ngettext(entry.msgid, entry.msgid_plural, count)
    if entry.msgctxt is not None:
        return translation.pgettext(entry.msgctxt, entry.msgid)
    return translation.gettext(entry.msgid)


def test_the_compiled_catalogue_agrees_with_the_po_file():
    """Catches a django.mo that was not recompiled after the .po changed."""
    stale = []
    with translation.override("zh-hans"):
        for entry in MESSAGES:
            for count in (1, 2) if entry.msgid_plural else (1,):
                got = compiled(entry, count)
                if got != entry.msgstr[0]:
                    stale.append(f"{entry.label}: .po {entry.msgstr[0]!r}, .mo {got!r}")
    assert stale == []


def test_english_stays_the_source_text():
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"
