"""rules.devices: the browser and system a User-Agent header names."""

import pytest

from injections.rules.devices import UNKNOWN, Device, read_user_agent

AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0": Device("edge", "windows"),
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36": Device("samsung", "android"),
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36": Device("chrome", "android"),
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1": Device("safari", "iphone"),
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1": Device("chrome", "iphone"),
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0": Device(
        "firefox", "mac"
    ),
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0": Device("opera", "linux"),
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36": Device("chrome", "chromeos"),
    "curl/8.5.0": Device(UNKNOWN, UNKNOWN),
    "": Device(UNKNOWN, UNKNOWN),
}


@pytest.mark.parametrize(("header", "device"), AGENTS.items())
def test_each_common_browser_and_system_is_recognised(header, device):
    assert read_user_agent(header) == device
