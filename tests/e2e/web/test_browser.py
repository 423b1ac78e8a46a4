"""The portal and the staff workspace in a real browser (headless Chromium
through Selenium): a clerk enters a contribution with the keyboard only and
it appears on the public portal; search as you type folds diacritics; a
donor who asked not to be named is never named; no page scrolls sideways on
a phone.  Screenshots of the main pages at desktop and phone widths are
left in build/screenshots/ for people to look at."""
import re
import shutil
import time
import unicodedata
from pathlib import Path

import pytest

from e2e_helpers import Runner, copy_db
from web_helpers import PASSWORD, Server

try:
    from selenium import webdriver
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - python3-selenium missing
    webdriver = None

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
SHOTS = Path(__file__).resolve().parents[3] / "build" / "screenshots"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
ANON = "Nhà hảo tâm ẩn danh"
WAIT = 20


def _missing():
    if webdriver is None:
        return "python3-selenium is not installed"
    if not CHROMIUM:
        return "chromium is not installed"
    if not CHROMEDRIVER:
        return "chromium-driver (chromedriver) is not installed"
    return None


@pytest.fixture(scope="module")
def site(web_template, tmp_path_factory):
    d = tmp_path_factory.mktemp("browser")
    db = copy_db(web_template["db"], d / "browser.db")
    server = Server(db, d / "serve.log")
    server.ids = web_template["ids"]
    server.db = db
    yield server
    assert server.stop() == 0, server.log_text()[-2000:]


@pytest.fixture(scope="module")
def browser():
    why = _missing()
    if why:
        pytest.skip(why)
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--lang=vi-VN", "--window-size=1366,900", "--hide-scrollbars"):
        opts.add_argument(a)
    try:
        drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER),
                               options=opts)
    except WebDriverException as e:  # pragma: no cover
        pytest.skip(f"chromium did not start: {e.msg}")
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()


def viewport(drv, name, height=None):
    w, h = SIZES[name]
    drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": w, "height": height or h, "deviceScaleFactor": 1, "mobile": name == "phone"})


def url(site, path):
    return f"http://127.0.0.1:{site.port}{path}"


def wait(drv, cond, timeout=WAIT):
    # an element read while the page is being replaced (a form posted) is
    # stale: ask again rather than fail
    return WebDriverWait(drv, timeout, ignored_exceptions=(StaleElementReferenceException,)
                         ).until(cond)


def login(drv, site, name):
    drv.delete_all_cookies()
    drv.get(url(site, "/dang-nhap"))
    field = drv.find_element(By.NAME, "name")
    field.send_keys(name)
    field.send_keys(Keys.TAB, PASSWORD, Keys.ENTER)
    wait(drv, lambda d: "/dang-nhap" not in d.current_url)


def fold(s):
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def receipt_of(site, amount):
    """The receipt number of the template's one contribution of amount."""
    import sqlite3
    n = int(amount.split()[0].replace(".", ""))
    con = sqlite3.connect(f"file:{site.db}?mode=ro", uri=True)
    try:
        [(r,)] = con.execute("SELECT receipt_no FROM contribution WHERE amount = ?", (n,)).fetchall()
    finally:
        con.close()
    return r


def vn_number(n):
    return f"{n:,}".replace(",", ".")


def results_text(drv):
    return drv.find_element(By.ID, "results").text


def answered(drv):
    """The live list shows the answer to the text now in the box, not to
    one typed before (app.js keeps aria-busy until then)."""
    res = drv.find_element(By.ID, "results")
    return res.get_attribute("aria-busy") == "false" and "Tìm thấy" in res.text


