"""Out of scope: questions about other departments' services, unless they also speak of disclosure."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from handlers.guide.content import SYNONYMS_PATH


@dataclass(frozen=True)
class Scope:
    """Canonical words that mark a question as about disclosure, and words naming other services."""

    disclosure: frozenset[str] = frozenset()
    other_services: frozenset[str] = frozenset()

    def outside(self, words: list[str]) -> bool:
        """True when the question names another service and never mentions disclosure (护照怎么办理)."""
        terms = set(words)
        return bool(terms & self.other_services) and not terms & self.disclosure

    @property
    def vocabulary(self) -> frozenset[str]:
        return self.disclosure | self.other_services


def load_scope(path: Path | str | None = None) -> Scope:
    """The [scope] table of config/synonyms.toml."""
    table = tomllib.loads(Path(path or SYNONYMS_PATH).read_text(encoding="utf-8")).get("scope", {})
    return Scope(
        disclosure=frozenset(w.lower() for w in table.get("disclosure", ())),
        other_services=frozenset(w.lower() for w in table.get("other_services", ())),
    )
