"""The information-processing fee (信息处理费): art. 42 and 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号).

Both standards are progressive (超额累进, 109号 art. 3) and an agency applies one of them per application,
never both. Our reading of the text:
- by count (按件, art. 4): an application's rate is set by its place among the same applicant's
  applications in that calendar month: the 1st-10th free, the 11th-30th 100 yuan, then 100 yuan more per
  application for each further block of ten (31st-40th 200, 41st-50th 300, ...). Each application is
  charged at the rate of the band its own place falls in; earlier applications keep their own rates.
- by pages (按量, art. 5, for paper, e-mail or copied data): of one application's pages, the first 30
  are free, pages 31-100 cost 10 yuan each, 101-200 20 yuan, and every page above 200 40 yuan; each
  band charges only the pages within it (31 pages: 10 yuan; 101 pages: 700 + 20 = 720 yuan).
"""

from dataclasses import asdict, dataclass

COUNT, PAGES = "count", "pages"
BASIS_LABELS = {COUNT: "按件计收", PAGES: "按量计收"}

COUNT_FREE = 10  # 109号 art. 4(1): up to 10 applications a month free
COUNT_FIRST_BAND_END = 30  # art. 4(2): the 11th-30th at 100 yuan each
COUNT_BLOCK = 10  # art. 4(3): from the 31st, a band of ten
COUNT_STEP = 100  # art. 4(2)-(3): 100 yuan per application, 100 more for each further band

# art. 5: (first page, last page or None, yuan per page)
PAGE_BANDS = ((1, 30, 0), (31, 100, 10), (101, 200, 20), (201, None, 40))


@dataclass(frozen=True)
class Tier:
    first: int
    last: int | None  # None: no upper end
    rate: int  # yuan per application or per page
    units: int  # applications or pages charged in this band
    amount: int


@dataclass(frozen=True)
class Quote:
    basis: str
    amount: int  # whole yuan
    tiers: tuple[Tier, ...]
    place: int | None = None  # by count: this application's place in its applicant's month
    pages: int | None = None

    def as_dict(self) -> dict:
        view = asdict(self)
        view["tiers"] = [asdict(t) for t in self.tiers]
        view["basis_label"] = BASIS_LABELS[self.basis]
        return {k: v for k, v in view.items() if v is not None}


def count_band(place: int) -> tuple[int, int | None, int]:
    """(first place, last place, yuan) of the band that the `place`-th application falls in."""
    if place < 1:
        raise ValueError("place must be at least 1")
    if place <= COUNT_FREE:
        return 1, COUNT_FREE, 0
    if place <= COUNT_FIRST_BAND_END:
        return COUNT_FREE + 1, COUNT_FIRST_BAND_END, COUNT_STEP
    block = (place - COUNT_FIRST_BAND_END - 1) // COUNT_BLOCK
    first = COUNT_FIRST_BAND_END + 1 + block * COUNT_BLOCK
    return first, first + COUNT_BLOCK - 1, COUNT_STEP * (block + 2)


def by_count(place: int) -> Quote:
    first, last, rate = count_band(place)
    return Quote(COUNT, rate, (Tier(first, last, rate, 1, rate),), place=place)


def by_pages(pages: int) -> Quote:
    if pages < 1:
        raise ValueError("pages must be at least 1")
    tiers = []
    for first, last, rate in PAGE_BANDS:
        if pages < first:
            break
        units = min(pages, last or pages) - first + 1
        tiers.append(Tier(first, last, rate, units, units * rate))
    return Quote(PAGES, sum(t.amount for t in tiers), tuple(tiers), pages=pages)


def describe(quote: Quote) -> str:
    """The quote in words, for the fee notice: how the amount follows from the standard."""
    if quote.basis == COUNT:
        tier = quote.tiers[0]
        place = f"按件计收：本申请为您本自然月内向本机关提出的第{quote.place}件申请"
        if not tier.rate:
            return f"{place}，同一申请人一个自然月内{COUNT_FREE}件以内不收费"
        return f"{place}，属于第{tier.first}至{tier.last}件的收费档次，收费标准为{tier.rate}元/件，应缴纳{quote.amount}元"
    parts = [f"第{t.first}页{'以上' if t.last is None else f'至第{t.last}页'}{t.units}页×{t.rate}元"
             for t in quote.tiers if t.rate]
    return f"按量计收：共{quote.pages}页，前30页不收费，" + "，".join(parts) + f"，合计{quote.amount}元"
