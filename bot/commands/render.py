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
            document = f"{who['id_type_label']} {who['id_number']}" if who["id_number"] else "-"
            print(f"申请人：{who['name']}　证件：{document}　电话：{who['phone'] or '-'}")
            if who["credit_code"]:
                print(f"统一社会信用代码：{who['credit_code']}　联系人：{who['contact'] or '-'}"
                      f"　法定代表人：{who['legal_rep'] or '-'}")
        print(f"申请内容：{view['request']}")
        print(f"获取形式：{view['form'] or '-'}　获取方式：{view['delivery'] or '-'}")
        if view.get("delivery_address"):
            print(f"邮寄地址：{view['delivery_address']}　收件人：{view['delivery_recipient'] or '申请人'}")
        if view.get("delivery_email"):
            print(f"电子邮箱：{view['delivery_email']}")
        for item in view.get("attachments", []):
            print(f"  附件{item['id']}：{item['label']}，{item['size_label']}，{item['received_at']}")
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