def test_clerk_enters_a_contribution_with_the_keyboard(browser, site):
    drv = browser
    viewport(drv, "desktop")
    drv.get(url(site, "/api/public/summary"))
    count_before = int(re.search(r'"contributions":(\d+)', drv.page_source).group(1))
    login(drv, site, "clerk")
    drv.get(url(site, "/quan-ly/dong-gop/moi"))
    box = drv.find_element(By.ID, "donor_q")
    box.send_keys("do minh duc")  # without diacritics
    wait(drv, EC.presence_of_element_located((By.CSS_SELECTOR, "ul.picks li a")))
    # from the search box: Tab over "Tìm" to the first pick, Enter
    box.send_keys(Keys.TAB)
    drv.switch_to.active_element.send_keys(Keys.TAB)
    pick = drv.switch_to.active_element
    assert pick.tag_name == "a" and "Đỗ Minh Đức" in pick.text
    pick.send_keys(Keys.ENTER)
    amount = wait(drv, EC.presence_of_element_located((By.ID, "amount")))
    assert "Đỗ Minh Đức" in drv.find_element(By.TAG_NAME, "main").text
    amount.send_keys("5.000.000")
    wait(drv, lambda d: "Năm triệu đồng" in d.find_element(By.ID, "amount-words").text)
    assert "5.000.000" in drv.find_element(By.ID, "amount-words").text
    amount.send_keys(Keys.ENTER)  # the form's first button: preview
    save = wait(drv, EC.presence_of_element_located(
        (By.CSS_SELECTOR, "button[name=action][value=save]")))
    main = drv.find_element(By.TAG_NAME, "main").text
    assert "5.000.000 đ" in main and "Năm triệu đồng" in main
    save.send_keys(Keys.ENTER)
    wait(drv, lambda d: "/quan-ly/dong-gop/moi" not in d.current_url
         or "đã được lưu" in d.page_source.lower())
    receipt = re.search(r"TV2019-\d{6}", drv.find_element(By.TAG_NAME, "main").text)
    assert receipt, drv.find_element(By.TAG_NAME, "main").text

    # the public sees it (anyone: no cookies), searching without diacritics
    drv.delete_all_cookies()
    drv.get(url(site, "/dong-gop?q=do+minh+duc"))
    rows = [r.text for r in drv.find_elements(By.CSS_SELECTOR, "#results tbody tr")]
    assert any("Đỗ Minh Đức" in r and "5.000.000 đ" in r and receipt.group(0) in r for r in rows), rows
    # and the home page's figures moved with it
    drv.get(url(site, "/"))
    assert f"cả {vn_number(count_before + 1)} khoản" in drv.find_element(By.TAG_NAME, "main").text


def test_search_as_you_type_folds_diacritics(browser, site):
    drv = browser
    viewport(drv, "desktop")
    drv.delete_all_cookies()
    drv.get(url(site, "/dong-gop"))
    before = results_text(drv)
    box = drv.find_element(By.ID, "q")
    box.send_keys("duc")
    # no Enter: the list changes as the letters are typed; under load an
    # answer for "d" or "du" may come first, so wait for the one for "duc"
    wait(drv, lambda d: answered(d))
    assert drv.current_url.split("?")[0].endswith("/dong-gop")
    text = results_text(drv)
    assert text != before and "Đỗ Minh Đức" in text
    names = [r.find_elements(By.TAG_NAME, "td")[1].text
             for r in drv.find_elements(By.CSS_SELECTOR, "#results tbody tr")]
    assert names and all(any(w.startswith("duc") for w in fold(n).split()) for n in names), names
    # with the diacritics typed, the same people
    box.clear()
    box.send_keys("Đức")
    wait(drv, lambda d: answered(d) and "Đỗ Minh Đức" in results_text(d))
    # the count shown matches the JSON API's total
    shown = int(re.search(r"Tìm thấy ([\d.]+)", results_text(drv)).group(1).replace(".", ""))
    drv.get(url(site, "/api/public/contributions?q=%C4%90%E1%BB%A9c"))
    total = int(re.search(r'"total":(\d+)', drv.page_source).group(1))
    assert shown == total


