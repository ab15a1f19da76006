"""Use cases for agencies: a city platform hosts many departments in one deployment."""

import re

from disclosure.lifecycle import IllegalTransition
from disclosure.text import NAME_MAX, clean_line


def _view(agency) -> dict:
    return {"code": agency.code, "name": agency.name}


async def add_agency(container, code: str, name: str) -> dict:
    code, name = code.strip(), clean_line(name, "机关名称", NAME_MAX)
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{1,31}", code):
        raise IllegalTransition("机关代码应为2至32位小写字母、数字、-或_，例如 mdj-jtj。")
    async with container.uow() as uow:
        if await uow.agencies.find(code):
            raise IllegalTransition(f"机关代码“{code}”已存在。")
        agency = await uow.agencies.add(code, name)
        await uow.commit()
        return _view(agency)


async def list_agencies(container) -> list[dict]:
    async with container.uow() as uow:
        return [_view(a) for a in await uow.agencies.all()]
