"""The application page's information-processing fee: the quote by the standard (handlers.letters.fees),
optionally by pages, beside the forms for the fee notice (an approver's act) and the waiver. Both forms
post to the page's action route, which passes them to the fee use cases, as the CLI does."""

from disclosure.events import Action
from disclosure.lifecycle import IllegalTransition
from handlers.applications import actions
from handlers.letters import fees


def apart(offered: list[Action]) -> tuple[list[Action], list[Action]]:
    """The offered actions without the fee steps, and the fee steps (shown in their own section)."""
    return [a for a in offered if a not in fees.ACTIONS], [a for a in offered if a in fees.ACTIONS]


async def section(c, number: str, pages_typed: str, agency: str) -> dict:
    """The quote for the page: by count, or by the pages typed (checked as the fee forms check them)."""
    try:
        pages = actions.parse(Action.FEE_NOTICE, {"pages": pages_typed}).get("pages")
        return {"quote": await fees.quote(c, number, pages, agency), "pages": pages, "error": None}
    except IllegalTransition as err:
        return {"quote": await fees.quote(c, number, None, agency), "pages": None, "error": str(err)}
