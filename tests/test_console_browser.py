"""A clerk and an approver work one paper application through the console in a real Chromium (Selenium),
from sign-in to the annual report's DOCX. Every page visited is saved as a screenshot (outside the repo)
for people to look at. Missing Chromium or chromedriver skips, and CI fails on any skip."""

import io
import shutil
import urllib.request

import pytest
from docx import Document

from tests.cli_helpers import Gongkai
from tests.console_helpers import PASSWORDS, add_users, served, shots_dir

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--window-size=1366,768", "--lang=zh-CN"]


@pytest.fixture
def browser():
    if not (CHROMIUM and DRIVER):
        pytest.skip("Chromium and chromedriver are needed (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


class Clerk:
    """The browser, and a screenshot of each page it reaches (at 1366 wide, the whole page tall)."""

    def __init__(self, driver, base: str, folder: str):
        self.d, self.base, self.folder, self.n = driver, base, folder, 0

    def shot(self, name: str) -> None:
        self.n += 1
        height = self.d.execute_script("return document.documentElement.scrollHeight")
        self.d.set_window_size(1366, max(768, min(height + 140, 4000)))
        self.d.save_screenshot(f"{self.folder}/{self.n:02d}-{name}.png")
        self.d.set_window_size(1366, 768)

    def shot_of(self, element_id: str, name: str) -> None:
        """One part of the page only (a section a reviewer should look at closely)."""
        self.n += 1
        self.d.find_element(By.ID, element_id).screenshot(f"{self.folder}/{self.n:02d}-{name}.png")

    def open(self, path: str, name: str) -> None:
        self.d.get(self.base + path)
        self.shot(name)

    def fill(self, **fields) -> None:
        for name, value in fields.items():
            element = self.d.find_element(By.ID, name)
            if element.tag_name == "select":
                Select(element).select_by_value(value)
            else:
                element.clear()
                element.send_keys(value)

    def submit(self, form_css: str, name: str) -> None:
        self.d.find_element(By.CSS_SELECTOR, form_css + " button[type=submit]").click()
        self.shot(name)

    def sign_in(self, user: str, password: str) -> None:
        self.open("/console/login", f"login-{user}")
        self.fill(username=user, password=password)
        self.submit("main form", "signed-in")
        assert "退出登录" in self.d.page_source, self.d.page_source[-1500:]

    def sign_out(self) -> None:
        self.d.find_element(By.CSS_SELECTOR, "header form button").click()

    def act(self, action: str, name: str, **fields) -> None:
        summary = self.d.find_element(By.XPATH, f"//form[input[@value='{action}']]/ancestor::details/summary")
        details = summary.find_element(By.XPATH, "..")
        if details.get_attribute("open") is None:
            summary.click()
        self.fill(**{f"{action}-{k}": v for k, v in fields.items()})
        self.submit(f"form:has(input[value='{action}'])", name)
        assert "已记录" in self.d.page_source, self.d.page_source[-2000:]

    def click(self, css: str, then: str):
        """Click, and wait for the next page's element `then` (a click does not wait for the page)."""
        self.d.find_element(By.CSS_SELECTOR, css).click()
        return WebDriverWait(self.d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, then))[0]

    def text(self) -> str:
        return self.d.find_element(By.TAG_NAME, "main").text


