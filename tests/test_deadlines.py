"""Deadline rules on the real official calendar; every expected date counted by hand."""

from datetime import date

import pytest

from config.calendar_data import load_calendar
from disclosure.calendar import WorkCalendar
from disclosure.deadlines import compute_deadlines
from disclosure.events import Action, Event

CAL = load_calendar()
D = date.fromisoformat


def deadlines(received: str, *steps: tuple, cal: WorkCalendar = CAL):
    events = [Event(Action.REGISTER, D(received))]
    events += [Event(a, D(on), data[0] if data else {}) for a, on, *data in steps]
    return compute_deadlines(events, cal)


@pytest.mark.parametrize(
    "received, due, notice_due",
    [
        ("2024-09-27", "2024-10-30", "2024-10-12"),  # Friday before National Day; 09-29 and 10-12 make-up days
        ("2025-01-24", "2025-02-27", "2025-02-10"),  # before Spring Festival 2025; 01-26 and 02-08 make-up
        ("2020-01-20", "2020-02-25", "2020-02-06"),  # 2020 Spring Festival extended to 02-02 (COVID-19)
        ("2025-12-19", "2026-01-19", "2025-12-30"),  # over New Year 2026; 2026-01-04 (Sunday) is a make-up day
        ("2024-10-12", "2024-11-08", "2024-10-22"),  # received on a make-up Saturday: not counted itself
        ("2024-10-11", "2024-11-07", "2024-10-21"),  # the make-up Saturday 10-12 is the first working day
        ("2023-12-29", "2024-01-29", "2024-01-10"),  # year boundary: 2024-01-01 off
    ],
)
def test_reply_and_correction_notice_due(received, due, notice_due):
    d = deadlines(received)
    assert d.due_on == D(due)
    assert d.correction_notice_due == D(notice_due)
    assert d.warnings == []


def test_explanation_names_the_holidays_and_make_up_days():
    steps = deadlines("2024-09-27").steps
    assert "2024-09-27 收到申请" in steps[0]
    assert "10-01、10-02、10-03、10-04、10-07" in steps[0] and "09-29、10-12" in steps[0]
    assert "2024-10-30" in steps[0]


def test_correction_restarts_the_clock_from_the_day_it_arrives():
    waiting = deadlines("2024-09-27", (Action.REQUEST_CORRECTION, "2024-10-09", {"days": 10}))
    assert waiting.due_on is None
    assert waiting.correction_due_on == D("2024-10-22")  # 10 working days after 10-09 (10-12 worked)
    done = deadlines("2024-09-27", (Action.REQUEST_CORRECTION, "2024-10-09"), (Action.RECEIVE_CORRECTION, "2024-10-15"))
    assert done.received_on == D("2024-09-27")
    assert done.due_on == D("2024-11-12")
    assert any("2024-10-15 收到补正" in s for s in done.steps)


def test_late_correction_notice_warns():
    d = deadlines("2024-09-27", (Action.REQUEST_CORRECTION, "2024-10-14"))
    assert any("7个工作日" in w for w in d.warnings)


def test_consultation_pause_counts_days_after_start_through_end():
    d = deadlines("2024-09-27", (Action.CONSULT, "2024-10-08"), (Action.CONSULT_END, "2024-10-18"))
    assert d.due_on == D("2024-11-12")  # 9 working days paused (10-12 make-up Saturday included)


def test_open_consultation_is_projected_to_fifteen_working_days():
    d = deadlines("2024-09-27", (Action.CONSULT, "2024-10-08"))
    assert d.due_on == D("2024-11-20")
    assert d.pause_ends_on == D("2024-10-28")


def test_consultation_beyond_fifteen_days_only_pauses_fifteen():
    d = deadlines("2024-09-27", (Action.CONSULT, "2024-10-08"), (Action.CONSULT_END, "2024-11-05"))
    assert d.due_on == D("2024-11-20")
    assert any("15个工作日" in w for w in d.warnings)


def test_fee_wait_pauses_the_clock():
    d = deadlines("2024-09-27", (Action.FEE_NOTICE, "2024-10-09"), (Action.FEE_PAID, "2024-10-10"))
    assert d.due_on == D("2024-10-31")


def test_unpaid_fee_projected_to_payment_deadline():
    d = deadlines("2024-09-27", (Action.FEE_NOTICE, "2024-10-09", {"until": D("2024-10-16")}))
    assert d.pause_ends_on == D("2024-10-16")
    assert d.due_on == D("2024-11-07")  # 6 working days paused: 10-10, 10-11, 10-12 (make-up), 10-14..10-16


def test_extension_adds_working_days_once():
    d = deadlines("2024-09-27", (Action.EXTEND, "2024-10-30", {"days": 20, "approver": "李主任"}))
    assert d.due_on == D("2024-11-27")
    short = deadlines("2024-09-27", (Action.EXTEND, "2024-10-20", {"days": 5, "approver": "李主任"}))
    assert short.due_on == D("2024-11-06")


def test_pause_and_extension_combine():
    d = deadlines(
        "2024-09-27",
        (Action.CONSULT, "2024-10-08"),
        (Action.CONSULT_END, "2024-10-18"),
        (Action.EXTEND, "2024-11-01", {"days": 20, "approver": "李主任"}),
    )
    assert d.due_on == D("2024-12-10")  # 11-12 + 20 working days


def test_year_without_official_notice_is_flagged_not_assumed():
    known = CAL.known_years - {2026}
    cal = WorkCalendar(CAL.holidays, CAL.workdays, known)
    d = deadlines("2025-12-19", cal=cal)
    assert any("2026年" in w and "尚未录入" in w for w in d.warnings)


def test_an_extension_granted_before_a_correction_is_kept_when_the_clock_restarts():
    """Art. 33 allows one extension per application; the convention keeps it when a correction restarts
    the reply period (art. 30): due = 20 working days after the correction + the days granted. Counted by
    hand on the 2024 calendar (no holiday after 10-12)."""
    extend = (Action.EXTEND, "2024-10-08", {"days": 10, "approver": "李主任"})
    assert deadlines("2024-09-27", extend).due_on == D("2024-11-13")  # 10-30 + ten working days
    restarted = deadlines("2024-09-27", extend, (Action.REQUEST_CORRECTION, "2024-10-09"),
                          (Action.RECEIVE_CORRECTION, "2024-10-15"))
    # 10-16 is the 1st working day after the correction, 11-12 the 20th; ten more: 11-13 … 11-26
    assert restarted.due_on == D("2024-11-26")
    assert any("含已批准延长的10个工作日" in s and "2024-11-26" in s for s in restarted.steps)
