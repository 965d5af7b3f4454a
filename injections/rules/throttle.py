"""How many wrong guesses a secret allows before a cool-off (issue 13, item 1).

Passwords, invitation codes and clinic codes are each counted per account and per
network address, over the last COOL_OFF. An address is allowed more than an account:
a clinic's staff, or a family on one home router, share an address, and one person's
typing should not lock out the others. The limit ends by itself after COOL_OFF: never
a permanent lock-out, which would let a stranger shut a patient out of their record.
"""

from datetime import timedelta

FAILURES_PER_ACCOUNT = 5
FAILURES_PER_ADDRESS = 20
COOL_OFF = timedelta(minutes=15)


def over_limit(*, per_account: int, per_address: int) -> bool:
    """Whether the wrong guesses counted within COOL_OFF (for the account, and from
    the address) leave no more tries until the cool-off ends."""
    return per_account >= FAILURES_PER_ACCOUNT or per_address >= FAILURES_PER_ADDRESS


def minutes_to_wait() -> int:
    """The cool-off in whole minutes, as people are told it."""
    return int(COOL_OFF.total_seconds() // 60)
