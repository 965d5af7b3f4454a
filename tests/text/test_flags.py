"""Every flag a record can carry has a kind and a label (rules.flags, text.flags)."""

import pytest

from injections.rules.flags import KINDS, Flag, Kind, kinds_of
from injections.text.flags import LABELS, flag_labels


@pytest.mark.parametrize("flag", list(Flag))
def test_every_flag_has_a_kind_and_a_label(flag):
    assert flag.kind in Kind
    assert str(LABELS[flag])


def test_the_kinds_sort_site_window_and_syringe_flags():
    assert set(KINDS) == set(Flag)
    assert kinds_of(["too_close", "avoid_zone"]) == {Kind.SITE}
    assert kinds_of(["outside_window"]) == {Kind.WINDOW}
    assert kinds_of(["syringe_expired", "too_close"]) == {Kind.SYRINGE, Kind.SITE}
    assert kinds_of([]) == set()


def test_a_code_no_rule_knows_has_no_kind_and_reads_as_it_is():
    assert kinds_of(["made_up"]) == set()
    assert flag_labels(["made_up"]) == ["made_up"]


def test_syringe_flags_read_in_words():
    assert flag_labels(["syringe_expired", "syringe_too_warm", "no_usable_syringe"]) == [
        "from a syringe past its expiry date",
        "from a syringe too long at room temperature",
        "with no usable syringe in stock",
    ]
