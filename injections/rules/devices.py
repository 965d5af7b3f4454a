"""The browser and system a session was signed in from, read from its User-Agent
header (issue 13, item 2: the sessions page says "Firefox on Windows"). A rough
reading of the common browsers, enough for a person to recognise their devices; it
answers codes, and text.sessions gives them words. A header that names nothing known
answers UNKNOWN: the page then says so, with the address.
"""

import re
from dataclasses import dataclass

UNKNOWN = ""

# First match wins: Edge, Opera and Samsung Internet also call themselves Chrome and
# Safari; Chrome calls itself Safari.
BROWSERS = [
    ("edge", re.compile(r"\b(Edg|Edge|EdgA|EdgiOS)/")),
    ("opera", re.compile(r"\b(OPR|Opera)/")),
    ("samsung", re.compile(r"\bSamsungBrowser/")),
    ("firefox", re.compile(r"\b(Firefox|FxiOS)/")),
    ("chrome", re.compile(r"\b(Chrome|CriOS|Chromium)/")),
    ("safari", re.compile(r"\bVersion/[\d.]+.*\bSafari/")),
]
SYSTEMS = [
    ("iphone", re.compile(r"\biPhone\b")),
    ("ipad", re.compile(r"\biPad\b")),
    ("android", re.compile(r"\bAndroid\b")),
    ("windows", re.compile(r"\bWindows\b")),
    ("chromeos", re.compile(r"\bCrOS\b")),
    ("mac", re.compile(r"\bMac OS X\b|\bMacintosh\b")),
    ("linux", re.compile(r"\bLinux\b")),
]


@dataclass(frozen=True)
class Device:
    browser: str  # a code of BROWSERS, or UNKNOWN
    system: str  # a code of SYSTEMS, or UNKNOWN


def read_user_agent(header: str) -> Device:
    """The browser and system codes a User-Agent header names."""
    header = header or ""
    browser = next((code for code, pattern in BROWSERS if pattern.search(header)), UNKNOWN)
    system = next((code for code, pattern in SYSTEMS if pattern.search(header)), UNKNOWN)
    return Device(browser, system)
