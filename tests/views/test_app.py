"""medtrack as an installable app (issue 11, item 3): the manifest, the service worker
and the offline page, open to a browser before anyone signs in."""

import json

from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.views.pages import document, heading, words


def test_every_page_links_the_manifest_and_the_theme_colour(client, db):
    page = document(client.get(reverse("login")))
    [link] = page.find_all("link", rel="manifest")
    assert link.get("href") == "/manifest.json"
    [theme] = [m for m in page.find_all("meta") if m.get("name") == "theme-color"]
    assert theme.get("content") == "#0b5cad"


def test_the_manifest_makes_the_app_installable(client, db):
    response = client.get("/manifest.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert (data["name"], data["start_url"], data["display"]) == ("medtrack", "/", "standalone")
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:  # each ships with the project
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_service_worker_is_served_from_the_root_and_keeps_the_offline_page(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    body = response.content.decode()
    assert 'const OFFLINE = "/offline/";' in body
    assert "/static/css/medtrack.css" in body


def test_the_offline_page_says_what_to_do_with_a_dose_due(client, db):
    response = client.get(reverse("offline"))
    assert response.status_code == 200
    assert heading(response) == "No connection"
    assert "write down the time and where you injected" in words(response)


def test_the_service_worker_shows_a_push_with_the_app_icon_and_opens_its_address(client, db):
    body = client.get(reverse("service-worker")).content.decode()
    assert 'addEventListener("push"' in body
    assert 'icon: "/static/img/icon-192.png"' in body
    assert 'addEventListener("notificationclick"' in body
    assert 'event.action !== "log"' in body
    assert "clients.openWindow(url)" in body
