"""Application use cases on a real database (SQLite and PostgreSQL): register, act, audit, conflicts."""

import asyncio
from datetime import date

import pytest

from disclosure.categories import ApplicantCategory, Channel
from disclosure.events import Action
from disclosure.identity import InvalidIdentity
from disclosure.lifecycle import IllegalTransition
from handlers.admin.agencies import add_agency
from handlers.applications import service as svc
from storage.errors import Conflict, NotFound
from storage.models import Applicant

D = date.fromisoformat


def reg(received="2024-09-27", **kw) -> svc.Registration:
    base = dict(channel=Channel.POST, received_on=D(received), category=ApplicantCategory.NATURAL_PERSON,
                name="张三", request_text="2024年城市公交线路调整的批复文件", id_number="11010519491231002X",
                phone="13800138000")
    return svc.Registration(**(base | kw))


async def test_register_shows_dates_and_encrypts_personal_data(container):
    view = await svc.register(container, reg())
    assert view["received_on"] == "2024-09-27" and view["due_on"] == "2024-10-30"
    assert view["correction_notice_due"] == "2024-10-12" and view["state"] == "processing"
    async with container.uow() as uow:
        row = (await uow.session.execute(Applicant.__table__.select())).one()
    assert "11010519491231002X" not in str(row) and "13800138000" not in str(row)
    shown = await svc.show(container, view["number"], with_applicant=True)
    assert shown["applicant"]["id_number"] == "110***********002X"


async def test_numbers_are_unique_and_sequential_per_year(container):
    numbers = [(await svc.register(container, reg()))["number"] for _ in range(3)]
    assert len(set(numbers)) == 3 and all(n.startswith("24") for n in numbers)
    assert (await svc.register(container, reg("2025-01-06")))["number"].startswith("25")


async def test_every_action_is_audited_with_dates_and_actor(container):
    number = (await svc.register(container, reg()))["number"]
    await svc.perform(container, number, Action.CONSULT, D("2024-10-08"), {"party": "某公司"}, actor="王五")
    await svc.perform(container, number, Action.CONSULT_END, D("2024-10-18"), actor="王五")
    view = await svc.perform(container, number, Action.EXTEND, D("2024-11-01"), {"days": 20, "approver": "李主任"})
    assert view["due_on"] == "2024-12-10"
    view = await svc.perform(container, number, Action.CLOSE, D("2024-12-01"), {"outcome": "partially_granted"})
    assert [e["action"] for e in view["events"]] == ["register", "consult", "consult-end", "extend", "close"]
    assert view["events"][1]["actor"] == "王五" and view["events"][1]["data"] == {"party": "某公司"}
    assert view["state"] == "closed" and view["outcome"] == "partially_granted" and view["closed_on"] == "2024-12-01"
    steps = await svc.explain(container, number)
    assert any("2024-12-10" in s for s in steps)


async def test_illegal_transition_leaves_nothing_written(container):
    number = (await svc.register(container, reg()))["number"]
    await svc.perform(container, number, Action.CLOSE, D("2024-10-10"), {"outcome": "granted"})
    with pytest.raises(IllegalTransition, match="已于2024-10-10办结"):
        await svc.perform(container, number, Action.CLOSE, D("2024-10-11"), {"outcome": "granted"})
    assert len((await svc.show(container, number))["events"]) == 2


async def test_agencies_are_separate(container):
    await add_agency(container, "mdj-gaj", "牡丹江市公安局")
    number = (await svc.register(container, reg(), agency_code="mdj-gaj"))["number"]
    with pytest.raises(NotFound):
        await svc.show(container, number)  # not in the default agency
    assert (await svc.show(container, number, agency_code="mdj-gaj"))["agency"] == "mdj-gaj"
    assert [v["number"] for v in await svc.list_applications(container, "mdj-gaj")] == [number]


async def test_list_filters_by_state_and_due_date(container):
    a = (await svc.register(container, reg("2024-09-27")))["number"]
    b = (await svc.register(container, reg("2024-11-01")))["number"]
    await svc.perform(container, b, Action.CONSULT, D("2024-11-04"))
    assert [v["number"] for v in await svc.list_applications(container, due_before=D("2024-11-01"))] == [a]
    assert [v["number"] for v in await svc.list_applications(container, states=["consulting"])] == [b]


async def test_concurrent_updates_one_wins_other_gets_conflict(container):
    number = (await svc.register(container, reg()))["number"]
    async with container.uow() as first, container.uow() as second:
        app1 = await first.applications.get(number)
        app2 = await second.applications.get(number)
        app1.state, app2.state = "consulting", "awaiting_fee"
        await first.commit()
        with pytest.raises(Conflict, match="其他人"):
            await second.commit()
    assert (await svc.show(container, number))["state"] == "consulting"


async def test_two_staff_closing_at_once_record_one_close(container):
    number = (await svc.register(container, reg()))["number"]

    async def close(outcome):
        try:
            return await svc.perform(container, number, Action.CLOSE, D("2024-10-10"), {"outcome": outcome})
        except (Conflict, IllegalTransition) as err:
            return err

    results = await asyncio.gather(close("granted"), close("unavailable_not_held"))
    assert sum(isinstance(r, dict) for r in results) == 1
    view = await svc.show(container, number)
    assert [e["action"] for e in view["events"]].count("close") == 1


async def test_registration_validates_personal_data(container):
    with pytest.raises(InvalidIdentity, match="校验位"):
        await svc.register(container, reg(id_number="110105194912310021"))
    with pytest.raises(IllegalTransition, match="晚于今天"):
        await svc.register(container, reg("2026-11-29"))
