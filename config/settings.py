"""Settings: packaged defaults, then the file named in GONGKAI_CONFIG, then GONGKAI_* variables."""

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULTS = Path(__file__).with_name("default.toml")

# Environment variable -> (section, key); the documented overrides.
ENV_KEYS = {
    "GONGKAI_DATABASE_URL": ("database", "url"),
    "GONGKAI_DATA_DIR": ("service", "data_dir"),
    "GONGKAI_WECHAT_TOKEN": ("wechat", "token"),
    "GONGKAI_WECHAT_APPID": ("wechat", "appid"),
    "GONGKAI_WECHAT_SECRET": ("wechat", "secret"),
    "GONGKAI_WECHAT_AES_KEY": ("wechat", "aes_key"),
    "GONGKAI_WECHAT_API_BASE": ("wechat", "api_base"),
    "GONGKAI_SECRET_KEY": ("security", "secret_key"),
    "GONGKAI_REDIS_URL": ("reminders", "redis_url"),
    "GONGKAI_WORKERS": ("service", "workers"),
    "GONGKAI_PUBLIC_URL": ("service", "public_url"),
}


class ConfigError(Exception):
    """A wrong or missing setting; the message is one line naming it."""


@dataclass(frozen=True)
class Settings:
    raw: dict

    def get(self, section: str, key: str):
        return self.raw[section][key]

    @property
    def data_dir(self) -> Path:
        return Path(self.raw["service"]["data_dir"]).expanduser()

    @property
    def embedded(self) -> bool:
        """No database named: the embedded SQLite default, which sets itself up."""
        return not self.raw["database"]["url"]

    @property
    def database_url(self) -> str:
        return self.raw["database"]["url"] or f"sqlite+aiosqlite:///{self.data_dir / 'gongkai.db'}"


def _merge(base: dict, extra: dict, where: str) -> None:
    for key, value in extra.items():
        if key not in base:
            raise ConfigError(f"配置错误：{where} 中有未知的设置项“{key}”。")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"配置错误：{where} 中的“{key}”应为一个表（[{key}]）。")
            _merge(base[key], value, f"{where} [{key}]")
        else:
            base[key] = value


def _read_toml(path: Path, what: str) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"配置错误：{what} 指向的文件 {path} 不存在。") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"配置错误：{path} 不是有效的 TOML：{exc}") from None


def _at_least(value, least, kind=int) -> bool:
    """A number (TOML true/false are not) of `kind`, not below `least`."""
    return isinstance(value, kind) and not isinstance(value, bool) and value >= least


def load_settings(env: dict | None = None) -> Settings:
    env = os.environ if env is None else env
    raw = _read_toml(DEFAULTS, "默认配置")
    if env.get("GONGKAI_CONFIG"):
        _merge(raw, _read_toml(Path(env["GONGKAI_CONFIG"]), "GONGKAI_CONFIG"), env["GONGKAI_CONFIG"])
    for name, (section, key) in ENV_KEYS.items():
        if env.get(name) is not None:
            raw[section][key] = env[name]
    _validate(raw)
    return Settings(raw)


def _validate(raw: dict) -> None:
    url = raw["database"]["url"]
    if url and not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://", "postgresql://", "postgres://")):
        raise ConfigError("配置错误：GONGKAI_DATABASE_URL 应以 sqlite+aiosqlite:// 或 postgresql+asyncpg:// 开头。")
    aes = raw["wechat"]["aes_key"]
    if aes and len(aes) != 43:
        raise ConfigError("配置错误：GONGKAI_WECHAT_AES_KEY 应为43个字符（公众号后台的 EncodingAESKey）。")
    if not raw["wechat"]["token"]:
        raise ConfigError("配置错误：GONGKAI_WECHAT_TOKEN 不能为空（公众号后台服务器配置中的 Token）。")
    if not str(raw["wechat"]["api_base"]).startswith(("http://", "https://")):
        raise ConfigError("配置错误：GONGKAI_WECHAT_API_BASE 应为 http:// 或 https:// 开头的地址。")
    port = raw["service"]["port"]
    if not isinstance(port, int) or not 0 < port < 65536:
        raise ConfigError("配置错误：service.port 应为1至65535之间的整数。")
    workers = raw["service"]["workers"]
    if isinstance(workers, str) and workers.isdigit():  # from GONGKAI_WORKERS
        workers = raw["service"]["workers"] = int(workers)
    if not _at_least(workers, 0):
        raise ConfigError("配置错误：service.workers（GONGKAI_WORKERS）应为0或正整数，0表示与CPU核数相同。")
    for key in ("request_timeout_seconds", "body_timeout_seconds"):
        if not _at_least(raw["service"][key], 0.1, int | float):
            raise ConfigError(f"配置错误：service.{key} 应为不小于0.1的秒数。")
    if not _at_least(raw["service"]["max_connections"], 1):
        raise ConfigError("配置错误：service.max_connections 应为正整数。")
    keep = raw["wechat"]["keep_deliveries_hours"]
    if not _at_least(keep, 1):
        raise ConfigError("配置错误：wechat.keep_deliveries_hours 应为正整数（小时）。")
    if not _at_least(raw["wechat"]["lease_seconds"], 1, int | float):
        raise ConfigError("配置错误：wechat.lease_seconds 应为不小于1的秒数。")
    recheck = raw["guide"]["recheck_seconds"]
    if not _at_least(recheck, 0, int | float):
        raise ConfigError("配置错误：guide.recheck_seconds 应为不小于0的秒数。")
    cache = raw["guide"]["answer_cache"]
    if not _at_least(cache, 0):
        raise ConfigError("配置错误：guide.answer_cache 应为0或正整数（0表示不缓存答案）。")
    for key in ("max_bytes", "max_count"):
        if not _at_least(raw["attachments"][key], 1):
            raise ConfigError(f"配置错误：attachments.{key} 应为正整数。")
    for key in ("bind_code_hours", "bind_attempts", "bind_agency_attempts", "bind_lock_minutes"):
        if not _at_least(raw["security"][key], 1):
            raise ConfigError(f"配置错误：security.{key} 应为正整数。")
    if not _at_least(raw["console"]["idle_minutes"], 1):
        raise ConfigError("配置错误：console.idle_minutes 应为正整数（分钟）。")
    proxies = raw["console"]["trusted_proxies"]
    if not isinstance(proxies, list) or not all(isinstance(p, str) for p in proxies):
        raise ConfigError("配置错误：console.trusted_proxies 应为地址列表，例如 [\"127.0.0.1\"]。")
    if not _at_least(raw["letters"]["link_hours"], 1):
        raise ConfigError("配置错误：letters.link_hours 应为正整数（小时）。")
    for key in ("series_answer", "series_notice", "series_receipt"):
        if "{n}" not in str(raw["letters"][key]):
            raise ConfigError(f"配置错误：letters.{key} 应包含 {{n}}（序号），例如 {{abbr}}公复〔{{year}}〕{{n}}号。")
    public = raw["service"]["public_url"]
    if public and not str(public).startswith(("http://", "https://")):
        raise ConfigError("配置错误：service.public_url 应为 http:// 或 https:// 开头的地址。")
    offsets = raw["reminders"]["offsets"]
    if not isinstance(offsets, list) or not all(isinstance(x, int) and x > 0 for x in offsets):
        raise ConfigError("配置错误：reminders.offsets 应为正整数列表，例如 [5, 3, 1]。")
