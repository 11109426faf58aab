from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class InlineSelect(forms.Select):
    """A select written in one go, where Django's own renders a template per option: a region
    filter offers hundreds of regions, which took a third of the coverage page's time. Plain
    options only (no groups), as a model choice filter offers them."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options
        )
