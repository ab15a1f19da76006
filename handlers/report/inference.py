"""Placing table 三's numbers whose blank cells were lost, by the table's own sums.

A PDF's text ("148 1") or a converter's picture text keeps a row's numbers but not its blank cells,
so the numbers could stand in several columns. The published table's arithmetic often leaves one
choice: with a blank applicant cell counted as none, each applicant column of （七）总计 is the sum
of the result rows, 一+二 = （七）+四 in each column, and a row's 总计 (where published) is the sum
of its applicants. The 总计 column's checks count only where all their cells are published.

Every placement of every open row that makes the whole table add up is found (a search over the
column sums, not over all combinations); a cell is settled only where all of them agree. A table
that cannot add up (the publisher's error, or a row misread) settles nothing this way.
"""

from collections import defaultdict
from itertools import product

from handlers.report.rows import GAPS_OPEN, RowReading

FRAME = ("new_received", "carried_over", "total_processed", "carried_forward")
MAX_PAIRS = 20000
MAX_STATES = 200000
SETTLED = "各数所在栏已按表内勾稽关系（空白栏计为0）确定"


def _parts(cells: tuple) -> tuple:
    return tuple(v or 0 for v in cells[:-1])


def _own_total_holds(cells: tuple) -> bool:
    return cells[-1] is None or cells[-1] == sum(_parts(cells))


def _add(a: tuple, b: tuple) -> tuple:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _total(*totals) -> int | None:
    return None if None in totals else sum(totals)


def _frames(opts: dict[str, list[tuple]]):
    """(index of each frame row's option) for every choice where 一+二 = （七）+四 column by column."""
    pairs = [list(product(range(len(opts[a])), range(len(opts[b])))) for a, b in (FRAME[:2], FRAME[2:])]
    if any(len(p) > MAX_PAIRS for p in pairs):
        raise OverflowError
    sides = []
    for (a, b), choices in zip((FRAME[:2], FRAME[2:]), pairs, strict=True):
        side = defaultdict(list)
        for i, j in choices:
            x, y = opts[a][i], opts[b][j]
            side[_add(_parts(x), _parts(y))].append((i, j, _total(x[-1], y[-1])))
        sides.append(side)
    for parts, left in sides[0].items():
        for (i, j, t1), (k, m, t2) in product(left, sides[1].get(parts, [])):
            if t1 is None or t2 is None or t1 == t2:
                yield i, j, k, m


def _results(opts: dict[str, list[tuple]], keys: tuple[str, ...], target: tuple) -> set[tuple[str, int]]:
    """(row, option index) of every option used by some choice of the result rows summing to `target`."""
    want, total = _parts(target), target[-1]
    fits = {key: [(i, _parts(c), c[-1]) for i, c in enumerate(opts[key])
                  if all(x <= w for x, w in zip(_parts(c), want, strict=True))] for key in keys}
    if not all(fits.values()):
        return set()
    # What the rows after each one can still add, column by column: a partial sum short of it is dead.
    reach = [tuple(0 for _ in want)]
    for key in reversed(keys):
        most = tuple(max(column) for column in zip(*(parts for _, parts, _ in fits[key]), strict=True))
        reach.insert(0, _add(reach[0], most))
    layers = [{(tuple(0 for _ in want), 0): None}]
    for n, key in enumerate(keys, start=1):
        step = defaultdict(list)
        low = tuple(w - r for w, r in zip(want, reach[n], strict=True))
        for sums, t in layers[-1]:
            for i, parts, own in fits[key]:
                nxt = tuple(x + y for x, y in zip(sums, parts, strict=True))
                if all(lo <= x <= w for lo, x, w in zip(low, nxt, want, strict=True)):
                    step[nxt, None if t is None or own is None else t + own].append(((sums, t), i))
        if len(step) > MAX_STATES:
            raise OverflowError
        layers.append(step)
    alive = {s for s in layers[-1] if s[0] == want and (s[1] is None or total is None or s[1] == total)}
    used = set()
    for key, layer in zip(reversed(keys), reversed(layers[1:]), strict=True):
        before = set()
        for state in alive:
            for previous, i in layer[state]:
                used.add((key, i))
                before.add(previous)
        alive = before
    return used


def consistent(opts: dict[str, list[tuple]], result_keys: tuple[str, ...]) -> dict[str, list[tuple]] | None:
    """Each row's options that some placement adding up uses; None if none adds up, or too many to try."""
    opts = {key: [c for c in cells if _own_total_holds(c)] for key, cells in opts.items()}
    if not all(opts.values()):
        return None
    used, by_target = set(), {}
    try:
        for i, j, k, m in _frames(opts):
            if k not in by_target:
                by_target[k] = _results(opts, result_keys, opts["total_processed"][k])
            if by_target[k]:
                used |= by_target[k] | {(key, x) for key, x in zip(FRAME, (i, j, k, m), strict=True)}
    except OverflowError:
        return None
    if not used:
        return None
    return {key: [c for x, c in enumerate(cells) if (key, x) in used] for key, cells in opts.items()}


def infer(rows: list[RowReading], options: dict[str, list[tuple]], result_keys: tuple[str, ...]
          ) -> dict[str, list[tuple]]:
    """The options narrowed by the sums, when the table adds up; see the module docstring.

    A row none of whose numbers could be read, or not found at all, leaves the sums unknown: nothing
    is inferred. Rows placed by their positions are trusted when the table adds up with them; when
    it adds up only with one of them placed otherwise, that row's cells where the two readings
    disagree are left open, and nothing else is inferred.
    """
    if all(len(o) == 1 for o in options.values()) or any(r.unreadable and not r.empty for r in rows):
        return options
    narrowed = consistent(options, result_keys)
    if narrowed is not None:
        for row in rows:
            if len(options[row.key]) > 1 and len(narrowed[row.key]) == 1:
                row.notes = [note.replace(GAPS_OPEN, SETTLED) for note in row.notes]
        return narrowed
    # Positions contradicted: each row whose placement in order (its positions set aside) alone makes
    # the table add up is suspect, and its cells where the two readings differ are left open.
    suspects = {}
    for row in (r for r in rows if r.by_position and r.in_order):
        otherwise = consistent({**options, row.key: row.in_order}, result_keys)
        if otherwise is not None:
            suspects[row.key] = list(dict.fromkeys(options[row.key] + otherwise[row.key]))
            row.notes.append(f"第{row.line}行：“{row.label}”一行按版面位置放置与表内勾稽关系不符，不一致的栏留空待核")
    return {**options, **suspects}
