"""`{% option_input %}` writes a radio button's or checkbox's <input> as Django's own
`input.html` does (issue 14: the check-in renders without a template per option)."""

from django import forms
from django.template.loader import render_to_string

from injections.templatetags.medtrack import option_input


def options(widget, name, value):
    return [
        option
        for _group, group_options, _index in widget.optgroups(name, value, {"id": f"id_{name}"})
        for option in group_options
    ]


def django_writes(option) -> str:
    return render_to_string("django/forms/widgets/input.html", {"widget": option}).strip()


def test_radio_buttons_as_django_writes_them():
    widget = forms.RadioSelect(
        choices=[(0, "0, none"), (5, "5"), ("a&b", 'say "why"')], attrs={"required": True}
    )
    found = options(widget, "pain", ["5"])
    assert any(option["attrs"].get("checked") for option in found)
    for option in found:
        assert option_input(option) == django_writes(option)
    assert 'value="a&amp;b"' in option_input(found[2])


def test_checkboxes_as_django_writes_them():
    widget = forms.CheckboxSelectMultiple(
        choices=[("redness", "Redness"), ("swelling", "Swelling")], attrs={"disabled": False}
    )
    for option in options(widget, "kinds", ["swelling"]):
        assert option_input(option) == django_writes(option)
