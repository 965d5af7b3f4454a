"""Notifications on a person's devices (Web Push, issue 11): the browser's
subscription saved when they turn notifications on, removed when they turn them off.
Anyone signed in may: patients, caregivers and clinic staff all get reminders."""

import json

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...services import push
from ...services.errors import ServiceError

# What a User-Agent says, first match wins: Edge and Opera also say Chrome, Chrome
# also says Safari.
BROWSERS = (
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)


# The device this browser session turned on, forgotten when it signs out.
PUSH_SESSION_KEY = "medtrack_push_subscription"


def push_context(user) -> dict:
    """What templates/injections/_push_devices.html needs, for the settings page."""
    return {
        "push_configured": push.configured(),
        "push_key": settings.VAPID_PUBLIC_KEY,
        "push_devices": list(user.push_subscriptions.order_by("created_at", "pk")),
    }


def describe_device(user_agent: str) -> str:
    """A name the person recognises in their list of devices: "Firefox on Android"."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in SYSTEMS if mark in user_agent), None)
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or user_agent.strip()[:200]


def _refused(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


@require_POST
def subscribe_push(request):
    """The browser's PushSubscription.toJSON(): {endpoint, keys: {p256dh, auth}}."""
    try:
        data = json.loads(request.body)
    except (ValueError, RecursionError):  # not JSON, or nested past what json reads
        return _refused(_("the browser sent something that is not a subscription"))
    keys = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(keys, dict) or not all(
        isinstance(value, str)
        for value in (data.get("endpoint"), keys.get("p256dh"), keys.get("auth"))
    ):
        return _refused(_("the browser's subscription lacks its address or its keys"))
    try:
        subscription = push.save_subscription(
            request.user,
            endpoint=data["endpoint"],
            p256dh=keys["p256dh"],
            auth=keys["auth"],
            device=describe_device(request.headers.get("User-Agent", "")),
        )
    except ServiceError as error:
        return _refused(str(error))
    # Signing out on this browser turns its notifications off (web.signals).
    request.session[PUSH_SESSION_KEY] = subscription.pk
    # Shown by the page the script reloads, which then lists the device.
    messages.success(
        request,
        _("Notifications are on for %(device)s.")
        % {"device": subscription.device or _("this browser")},
    )
    return JsonResponse({"id": subscription.pk, "device": subscription.device}, status=201)


@require_POST
def remove_push(request, pk: int):
    subscription = get_object_or_404(request.user.push_subscriptions, pk=pk)
    push.remove_subscription(subscription)
    messages.success(
        request,
        _("Notifications are off on %(device)s.")
        % {"device": subscription.device or _("that browser")},
    )
    return redirect(reverse("settings") + "#push-heading")
