"""The remedies a document must state (条例 art. 51): administrative review and litigation, with their periods.

Since the review law's 2023 revision (in force 2024-01-01) a county-level-or-higher government department's
act is reviewed by the people's government at the same level (art. 24), so the review body is a setting of
each agency. Where an application is refused disclosure, review comes first (art. 23 para. 1 item 4); we
read that as the answers that withhold information, wholly or in part (report table 三 rows （二）（三）).
"""

from dataclasses import dataclass

from .letters import Kind
from .outcomes import Outcome

REVIEW_DAYS = 60  # 行政复议法 (2023) art. 20 para. 1: within 60 days of knowing of the act
LITIGATION_MONTHS = 6  # 行政诉讼法 art. 46 para. 1: within six months of knowing of the act
AFTER_REVIEW_DAYS = 15  # 行政诉讼法 art. 45: within 15 days of receiving the review decision

REVIEW_FIRST = frozenset({Outcome.PARTIALLY_GRANTED} | {o for o in Outcome if o.value.startswith("withheld_")})
REVIEW_FIRST_BASIS = "《中华人民共和国行政复议法》第二十三条第一款第（四）项"

# Documents that decide something the addressee may contest: the answer, the abandonment, the fee
# demanded, and the decision to disclose despite a third party's objection (art. 32).
CONTESTABLE = frozenset({Kind.ANSWER, Kind.ABANDONED, Kind.FEE, Kind.THIRD_PARTY_NOTICE})


@dataclass(frozen=True)
class Remedies:
    review_body: str
    review_first: bool

    def text(self, document: str) -> str:
        """The remedy clause, e.g. document="本答复书"."""
        review = f"自收到{document}之日起{REVIEW_DAYS}日内向{self.review_body}申请行政复议"
        if self.review_first:
            return (f"如对{document}不服，应当先{review}（{REVIEW_FIRST_BASIS}）；对行政复议决定不服的，"
                    f"可以自收到行政复议决定书之日起{AFTER_REVIEW_DAYS}日内依法向人民法院提起行政诉讼。")
        return (f"如对{document}不服，可以{review}，也可以自收到{document}之日起"
                f"{LITIGATION_MONTHS}个月内依法向人民法院提起行政诉讼。")


def remedies_for(kind: Kind, outcome: Outcome | None, review_body: str) -> Remedies | None:
    """The remedies a document of `kind` states, or None for a notice that decides nothing contestable."""
    if kind not in CONTESTABLE:
        return None
    return Remedies(review_body, kind is Kind.ANSWER and outcome in REVIEW_FIRST)
