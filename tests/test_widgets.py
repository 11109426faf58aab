"""The select written in one go (core.widgets.InlineSelect), as a filter of choices offers it."""

from django import forms

from core.widgets import InlineSelect


class RegionForm(forms.Form):
    region = forms.ChoiceField(
        choices=[("", "---------"), ("1", "东区"), ("2", "<西区>")], widget=InlineSelect
    )


def test_it_writes_every_option_and_marks_the_chosen_one():
    html = str(RegionForm({"region": "2"})["region"])
    assert html == (
        '<select name="region" id="id_region" required>'
        '<option value="">---------</option>'
        '<option value="1">东区</option>'
        '<option value="2" selected>&lt;西区&gt;</option>'
        "</select>"
    )


def test_a_blank_form_chooses_the_empty_option_as_django_does():
    html = str(RegionForm()["region"])
    assert '<option value="" selected>' in html
    assert html.count(" selected") == 1
    django_select = forms.Select(choices=RegionForm.base_fields["region"].choices)
    assert '<option value="" selected>' in django_select.render("region", None)
