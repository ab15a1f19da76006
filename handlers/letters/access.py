"""Opening an issued document from its WeChat link: only the applicant it was made for, only while the
link lasts (handlers.letters.links explains the token); a fresh link for the applicant on request."""

from handlers.letters import links, notify
from handlers.letters.views import letter_view
from storage.errors import NotFound
from storage.models import Applicant

NOT_YOURS = "此文书仅限申请人本人在微信中查看。"


def _now(container) -> int:
    return int(container.now().timestamp())


async def open_letter(container, token: str, openid: str) -> dict:
    """The document behind `token` if `openid` (from WeChat's authorisation) is its applicant's."""
    key = container.cipher.derive(links.PURPOSE)
    letter_id = links.verify(key, token, openid, _now(container))
    async with container.uow() as uow:
        try:
            letter = await uow.letters.by_id(letter_id)
        except NotFound:
            raise links.LinkRefused(404, "文书不存在。") from None
        app = await uow.applications.by_id(letter.application_id)
        applicant = await uow.session.get(Applicant, app.applicant_id)
        if letter.issued_at is None or applicant is None or applicant.openid != openid:
            raise links.LinkRefused(403, NOT_YOURS)
        letters = await uow.letters.for_application(app.id)
        newer = next((x.serial for x in letters if x.supersedes_id == letter.id and x.issued_at), None)
        return {**letter_view(letter, letters), "content": letter.content, "superseded_by": newer,
                "cookie": links.download_cookie(key, letter.id, _now(container))}


async def download(container, token: str, cookie: str | None) -> tuple[str, bytes]:
    """(file name, DOCX) for a browser that opened the document moments ago."""
    key = container.cipher.derive(links.PURPOSE)
    letter_id, _, _ = links.parse(token, _now(container))
    if not links.cookie_allows(key, cookie, letter_id, _now(container)):
        raise links.LinkRefused(403, "请先在微信中打开文书链接，再下载。")
    async with container.uow() as uow:
        letter = await uow.letters.by_id(letter_id)
        content, issued_at = letter.content, letter.issued_at
    from handlers.letters.render_docx import render_docx  # python-docx only when a document is asked for

    return f"{content['serial']}.docx", render_docx(content, issued_at)


async def fresh_link(container, openid: str, number: str, serial: str, agency_code: str | None = None) -> str | None:
    """A new link to one of the follower's own issued documents (for the chat), or None if not theirs."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        try:
            app = await uow.applications.get(number, agency.id)
        except NotFound:
            return None
        applicant = await uow.session.get(Applicant, app.applicant_id)
        letter = next((x for x in await uow.letters.for_application(app.id) if x.serial == serial and x.issued_at), None)
        if letter is None or applicant is None or applicant.openid != openid:
            return None
        letter_id = letter.id
    made = notify.link_for(container, letter_id, openid)
    return made[0] if made else None
