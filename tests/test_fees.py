"""The information-processing fee by 国办函〔2020〕109号, at every tier edge, by count and by pages."""

import pytest

from disclosure import fees

# place in the applicant's month -> yuan for that application (art. 4: 超额累进, bands of ten from the 31st)
BY_COUNT = [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400),
            (100, 800), (101, 900)]
# pages -> yuan (art. 5: 1-30 free, 31-100 at 10, 101-200 at 20, above 200 at 40, each band its own pages)
BY_PAGES = [(1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)]


@pytest.mark.parametrize(("place", "amount"), BY_COUNT, ids=[f"place{p}" for p, _ in BY_COUNT])
def test_by_count_each_application_pays_the_rate_of_its_own_band(place, amount):
    quote = fees.by_count(place)
    assert (quote.basis, quote.amount, quote.place) == ("count", amount, place)
    [tier] = quote.tiers
    assert tier.first <= place <= tier.last and tier.rate == amount and tier.units == 1


def test_count_bands_are_ten_wide_from_the_31st():
    assert [fees.count_band(p) for p in (10, 11, 30, 31, 40, 41)] == [
        (1, 10, 0), (11, 30, 100), (11, 30, 100), (31, 40, 200), (31, 40, 200), (41, 50, 300)]


@pytest.mark.parametrize(("pages", "amount"), BY_PAGES, ids=[f"pages{p}" for p, _ in BY_PAGES])
def test_by_pages_is_progressive(pages, amount):
    quote = fees.by_pages(pages)
    assert (quote.basis, quote.amount, quote.pages) == ("pages", amount, pages)
    assert sum(t.units for t in quote.tiers) == pages
    assert sum(t.amount for t in quote.tiers) == amount


def test_the_tiers_that_make_up_201_pages():
    assert [(t.first, t.last, t.rate, t.units, t.amount) for t in fees.by_pages(201).tiers] == [
        (1, 30, 0, 30, 0), (31, 100, 10, 70, 700), (101, 200, 20, 100, 2000), (201, None, 40, 1, 40)]


def test_the_notice_wording_shows_how_the_amount_follows():
    assert fees.describe(fees.by_pages(101)) == (
        "按量计收：共101页，前30页不收费，第31页至第100页70页×10元，第101页至第200页1页×20元，合计720元")
    assert "第31至40件的收费档次，收费标准为200元/件" in fees.describe(fees.by_count(35))
    assert "10件以内不收费" in fees.describe(fees.by_count(3))


@pytest.mark.parametrize("bad", [0, -1])
def test_nonsense_is_refused(bad):
    with pytest.raises(ValueError):
        fees.by_pages(bad)
    with pytest.raises(ValueError):
        fees.by_count(bad)
