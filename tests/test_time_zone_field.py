"""The time-zone field of the schedule forms (injections/web/zones.py): places by
region and city, without the legacy aliases, and a stored zone kept."""

from django import forms

from injections.web.zones import TimeZoneField, city_label, offered_zones, zone_choices


class NewForm(forms.Form):
    time_zone = TimeZoneField(label="Time zone")


def groups(choices) -> dict:
    return {str(label): dict(options) for label, options in choices}


def test_zones_are_grouped_by_region_with_their_city_names():
    found = groups(zone_choices())
    assert list(found) == [
        "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic Ocean", "Australia",
        "Europe", "Indian Ocean", "Pacific Ocean", "Other",
    ]  # fmt: skip
    assert found["Europe"]["Europe/Madrid"] == "Madrid"
    assert found["America"]["America/Mexico_City"] == "Mexico City"
    assert found["America"]["America/Argentina/Buenos_Aires"] == "Buenos Aires (Argentina)"
    assert found["America"]["America/North_Dakota/New_Salem"] == "New Salem (North Dakota)"
    assert found["Other"] == {"UTC": "UTC (Coordinated Universal Time)"}


def test_the_cities_of_a_region_are_in_alphabetical_order():
    cities = list(groups(zone_choices())["Europe"].values())
    assert cities == sorted(cities, key=str.casefold)
    assert cities[:3] == ["Amsterdam", "Andorra", "Astrakhan"]


def test_the_legacy_aliases_are_not_offered():
    offered = set(offered_zones())
    assert {"Europe/Madrid", "Asia/Kolkata", "Europe/Kyiv", "UTC"} <= offered
    for alias in ("US/Eastern", "Etc/GMT+3", "GB", "Asia/Calcutta", "Europe/Kiev", "Etc/UTC"):
        assert alias not in offered
    assert 400 < len(offered) < 450


def test_city_names_read_underscores_as_spaces():
    assert city_label("America/Port_of_Spain") == "Port of Spain"
    assert city_label("Asia/Ho_Chi_Minh") == "Ho Chi Minh"


def test_a_stored_legacy_zone_is_kept_and_accepted():
    form = NewForm({"time_zone": "US/Eastern"})
    form.fields["time_zone"].keep("US/Eastern")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["time_zone"] == "US/Eastern"
    assert groups(form.fields["time_zone"].choices)["Other"]["US/Eastern"] == "US/Eastern"


def test_a_legacy_zone_that_is_not_stored_is_refused():
    form = NewForm({"time_zone": "US/Eastern"})
    assert not form.is_valid()
    assert "time_zone" in form.errors
    assert NewForm({"time_zone": "Europe/Madrid"}).is_valid()


def test_a_new_form_offers_a_blank_choice_first_and_a_kept_zone_none():
    new = NewForm()["time_zone"].subwidgets
    assert (new[0].data["value"], new[0].data["selected"]) == ("", True)
    assert str(new[0].data["label"]) == "Choose a time zone"
    kept = NewForm(initial={"time_zone": "Europe/Madrid"})["time_zone"].subwidgets
    assert kept[0].data["value"] == "Africa/Abidjan"
    assert [w.data["value"] for w in kept if w.data["selected"]] == ["Europe/Madrid"]


def test_a_new_form_must_be_given_a_zone():
    form = NewForm({"time_zone": ""})
    assert form.errors["time_zone"] == ["This field is required."]


def test_a_sentence_names_the_zone_by_its_place():
    from injections.templatetags.medtrack import zone_city

    assert zone_city("Europe/London") == "London"
    assert zone_city("America/Argentina/Buenos_Aires") == "Buenos Aires (Argentina)"
    assert zone_city("UTC") == "UTC"
