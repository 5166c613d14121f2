"""An officer's afternoon in a real browser (Playwright driving Debian's Chromium): sign in,
fill three criteria, attach a PDF, watch the score and the explanation change, submit, find
the form locked; then the other unit's officer fails to reach it. Every page visited is
saved to out/screenshots/ for someone to look at."""
import os
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"   # the test's own ORM calls beside Playwright's loop
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Shots:
    def __init__(self, prefix: str):
        self.n, self.prefix = 0, prefix
        SHOTS.mkdir(parents=True, exist_ok=True)
        for old in SHOTS.glob(f"{prefix}-*.png"):
            old.unlink()

    def __call__(self, page, name: str) -> None:
        self.n += 1
        page.screenshot(path=str(SHOTS / f"{self.prefix}-{self.n:02d}-{name}.png"), full_page=True)


def sign_in(page, base, username, password, shot):
    page.goto(base + "/")
    shot(page, "sign-in")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def points_of(page, node):
    return page.locator(f"#c-{re.escape(node)} .crit-score .pts").inner_text()


def save(page, node):
    article = page.locator(f"#c-{re.escape(node)}")
    article.get_by_role("button", name=f"Lưu {node}").click()
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_officer_fills_attaches_submits_and_the_other_unit_cannot_see(live_server, browser, tmp_path):
    from web.models import Assessment
    from web.seed import demo_pdf, seed_demo
    accounts = {u: p for u, p, _ in seed_demo()}
    a = Assessment.objects.get(unit__code="phuong-1-tay-ninh")
    base = live_server.url
    pdf = tmp_path / "bien-ban-kiem-tra.pdf"
    pdf.write_bytes(demo_pdf("Bien ban kiem tra CCHC so 12/BB-UBND"))
    shot = Shots("officer")

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, base, "canbo.phuong1", accounts["canbo.phuong1"], shot)
    page.get_by_text("Điểm tự chấm hiện tại").wait_for()
    shot(page, "dashboard")
    before = page.locator(".stat .big").first.inner_text()
    assert before == "64,56"

    page.get_by_role("link", name="Tài liệu kiểm chứng", exact=True).click()
    page.wait_for_load_state()
    shot(page, "evidence")

    # 1. a count: 3 inspections → 4 (the band rises from 0,5 to 0,75)
    c132 = page.locator("#c-1\\.3\\.2")
    assert points_of(page, "1.3.2").startswith("0,5 ")
    c132.get_by_label("Số lượng").fill("4")
    save(page, "1.3.2")
    page.locator("#c-1\\.3\\.2").get_by_text("Đã lưu.").wait_for()
    assert points_of(page, "1.3.2").startswith("0,75")
    page.locator("#c-1\\.3\\.2 details.explain").evaluate("d => d.open = true")
    assert "= 4" in page.locator("#c-1\\.3\\.2 .trace").inner_text()

    # 2. a percent typed with a decimal comma; first a wrong value, kept and explained beside its field
    c113 = page.locator("#c-1\\.1\\.3")
    c113.get_by_label("Tỷ lệ").fill("chín mươi")
    save(page, "1.1.3")
    err = page.locator("#c-1\\.1\\.3 .field-error").first
    err.wait_for()
    assert "chín mươi" in err.inner_text()
    assert page.locator("#c-1\\.1\\.3").get_by_label("Tỷ lệ").input_value() == "chín mươi"
    shot(page, "invalid-kept")
    page.locator("#c-1\\.1\\.3").get_by_label("Tỷ lệ").fill("85,5")
    save(page, "1.1.3")
    page.locator("#c-1\\.1\\.3").get_by_text("Đã lưu.").wait_for()
    assert points_of(page, "1.1.3").startswith("0,5")

    # 3. attach a PDF, then fill the missing criterion 3.5.5 with it as its document
    page.get_by_label("Đính kèm tài liệu kiểm chứng").set_input_files(str(pdf))
    page.get_by_role("button", name="Đính kèm", exact=True).click()
    page.wait_for_load_state()
    page.get_by_text("Đã đính kèm: bien-ban-kiem-tra.pdf").wait_for()
    shot(page, "attached")
    page.goto(f"{base}/a/{a.pk}/criterion/3.5.5/")
    shot(page, "criterion-3.5.5")
    c355 = page.locator("#c-3\\.5\\.5")
    assert points_of(page, "3.5.5").startswith("0 ")
    c355.get_by_label("Tỷ lệ").fill("96")
    c355.locator("details.docs").evaluate("d => d.open = true")
    c355.get_by_label("Số văn bản").first.fill("12/BB-UBND")
    c355.get_by_label("Ngày (dd/mm/yyyy)").first.fill("05/10/2024")
    c355.get_by_label("Tệp đính kèm").first.select_option(label="bien-ban-kiem-tra.pdf")
    save(page, "3.5.5")
    page.locator("#c-3\\.5\\.5").get_by_text("Đã lưu.").wait_for()
    assert not points_of(page, "3.5.5").startswith("0 ")
    link = page.locator("#c-3\\.5\\.5").get_by_role("link", name="bien-ban-kiem-tra.pdf")
    assert link.count() == 1
    shot(page, "criterion-3.5.5-saved")
    r = page.request.get(base + link.get_attribute("href"))
    assert r.status == 200 and r.body().startswith(b"%PDF-")

    # the score moved on the dashboard
    page.get_by_role("link", name="Tổng quan").click()
    page.wait_for_load_state()
    after = page.locator(".stat .big").first.inner_text()
    assert after == "65,06"       # +0,25 (1.3.2) −0,25 (1.1.3, 97,73% → 85,5%) +0,5 (3.5.5)
    shot(page, "dashboard-after")

    # submit, then everything is read-only
    page.get_by_role("link", name="Nộp", exact=True).click()
    page.wait_for_load_state()
    shot(page, "submit")
    page.get_by_label("Tôi xác nhận hồ sơ đầy đủ, chính xác.").check()
    page.get_by_role("button", name="Nộp").click()
    page.wait_for_load_state()
    page.get_by_text("Đã nộp").first.wait_for()
    assert "Mã niêm phong" in page.content()
    shot(page, "submitted")
    page.goto(f"{base}/a/{a.pk}/evidence/")
    assert page.get_by_role("button", name="Lưu 1.3.2").count() == 0
    assert page.locator("#c-1\\.3\\.2").get_by_label("Số lượng").is_disabled()
    shot(page, "evidence-locked")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()

    # the other unit's officer: unit A is not found
    sign_in(page, base, "canbo.phuong2", accounts["canbo.phuong2"], shot)
    shot(page, "other-unit-dashboard")
    resp = page.goto(f"{base}/a/{a.pk}/")
    assert resp.status == 404
    assert page.get_by_role("heading", name="Không tìm thấy trang").count() == 1
    shot(page, "other-unit-404")
    resp = page.goto(f"{base}/a/{a.pk}/report.html")
    assert resp.status == 404

    # the same on a phone
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(phone, base, "canbo.phuong1", accounts["canbo.phuong1"], shot)
    shot(phone, "phone-dashboard")
    phone.goto(f"{base}/a/{a.pk}/criterion/1.1.1/")
    shot(phone, "phone-criterion")
