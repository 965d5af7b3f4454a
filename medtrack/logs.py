"""What medtrack writes about itself (issue 13, item 3): a JSON line per log record
on standard error, and error reports by email to ADMINS. Neither carries health
data: a record gives where and when, never what someone typed or was shown."""

import json
import logging
import sys
import traceback
from datetime import UTC, datetime

from django.http import HttpRequest
from django.utils.log import AdminEmailHandler
from django.views.debug import SafeExceptionReporterFilter


class Stderr(logging.StreamHandler):
    """Standard error as it is when a line is written, not as it was when logging was
    set up: a program that replaces sys.stderr (a test runner capturing it, a command
    writing to a pipe) never leaves the handler writing to a closed stream."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


class JsonLines(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, and
    where a request is attached, its method, path (no query string), status and
    the id of the user signed in. An exception gives its type and stack, not its
    value: a value may quote what was typed (the emailed report has it)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):  # runserver's own records carry a socket
            entry |= {"method": request.method, "path": request.path}
            user_id = _user_id(request)
            if user_id is not None:
                entry["user"] = user_id
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info and record.exc_info[0] is not None:
            kind, _value, stack = record.exc_info
            entry["exception"] = f"{kind.__module__}.{kind.__qualname__}"
            entry["stack"] = [
                f"{frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_tb(stack)
            ]
        return json.dumps(entry, ensure_ascii=False, default=str)


def _user_id(request: HttpRequest) -> int | None:
    try:
        user = request.user
        return user.pk if user.is_authenticated else None
    except Exception:  # no session yet, or the database is what failed: log without
        return None


class HealthDataFilter(SafeExceptionReporterFilter):
    """Error reports leave out every value posted and every local variable, not only
    those marked sensitive: on medtrack any of them may be a note, a score or a
    symptom. The traceback, the address and the settings (secrets hidden) stay."""

    def get_post_parameters(self, request):
        if request is None:
            return {}
        if not self.is_active(request):
            return request.POST
        cleansed = request.POST.copy()
        for name in cleansed:
            cleansed[name] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return {name: self.cleansed_substitute for name in tb_frame.f_locals}.items()


class MailAdmins(AdminEmailHandler):
    """Django's handler, except that a mail server that fails never turns a logged
    error into a raised one (with MAILERS, Django's lets it through): the error is
    in the log already, and the failed report is logged beside it."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            super().emit(record)
        except Exception as error:
            # A warning: below this handler's level, so it is never mailed in turn.
            logging.getLogger(__name__).warning(
                "error report not mailed to ADMINS: %s", type(error).__name__
            )
