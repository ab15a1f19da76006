"""A document as WeChat reads it: the same text as the paper, and the message with its link.

The message goes through the outbox in the issuing transaction (queued if and only if the document is
issued). Its link opens the document for the applicant alone (handlers.letters.links); the link is the
electronic delivery and is recorded as such. Without service.public_url no link can be made: the
message still tells the applicant, and staff deliver the document by the way the applicant chose.
"""

from datetime import datetime

from disclosure.letters import Kind
from handlers.letters import links
from handlers.reminders.template_fields import payload, template_fields
from storage import outbox, schedule_queries
from storage.models import Application
from storage.models_letters import Letter, LetterDelivery


def plain_text(content: dict) -> str:
    """The document as one text: what WeChat shows and what the clerk reads at the terminal."""
    head = [content["agency"], content["title"]] + ([content["serial"]] if content.get("serial") else ["（草稿）"])
    body = [content["addressee"], *("　　" + p for p in content["paragraphs"])]
    tail = [content["signature"], content["date"], *content.get("notes", [])]
    return "\n".join(head + [""] + body + [""] + tail)


def link_for(container, letter_id: int, openid: str) -> tuple[str, int] | None:
    """(url, expiry as a Unix time) of a link to the letter for `openid`, or None without a public address."""
    base = container.settings.get("service", "public_url")
    if not base:
        return None
    expires = int(container.now().timestamp()) + 3600 * container.settings.get("letters", "link_hours")
    token = links.make_token(container.cipher.derive(links.PURPOSE), letter_id, openid, expires)
    return f"{base.rstrip('/')}/letters/{token}", expires


async def wechat(container, uow, app: Application, letter: Letter) -> bool:
    """Queue the applicant's message about an issued letter; True if the applicant follows on WeChat."""
    with uow.session.no_autoflush:  # the letter's own changes reach the database at commit
        openid = await schedule_queries.applicant_openid(uow.session, app.applicant_id)
    if not openid:
        return False
    made = link_for(container, letter.id, openid)
    fields = template_fields(app.number, f"{Kind(letter.kind).title}已出具", letter.letter_date,
                             "点击查看文书全文" if made else "文书将按您选择的方式送达")
    body = payload("notice", fields) | ({"url": made[0]} if made else {})
    with uow.session.no_autoflush:
        await outbox.enqueue(uow.session, "letter", f"letter:{letter.id}:{openid}", openid, body, container.now(),
                             app.agency_id)
    if made:
        until = datetime.fromtimestamp(made[1], tz=container.now().tzinfo)
        uow.session.add(LetterDelivery(letter_id=letter.id, way="online", delivered_on=container.today(),
                                       actor="system", detail={"via": "微信公众号消息", "link_until": until.isoformat(timespec="minutes")}))
    return True
