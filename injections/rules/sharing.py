"""Who else may see a patient's record, and for how long an offer of it lasts
(DESIGN §1)."""

from datetime import timedelta

# An invitation to become a caregiver works once, within a week of being made.
INVITATION_LIFETIME = timedelta(days=7)
