from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class InlineSelect(forms.Select):
    """A select written in one go, where Django's own renders a template per option: a region
    filter offers hundreds of regions, which took a third of the coverage page's time. Plain
    options only (no groups), as a filter of choices offers them. Escaped as Django escapes,
    by the standard library's function that Django's wraps for lazy text, which doubled the
    time of a long list."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')
