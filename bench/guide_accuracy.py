"""How well the guide engine answers: top-1 accuracy on labelled questions and out-of-scope refusal rate.

    PYTHONPATH=. python bench/guide_accuracy.py [--holdout-misses] [--threshold 0.5]

tests/data/guide_questions.toml has a development set ([expected], [out_of_scope]), used to tune synonyms,
alternatives, scoring and the threshold, and two held-out sets never tuned on: [holdout], written after the
first tuning round, and [holdout2], written before the second. Prints figures per part and combined, the
development misses, and held-out misses only with --holdout-misses (reading them spends them).
"""

import argparse
import time
import tomllib
from pathlib import Path

from handlers.guide import GuideIndex, load_guide

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "data" / "guide_questions.toml"


PARTS = {"development": None, "held-out v1": "holdout", "held-out v2": "holdout2"}


def labelled(path: Path = QUESTIONS) -> list[tuple[str, str | None, str]]:
    """(question, expected entry id or None for out of scope, part name)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rows = []
    for name, key in PARTS.items():
        part = data if key is None else data[key]
        rows += [(q, entry_id, name) for entry_id, qs in part["expected"].items() for q in qs]
        rows += [(q, None, name) for q in part["out_of_scope"]["questions"]]
    return rows


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
    for part in (*PARTS, "all"):
        for kind, label in (("in", "top-1 accuracy"), ("out", "out-of-scope refusal")):
            counts = [tally[p, kind] for p in PARTS] if part == "all" else [tally[part, kind]]
            ok, n = sum(c[0] for c in counts), sum(c[1] for c in counts)
            print(f"{part:12} {label:21} {ok}/{n} = {ok / n:.1%}")
    if misses:
        print("misses:")
        print("\n".join(misses))


if __name__ == "__main__":
    main()
