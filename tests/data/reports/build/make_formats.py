"""Make the copies a person would make of a published report page (NAME.html), as the corpus holds them.

web.txt      what a browser copies (Ctrl+A, Ctrl+C): document.body.innerText in Chromium
oneline.txt  the same copy pasted where line breaks are lost: every run of whitespace holding a
             line break becomes one space (tabs between cells stay)
docx         the page's paragraphs and tables, merged cells and all, written with python-docx (an agency's Word file)
pdf-layout.txt / pdf-raw.txt   that Word file exported to PDF by LibreOffice, then pdftotext -layout / -raw
pdf-centred.txt  the same with every table cell centred (as the page centres its numbers), pdftotext -layout
md           the PDF through pymupdf4llm, a PDF-to-Markdown converter
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path


def browser_text(html: Path) -> str:
    from selenium import webdriver

    opts = webdriver.ChromeOptions()
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ):
        opts.add_argument(flag)
    opts.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=webdriver.ChromeService("/usr/bin/chromedriver"), options=opts)
    try:
        driver.get(html.resolve().as_uri())
        return driver.execute_script("return document.body.innerText")
    finally:
        driver.quit()


def office(src: Path, fmt: str, out: Path) -> Path:
    subprocess.run(
        ["soffice", "--headless", "--convert-to", fmt, "--outdir", str(out), str(src)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / (src.stem + "." + fmt.split(":")[0])


def main(html: Path, dest: Path, tmp: Path):
    name = html.stem
    web = browser_text(html)
    (dest / f"{name}.web.txt").write_text(web + "\n", encoding="utf-8")
    (dest / f"{name}.oneline.txt").write_text(
        re.sub(r"[ \t]*\n\s*", " ", web).strip() + "\n", encoding="utf-8"
    )
    from html_docx import build

    docx = tmp / f"{name}.docx"
    build(html, docx)
    shutil.copy(docx, dest / f"{name}.docx")
    pdf = office(docx, "pdf", tmp)
    for mode in ("layout", "raw"):
        subprocess.run(
            ["pdftotext", f"-{mode}", "-enc", "UTF-8", str(pdf), str(dest / f"{name}.pdf-{mode}.txt")],
            check=True,
        )
    centred = tmp / "centred" / f"{name}.docx"
    centred.parent.mkdir(exist_ok=True)
    build(html, centred, centred=True)
    subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(office(centred, "pdf", centred.parent)),
                    str(dest / f"{name}.pdf-centred.txt")], check=True)
    import pymupdf4llm

    (dest / f"{name}.md").write_text(pymupdf4llm.to_markdown(str(pdf)), encoding="utf-8")


if __name__ == "__main__":
    tmp = Path(sys.argv[3])
    tmp.mkdir(parents=True, exist_ok=True)
    main(Path(sys.argv[1]), Path(sys.argv[2]), tmp)
