"""How doses week by week are drawn (injections/web/pages/weekly.py): the review's
sparkline and the patient page's stacked bars, their geometry and their words."""

from datetime import date, timedelta

from injections.reading.adherence import WeekCounts
from injections.reading.scores import Progress, WeekProgress
from injections.rules.adherence import Adherence
from injections.rules.scores import Week, WeekScores
from injections.web.pages.weekly import (
    BAR_HEIGHT,
    SPARK_HEIGHT,
    sparkline,
    week_words,
    weekly_bars,
)

FIRST = date(2026, 8, 31)  # a Monday
ALL_ON_TIME = Adherence(scheduled=7, taken=7, on_time=7)
TWO_LATE = Adherence(scheduled=7, taken=6, on_time=4, missed=1)
NOTHING_DUE = Adherence()


def weeks(*counts: Adherence) -> list[WeekCounts]:
    return [
        WeekCounts(FIRST + timedelta(weeks=n), FIRST + timedelta(weeks=n, days=6), each)
        for n, each in enumerate(counts)
    ]


def parts(bar) -> dict[str, tuple[float, float]]:
    return {segment.part: (segment.y, segment.height) for segment in bar.segments}


def test_a_week_of_seven_doses_on_time_is_a_full_bar():
    [bar] = sparkline(weeks(ALL_ON_TIME)).bars
    assert parts(bar) == {"on_time": (0, SPARK_HEIGHT)}


def test_the_late_doses_are_drawn_apart_above_those_on_time():
    [bar] = sparkline(weeks(TWO_LATE)).bars
    on_time, late = bar.segments
    assert (on_time.part, late.part) == ("on_time", "late")
    assert on_time.height == round(SPARK_HEIGHT * 4 / 7, 1)
    assert late.height == round(SPARK_HEIGHT * 2 / 7, 1)
    assert late.y + late.height == on_time.y  # stacked, no gap and no overlap
    assert late.y == round(SPARK_HEIGHT / 7, 1)  # the missed seventh left empty


def test_a_week_with_nothing_due_has_no_bar_rather_than_an_empty_one():
    drawn = sparkline(weeks(NOTHING_DUE, ALL_ON_TIME))
    idle, full = drawn.bars
    assert not idle.due and idle.segments == []
    assert full.due and full.x > idle.x


def test_the_sparkline_is_a_bar_a_week_oldest_first_with_the_80_line():
    drawn = sparkline(weeks(*[ALL_ON_TIME] * 12))
    assert len(drawn.bars) == 12
    assert drawn.bars[0].first == FIRST
    assert [bar.x for bar in drawn.bars] == sorted(bar.x for bar in drawn.bars)
    assert drawn.bars[-1].x + drawn.bars[-1].width <= drawn.width
    assert drawn.threshold_y == round(SPARK_HEIGHT * 0.2, 1)


def test_the_sparkline_says_the_trend_in_words():
    drawn = sparkline(weeks(NOTHING_DUE, NOTHING_DUE, ALL_ON_TIME, TWO_LATE, TWO_LATE))
    assert drawn.label == (
        "Adherence week by week over the last 5 weeks, oldest first: 2 weeks with none "
        "due, 100 %, 86 %, 86 %. Late doses in 2 weeks."
    )
    assert sparkline(weeks(ALL_ON_TIME)).label.endswith("oldest first: 100 %. No late dose.")


def test_each_weeks_bar_says_its_dates_and_doses():
    [bar] = sparkline(weeks(TWO_LATE)).bars
    assert bar.label == "31 Aug–6 Sep: 6 of 7 doses taken, 2 of them late, 1 missed"
    assert week_words(NOTHING_DUE) == "no dose due"
    assert week_words(Adherence(scheduled=1)) == "0 of 1 dose taken, 1 still open"


def progress(*counts: Adherence, current_last: bool = True) -> Progress:
    rows = [
        WeekProgress(
            Week(n + 1, FIRST + timedelta(weeks=n), FIRST + timedelta(weeks=n, days=6)),
            each,
            WeekScores(),
            current=current_last and n == len(counts) - 1,
        )
        for n, each in enumerate(counts)
    ]
    return Progress(FIRST, FIRST + timedelta(weeks=len(counts) - 1), rows)


def test_the_patients_bars_stack_on_time_late_skipped_missed_and_open():
    counts = Adherence(scheduled=7, taken=4, on_time=2, skipped=1, missed=1)  # 1 open
    [bar] = weekly_bars(progress(counts)).bars
    stack = parts(bar)
    assert list(stack) == ["on_time", "late", "skipped", "missed", "open"]
    heights = [height for _y, height in stack.values()]
    assert [round(h * 7 / BAR_HEIGHT) for h in heights] == [2, 2, 1, 1, 1]
    assert abs(sum(heights) - BAR_HEIGHT) < 0.5  # the whole bar is the doses due
    assert bar.segments[0].y + bar.segments[0].height == BAR_HEIGHT  # from the bottom


def test_a_full_week_on_time_fills_the_patients_bar():
    [bar] = weekly_bars(progress(ALL_ON_TIME)).bars
    assert parts(bar) == {"on_time": (0, BAR_HEIGHT)}


def test_the_patients_bars_have_a_date_under_each_and_the_month_where_it_changes():
    drawn = weekly_bars(progress(ALL_ON_TIME, NOTHING_DUE, TWO_LATE, ALL_ON_TIME, ALL_ON_TIME))
    assert drawn.labels == [
        {"day": "31", "month": "Aug"},
        {"day": "7", "month": "Sep"},
        {"day": "14", "month": ""},
        {"day": "21", "month": ""},
        {"day": "28", "month": ""},
    ]
    assert not drawn.bars[1].due and drawn.bars[1].segments == []
    assert drawn.width == 5 * (drawn.bars[1].x - drawn.bars[0].x)


def test_the_patients_bars_say_what_they_show_and_the_latest_week():
    drawn = weekly_bars(progress(ALL_ON_TIME, TWO_LATE))
    assert drawn.summary == (
        "Doses week by week over 2 weeks: on time, late, skipped and missed. Latest, week "
        "of 7 Sep: 6 of 7 doses taken, 2 of them late, 1 missed."
    )
    assert drawn.bars[-1].current and not drawn.bars[0].current
    assert drawn.bars[0].label == "Week of 31 Aug: 7 of 7 doses taken"
