"""A refused form, on every page that has one: a summary at the top of the form says
nothing was saved, takes the focus (autofocus, honoured without JavaScript) and links
each problem to its field; every field shows its own error beside it, named by the
field's aria-describedby; a text's length limit is stated, and a longer text is
refused with its count, never cut (docs/decisions.md)."""

import pytest
from django.urls import reverse

from tests.views.pages import document

LONG = "x" * 1000


def _schedule(regimen, **values):
    data = {"time_of_day": "08:00", "time_zone": "Europe/London", "rhythm": "day",
            "basis": "fixed", "dose_mg": "100"} | values  # fmt: skip
    return {"regimen": regimen.pk} | {f"r{regimen.pk}-{k}": v for k, v in data.items()}


# (form, page, what was sent, the ids of the fields that must each show an error)
REFUSALS = [
    ("side effect", "add-side-effect",
     lambda r: {"kind": "nope", "severity": "nope", "described": LONG,
                "started_on": "2090-01-01", "note": LONG},
     ["id_kind", "id_severity", "id_described", "id_started_on", "id_note"]),
    ("other medicine", "add-medicine",
     lambda r: {"name": LONG, "dose": LONG, "how_often": LONG},
     ["id_name", "id_dose", "id_how_often"]),
    ("blood test", "add-lab-result",
     lambda r: {"taken_on": "2090-01-01", "neutrophils": "many", "note": LONG},
     ["id_lab_taken_on", "id_lab_neutrophils", "id_lab_note"]),
    ("schedule: when", "settings",
     lambda r: _schedule(r, time_of_day="25:99", time_zone="Nowhere/At_All", reason=LONG),
     ["id_r{pk}-time_of_day", "id_r{pk}-time_zone", "id_r{pk}-reason"]),
    ("schedule: how often", "settings",
     lambda r: _schedule(r, rhythm="hourly", basis="by_mood"),
     ["id_r{pk}-rhythm", "id_r{pk}-basis"]),
    ("schedule: how much", "settings",
     lambda r: _schedule(r, rhythm="week", weekday="", weeks_apart="0", dose_mg="lots"),
     ["id_r{pk}-weeks_apart", "id_r{pk}-dose_mg"]),
    ("caregiver invitation", "invite", lambda r: {"invitee": LONG}, ["id_invitee"]),
    ("clinic code", "join-clinic", lambda r: {"code": LONG}, ["id_code"]),
    ("new box", "add-box",
     lambda r: {"lot": LONG, "expires_on": "soon", "count": "-3"},
     ["id_lot", "id_expires_on", "id_count"]),
    ("things to tell the doctor", "doctor-topics", lambda r: {"topics": ["nope"]},
     ["id_topics"]),
]


def _ids_with_errors(page) -> set[str]:
    return {e.get("id") for e in page.find_all(class_="field-error")}


@pytest.mark.parametrize(
    ("url_name", "data", "field_ids"),
    [case[1:] for case in REFUSALS],
    ids=[case[0] for case in REFUSALS],
)
def test_a_refused_form_opens_with_a_summary_that_takes_the_focus_and_links_each_field(
    alice, regimen, url_name, data, field_ids
):
    field_ids = [i.format(pk=regimen.pk) for i in field_ids]
    response = alice.post(reverse(url_name), data(regimen))

    assert response.status_code == 200
    page = document(response)
    summaries = page.find_all(id="error-summary")
    assert len(summaries) == 1
    summary = summaries[0]
    assert summary.has("autofocus") and summary.get("role") == "alert"
    assert [e.get("id") for e in page.find_all(autofocus=True)] == ["error-summary"]
    assert "Not saved" in summary.text
    links = {a.get("href") for a in summary.find_all("a")}
    for field_id in field_ids:
        # A choice of several options is linked to its first option.
        assert links & {f"#{field_id}", f"#{field_id}_0", f"#{field_id}_0_0"}, field_id
        assert f"{field_id}_error" in _ids_with_errors(page), field_id


@pytest.mark.parametrize(
    ("url_name", "data", "field_ids"),
    [case[1:] for case in REFUSALS],
    ids=[case[0] for case in REFUSALS],
)
def test_each_refused_field_names_its_error_and_the_summary_sits_in_its_form(
    alice, regimen, url_name, data, field_ids
):
    page = document(alice.post(reverse(url_name), data(regimen)))
    for field_id in (i.format(pk=regimen.pk) for i in field_ids):
        widgets = [e for suffix in ("", "_0", "_0_0") for e in page.find_all(id=field_id + suffix)]
        assert widgets, field_id
        described = page.find_all(aria_describedby=f"{field_id}_error") + [
            e for e in page.find_all(aria_describedby=True)
            if f"{field_id}_error" in e.get("aria-describedby").split()
        ]
        assert described, field_id
    form = next(f for f in page.find_all("form") if f.find_all(id="error-summary"))
    first = field_ids[0].format(pk=regimen.pk)
    assert any(form.find_all(id=first + suffix) for suffix in ("", "_0", "_0_0"))


def test_an_accepted_page_has_no_summary_and_nothing_takes_the_focus(alice, regimen):
    for url_name in ("health", "settings", "supplies", "sharing"):
        page = document(alice.get(reverse(url_name)))
        assert not page.find_all(id="error-summary")
        assert not page.find_all(autofocus=True)


def test_a_text_states_its_length_limit_and_has_no_maxlength_to_cut_a_pasted_text(alice):
    page = document(alice.get(reverse("health")))
    note = page.find(id="id_note")
    assert not note.has("maxlength")
    assert "id_note_limit" in note.get("aria-describedby").split()
    assert page.find(id="id_note_limit").text == "Up to 500 characters."
    assert page.find(id="id_dose_limit").text == "Up to 60 characters."


def test_a_text_over_its_limit_is_refused_with_its_count_and_kept_whole(alice):
    dose = "5 mg " * 12 + "daily"  # 65 characters, over 60
    response = alice.post(reverse("add-medicine"), {"name": "Folic acid", "dose": dose})

    page = document(response)
    assert "at most 60 characters (it has 65)" in page.find(id="id_dose_error").text
    assert page.find(id="id_dose").get("value") == dose
    assert not response.context["medicine_form"].is_valid()


def test_a_text_within_its_limit_is_saved(alice):
    response = alice.post(reverse("add-medicine"), {"name": "Folic acid", "dose": "5 mg"})
    assert response.status_code == 302


@pytest.mark.parametrize("url_name", ["health", "supplies", "sharing", "settings", "history"])
def test_no_two_fields_of_a_page_share_an_id_for_a_summary_to_lead_to(alice, regimen, url_name):
    ids = [e.get("id") for e in document(alice.get(reverse(url_name))).find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