def test_paper_application_from_registration_to_the_report(browser, db_url, tmp_path):
    gk = Gongkai(tmp_path, db_url)
    add_users(gk)
    gk.run("letter", "settings", "--set", "contact=王敏", "--set", "phone=0453-6171234")
    kind = "postgres" if db_url.startswith("postgresql") else "sqlite"
    with served(gk) as base:
        c = Clerk(browser, base, shots_dir(kind))
        c.open("/console/login", "login")
        c.fill(username="王芳", password="not-the-password")
        c.submit("main form", "login-refused")
        assert "用户名或密码不正确" in c.text()
        c.sign_in("王芳", PASSWORDS["clerk"])
        c.open("/console/register", "register-form")
        c.fill(channel="post", category="natural_person", name="赵六", id_number="11010519491231002X",
               phone="13800138000", request="2025年本市公交线路调整的批复文件", form="纸质文本", delivery="邮寄")
        c.submit("form.form-grid", "register-refused")
        assert "须填写邮寄地址" in c.text()  # the chat's rule (art. 29), said by the console too
        c.fill(address="黑龙江省牡丹江市东安区太平路1号")
        c.submit("form.form-grid", "registered")
        assert "已登记，申请编号" in c.text()
        number = c.d.find_element(By.TAG_NAME, "h1").text.split()[1]
        assert "110**********002X" not in c.d.page_source  # masked as 110***********002X, never in full
        assert "11010519491231002X" not in c.d.page_source and "13800138000" not in c.d.page_source

        c.act("request-correction", "correction-requested", note="请写明文件的发文机关")
        assert "待补正" in c.text()
        preview = c.click(".due-letters form:has(input[value=correction]) button", "#draft-correction pre.letter")
        assert "请写明文件的发文机关" in preview.text
        c.click("#draft-correction button.primary", "#letters .lstate.issued")  # 保存并出具
        c.shot("correction-notice-issued")
        assert "文号 牡交公告〔" in c.text() and "已出具" in c.d.find_element(By.ID, "letters").text
        c.shot_of("letters", "letters-section")
        c.act("receive-correction", "correction-received")
        assert "须由审批人办理" in c.d.page_source  # the clerk is offered no extension form
        c.open("/console/", "dashboard")
        c.open("/console/applications", "applications")
        assert number in c.text()
        c.sign_out()

        c.sign_in("李主任", PASSWORDS["approver"])
        c.open(f"/console/applications/{number}", "application-approver")
        c.act("extend", "extended", approver="李主任", days="10", reason="需调取档案")
        c.act("close", "closed", outcome="granted", note="已邮寄")
        assert "已答复" in c.text()

        year = c.text().split("收到日期")[1].strip()[:4]
        c.open(f"/console/reports?year={year}", "report")
        section3 = c.d.find_elements(By.CSS_SELECTOR, "table.report")[1].text
        assert "予以公开" in section3
        cookie = "; ".join(f"{k['name']}={k['value']}" for k in c.d.get_cookies())
        request = urllib.request.Request(f"{base}/console/reports/{year}.docx", headers={"Cookie": cookie})
        document = Document(io.BytesIO(urllib.request.urlopen(request).read()))
        table3 = document.tables[1]
        rows = {table3.cell(r, 0).text + table3.cell(r, 2).text: [table3.cell(r, k).text for k in range(3, 10)]
                for r in range(len(table3.rows))}
        new = next(v for k, v in rows.items() if k.startswith("一、本年新收"))
        granted = next(v for k, v in rows.items() if "予以公开" in k and "部分" not in k)
        assert new[0] == "1" and new[-1] == "1"  # 自然人, 总计
        assert granted[0] == "1" and granted[-1] == "1"
        c.open("/console/appeals", "appeals")
        c.fill(number=number, kind="review")
        c.submit("aside form", "appeal-added")
        assert "已登记行政复议" in c.text()
        Select(c.d.find_element(By.CSS_SELECTOR, "select[name=result]")).select_by_value("upheld")
        c.submit("form.row", "appeal-decided")
        assert "结果维持" in c.text()
        c.open(f"/console/applications?q={number[-4:]}", "search-by-number")
        assert number in c.text() and "共 1 件" in c.text()
        for page in ("/console/guide?q=申请要多久答复", "/console/outbox"):
            c.open(page, page.strip("/").replace("/", "-").split("?")[0])
        c.sign_out()
        c.sign_in("管理员", PASSWORDS["admin"])
        c.open("/console/users", "users")
        c.open("/console/staff", "staff")
        c.fill(name="孙七")
        c.submit("aside form", "staff-code-issued")
        code = c.d.find_element(By.CSS_SELECTOR, ".issued .code").text
        assert len(code.replace(" ", "")) == 12 and f"绑定 {code}" in c.text()
        c.submit("form[action='/console/staff/unbind']", "staff-code-voided")
        assert "已作废孙七未使用的绑定码" in c.text() and code not in c.text()
        c.open("/console/guide?edit=fees", "guide-edit")
        c.open(f"/console/reports?year={year}", "report-admin")
        c.d.find_element(By.CSS_SELECTOR, "details.edit summary").click()
        c.fill(**{"fig-regulations.issued": "3"})
        c.submit("form.figures", "figures-saved")
        assert "已保存表二数据1项" in c.text()
