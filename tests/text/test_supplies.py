"""Syringes on hand in words, each number with its own plural (issue 15, item 6)."""

from django.utils import translation

from injections.text.supplies import on_hand


def test_one_day_and_one_syringe_are_singular():
    assert on_hand(1, days=1, medication="anakinra") == (
        "1 usable syringe of anakinra: 1 day of doses."
    )


def test_several_are_plural():
    assert on_hand(7, days=3, medication="anakinra") == (
        "7 usable syringes of anakinra: 3 days of doses."
    )
    assert on_hand(0, days=0, medication="anakinra") == (
        "0 usable syringes of anakinra: 0 days of doses."
    )



def test_in_spanish():
    with translation.override("es"):
        assert on_hand(1, days=1, medication="anakinra") == (
            "1 jeringa utilizable de anakinra: 1 día de dosis."
        )


def test_centimetres_in_a_sentence_take_the_readers_decimal_mark():
    from injections.rules.geometry import Site
    from injections.text.places import spot

    site = Site("thigh", "left", 35, 100)
    assert spot(site) == "thigh left at 3.5, 10 cm"
    with translation.override("es"):
        assert spot(site) == "muslo izquierdo, en 3,5; 10 cm"
