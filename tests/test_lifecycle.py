"""Which actions the statute allows when, and the reasons given for refusals."""

from datetime import date

import pytest

from config.calendar_data import load_calendar
from disclosure.events import Action, Event
from disclosure.lifecycle import IllegalTransition, check, offered, replay
from disclosure.states import State

CAL = load_calendar()
TODAY = date(2026, 11, 28)
D = date.fromisoformat


def history(*steps):
    events = [Event(Action.REGISTER, D("2024-09-27"))]
    return events + [Event(a, D(on), data[0] if data else {}) for a, on, *data in steps]


def refused(events, action, on, data=None) -> str:
    with pytest.raises(IllegalTransition) as err:
        check(events, Event(action, D(on), data or {}), CAL, TODAY)
    return str(err.value)


def test_full_path_reaches_closed_with_outcome():
    events = history(
        (Action.REQUEST_CORRECTION, "2024-10-08"), (Action.RECEIVE_CORRECTION, "2024-10-10"),
        (Action.CONSULT, "2024-10-11"), (Action.CONSULT_END, "2024-10-15"),
        (Action.FEE_NOTICE, "2024-10-16"), (Action.FEE_PAID, "2024-10-17"),
        (Action.EXTEND, "2024-10-18", {"days": 20, "approver": "李主任"}),
        (Action.CLOSE, "2024-11-01", {"outcome": "partially_granted"}),
    )
    for i in range(1, len(events)):
        check(events[:i], events[i], CAL, TODAY)
    status = replay(events, CAL)
    assert status.state is State.CLOSED and status.outcome.value == "partially_granted"
    assert status.closed_on == D("2024-11-01")


def test_second_extension_refused():
    events = history((Action.EXTEND, "2024-10-20", {"days": 10, "approver": "李主任"}))
    assert "只能延长一次" in refused(events, Action.EXTEND, "2024-10-21", {"days": 5, "approver": "李主任"})


def test_extension_after_due_date_refused_and_on_due_date_allowed():
    events = history()
    assert "届满" in refused(events, Action.EXTEND, "2024-10-31", {"days": 20, "approver": "李主任"})
    assert check(events, Event(Action.EXTEND, D("2024-10-30"), {"days": 20, "approver": "李"}), CAL, TODAY) == []


def test_extension_needs_approver_and_at_most_twenty_days():
    assert "批准人" in refused(history(), Action.EXTEND, "2024-10-08", {"days": 20})
    assert "1至20" in refused(history(), Action.EXTEND, "2024-10-08", {"days": 21, "approver": "李"})


def test_closing_twice_refused():
    events = history((Action.CLOSE, "2024-10-10", {"outcome": "granted"}))
    assert "已于2024-10-10办结" in refused(events, Action.CLOSE, "2024-10-11", {"outcome": "granted"})
    assert "办结" in refused(events, Action.WITHDRAW, "2024-10-11")


def test_withdrawn_application_takes_no_more_actions():
    events = history((Action.WITHDRAW, "2024-10-10"))
    assert "撤回" in refused(events, Action.CONSULT, "2024-10-11")
    assert replay(events, CAL).outcome.value == "other_other"


def test_correction_once_and_only_from_processing():
    events = history((Action.REQUEST_CORRECTION, "2024-10-08"))
    assert "待补正" in refused(events, Action.REQUEST_CORRECTION, "2024-10-09")
    events += [Event(Action.RECEIVE_CORRECTION, D("2024-10-10"))]
    assert "一次性" in refused(events, Action.REQUEST_CORRECTION, "2024-10-11")
    assert "不能收到补正" in refused(history(), Action.RECEIVE_CORRECTION, "2024-10-09")


def test_late_correction_request_is_allowed_with_a_warning():
    warnings = check(history(), Event(Action.REQUEST_CORRECTION, D("2024-10-14")), CAL, TODAY)
    assert any("2024-10-12" in w for w in warnings)


def test_pauses_must_be_open_to_end():
    assert "不能征求意见结束" in refused(history(), Action.CONSULT_END, "2024-10-09")
    assert "不能已缴费" in refused(history(), Action.FEE_PAID, "2024-10-09")
    fee = history((Action.FEE_NOTICE, "2024-10-08"), (Action.FEE_PAID, "2024-10-09"))
    assert "收费通知" in refused(fee, Action.FEE_NOTICE, "2024-10-10")


def test_outcomes_that_need_a_prior_step():
    assert "补正" in refused(history(), Action.CLOSE, "2024-10-09", {"outcome": "other_no_correction"})
    assert "收费" in refused(history(), Action.CLOSE, "2024-10-09", {"outcome": "other_unpaid_fee"})
    waiting = history((Action.REQUEST_CORRECTION, "2024-10-08"))
    assert check(waiting, Event(Action.CLOSE, D("2024-11-20"), {"outcome": "other_no_correction"}), CAL, TODAY) == []


