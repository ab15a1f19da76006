"""A document (文书) as Word, in the GB/T 9704 layout: agency and title in 小标宋, the number line under
them, the addressee flush left, the body indented two characters, signature and date on the right (the
date four characters from the margin, the signature centred over it), the contact note below."""

from datetime import datetime

from docx.enum.text import WD_ALIGN_PARAGRAPH

from handlers import gbt9704

DATE_RIGHT = 4  # characters between the date and the right margin (GB/T 9704 7.3.5.2)
SEAL_LINES = 2  # blank lines above the signature, room for the seal


def render_docx(content: dict, moment: datetime) -> bytes:
    document = gbt9704.new_document()
    gbt9704.title(document, content["agency"], content["title"])
    gbt9704.body(document, content.get("serial") or "（草稿，未编号）", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    document.add_paragraph()
    gbt9704.body(document, content["addressee"], indent=False)
    for text in content["paragraphs"]:
        last = gbt9704.body(document, text)
    # The closing words, the room for the seal, the signature and the date stay on one page.
    last.paragraph_format.keep_with_next = True
    for _ in range(SEAL_LINES):
        document.add_paragraph().paragraph_format.keep_with_next = True
    offset = DATE_RIGHT + (gbt9704.text_width(content["date"]) - gbt9704.text_width(content["signature"])) / 2
    gbt9704.body(document, content["signature"], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT,
                 right_chars=max(0.0, offset)).paragraph_format.keep_with_next = True
    gbt9704.body(document, content["date"], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=DATE_RIGHT)
    for note in content.get("notes", []):
        gbt9704.body(document, note)
    gbt9704.properties(document, content["agency"], f"{content['title']} {content.get('serial') or ''}".strip(), moment)
    return gbt9704.finish(document, content["agency"])
