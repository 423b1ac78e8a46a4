"""verify.js in a real browser (headless Chromium through Selenium): on
/verify the donor's browser checks the inclusion proof on its own with
WebCrypto and says so; its root computation agrees with the server's
checkpoint for leaves across the tree; a log that lies (a spoilt proof) is
called out.  Skipped when Chromium, its driver or Selenium is missing."""
import base64
import shutil

import pytest

from e2e_helpers import sql_ok

webdriver = pytest.importorskip("selenium.webdriver")
if not (shutil.which("chromium") and shutil.which("chromedriver")):
    pytest.skip("chromium and chromedriver are needed", allow_module_level=True)

from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = shutil.which("chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        o.add_argument(a)
    try:
        d = webdriver.Chrome(options=o, service=Service(shutil.which("chromedriver")))
    except Exception as ex:  # a browser that cannot start here is not a failure of ansinh
        pytest.skip(f"headless chromium does not start: {ex}")
    d.set_script_timeout(30)
    yield d
    d.quit()


def code_of(web, donor):
    receipt = sql_ok(web.db, f"SELECT receipt_no FROM contribution WHERE donor_id = {donor} "
                             "ORDER BY id DESC LIMIT 1;").strip()
    from e2e_helpers import Runner
    return Runner(web.db.parent).ok("log", "code", receipt, db=web.db).strip()


def state_after(browser):
    WebDriverWait(browser, 30).until(
        lambda d: d.find_element("id", "browser-check").get_attribute("data-state")
        in ("ok", "fail"))
    box = browser.find_element("id", "browser-check")
    return box.get_attribute("data-state"), box.text


def test_browser_checks_the_proof(web, browser):
    code = code_of(web, web.ids["duc"])
    browser.get(f"http://127.0.0.1:{web.port}/verify?code={code}")
    state, text = state_after(browser)
    assert state == "ok", text
    assert "Trình duyệt của bạn đã tự kiểm tra" in text
    assert "Đã được ghi nhận" in browser.find_element("id", "verdict").text


ROOT_JS = """
const [leaf, index, size, path, done] = arguments;
const v = window.ansinhVerify;
v.rootFromProof(v.b64bytes(leaf), index, size, path.map(v.b64bytes))
  .then(r => done(btoa(String.fromCharCode(...r))), e => done("error: " + e.message));
"""


def test_js_root_equals_server_root(web, browser):
    """For leaves across the tree, the JS's root from the served proof is
    the root of the served checkpoint."""
    c = web.client()
    browser.get(f"http://127.0.0.1:{web.port}/verify")
    cp = c.get("/log/checkpoint").text.split("\n")
    size, root = int(cp[1]), cp[2]
    receipts = sql_ok(web.db, "SELECT receipt_no FROM contribution WHERE id IN "
                              "(1, 2, 255, 256, 257, 1000, (SELECT max(id) FROM contribution));")
    from e2e_helpers import Runner
    run = Runner(web.db.parent)
    checked = 0
    for receipt in receipts.split():
        code = run.ok("log", "code", receipt, db=web.db).strip()
        j = c.get(f"/api/public/proof?code={code}&size={size}").json()
        got = browser.execute_async_script(ROOT_JS, j["leaf_data"], j["leaf"], j["size"], j["proof"])
        assert got == root, (receipt, j["leaf"], got)
        # one hash spoilt: another root; one missing: refused
        bad = list(j["proof"])
        if bad:
            bad[-1] = base64.b64encode(bytes(32)).decode()
            assert browser.execute_async_script(ROOT_JS, j["leaf_data"], j["leaf"], j["size"],
                                                bad) != root
            assert browser.execute_async_script(ROOT_JS, j["leaf_data"], j["leaf"], j["size"],
                                                j["proof"][:-1]).startswith("error")
        checked += 1
    assert checked >= 5
