"""Links to an issued document that only its applicant can open, and only for a while.

A link is /letters/<letter id>.<expiry>.<mac>, where the MAC (HMAC-SHA256 with a key derived from the
deployment's secret) covers the letter, the expiry and the applicant's openid. The openid is not in the
link: whoever opens it is sent through WeChat's web-page authorisation (snsapi_base, silent for the user),
which hands our server the opener's openid; the MAC only verifies with the applicant's own. So a link
that is forwarded, guessed or altered opens nothing, and an expired one says so. After that check the
browser gets a short-lived cookie (bound to the letter, HttpOnly) for downloading the Word file.
"""

import base64
import hashlib
import hmac
from urllib.parse import quote, urlencode

PURPOSE = "letter-link"
DOWNLOAD_SECONDS = 600


class LinkRefused(Exception):
    """The link cannot be opened; `status` is the HTTP status, the message is shown to the opener."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _mac(key: bytes, *parts) -> str:
    digest = hmac.new(key, ".".join(map(str, parts)).encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def make_token(key: bytes, letter_id: int, openid: str, expires: int) -> str:
    return f"{letter_id}.{expires}.{_mac(key, 'open', letter_id, expires, openid)}"


def parse(token: str, now: int) -> tuple[int, int, str]:
    """(letter id, expiry, mac) of a well-formed, unexpired token; LinkRefused otherwise."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit() or len(parts[2]) != 32:
        raise LinkRefused(404, "链接无效，请从公众号消息中重新打开。")
    if int(parts[1]) < now:
        raise LinkRefused(410, "链接已过期。如需再次查看，请联系办理机关。")
    return int(parts[0]), int(parts[1]), parts[2]


def verify(key: bytes, token: str, openid: str, now: int) -> int:
    """The letter id if `openid` is the applicant the link was made for; LinkRefused otherwise."""
    letter_id, expires, mac = parse(token, now)
    if not hmac.compare_digest(mac, _mac(key, "open", letter_id, expires, openid)):
        raise LinkRefused(403, "此文书仅限申请人本人在微信中查看。")
    return letter_id


def download_cookie(key: bytes, letter_id: int, now: int) -> str:
    expires = now + DOWNLOAD_SECONDS
    return f"{letter_id}.{expires}.{_mac(key, 'download', letter_id, expires)}"


def cookie_allows(key: bytes, cookie: str | None, letter_id: int, now: int) -> bool:
    parts = (cookie or "").split(".")
    if len(parts) != 3 or parts[0] != str(letter_id) or not parts[1].isdigit() or int(parts[1]) < now:
        return False
    return hmac.compare_digest(parts[2], _mac(key, "download", letter_id, int(parts[1])))


def authorize_url(oauth_base: str, appid: str, redirect_uri: str, state: str) -> str:
    """WeChat's silent web-page authorisation (snsapi_base), returning to `redirect_uri` with a code."""
    query = urlencode({"appid": appid, "redirect_uri": redirect_uri, "response_type": "code",
                       "scope": "snsapi_base", "state": state}, quote_via=quote)
    return f"{oauth_base.rstrip('/')}/connect/oauth2/authorize?{query}#wechat_redirect"


def state_of(token: str) -> str:
    """The OAuth state for a token: WeChat hands it back, so a code made for another page is refused."""
    return token.rsplit(".", 1)[-1][:16]
