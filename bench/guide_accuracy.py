"""How well the guide engine answers: top-1 accuracy on labelled questions and out-of-scope refusal rate;
and how well figures questions are read.

    PYTHONPATH=. python bench/guide_accuracy.py [--holdout-misses] [--threshold 0.5]

tests/data/guide_questions.toml has a development set ([expected], [out_of_scope]), used to tune synonyms,
alternatives, scoring and the threshold, and two held-out sets never tuned on: [holdout], written after the
first tuning round, [holdout2], written before the second, and [holdout3], before the third. Prints figures per part and combined, the
development misses, and held-out misses only with --holdout-misses (reading them spends them).

tests/data/figures_questions.toml labels figures questions: [[answerable]] with the year and cells each
asks for, [traps] asking for figures no table holds (each must be said so, with no number). The guide's
labelled questions must all be left to the guide (none read as a figures question).
"""

import argparse
import time
import tomllib
from datetime import date
from pathlib import Path

from handlers.figures import parse_figures_question
from handlers.guide import GuideIndex, load_guide

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
QUESTIONS = DATA / "guide_questions.toml"
FIGURES = DATA / "figures_questions.toml"
FIGURES_ASKED_ON = date(2024, 3, 1)  # the labels' relative years (去年) are read from this day


PARTS = {"development": None, "held-out v1": "holdout", "held-out v2": "holdout2", "held-out v3": "holdout3"}


def labelled(path: Path = QUESTIONS) -> list[tuple[str, str | None, str]]:
    """(question, expected entry id or None for out of scope, part name)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rows = []
    for name, key in PARTS.items():
        part = data if key is None else data[key]
        rows += [(q, entry_id, name) for entry_id, qs in part["expected"].items() for q in qs]
        rows += [(q, None, name) for q in part["out_of_scope"]["questions"]]
    return rows


def figures(guide_rows: list[tuple[str, str | None, str]]) -> list[str]:
    """Lines for the figures set: cells read exactly, traps refused, guide questions left alone."""
    data = tomllib.loads(FIGURES.read_text(encoding="utf-8"))
    ask = lambda q: parse_figures_question(q, FIGURES_ASKED_ON)  # noqa: E731
    exact = [a for a in data["answerable"] if (got := ask(a["q"])) and (got.year, list(got.cells)) == (a["year"], a["cells"])]
    traps = data["traps"]["questions"]
    refused = [q for q in traps if (got := ask(q)) is not None and not got.cells]
    left = [q for q, _, _ in guide_rows if ask(q) is None]
    lines = [f"{'figures':12} {label:21} {len(ok)}/{len(all_)} = {len(ok) / len(all_):.1%}" for label, ok, all_ in (
        ("cells read exactly", exact, data["answerable"]), ("traps said not held", refused, traps),
        ("guide questions left", left, guide_rows))]
    misses = [f"  figures {a['q']!r}: 期望 {a['cells']}" for a in data["answerable"] if a not in exact]
    misses += [f"  figures trap {q!r}: 得到 {ask(q)}" for q in traps if q not in refused]
    return lines + misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout-misses", action="store_true", help="also print held-out misses")
    parser.add_argument("--threshold", type=float, help="confidence threshold to try")
    args = parser.parse_args()

    started = time.perf_counter()
    entries = load_guide()
    index = GuideIndex(entries) if args.threshold is None else GuideIndex(entries, threshold=args.threshold)
    index.answer("预热")  # maps the word dictionary (built once per machine), a one-time cost of the process
    built = time.perf_counter() - started
    started = time.perf_counter()
    rebuilt = GuideIndex(entries, threshold=index.threshold)
    rebuild = time.perf_counter() - started

    rows = labelled()
    tally = {(part, kind): [0, 0] for part in PARTS for kind in ("in", "out")}
    misses = []
    started = time.perf_counter()
    for question, expected, part in rows:
        got = rebuilt.answer(question)
        answered = got.entry.id if got.confident and got.entry else None
        kind = "in" if expected else "out"
        ok = answered == expected
        tally[part, kind][0] += ok
        tally[part, kind][1] += 1
        if not ok and (part == "development" or args.holdout_misses):
            best = got.entry.id if got.entry else "-"
            misses.append(
                f"  {part} {question!r}: 期望 {expected or '拒答'}，"
                f"得到 {answered or '拒答'}（最佳 {best}，置信度 {got.score}）"
            )
    per_question = (time.perf_counter() - started) / len(rows) * 1000

    print(f"guide: {len(entries)} entries; threshold {index.threshold}")
    print(
        f"first index incl. dictionary load: {built * 1000:.0f} ms; rebuild: {rebuild * 1000:.1f} ms; "
        f"answer: {per_question:.2f} ms/question"
    )
    held_out = [p for p in PARTS if p.startswith("held-out")]
    for part in (*PARTS, "held-out", "all"):
        for kind, label in (("in", "top-1 accuracy"), ("out", "out-of-scope refusal")):
            group = {"all": list(PARTS), "held-out": held_out}.get(part, [part])
            counts = [tally[p, kind] for p in group]
            ok, n = sum(c[0] for c in counts), sum(c[1] for c in counts)
            print(f"{part:12} {label:21} {ok}/{n} = {ok / n:.1%}")
    if misses:
        print("misses:")
        print("\n".join(misses))
    print("\n".join(figures(rows)))


if __name__ == "__main__":
    main()
