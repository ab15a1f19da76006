"""Run the real `gongkai` command in a subprocess against a temporary embedded database."""

import json
import os
import subprocess
import sys


class Gongkai:
    def __init__(self, tmp_path, database_url: str | None = None, extra_env: dict | None = None):
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
        self.env["GONGKAI_DATA_DIR"] = str(tmp_path / "data")
        if database_url:
            self.env["GONGKAI_DATABASE_URL"] = database_url
            self.env["GONGKAI_SECRET_KEY"] = "k3eI8yH7r0wXbq1pZ2c9vQx0mYt6uVnLsJdKfGhAaBc="
        self.env.update(extra_env or {})
        self.cwd = tmp_path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([sys.executable, "-m", "bot.cli", *args], env=self.env, cwd=self.cwd,
                              capture_output=True, text=True, timeout=60)
        if check and proc.returncode != 0:
            raise AssertionError(f"gongkai {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
        return proc

    def json(self, *args: str):
        return json.loads(self.run(*args, "--format", "json").stdout)
