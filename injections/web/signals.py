"""What happens when someone signs out: the notifications this browser turned on
stop, so that a shared computer does not go on showing one person's doses to the
next (issue 11)."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from ..models import PushSubscription
from .views.push import PUSH_SESSION_KEY


@receiver(user_logged_out)
def forget_this_device(sender, request, user, **kwargs):
    pk = request.session.get(PUSH_SESSION_KEY) if request is not None else None
    if user is not None and pk is not None:
        PushSubscription.objects.filter(pk=pk, user=user).delete()