def test_a_hidden_name_never_reaches_the_browser(browser, site):
    drv = browser
    viewport(drv, "desktop")
    drv.delete_all_cookies()
    drv.get(url(site, "/dong-gop"))
    box = drv.find_element(By.ID, "q")
    for q in ("Tran Bi Mat", "Lê Công Khai", "bi mat"):
        box.clear()
        box.send_keys(q)
        time.sleep(0.6)  # the debounce, then the answer
        wait(drv, lambda d: "Tìm thấy" in results_text(d))
        src = drv.page_source
        assert "Bí Mật" not in src and "Công Khai" not in src, q
    # the gifts themselves are listed (by receipt), without the name
    for amount in ("7.777.000 đ", "3.333.000 đ"):
        drv.get(url(site, "/dong-gop?q=" + receipt_of(site, amount)))
        rows = [r.text for r in drv.find_elements(By.CSS_SELECTOR, "#results tbody tr")]
        assert len(rows) == 1 and ANON in rows[0] and amount in rows[0], rows
        assert "Bí Mật" not in drv.page_source and "Công Khai" not in drv.page_source


PUBLIC_PAGES = [
    ("portal-home", "/"),
    ("contributions", "/dong-gop"),
    ("unit", "/don-vi/TV-CL"),
    ("media", "/bao-chi"),
    ("login", "/dang-nhap"),
]
STAFF_PAGES = [
    ("dashboard", "/quan-ly"),
    ("entry-form", "/quan-ly/dong-gop/moi?donor={duc}"),
    ("donors", "/quan-ly/nha-hao-tam"),
    ("staff-contributions", "/quan-ly/dong-gop"),
]


def shoot(drv, name, width):
    """A full-page screenshot; returns how far the page scrolls sideways."""
    viewport(drv, width)
    drv.execute_script("window.scrollTo(0, 0)")
    overflow = drv.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    height = drv.execute_script("return document.documentElement.scrollHeight")
    viewport(drv, width, min(max(height, SIZES[width][1]), 6000))
    SHOTS.mkdir(parents=True, exist_ok=True)
    drv.save_screenshot(str(SHOTS / f"{name}-{width}.png"))
    viewport(drv, width)
    return overflow


@pytest.mark.parametrize("width", list(SIZES))
def test_screenshots_and_no_sideways_scrolling(browser, site, width):
    drv = browser
    wide = {}
    drv.delete_all_cookies()
    viewport(drv, width)
    for name, path in PUBLIC_PAGES:
        drv.get(url(site, path))
        wide[name] = shoot(drv, name, width)
    login(drv, site, "clerk")
    for name, path in STAFF_PAGES:
        drv.get(url(site, path.format(duc=site.ids["duc"])))
        if name == "entry-form":
            drv.find_element(By.ID, "amount").send_keys("5.000.000")
            wait(drv, lambda d: "Năm triệu" in d.find_element(By.ID, "amount-words").text)
        wide[name] = shoot(drv, name, width)
    assert all(v <= 0 for v in wide.values()), wide
    for name, _ in PUBLIC_PAGES + STAFF_PAGES:
        assert (SHOTS / f"{name}-{width}.png").stat().st_size > 5000


# The phase-2 staff pages over the full demo (committee, canvassing, goods,
# accounts: `ansinh demo` without --money-only), as an administrator.
WORK_PAGES = [
    ("committee", "/quan-ly/ban-chi-dao"),
    ("canvassing", "/quan-ly/van-dong"),
    ("units", "/quan-ly/don-vi"),
    ("targets", "/quan-ly/chi-tieu"),
    ("accounts", "/quan-ly/tai-khoan"),
    ("audit", "/quan-ly/nhat-ky"),
    ("goods", "/quan-ly/hien-vat"),
    ("goods-item", "/quan-ly/hien-vat/1"),
    ("statements", "/quan-ly/sao-ke"),
    ("reconcile", "/quan-ly/doi-soat"),
]


@pytest.fixture(scope="module")
def full_demo(tmp_path_factory):
    d = tmp_path_factory.mktemp("full-demo")
    r = Runner(d)
    r.ok("demo", "--donors", "300", "--contributions", "2000")
    pw = d / "password"
    pw.write_text(PASSWORD + "\n")
    r.ok("user", "add", "admin", "--role", "admin", "--password-file", pw)
    r.ok("user", "add", "ke-toan", "--role", "clerk", "--password-file", pw)
    r.ok("user", "add", "can-bo-cang-long", "--role", "unit_officer", "--unit", "TV-CL",
         "--password-file", pw)
    r.ok("token", "add", "--user", "ke-toan", "--label", "Phần mềm kế toán Sở Tài chính")
    server = Server(r.db, d / "serve.log")
    yield server
    assert server.stop() == 0, server.log_text()[-2000:]


