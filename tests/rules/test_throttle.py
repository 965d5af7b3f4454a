from injections.rules.throttle import (
    COOL_OFF,
    FAILURES_PER_ACCOUNT,
    FAILURES_PER_ADDRESS,
    minutes_to_wait,
    over_limit,
)


def test_an_account_is_stopped_at_its_limit_and_not_before():
    assert not over_limit(per_account=FAILURES_PER_ACCOUNT - 1, per_address=0)
    assert over_limit(per_account=FAILURES_PER_ACCOUNT, per_address=0)


def test_an_address_shared_by_several_people_is_allowed_more_than_one_account():
    assert FAILURES_PER_ADDRESS > FAILURES_PER_ACCOUNT
    assert not over_limit(per_account=0, per_address=FAILURES_PER_ADDRESS - 1)
    assert over_limit(per_account=0, per_address=FAILURES_PER_ADDRESS)


def test_the_wait_is_told_in_minutes():
    assert minutes_to_wait() == COOL_OFF.total_seconds() / 60 == 15
