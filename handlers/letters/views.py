"""How a document is shown: one dict for the CLI (JSON and text), the console and WeChat."""

from disclosure.letters import Kind
from storage.models_letters import Letter, LetterDelivery

WAYS = {"post": "邮寄", "email": "电子邮件", "in_person": "当面送达", "online": "网上送达（微信）"}


def _state(letter: Letter, letters: list[Letter]) -> str:
    if letter.issued_at is None:
        return "draft"
    return "superseded" if any(other.supersedes_id == letter.id and other.issued_at for other in letters) else "issued"


STATE_LABELS = {"draft": "草稿", "issued": "已出具", "superseded": "已被更正"}


def letter_view(letter: Letter, letters: list[Letter], deliveries: list[LetterDelivery] = ()) -> dict:
    state = _state(letter, letters)
    previous = next((x for x in letters if x.id == letter.supersedes_id), None)
    return {
        "id": letter.id, "kind": letter.kind, "title": Kind(letter.kind).title, "version": letter.version,
        "step_seq": letter.step_seq, "state": state, "state_label": STATE_LABELS[state], "serial": letter.serial,
        "letter_date": letter.letter_date.isoformat() if letter.letter_date else None,
        "issued_at": letter.issued_at.isoformat() if letter.issued_at else None, "issued_by": letter.issued_by,
        "sha256": letter.sha256, "supersedes": previous.serial if previous else None, "fields": dict(letter.fields),
        "deliveries": [{"way": d.way, "way_label": WAYS[d.way], "on": d.delivered_on.isoformat(),
                        "tracking": d.tracking, "actor": d.actor, **d.detail} for d in deliveries],
    }
