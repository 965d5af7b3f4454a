"""Sessions in words: the device a session is on, and why a session ended."""

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..rules.devices import Device, read_user_agent
from ..rules.sessions import Ending

BROWSER_NAMES = {
    "edge": "Microsoft Edge",
    "opera": "Opera",
    "samsung": "Samsung Internet",
    "firefox": "Firefox",
    "chrome": "Chrome",
    "safari": "Safari",
}
SYSTEM_NAMES = {
    "iphone": gettext_lazy("an iPhone"),
    "ipad": gettext_lazy("an iPad"),
    "android": gettext_lazy("Android"),
    "windows": gettext_lazy("Windows"),
    "chromeos": gettext_lazy("a Chromebook"),
    "mac": gettext_lazy("a Mac"),
    "linux": gettext_lazy("Linux"),
}


def device_words(user_agent: str) -> str:
    """ "Firefox on Windows", "Safari on an iPhone", or what little is known."""
    device: Device = read_user_agent(user_agent)
    browser = BROWSER_NAMES.get(device.browser)
    system = SYSTEM_NAMES.get(device.system)
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    if browser:
        return browser
    if system:
        return _("A browser on %(system)s") % {"system": system}
    return _("An unknown browser or app")


def duration_words(length: timedelta) -> str:
    """30 minutes, 24 hours, 14 days: the largest whole unit (days from two on)."""
    seconds = int(length.total_seconds())
    if seconds % 86400 == 0 and seconds >= 2 * 86400:
        days = seconds // 86400
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if seconds % 3600 == 0 and seconds >= 3600:
        hours = seconds // 3600
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes = max(seconds // 60, 1)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def ending_sentence(ending: Ending, length: timedelta) -> str:
    """What the sign-in page says after a session ended on its own."""
    words = duration_words(length)
    if ending == Ending.IDLE:
        return _(
            "You were signed out after %(length)s without activity. Sign in again to go "
            "on where you were."
        ) % {"length": words}
    return _(
        "You were signed out: a session lasts %(length)s at most. Sign in again to go on "
        "where you were."
    ) % {"length": words}
