"""Write the published page (article HTML) of a report from its prose and its tables as published.

Tables are transcribed cell by cell from the published page, with its merged cells; a blank
published cell is "" (the page had &nbsp;).
"""

import html
import json
import sys


def p(text):
    return f"<p>{html.escape(text)}</p>"


def td(text, rs=1, cs=1):
    a = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    return f"<td{a}>{html.escape(str(text)) if str(text) != '' else '&nbsp;'}</td>"


def table(rows):
    return (
        '<table border="1" cellspacing="0">'
        + "".join("<tr>" + "".join(rows_) + "</tr>" for rows_ in rows)
        + "</table>"
    )


LABELS3 = ["（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]
W = [
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
]
U = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
R = [
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
]
O21 = [
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
]


def table3(v, template):
    """v: list of 23 (2019) or 25 (2021) rows of 7 published cells, in template order."""
    rows = [
        [
            td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            td("申请人情况", 1, 7),
        ],
        [td("自然人", 2), td("法人或其他组织", 1, 5), td("总计", 2)],
        [td(x) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
    ]
    it = iter(v)

    def cells():
        return [td(x) for x in next(it)]

    rows.append([td("一、本年新收政府信息公开申请数量", 1, 3)] + cells())
    rows.append([td("二、上年结转政府信息公开申请数量", 1, 3)] + cells())
    n_results = 21 if template == "2019" else 23
    rows.append([td("三、本年度办理结果", n_results), td(LABELS3[0], 1, 2)] + cells())
    rows.append([td(LABELS3[1], 1, 2)] + cells())
    for group, labels in (("（三）不予公开", W), ("（四）无法提供", U), ("（五）不予处理", R)) + (
        (("（六）其他处理", O21),) if template == "2021" else ()
    ):
        for i, label in enumerate(labels):
            rows.append(([td(group, len(labels))] if i == 0 else []) + [td(label)] + cells())
    if template == "2019":
        rows.append([td("（六）其他处理", 1, 2)] + cells())
    rows.append([td("（七）总计", 1, 2)] + cells())
    rows.append([td("四、结转下年度继续办理", 1, 3)] + cells())
    return table(rows)


def table4(v):
    cols = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return table(
        [
            [td("行政复议", 1, 5), td("行政诉讼", 1, 10)],
            [td(c, 2) for c in cols] + [td("未经复议直接起诉", 1, 5), td("复议后起诉", 1, 5)],
            [td(c) for c in cols * 2],
            [td(x) for x in v],
        ]
    )


def table2_2019(d):
    r = []
    r += [
        [td("第二十条第（一）项", 1, 4)],
        [td("信息内容"), td("本年新制作数量"), td("本年新公开数量"), td("对外公开总数量")],
    ]
    r += [[td(k)] + [td(x) for x in d[k]] for k in ("规章", "规范性文件")]
    for title, keys in (
        ("第二十条第（五）项", ("行政许可", "其他对外管理服务事项")),
        ("第二十条第（六）项", ("行政处罚", "行政强制")),
    ):
        r += [[td(title, 1, 4)], [td("信息内容"), td("上一年项目数量"), td("本年增/减"), td("处理决定数量")]]
        r += [[td(k)] + [td(x) for x in d[k]] for k in keys]
    r += [
        [td("第二十条第（八）项", 1, 4)],
        [td("信息内容"), td("上一年项目数量"), td("本年增/减", 1, 2)],
        [td("行政事业性收费"), td(d["行政事业性收费"][0]), td(d["行政事业性收费"][1], 1, 2)],
    ]
    r += [
        [td("第二十条第（九）项", 1, 4)],
        [td("信息内容"), td("采购项目数量"), td(d.get("采购总金额标题", "采购总金额"), 1, 2)],
        [td("政府集中采购"), td(d["政府集中采购"][0]), td(d["政府集中采购"][1], 1, 2)],
    ]
    return table(r)


def table2_2021(d):
    r = [
        [td("第二十条第（一）项", 1, 4)],
        [td("信息内容"), td("本年制发件数"), td("本年废止件数"), td("现行有效件数")],
    ]
    r += [[td(k)] + [td(x) for x in d[k]] for k in ("规章", "行政规范性文件")]
    r += [
        [td("第二十条第（五）项", 1, 4)],
        [td("信息内容"), td("本年处理决定数量", 1, 3)],
        [td("行政许可"), td(d["行政许可"], 1, 3)],
    ]
    r += [[td("第二十条第（六）项", 1, 4)], [td("信息内容"), td("本年处理决定数量", 1, 3)]]
    r += [[td(k), td(d[k], 1, 3)] for k in ("行政处罚", "行政强制")]
    r += [
        [td("第二十条第（八）项", 1, 4)],
        [td("信息内容"), td("本年收费金额（单位：万元）", 1, 3)],
        [td("行政事业性收费"), td(d["行政事业性收费"], 1, 3)],
    ]
    return table(r)


def page(spec):
    head = "".join(p(x) for x in spec["head"])
    parts = [
        head,
        p("二、主动公开政府信息情况"),
        (table2_2019 if spec["template"] == "2019" else table2_2021)(spec["table2"]),
        p("三、收到和处理政府信息公开申请情况"),
        table3(spec["table3"], spec["template"]),
        p("四、政府信息公开行政复议、行政诉讼情况"),
        table4(spec["table4"]),
        "".join(p(x) for x in spec["tail"]),
    ]
    title = spec["head"][0]
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        '<style>body{font-family:"Noto Serif CJK SC"} td{border:1px solid #000;text-align:center;font-size:10pt}'
        "table{border-collapse:collapse;width:100%}</style></head><body>" + "".join(parts) + "</body></html>"
    )


if __name__ == "__main__":
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    open(sys.argv[2], "w", encoding="utf-8").write(page(spec))
