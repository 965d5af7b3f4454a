"""The time-zone field of the schedule forms (injections/web/zones.py): places by
region and city in the reader's language, without the legacy aliases, and a stored zone
kept."""

from django import forms
from django.utils import translation

from injections.web.zones import (
    TimeZoneField,
    ZoneSelect,
    city_label,
    offered_zones,
    reading_order,
    zone_choices,
)


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
    assert found["America"]["America/Argentina/Buenos_Aires"] == "Buenos Aires, Argentina"
    assert found["America"]["America/North_Dakota/New_Salem"] == "New Salem, North Dakota"
    assert found["Asia"]["Asia/Ho_Chi_Minh"] == "Ho Chi Minh City"  # CLDR's own name
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
    assert city_label("America/Argentina/San_Juan") == "San Juan, Argentina"


def test_a_spanish_reader_reads_the_cities_in_spanish():
    with translation.override("es"):
        found = groups(zone_choices())
        assert found["Europa"]["Europe/London"] == "Londres"
        assert found["América"]["America/New_York"] == "Nueva York"
        assert found["América"]["America/Mexico_City"] == "Ciudad de México"
        assert found["América"]["America/North_Dakota/Beulah"] == "Beulah, Dakota del Norte"
        # Where CLDR has no Spanish name, the IANA name's city, as in English.
        assert found["Europa"]["Europe/Madrid"] == "Madrid"
        assert found["América"]["America/Argentina/Salta"] == "Salta, Argentina"
        assert list(found["Otras"]) == ["UTC"]
    assert groups(zone_choices())["Europe"]["Europe/London"] == "London"


def test_every_offered_zone_has_a_name_in_english_and_spanish():
    for language in ("en", "es"):
        names = [city_label(zone, language) for zone in offered_zones()]
        assert all(name.strip() for name in names)
        assert not [name for name in names if "unknown" in name.casefold()]
        assert not [name for name in names if "/" in name or "_" in name]
    assert city_label("Europe/Madrid", "es") == city_label("Europe/Madrid", "en") == "Madrid"


def test_a_spanish_reader_finds_accented_names_in_alphabetical_order():
    with translation.override("es"):
        found = groups(zone_choices())
    assert list(found) == [
        "África", "América", "Antártida", "Ártico", "Asia", "Australia", "Europa",
        "Océano Atlántico", "Océano Índico", "Océano Pacífico", "Otras",
    ]  # fmt: skip
    cities = list(found["Europa"].values())
    assert cities[:4] == ["Ámsterdam", "Andorra", "Astracán", "Atenas"]
    assert cities == sorted(cities, key=reading_order)
    asia = list(found["Asia"].values())
    assert asia.index("Ürümqi") < asia.index("Vientián")  # with the U's, not after the Z's


def test_the_reading_order_sets_accents_and_case_aside():
    assert reading_order("Ámsterdam") == reading_order("amsterdam")
    assert sorted(["Zúrich", "Ámsterdam", "Berlín"], key=reading_order) == [
        "Ámsterdam", "Berlín", "Zúrich",
    ]  # fmt: skip


def test_an_option_carries_its_english_name_where_the_reader_s_name_differs():
    def also(zone):
        option = ZoneSelect().create_option("tz", zone, city_label(zone), False, 0)
        return option["attrs"].get("data-also")

    with translation.override("es"):
        assert also("Asia/Ho_Chi_Minh") == "Ho Chi Minh City"
        assert also("Atlantic/Canary") == "Canaries"
        assert also("Europe/London") is None  # "London" is in its IANA name
    assert also("Asia/Ho_Chi_Minh") is None  # the reader's name is the English one


def test_the_filter_words_are_given_for_each_plural_form_of_the_reader():
    attrs = ZoneSelect().get_context("time_zone", "", {"id": "id_time_zone"})["widget"]["attrs"]
    assert attrs["data-filter-label"] == "Find your city"
    assert attrs["data-filter-one"] == "%(count)s place matches: choose it in the list below."
    assert attrs["data-filter-other"] == "%(count)s places match: choose yours in the list below."
    assert attrs["data-filter-none"].startswith("No place matches.")


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
    assert zone_city("America/Argentina/Buenos_Aires") == "Buenos Aires, Argentina"
    assert zone_city("UTC") == "UTC"
    with translation.override("es"):
        assert zone_city("Europe/London") == "Londres"
        assert zone_city("America/New_York") == "Nueva York"
