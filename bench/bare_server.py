"""The ceiling: a bare aiohttp handler that returns a fixed reply without looking at the request.

Binds with SO_REUSEPORT, so the benchmark can start as many of these as gongkai has worker processes."""

import sys

from aiohttp import web

REPLY = ("<xml><ToUserName><![CDATA[u]]></ToUserName><FromUserName><![CDATA[gh]]></FromUserName>"
         "<CreateTime>0</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[ok]]></Content></xml>")


async def handle(request: web.Request) -> web.Response:
    await request.read()
    return web.Response(text=REPLY, content_type="application/xml")


if __name__ == "__main__":
    app = web.Application()
    app.router.add_post("/wechat", handle)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None, reuse_port=True)
