"""Error messages in Vietnamese (docs/vietnamese.md): the CLI speaks English
by default and under any other locale, Vietnamese when the first set of
LC_ALL, LC_MESSAGES, LANG starts with "vi"; the exit status is the same in
both languages, and the FILE:LINE: field: heads of an import are translated
too."""
import pytest

from e2e_helpers import write_csv

VI = {"LANG": "vi_VN.UTF-8"}


def test_cli_is_english_by_default(tree):
    rc, out, err = tree("donor", "show", "99")
    assert rc == 1
    assert err.strip() == "ansinh donor: no donor 99"


def test_cli_in_vietnamese_under_a_vi_locale(tree):
    rc, out, err = tree("donor", "show", "99", env=VI)
    assert rc == 1
    assert err.strip() == "ansinh donor: không tìm thấy nhà hảo tâm số 99"


@pytest.mark.parametrize("env,vietnamese", [
    ({"LANG": "vi_VN.UTF-8", "LC_ALL": "C"}, False),        # LC_ALL wins
    ({"LANG": "C.UTF-8", "LC_MESSAGES": "vi_VN"}, True),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "vi_VN.UTF-8"}, True),
    ({"LANG": "vi_VN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, False),
    ({"LANG": "fr_FR.UTF-8"}, False),
], ids=["lc-all-c", "lc-messages-vi", "lc-all-vi", "lc-messages-en", "other"])
def test_locale_precedence(tree, env, vietnamese):
    rc, out, err = tree("donor", "show", "99", env=env)
    assert rc == 1
    assert ("không tìm thấy" in err) == vietnamese, err
    assert ("no donor" in err) != vietnamese, err


def test_usage_error_keeps_exit_status_2(run):
    rc, out, err = run("unit", "add", "--code", "X", env=VI)
    assert rc == 2
    assert err.strip() == "ansinh unit: thiếu mã (--code) và tên (--name)"
    rc, out, err = run("unit", "add", "--code", "X")
    assert rc == 2
    assert err.strip() == "ansinh unit: --code and --name are required"


@pytest.mark.parametrize("amount,date,want", [
    ("1.00.000", "15/09/2019",
     "tệp.csv:3: số tiền: '1.00.000' không phải là số tiền (các chữ số phải được nhóm theo ba, "
     "ví dụ 5.000.000)"),
    ("0", "15/09/2019", "tệp.csv:3: số tiền: phải lớn hơn 0 đồng"),
    ("1.000", "31/02/2019",
     "tệp.csv:3: ngày: '31/02/2019' không phải là ngày hợp lệ (viết ngày/tháng/năm, "
     "ví dụ 15/09/2019)"),
], ids=["amount", "zero", "date"])
def test_import_heads_in_vietnamese(tree, tmp, amount, date, want):
    header = ["date", "donor", "kind", "unit", "amount", "channel"]
    f = write_csv(tmp / "tệp.csv", header, [
        ["15/09/2019", "Nguyễn Văn Đức", "individual", "X1", "1.000.000", "cash"],
        [date, "Lê Thị Hoa", "individual", "X1", amount, "cash"],
    ])
    rc, out, err = tree("import", "contributions", f, env=VI)
    assert rc == 1
    assert err.strip() == f"ansinh import: {tmp / want}", err
    rc, out, err = tree("import", "contributions", f)
    assert rc == 1 and "tệp.csv:3: " in err and ("amount: " in err or "date: " in err), err
