"""Spanish, complete (issue 15, item 1): every string marked for translation has its
Spanish entry, and the compiled catalogue medtrack serves is the one its .po makes.

The strings are extracted as a translator's `makemessages` would, in a copy of the
project, so that the checked-in catalogue is never touched by the test.
"""

import re
import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings

PO = settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# What makemessages reads: the code and templates of the site, as the Makefile says.
SOURCES = ("manage.py", "medtrack", "injections", "templates")
IGNORED = ["--ignore=.venv", "--ignore=tests", "--ignore=benchmarks", "--ignore=scripts"]


def entries(catalogue) -> dict:
    return {
        (entry.msgctxt, entry.msgid): (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
        for entry in catalogue
        if entry.msgid
    }


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The catalogue as it would be after extracting the strings of the code now."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.fail("GNU gettext extracts the strings: apt-get install -y gettext (Debian)")
    copy = tmp_path_factory.mktemp("project")
    for name in SOURCES:
        source = settings.BASE_DIR / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    shutil.copytree(settings.BASE_DIR / "locale", copy / "locale")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete", *IGNORED],
        cwd=copy, check=True, capture_output=True,
    )  # fmt: skip
    return polib.pofile(str(copy / PO.relative_to(settings.BASE_DIR)))


def test_every_string_marked_for_translation_has_a_spanish_entry(extracted):
    missing = [entry.msgid for entry in extracted.untranslated_entries()]
    assert missing == [], "no Spanish yet (run makemessages -l es and translate them)"
    fuzzy = [entry.msgid for entry in extracted.fuzzy_entries()]
    assert fuzzy == [], "Spanish that no longer matches its English (check and unmark)"


def test_the_catalogue_holds_every_string_of_the_code_and_no_other(extracted):
    assert entries(extracted).keys() == entries(polib.pofile(str(PO))).keys()


def test_the_compiled_catalogue_is_the_one_the_po_makes():
    assert entries(polib.mofile(str(MO))) == entries(polib.pofile(str(PO)))


def test_every_spanish_entry_keeps_the_placeholders_of_its_english():
    broken = [entry.msgid for entry in polib.pofile(str(PO)) if entry.msgid and not _kept(entry)]
    assert broken == []


def _kept(entry) -> bool:
    def marks(text):  # a named one may be said twice; a positional one, once each
        found = re.findall(r"%\([a-z_]+\)[sd]|%[sd]|%%", text)
        return sorted(set(found)), sorted(mark for mark in found if "(" not in mark)

    if entry.msgid_plural:
        return all(marks(text) == marks(entry.msgid_plural) or marks(text) == marks(entry.msgid)
                   for text in entry.msgstr_plural.values())  # fmt: skip
    return marks(entry.msgstr) == marks(entry.msgid)
