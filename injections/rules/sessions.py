"""How long a signed-in session lasts (issue 13, item 2): it ends after a spell
without activity (the idle limit) and, whatever the activity, at the end of its
lifetime. Clinic staff and site admins see many patients' records, often on shared
computers: 30 minutes idle. Patients and caregivers: 12 hours, or 14 days on their
own phone ("Keep me signed in"). The numbers are settings (README, Configuration);
these are the rules that apply them.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

# The last-seen time is written at most this often, not on every request: the idle
# limit is then met up to a minute early, never late.
REFRESH_EVERY = timedelta(minutes=1)


class Kind(StrEnum):
    """Whose session it is, for its limits."""

    STAFF = "staff"  # on a clinic's staff, or a site admin
    PERSON = "person"  # a patient or a caregiver (or anyone else)


class Ending(StrEnum):
    """Why a session ended on its own."""

    IDLE = "idle"
    LIFETIME = "lifetime"


@dataclass(frozen=True)
class SessionLimits:
    staff_idle: timedelta = timedelta(minutes=30)
    idle: timedelta = timedelta(hours=12)
    kept_idle: timedelta = timedelta(days=14)
    lifetime: timedelta = timedelta(hours=24)
    kept_lifetime: timedelta = timedelta(days=30)

    def may_keep(self, kind: Kind) -> bool:
        """Only patients and caregivers stay signed in longer on their own phone:
        staff keep their 30 minutes whatever they tick."""
        return kind == Kind.PERSON

    def idle_for(self, kind: Kind, *, kept: bool) -> timedelta:
        if kind == Kind.STAFF:
            return self.staff_idle
        return self.kept_idle if kept else self.idle

    def lifetime_for(self, kind: Kind, *, kept: bool) -> timedelta:
        return self.kept_lifetime if kept and self.may_keep(kind) else self.lifetime


def session_ending(
    *,
    started_at: datetime,
    last_seen_at: datetime,
    now: datetime,
    kind: Kind,
    kept: bool,
    limits: SessionLimits,
) -> Ending | None:
    """Ending.LIFETIME once the session is older than its lifetime, Ending.IDLE once
    it has been unused for longer than its idle limit, None while it goes on."""
    if now - started_at >= limits.lifetime_for(kind, kept=kept):
        return Ending.LIFETIME
    if now - last_seen_at >= limits.idle_for(kind, kept=kept):
        return Ending.IDLE
    return None


def needs_refresh(last_seen_at: datetime, now: datetime) -> bool:
    """Whether a request at `now` writes the last-seen time (at most once a minute)."""
    return now - last_seen_at >= REFRESH_EVERY


# The code of the second step of signing in is asked within this time of the password.
SECOND_STEP_WITHIN = timedelta(minutes=5)
