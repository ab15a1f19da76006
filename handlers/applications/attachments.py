"""Files applicants send by WeChat with an application or a correction (an ID copy, a page to correct).

Fetched from WeChat's temporary media before anything is written (no network inside a transaction),
checked by their first bytes (the name and type WeChat gives are the sender's to choose), limited in
size and number, encrypted like the rest of the applicant's personal data, and kept in the database
(storage.models.Attachment says why). Until the application exists they belong to the sender's open
form; confirming it attaches them, cancelling or its expiry drops them.
"""

import hashlib

from sqlalchemy import delete, func, select, update

from storage.errors import NotFound
from storage.models import Attachment
from wechat.api import MediaTooLarge, WeChatError
from wechat.setup import wechat_client

APPLICATION, CORRECTION = "application", "correction"
# Formats a phone sends or a scan comes in; their signatures are fixed (ISO/IEC 10918, RFC 2083, GIF89a,
# WebP's RIFF header, ISO 32000), so a table of them is all the checking needs.
SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"GIF87a", "image/gif"),
              (b"GIF89a", "image/gif"), (b"%PDF-", "application/pdf"))
LABELS = {"image/jpeg": "JPEG图片", "image/png": "PNG图片", "image/gif": "GIF图片", "image/webp": "WebP图片",
          "application/pdf": "PDF文件"}


class Refused(ValueError):
    """The file is not kept; the message tells the sender why, in Chinese."""


def sniff(data: bytes) -> str | None:
    """The content type by the file's own first bytes, or None for a format we do not keep."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for magic, kind in SIGNATURES if data.startswith(magic)), None)


def _limits(container) -> tuple[int, int]:
    return container.settings.get("attachments", "max_bytes"), container.settings.get("attachments", "max_count")


async def fetch(container, media_id: str) -> tuple[bytes, str]:
    """The file behind a message's MediaId, checked; Refused with the reason to tell the sender."""
    max_bytes, _ = _limits(container)
    try:
        async with wechat_client(container) as client:
            data, _ = await client.download_media(media_id, max_bytes)
    except MediaTooLarge:
        raise Refused(f"文件太大（超过{max_bytes // 1024 // 1024 or 1} MB），未保存。请压缩或分页拍照后再发送。") from None
    except WeChatError:
        raise Refused("暂时无法从微信取回这个文件，请稍后重新发送。") from None
    kind = sniff(data)
    if kind is None:
        raise Refused("只能接收JPEG、PNG、GIF、WebP图片或PDF文件，这个文件未保存。")
    return data, kind


async def pending_count(container, agency_id: int, openid: str) -> int:
    async with container.uow() as uow:
        return await uow.session.scalar(select(func.count()).select_from(Attachment).where(*_pending(agency_id, openid)))


async def keep_pending(container, agency_id: int, openid: str, purpose: str, data: bytes, kind: str) -> int:
    """Keep a fetched file for the sender's open form; the number now kept, Refused past the limit."""
    _, max_count = _limits(container)
    async with container.uow() as uow:
        held = await uow.session.scalar(select(func.count()).select_from(Attachment).where(*_pending(agency_id, openid)))
        if held >= max_count:
            raise Refused(f"每次最多附{max_count}份文件，这一份未保存。")
        uow.session.add(Attachment(
            agency_id=agency_id, openid=openid, purpose=purpose, content_type=kind, size=len(data),
            sha256=hashlib.sha256(data).hexdigest(), data_enc=container.cipher.encrypt_bytes(data),
            received_at=container.now()))
        await uow.commit()
    return held + 1


def _pending(agency_id: int, openid: str):
    return (Attachment.agency_id == agency_id, Attachment.openid == openid, Attachment.application_id.is_(None))


async def attach_pending(uow, agency_id: int, openid: str, application_id: int) -> int:
    """In the caller's transaction: the sender's pending files now belong to the application."""
    result = await uow.session.execute(update(Attachment).where(*_pending(agency_id, openid))
                                       .values(application_id=application_id, openid=None))
    return result.rowcount


async def drop_pending(container, agency_id: int, openid: str) -> None:
    async with container.uow() as uow:
        await uow.session.execute(delete(Attachment).where(*_pending(agency_id, openid)))
        await uow.commit()


async def listing(uow, application_id: int) -> list[dict]:
    """What staff see of an application's files: no content, which `content` gives one at a time."""
    rows = await uow.session.execute(
        select(Attachment.id, Attachment.purpose, Attachment.content_type, Attachment.size, Attachment.received_at)
        .where(Attachment.application_id == application_id).order_by(Attachment.id))
    return [{"id": r.id, "purpose": r.purpose, "content_type": r.content_type, "size": r.size,
             "label": ("补正材料" if r.purpose == CORRECTION else "申请材料") + "，" + LABELS.get(r.content_type, "文件"),
             "size_label": f"{max(1, round(r.size / 1024))} KB", "received_at": r.received_at.isoformat(timespec="minutes")}
            for r in rows]


async def content(container, number: str, attachment_id: int, agency_code: str | None = None) -> tuple[bytes, str]:
    """One file of an application, decrypted, and its content type (for the console to serve)."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        app = await uow.applications.get(number, agency.id)
        row = await uow.session.scalar(select(Attachment).where(
            Attachment.id == attachment_id, Attachment.application_id == app.id))
        if row is None:
            raise NotFound(f"申请{number}没有编号为{attachment_id}的附件。")
        return container.cipher.decrypt_bytes(row.data_enc), row.content_type
