"""One outbox sender in a process of its own, for tests/test_outbox_once.py: `python -m tests.outbox_sender DIR`.

Settings come from the GONGKAI_* environment, as for `gongkai`. When its container and WeChat client
are ready it writes DIR/ready.PID, waits for DIR/go (so that two such processes start sending at the
same moment), then sends until a round finds nothing due.
"""

import asyncio
import os
import sys
from pathlib import Path

from bot.bootstrap import bootstrap
from config.settings import load_settings
from handlers.outbox.send import send_due
from tests.reminder_helpers import client_for


async def main(folder: Path) -> None:
    container = await bootstrap(load_settings())
    try:
        async with client_for(container) as client:
            await client.get_access_token()
            (folder / f"ready.{os.getpid()}").touch()
            while not (folder / "go").exists():
                await asyncio.sleep(0.01)
            while (await send_due(container, client, limit=5)).sent:
                pass
    finally:
        await container.close()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
