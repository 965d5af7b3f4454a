"""Syringes on hand in words, each number with its own plural (issue 15, item 6)."""

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

