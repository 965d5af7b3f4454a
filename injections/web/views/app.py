"""medtrack as an installable app: the web app manifest, the service worker and the
page it shows without a connection. All three are open to everyone: a browser reads
them before anyone signs in, and they hold nothing about a patient."""

import hashlib
import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

THEME = "#0b5cad"


@login_not_required
@require_GET
def manifest(request):
    data = {
        "name": "medtrack",
        "short_name": "medtrack",
        "description": _("Your daily injections: when, where, and how the last site healed."),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return HttpResponse(json.dumps(data), content_type="application/manifest+json")


@login_not_required
@require_GET
def service_worker(request):
    """Served from the root, so that it may look after every page of the site."""
    static_urls = "".join(static(path) for path in ("css/medtrack.css", "img/icon-192.png"))
    version = hashlib.sha256(static_urls.encode()).hexdigest()[:12]
    body = render_to_string("injections/sw.js", {"version": version}, request=request)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
def offline(request):
    return render(request, "injections/offline.html")
