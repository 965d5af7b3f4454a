"""text.sessions: devices and durations in words."""

from datetime import timedelta

from injections.rules.sessions import Ending
from injections.text.sessions import device_words, duration_words, ending_sentence


def test_a_device_in_words():
    assert device_words("Mozilla/5.0 (Windows NT 10.0) Gecko/20100101 Firefox/133.0") == (
        "Firefox on Windows"
    )
    assert device_words("Mozilla/5.0 (Linux; Android 14) Foo/1") == "A browser on Android"
    assert device_words("curl/8.5.0") == "An unknown browser or app"


def test_a_duration_in_its_largest_whole_unit():
    assert duration_words(timedelta(minutes=30)) == "30 minutes"
    assert duration_words(timedelta(hours=1)) == "1 hour"
    assert duration_words(timedelta(hours=24)) == "24 hours"
    assert duration_words(timedelta(days=14)) == "14 days"


def test_why_a_session_ended():
    assert ending_sentence(Ending.IDLE, timedelta(minutes=30)).startswith(
        "You were signed out after 30 minutes without activity."
    )
    assert ending_sentence(Ending.LIFETIME, timedelta(days=30)).startswith(
        "You were signed out: a session lasts 30 days at most."
    )