@pytest.mark.parametrize("width", list(SIZES))
def test_work_pages_screenshots(browser, full_demo, width):
    drv = browser
    wide = {}
    login(drv, full_demo, "admin")
    for name, path in WORK_PAGES:
        drv.get(url(full_demo, path))
        text = drv.find_element(By.TAG_NAME, "main").text
        assert "Chưa có" not in text and "Không có" not in text, (name, text[:300])
        assert unicodedata.is_normalized("NFC", text)
        wide[name] = shoot(drv, name, width)
    assert all(v <= 0 for v in wide.values()), wide
    for name, _ in WORK_PAGES:
        assert (SHOTS / f"{name}-{width}.png").stat().st_size > 5000


@pytest.mark.parametrize("width", list(SIZES))
def test_fund_pages_screenshots(browser, full_demo, width):
    """The fund's use as the public reads it (no heart-surgery child named,
    households only with consent, money as 1.000.000 đ) and as the fund
    manager's staff list shows it."""
    drv = browser
    drv.delete_all_cookies()
    viewport(drv, width)
    drv.get(url(full_demo, "/su-dung-quy"))
    text = drv.find_element(By.TAG_NAME, "main").text
    assert unicodedata.is_normalized("NFC", text)
    assert "Cháu " not in text and "Một trẻ em ở Xã Châu Điền" not in text  # Trà Cú, Cầu Ngang ...
    assert "Một trẻ em ở Xã Đại An" in text and "Hộ bà Thạch Thị Sa" in text
    assert "Hộ ông Kim Sóc" not in text and "Một hộ gia đình ở Xã Ngọc Biên" in text
    assert "20.000.000.000 đ" in text and "Phẫu thuật tim cho trẻ em" in text
    wide = {"fund-public": shoot(drv, "fund-public", width)}
    login(drv, full_demo, "admin")
    drv.get(url(full_demo, "/quan-ly/su-dung-quy"))
    text = drv.find_element(By.TAG_NAME, "main").text
    assert "Cháu Thạch Ngọc Hân" in text and "85/QĐ-UBND" in text
    wide["fund-staff"] = shoot(drv, "fund-staff", width)
    assert all(v <= 0 for v in wide.values()), wide


def test_clerk_uploads_a_statement_in_the_browser(browser, full_demo, tmp_path):
    """The file input of /quan-ly/sao-ke, as a clerk uses it: the statement is
    imported, the result says what went where, the queue is one click away."""
    drv = browser
    viewport(drv, "desktop")
    login(drv, full_demo, "ke-toan")
    f = tmp_path / "Sao kê Agribank 06-12.csv"
    f.write_text("Số tài khoản: 7300201006868\n"
                 "STT,Ngày giao dịch,Số bút toán,Diễn giải,Phát sinh nợ,Phát sinh có,Số dư cuối\n"
                 "1,06/12/2019,AGR199000001,UNG HO QUY ASXH,,400.000,1.250.400.000\n"
                 "2,06/12/2019,AGR199000002,IBFT TRAN VAN MOI UNG HO,,600.000,1.251.000.000\n")
    drv.get(url(full_demo, "/quan-ly/sao-ke"))
    drv.find_element(By.ID, "tep").send_keys(str(f))
    drv.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]").click()
    wait(drv, lambda d: "Đã nhập" in d.find_element(By.TAG_NAME, "main").text)
    text = drv.find_element(By.TAG_NAME, "main").text
    assert "Sao kê Agribank 06-12.csv" in text and "7300201006868" in text
    for width in SIZES:
        assert shoot(drv, f"statement-uploaded", width) <= 0
    drv.find_element(By.LINK_TEXT, "Mở hàng chờ đối soát").click()
    wait(drv, lambda d: "/quan-ly/doi-soat" in d.current_url
         and "AGR199000001" in d.find_element(By.TAG_NAME, "main").text)
