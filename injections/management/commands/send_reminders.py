"""`python manage.py send_reminders` (DESIGN §8, issue 11): send what is due, once."""

import signal
import threading

from django.db import close_old_connections
from django.utils.translation import gettext as _

from ...services.reminders import due_now, send_due
from ..arguments import instant, to_json
from ..base import MedtrackCommand


class Command(MedtrackCommand):
    help = (
        "Send the reminders that are due (dose, late dose, missed dose, refill, syringe "
        "out of the fridge, sharps container, blood test). Safe to run every minute and "
        "from several machines at once: each reminder goes out once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--at",
            help="ISO 8601 instant: print what is due then, to whom and how, and whether "
            "it went; sends nothing (for support)",
        )
        parser.add_argument(
            "--loop",
            action="store_true",
            help="keep running, once every --every seconds, until stopped (SIGTERM or Ctrl-C)",
        )
        parser.add_argument("--every", type=int, default=60, metavar="SECONDS")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        if options["at"]:
            self._show(options, at=instant(options["at"]))
            return
        if not options["loop"]:
            self._run(options, at=None)
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: stop.set())
        while not stop.is_set():
            close_old_connections()
            self._run(options, at=None)
            stop.wait(max(options["every"], 1))

    def _show(self, options, *, at):
        rows = due_now(at=at)
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        for row in rows:
            self.stdout.write(
                _("%(kind)s of %(patient)s (%(slot)s) to %(recipient)s by %(channel)s: %(status)s")
                % (row | {"status": row["status"] or _("not sent yet")})
            )
        if not rows:
            self.stdout.write(_("Nothing is due."))

    def _run(self, options, *, at):
        report = send_due(at=at)
        if options["json"]:
            self.stdout.write(to_json(vars(report)))
        else:
            self.stdout.write(
                _("Sent %(sent)s; failed %(failed)s (retried later); given up %(given_up)s.")
                % vars(report)
            )
