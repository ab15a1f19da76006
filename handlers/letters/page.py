"""The web page an applicant sees when opening a document from WeChat: the document as on paper, sized
for a phone; every text escaped. Error pages say in one Chinese sentence what happened."""

from html import escape

STYLE = """body{margin:0;background:#f4f4f4;font-family:"FangSong","STFangsong","Noto Serif CJK SC",serif;color:#111}
main{max-width:40em;margin:0 auto;background:#fff;padding:1.5em 1.2em 2em;line-height:1.9;font-size:17px}
h1{font-size:1.35em;text-align:center;margin:.2em 0;line-height:1.5}.serial{text-align:center;margin:.3em 0 1.2em}
p{margin:0}.body p{text-indent:2em}.sign{text-align:right;margin-top:2em}.note{text-indent:2em;color:#333}
.banner{background:#fff3cd;padding:.6em;margin-bottom:1em}.download{display:block;text-align:center;margin-top:2em}
.error{max-width:30em;margin:4em auto;padding:1.5em;background:#fff;font-size:17px;line-height:1.8}"""


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(title)}</title>'
            f"<style>{STYLE}</style></head><body>{body}</body></html>")


def letter_page(view: dict, download_href: str) -> str:
    c = view["content"]
    banner = (f'<p class="banner">本文书已被更正，更正后的文书为{escape(view["superseded_by"])}。</p>'
              if view.get("superseded_by") else "")
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in c["paragraphs"])
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in c.get("notes", []))
    body = (f"<main>{banner}<h1>{escape(c['agency'])}<br>{escape(c['title'])}</h1>"
            f'<p class="serial">{escape(c["serial"])}</p><p>{escape(c["addressee"])}</p>'
            f'<div class="body">{paragraphs}</div>'
            f'<p class="sign">{escape(c["signature"])}<br>{escape(c["date"])}</p>{notes}'
            f'<a class="download" href="{escape(download_href)}">下载Word版</a></main>')
    return _page(c["title"], body)


def error_page(message: str) -> str:
    return _page("无法查看文书", f'<div class="error">{escape(message)}</div>')
