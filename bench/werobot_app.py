"""WeRoBot, the established Python framework, answering a fixed text; served by gunicorn (bench only)."""

import os

import werobot

robot = werobot.WeRoBot(token=os.environ.get("BENCH_TOKEN", "bench-token"), enable_session=False)


@robot.text
def answer(message):
    return "您好，这里是政府信息公开服务。"


app = robot.wsgi
