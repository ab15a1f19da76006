"""The legal basis of each kind of answer, by article and item (art. 36 with arts. 2, 14-16, 30, 32, 35, 37-39, 42).

Article texts checked against the 2019 条例 (State Council Order No. 711). The 条例 numbers the items of an
article （一）（二）… and the paragraphs of an article 第一款, 第二款; art. 16 para. 1 is internal affairs
information, para. 2 process information and enforcement files; art. 39 para. 1 petitions, para. 2
publications.
"""

from .outcomes import Outcome

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

ITEM_PUBLIC = "第三十六条第（一）项"  # already public: tell where and how to get it
ITEM_PROVIDE = "第三十六条第（二）项"  # can be disclosed: provide it, or say how, where and when
ITEM_WITHHOLD = "第三十六条第（三）项"  # withheld: say so and why
ITEM_NOT_EXIST = "第三十六条第（四）项"  # not found after searching
ITEM_NOT_OURS = "第三十六条第（五）项"  # not this agency's to disclose; name the one that is, where known

BASIS = {
    Outcome.PARTIALLY_GRANTED: ("第三十七条",),  # separable: provide the rest, explain what is withheld
    Outcome.WITHHELD_STATE_SECRET: ("第十四条", ITEM_WITHHOLD),
    Outcome.WITHHELD_PROHIBITED_BY_LAW: ("第十四条", ITEM_WITHHOLD),
    Outcome.WITHHELD_THREE_SAFETIES: ("第十四条", ITEM_WITHHOLD),
    Outcome.WITHHELD_THIRD_PARTY: ("第十五条", ITEM_WITHHOLD),
    Outcome.WITHHELD_INTERNAL_AFFAIRS: ("第十六条第一款", ITEM_WITHHOLD),
    Outcome.WITHHELD_PROCESS_INFO: ("第十六条第二款", ITEM_WITHHOLD),
    Outcome.WITHHELD_ENFORCEMENT_FILE: ("第十六条第二款", ITEM_WITHHOLD),
    Outcome.WITHHELD_ADMINISTRATIVE_QUERY: ("第三十六条第（七）项",),  # special laws govern access
    Outcome.UNAVAILABLE_NEEDS_CREATION: ("第三十八条",),  # only information already made or obtained
    Outcome.UNAVAILABLE_UNCLEAR: ("第三十条",),  # still unclear after the correction
    Outcome.REJECTED_PETITION: ("第三十九条第一款",),
    Outcome.REJECTED_DUPLICATE: ("第三十六条第（六）项",),
    Outcome.REJECTED_PUBLICATION: ("第三十九条第二款",),
    Outcome.REJECTED_EXCESSIVE: ("第三十五条",),
    # No item of the 条例 names it: confirming or re-issuing what the applicant holds is not a request for
    # government information as art. 2 defines it, nor for information already made or obtained (art. 38).
    Outcome.REJECTED_CONFIRMATION: ("第二条", "第三十八条"),
    Outcome.OTHER_NO_CORRECTION: ("第三十条",),
    Outcome.OTHER_UNPAID_FEE: ("第四十二条",),  # with 109号, which sets the payment period
    Outcome.OTHER_OTHER: (),  # withdrawn or otherwise ended: no article decides it
}

WITHHOLDING = tuple(o for o in Outcome if o.value.startswith("withheld_"))


def answer_basis(outcome: Outcome, *, already_public: bool = False, provided: bool = False,
                 holder_known: bool = False, consulted: bool = False, ground: Outcome | None = None) -> list[str]:
    """The articles (of the 条例) an answer with `outcome` rests on, in the order the answer cites them."""
    if outcome is Outcome.GRANTED:
        return [item for item, used in ((ITEM_PUBLIC, already_public), (ITEM_PROVIDE, provided or not already_public))
                if used]
    if outcome is Outcome.UNAVAILABLE_NOT_HELD:
        return [ITEM_NOT_OURS if holder_known else ITEM_NOT_EXIST]
    found = list(BASIS[outcome])
    if outcome is Outcome.PARTIALLY_GRANTED and ground is not None:
        found += [a for a in answer_basis(ground, consulted=consulted) if a not in found]
    if outcome is Outcome.WITHHELD_THIRD_PARTY and consulted:
        found.insert(1, "第三十二条")  # the third party, asked, did not agree
    return found


def _split(article: str) -> tuple[str, str]:
    """("第三十六条", "第（三）项") of an article with its item or paragraph."""
    head, _, rest = article.partition("条")
    return head + "条", rest


def cite(articles: list[str]) -> str:
    """「《条例》第十四条、第三十六条第（一）项、第（二）项」: an article named once for consecutive items;
    "" when there is nothing to cite."""
    parts, previous = [], None
    for article in articles:
        head, rest = _split(article)
        parts.append(rest if head == previous and rest else article)
        previous = head
    return f"{REGULATION}{'、'.join(parts)}" if parts else ""


def cited(article: str, text: str) -> bool:
    """Whether `text` cites `article`, in full or as a further item of the same article."""
    head, rest = _split(article)
    return article in text or bool(rest) and head in text and f"、{rest}" in text
