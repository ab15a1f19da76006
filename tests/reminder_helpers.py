"""Shared set-up for the reminder tests: a container wired to the fake WeChat API, staff, applications."""

from contextlib import asynccontextmanager
from datetime import date

from bot.bootstrap import bootstrap
from config.settings import load_settings
from disclosure.categories import ApplicantCategory, Channel
from handlers.applications import service as applications
from storage.models import Staff
from wechat.api import RetryPolicy
from wechat.setup import wechat_client

FAST = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02)
TEMPLATE = "/cgi-bin/message/template/send"
TEMPLATES = {"reminder": "TPL-REMINDER", "notice": "TPL-NOTICE", "digest": "TPL-DIGEST"}
CONFIG = """
[templates]
reminder = "TPL-REMINDER"
notice = "TPL-NOTICE"
digest = "TPL-DIGEST"

[reminders]
send_interval_seconds = 1
"""


def wired_env(settings_env: dict, tmp_path, fake) -> dict:
    path = tmp_path / "gongkai.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return {**settings_env, "GONGKAI_CONFIG": str(path), "GONGKAI_WECHAT_APPID": fake.app_id,
            "GONGKAI_WECHAT_SECRET": fake.app_secret, "GONGKAI_WECHAT_API_BASE": fake.base_url}


@asynccontextmanager
async def wired_container(env: dict, clock):
    container = await bootstrap(load_settings(env))
    container.now = clock
    try:
        yield container
    finally:
        await container.close()


def client_for(container):
    return wechat_client(container, retry=FAST)


async def add_staff(container, name: str, openid: str | None) -> int:
    async with container.uow() as uow:
        agency = await uow.agencies.get(container.default_agency)
        staff = Staff(agency_id=agency.id, name=name, openid=openid)
        uow.session.add(staff)
        await uow.session.flush()
        staff_id = staff.id
        await uow.commit()
    return staff_id


async def assign(container, number: str, staff_id: int) -> None:
    async with container.uow() as uow:
        app = await uow.applications.get(number)
        app.assigned_staff_id = staff_id
        await uow.commit()


async def register(container, received: str, openid: str | None = None, name: str = "张三") -> str:
    reg = applications.Registration(channel=Channel.WECHAT if openid else Channel.IN_PERSON,
                                    received_on=date.fromisoformat(received),
                                    category=ApplicantCategory.NATURAL_PERSON, name=name,
                                    request_text="2023年道路养护经费使用情况", openid=openid)
    return (await applications.register(container, reg))["number"]


def sent_to(fake) -> list[tuple[str, str, str, str]]:
    """(template id, recipient, number field, subject field) of each template message received."""
    return [(c["template_id"], c["touser"], c["data"]["character_string1"]["value"], c["data"]["thing2"]["value"])
            for c in fake.calls(TEMPLATE)]
