"""`gongkai chat`: talk to the account from a terminal through real signed WeChat requests."""

import asyncio
import socket
import sys

import aiohttp
from aiohttp import web

from bot.app import create_app
from bot.bootstrap import bootstrap
from bot.wechat_sim import WeChatSigner, event_xml, text_xml

HELP = "输入消息后回车发送。/关注 模拟关注，/菜单 KEY 模拟点击菜单，/退出 结束。"


def register(sub) -> None:
    p = sub.add_parser("chat", help="在终端里模拟公众号对话")
    p.add_argument("--url", help="运行中服务的 /wechat 地址；不填则在本进程内启动服务")
    p.add_argument("--openid", default="o_terminal_user", help="模拟的用户 openid")
    p.add_argument("--mode", choices=["plain", "safe", "compat"], default="plain")
    p.set_defaults(run=_chat)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _xml(line: str, openid: str) -> str:
    if line in ("/关注", "/subscribe"):
        return event_xml(openid, "subscribe")
    if line.startswith(("/菜单", "/click")):
        return event_xml(openid, "CLICK", line.split(maxsplit=1)[1] if " " in line else "")
    return text_xml(openid, line)


async def _converse(url: str, signer: WeChatSigner, openid: str, lines) -> None:
    async with aiohttp.ClientSession() as session:
        async for line in lines:
            if line in ("/退出", "/quit", "/exit"):
                return
            query, body = signer.request(_xml(line, openid))
            async with session.post(url, params=query, data=body) as resp:
                raw = await resp.text()
                text = signer.open_reply(raw) if resp.status == 200 else f"（HTTP {resp.status}）{raw}"
            print("（服务器已收到，稍后以客服消息答复）" if text == "success" else text, flush=True)


async def _stdin_lines():
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return
        if line.strip():
            yield line.strip()


async def _chat(args, settings) -> int:
    wechat = settings.raw["wechat"]
    mode_ok = args.mode == "plain" or wechat["aes_key"]
    if not mode_ok:
        print("错误：加密模式需要设置 GONGKAI_WECHAT_AES_KEY 和 GONGKAI_WECHAT_APPID。", file=sys.stderr)
        return 2
    signer = WeChatSigner(wechat["token"], wechat["appid"], wechat["aes_key"], args.mode)
    runner = container = None
    url = args.url
    if not url:
        container = await bootstrap(settings)
        runner = web.AppRunner(create_app(container), access_log=None)
        await runner.setup()
        port = _free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        url = f"http://127.0.0.1:{port}/wechat"
    print(f"已连接 {url}。{HELP}", flush=True)
    try:
        await _converse(url, signer, args.openid, _stdin_lines())
    finally:
        if runner:
            await runner.cleanup()
            await container.close()
    return 0
