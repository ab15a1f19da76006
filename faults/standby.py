"""`gongkai serve ARGS…`, started ahead of need: it imports everything and loads jieba's dictionary, creates the
file WARM, then waits for a line on stdin before it starts (bootstrap, guide index, port, scheduler) exactly
as `gongkai serve`.

    python faults/standby.py WARM --port 8080

The fault scripts start one before each kill, so that the replacement of a killed service serves within a
second or two even on a busy machine, as a service restarted by its process manager on its own server
does, and WeChat's retries 5 and 10 s later can reach it.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bot.cli  # noqa: E402
from handlers.guide import GuideIndex, load_guide  # noqa: E402

GuideIndex(load_guide())  # loads the tokenizer's dictionary, shared by the process's indexes
Path(sys.argv[1]).touch()
sys.stdin.readline()
sys.exit(bot.cli.main(["serve", *sys.argv[2:]]))
