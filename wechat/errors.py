"""What can go wrong when calling WeChat, typed so callers can tell retry-later from give-up."""


class WeChatError(Exception):
    """Any failure talking to WeChat."""


class WeChatAPIError(WeChatError):
    """WeChat answered with a non-zero errcode (e.g. 43004: the user has not followed the account)."""

    def __init__(self, errcode: int, errmsg: str, path: str):
        super().__init__(f"微信接口 {path} 返回错误 {errcode}：{errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg
        self.path = path


class WeChatUnavailableError(WeChatError):
    """WeChat stayed unreachable, answered HTTP 5xx or 系统繁忙 through every retry."""


class MediaTooLarge(WeChatError):
    """A media file is larger than we keep; it was not read to the end."""

    def __init__(self, max_bytes: int):
        super().__init__(f"文件超过{max_bytes // 1024} KB")
        self.max_bytes = max_bytes
