"""The reminder plan on real calendar dates (2024 National Day: Oct 1-7 off, Sep 29 and Oct 12 worked)."""

from datetime import date, timedelta

from config.calendar_data import packaged_calendar
from disclosure.reminders import AppSnapshot, candidates, due_by, workdays_before
from handlers.reminders.yearend import first_workday, publish_reminder

CAL = packaged_calendar()
OFFSETS = [5, 3, 1]
D = date.fromisoformat


def app(**changes) -> AppSnapshot:
    base = dict(id=1, number="2400018", agency_id=1, state="processing", due_on=D("2024-10-23"),
                correction_notice_due=D("2024-09-30"))
    return AppSnapshot(**{**base, **changes})


def plan_between(snapshot: AppSnapshot, first: str, last: str) -> dict[str, list[str]]:
    day, out = D(first), {}
    while day <= D(last):
        kinds = [r.kind for r in candidates(snapshot, CAL, OFFSETS, day) if r.fires_on == day]
        if kinds:
            out[day.isoformat()] = kinds
        day += timedelta(days=1)
    return out


def test_workdays_before_skips_national_day_and_counts_makeup_days():
    assert workdays_before(CAL, D("2024-10-09"), 2) == D("2024-09-30")
    assert workdays_before(CAL, D("2024-09-30"), 2) == D("2024-09-27")  # Sunday Sep 29 is a working day
    assert workdays_before(CAL, D("2024-10-14"), 1) == D("2024-10-12")  # so is Saturday Oct 12


def test_plan_for_a_month_fires_each_reminder_on_its_day():
    assert plan_between(app(), "2024-09-20", "2024-10-31") == {
        "2024-09-27": ["correction-notice-before-2"],
        "2024-09-30": ["correction-notice-due"],
        "2024-10-16": ["reply-before-5"],
        "2024-10-18": ["reply-before-3"],
        "2024-10-22": ["reply-before-1"],
        "2024-10-23": ["reply-due"],
        **{d: ["reply-overdue"] for d in ("2024-10-24", "2024-10-25", "2024-10-28", "2024-10-29",
                                          "2024-10-30", "2024-10-31")},
    }


def test_correction_notice_reminders_stop_once_a_correction_is_requested():
    kinds = {k for ks in plan_between(app(correction_requested=True), "2024-09-20", "2024-10-10").values() for k in ks}
    assert not any(k.startswith("correction") for k in kinds)


def test_awaiting_correction_has_no_reply_reminders_and_closed_has_none():
    assert plan_between(app(state="awaiting_correction", due_on=None), "2024-09-20", "2024-10-31") == {}
    assert plan_between(app(state="closed"), "2024-09-20", "2024-10-31") == {}


def test_consultation_limit_fires_on_the_fifteenth_working_day():
    consulting = app(state="consulting", consult_started=D("2024-09-25"), correction_notice_due=D("2024-09-24"))
    limit = [d for d, kinds in plan_between(consulting, "2024-09-25", "2024-10-31").items()
             if "consultation-limit" in kinds]
    assert limit == ["2024-10-21"]  # Sep 26-27, 29-30, Oct 8-12, 14-18, 21: the fifteenth working day


def test_catch_up_sends_the_latest_reminder_of_each_family_only():
    late = due_by(app(), CAL, OFFSETS, D("2024-10-21"))  # down from Oct 16 to Oct 21
    assert [(r.kind, r.fires_on) for r in late] == [("reply-before-3", D("2024-10-18"))]
    weekend = due_by(app(), CAL, OFFSETS, D("2024-10-27"))
    assert [(r.kind, r.fires_on, r.daily) for r in weekend] == [("reply-overdue", D("2024-10-25"), True)]


def test_dedupe_key_holds_the_due_date_and_for_overdue_the_day():
    before, overdue = due_by(app(), CAL, OFFSETS, D("2024-10-16"))[0], due_by(app(), CAL, OFFSETS, D("2024-10-24"))[0]
    assert before.dedupe_key("2400018", "oA") == "reply-before-5:2400018:2024-10-23:oA"
    assert overdue.dedupe_key("2400018", "oA") == "reply-overdue:2400018:2024-10-23:2024-10-24:oA"
    moved = due_by(app(due_on=D("2024-11-20")), CAL, OFFSETS, D("2024-11-13"))[0]
    assert moved.dedupe_key("2400018", "oA") != before.dedupe_key("2400018", "oA")


def test_year_end_dates_around_spring_festival_2025():
    assert first_workday(CAL, 2025) == D("2025-01-02")
    assert publish_reminder(CAL, D("2025-01-14")) is None
    assert publish_reminder(CAL, D("2025-01-15")) == 10
    assert publish_reminder(CAL, D("2025-01-24")) == 3  # Jan 28 - Feb 4 off, Sunday Jan 26 worked
