"""Plain-text output for staff at a terminal."""


def print_application(view: dict, brief: bool = False) -> None:
    print(f"申请编号：{view['number']}（{view['agency_name']}）")
    print(f"状态：{view['state_label']}" + (f"，结果：{view['outcome_label']}（{view['closed_on']}）" if view["outcome"] else ""))
    print(f"收到日期：{view['received_on']}　答复期限：{view['due_on'] or '待收到补正后计算'}")
    if not brief:
        print(f"补正告知期限：{view['correction_notice_due']}")
        print(f"申请人类别：{view['category_label']}　渠道：{view['channel_label']}")
        if view.get("applicant"):
            who = view["applicant"]
            print(f"申请人：{who['name']}　证件：{who['id_number'] or '-'}　电话：{who['phone'] or '-'}")
        print(f"申请内容：{view['request']}")
        for ev in view.get("events", []):
            print(f"  {ev['seq']}. {ev['on']} {ev['label']}（{ev['actor']}）{_struck(ev)}")
    for w in view["warnings"]:
        print(f"注意：{w}")


def print_list(views: list[dict]) -> None:
    if not views:
        print("没有符合条件的申请。")
        return
    for v in views:
        print(f"{v['number']}\t{v['state_label']}\t收到 {v['received_on']}\t期限 {v['due_on'] or '-'}\t{v['category_label']}")
    print(f"共{len(views)}件。")


def _struck(ev: dict) -> str:
    if ev["action"] == "void":
        return f"：撤销第{ev['data'].get('voids')}项，理由：{ev['data'].get('reason')}"
    return f"〔已撤销：{ev['voided_reason']}〕" if ev.get("voided_reason") else ""
