"""The cross-checks (勾稽关系) of the annual report's tables 三 and 四.

Every check is an entry {"rule", "column", "ok", "detail"} (the public JSON contract), plus "section"
and, for a check along one row, "row". Those keys are for machines; staff read `describe` (or `place`),
which name the table, row and column as the published report prints them. `detail` shows the arithmetic: "1 + 0 = 1 + 0", or with "≠"
where the rule is broken. A broken rule is reported, never repaired: the numbers are the publisher's.

A cell published blank is null. A check that needs a null cell is NOT evaluated: inventing a number
(say 0) would make the check pass or fail on our guess. The contract's `checks` list holds only
evaluated checks, so those are returned apart, in `not_evaluated`, with "ok": None and the blank
cells shown as "空" in the detail; a report dict carries them under the added key
"checks_not_evaluated".
"""

from dataclasses import dataclass

from disclosure.report.templates import (
    APPLICANT_COLUMNS,
    SECTION4_COLUMNS,
    SECTION4_GROUPS,
    SECTION_TITLES,
    TEMPLATES,
    names,
)

BALANCE = "一+二=三（七）+四"
RESULTS_SUM = "三（七）=（一）至（六）之和"
ROW_TOTAL = "总计=六类申请人之和"
SECTION4_TOTAL = "总计=维持+纠正+其他+尚未审结"

_APPLICANTS = tuple(c.key for c in APPLICANT_COLUMNS if c.key != "total")
_SECTION4_PARTS = tuple(c.key for c in SECTION4_COLUMNS if c.key != "total")


@dataclass(frozen=True)
class CheckResults:
    checks: list[dict]  # evaluated, passing or not
    not_evaluated: list[dict]  # a cell they need is blank

    @property
    def failing(self) -> list[dict]:
        return [c for c in self.checks if not c["ok"]]


def _show(value) -> str:
    return "空" if value is None else str(value)


def _equation(rule: str, left: list, right: list, **where) -> dict:
    """Compare sum(left) with sum(right); None anywhere leaves the check unevaluated."""
    blank = any(v is None for v in left + right)
    ok = None if blank else sum(left) == sum(right)
    sign = "≠" if ok is False else "="
    detail = f"{' + '.join(map(_show, left))} {sign} {' + '.join(map(_show, right))}"
    return {"rule": rule, **where, "ok": ok, "detail": detail}


def section3_checks(section3: dict, result_keys: tuple[str, ...]) -> list[dict]:
    """All checks of table 三, evaluated or not; `result_keys` are the rows （一）–（六）."""
    entries = []
    for column in (c.key for c in APPLICANT_COLUMNS):
        cell = {row: values.get(column) for row, values in section3.items()}
        entries.append(_equation(BALANCE, [cell["new_received"], cell["carried_over"]],
                                 [cell["total_processed"], cell["carried_forward"]],
                                 section="section3", column=column))
        entries.append(_equation(RESULTS_SUM, [cell["total_processed"]], [cell[k] for k in result_keys],
                                 section="section3", column=column))
    for row, values in section3.items():
        entries.append(_equation(ROW_TOTAL, [values.get("total")], [values.get(k) for k in _APPLICANTS],
                                 section="section3", row=row, column="total"))
    return entries


def section4_checks(section4: dict) -> list[dict]:
    return [
        _equation(SECTION4_TOTAL, [section4[g.key].get("total")],
                  [section4[g.key].get(k) for k in _SECTION4_PARTS], section="section4", column=g.key)
        for g in SECTION4_GROUPS
    ]


def run_checks(report: dict) -> CheckResults:
    """Evaluate every cross-check of report-templates.md on a report dict in the contract's shape."""
    template = TEMPLATES[report["template"]]
    entries = section3_checks(report["section3"], template.result_keys) + section4_checks(report["section4"])
    return CheckResults([e for e in entries if e["ok"] is not None], [e for e in entries if e["ok"] is None])


def with_checks(report: dict) -> dict:
    """A copy of `report` with its "checks" (and "checks_not_evaluated") filled in."""
    results = run_checks(report)
    return {**report, "checks": results.checks, "checks_not_evaluated": results.not_evaluated}


def place(check: dict, template: str) -> str:
    """Where a check sits: 「三、收到和处理政府信息公开申请情况」「自然人」列, or a row, or a group of table 四."""
    rows, columns = names(TEMPLATES[template])[check["section"]]
    title = f"「{SECTION_TITLES[check['section']]}」"
    if "row" in check:
        return f"{title}「{rows[check['row']]}」行"
    if check["section"] == "section4":  # its checks run down one group, keyed as the check's column
        return f"{title}「{rows[check['column']]}」栏"
    return f"{title}「{columns[check['column']]}」列"


def describe(check: dict, template: str) -> str:
    """A check in words for staff: where, the rule, and the published numbers ("≠" where it is broken)."""
    return f"{place(check, template)}应满足“{check['rule']}”，实为 {check['detail']}"