def test_dates_must_follow_history_and_not_be_in_the_future():
    events = history((Action.CONSULT, "2024-10-10"))
    assert "早于上一环节" in refused(events, Action.CONSULT_END, "2024-10-09")
    assert "晚于今天" in refused(history(), Action.CONSULT, "2026-11-29")


def test_late_reply_warns():
    warnings = check(history(), Event(Action.CLOSE, D("2024-11-05"), {"outcome": "granted"}), CAL, TODAY)
    assert any("已逾期" in w for w in warnings)


def test_an_application_extended_before_a_correction_cannot_be_extended_again():
    events = history((Action.EXTEND, "2024-10-08", {"days": 10, "approver": "李主任"}),
                     (Action.REQUEST_CORRECTION, "2024-10-09"), (Action.RECEIVE_CORRECTION, "2024-10-15"))
    assert replay(events, CAL).deadlines.due_on == D("2024-11-26")
    assert "只能延长一次" in refused(events, Action.EXTEND, "2024-11-01", {"days": 5, "approver": "李主任"})


def test_awaiting_correction_allows_only_the_lapsed_correction_reply():
    waiting = history((Action.REQUEST_CORRECTION, "2024-10-08", {"days": 5}))
    assert "只能以" in refused(waiting, Action.CLOSE, "2024-10-30", {"outcome": "granted"})
    assert "届满后" in refused(waiting, Action.CLOSE, "2024-10-14", {"outcome": "other_no_correction"})  # 10-12 a 调休 workday
    assert check(waiting, Event(Action.CLOSE, D("2024-10-15"), {"outcome": "other_no_correction"}), CAL, TODAY) == []
    received = waiting + [Event(Action.RECEIVE_CORRECTION, D("2024-10-10"))]
    assert "不在“待补正”" in refused(received, Action.CLOSE, "2024-10-30", {"outcome": "other_no_correction"})
    assert check(received, Event(Action.CLOSE, D("2024-10-30"), {"outcome": "unavailable_unclear"}), CAL, TODAY) == []


def test_offered_follows_the_state():
    assert offered(history(), CAL, TODAY) == [Action.REQUEST_CORRECTION, Action.CONSULT, Action.FEE_NOTICE,
                                              Action.FEE_WAIVE, Action.CLOSE, Action.WITHDRAW]  # 2024's due date has passed: no extension
    recent = [Event(Action.REGISTER, TODAY)]
    assert Action.EXTEND in offered(recent, CAL, TODAY)
    waiting = recent + [Event(Action.REQUEST_CORRECTION, TODAY)]
    assert offered(waiting, CAL, TODAY) == [Action.RECEIVE_CORRECTION, Action.WITHDRAW]  # period still running
    closed = history((Action.CLOSE, "2024-10-10", {"outcome": "granted"}))
    assert offered(closed, CAL, TODAY) == []


def test_void_strikes_an_entry_and_the_deadline_follows():
    events = history((Action.CONSULT, "2024-10-08"), (Action.CONSULT_END, "2024-10-15"))
    before = replay(events, CAL).deadlines.due_on
    void = Event(Action.VOID, TODAY, {"voids": 3, "reason": "征求意见结束日期登记错误"})
    assert check(events, void, CAL, TODAY) == []
    after = replay(events + [void], CAL)
    assert after.state is State.CONSULTING and after.deadlines.due_on != before
    assert "已经撤销" in refused(events + [void], Action.VOID, "2026-11-28", {"voids": 3, "reason": "x"})
    assert "起点" in refused(events, Action.VOID, "2026-11-28", {"voids": 1, "reason": "x"})
    assert "理由" in refused(events, Action.VOID, "2026-11-28", {"voids": 3})
    assert "没有第9项" in refused(events, Action.VOID, "2026-11-28", {"voids": 9, "reason": "x"})


def test_void_refused_when_a_later_entry_rests_on_it():
    events = history((Action.REQUEST_CORRECTION, "2024-10-08"), (Action.RECEIVE_CORRECTION, "2024-10-10"))
    message = refused(events, Action.VOID, "2026-11-28", {"voids": 2, "reason": "误点"})
    assert "收到补正" in message and "请先撤销该项" in message
    first = Event(Action.VOID, TODAY, {"voids": 3, "reason": "误点"})
    assert check(events, first, CAL, TODAY) == []
    assert check(events + [first], Event(Action.VOID, TODAY, {"voids": 2, "reason": "误点"}), CAL, TODAY) == []
    closed = history((Action.CLOSE, "2024-10-10", {"outcome": "granted"}))
    reopened = closed + [Event(Action.VOID, TODAY, {"voids": 2, "reason": "办结登记错了件"})]
    assert replay(reopened, CAL).state is State.PROCESSING
