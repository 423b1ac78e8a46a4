"""ansinh vietqr and ansinh account: payloads checked field by field and by
an independent CRC (binascii.crc_hqx with 0xFFFF is CRC-16/CCITT-FALSE), the
PNG read back by zbarimg, the SVG's shape, and pledge codes filled from the
books."""
import binascii
import re
import shutil
import subprocess

import pytest

from e2e_helpers import one_line

ZBARIMG = shutil.which("zbarimg") or "/usr/bin/zbarimg"


def tlvs(s):
    out, i = [], 0
    while i < len(s):
        tag, n = s[i:i + 2], int(s[i + 2:i + 4])
        out.append((tag, s[i + 4:i + 4 + n]))
        i += 4 + n
    assert i == len(s), s
    return out


def check_payload(p):
    """Independent reading: CRC over everything before its value, TLVs."""
    assert p[-8:-4] == "6304"
    assert "%04X" % binascii.crc_hqx(p[:-4].encode(), 0xFFFF) == p[-4:]
    return dict(tlvs(p))


def fields(p):
    top = check_payload(p)
    m = dict(tlvs(top["38"]))
    acct = dict(tlvs(m["01"]))
    return {"type": top["01"], "guid": m["00"], "bin": acct["00"], "account": acct["01"],
            "service": m["02"], "currency": top["53"], "amount": top.get("54"),
            "country": top["58"], "purpose": dict(tlvs(top["62"]))["08"] if "62" in top else None}


def test_payload_fields(run):
    p = run.ok("vietqr", "--bin", "970403", "--account", "0011012345678", "--amount",
               "5.000.000", "--purpose", "Ủng hộ Quỹ ASXH", db=None).strip()
    f = fields(p)
    assert f == {"type": "12", "guid": "A000000727", "bin": "970403", "account": "0011012345678",
                 "service": "QRIBFTTA", "currency": "704", "amount": "5000000", "country": "VN",
                 "purpose": "UNG HO QUY ASXH"}
    assert p.startswith("000201")


def test_static_payload_has_no_amount(run):
    p = run.ok("vietqr", "--bin", "970436", "--account", "1234567890", db=None).strip()
    f = fields(p)
    assert f["type"] == "11" and f["amount"] is None and f["purpose"] is None


def test_png_decodes_to_the_payload(run, tmp):
    png = tmp / "qr.png"
    p = run.ok("vietqr", "--bin", "970403", "--account", "0011012345678", "--amount", "250000",
               "--purpose", "UH ASXH P000042", "--png", png, db=None).strip()
    z = subprocess.run([ZBARIMG, "--raw", "-q", str(png)], capture_output=True, timeout=60)
    assert z.returncode == 0, z.stderr
    assert z.stdout.decode().strip() == p


def test_svg_is_one_path_without_script(run, tmp):
    svg = tmp / "qr.svg"
    run.ok("vietqr", "--bin", "970403", "--account", "1", "--svg", svg, db=None)
    text = svg.read_text()
    assert text.startswith("<svg ") and text.endswith("</svg>")
    assert text.count("<path") == 1 and "script" not in text.lower()
    side = int(re.search(r'viewBox="0 0 (\d+) \1"', text).group(1))
    assert side >= 21 + 8  # version 1 plus the quiet zone


@pytest.mark.parametrize("args,field", [
    (["--bin", "97040", "--account", "1"], "bin:"),
    (["--bin", "970403", "--account", "12-3"], "account:"),
    (["--bin", "970403", "--account", "1", "--amount", "10.000.000.000.000"], "amount:"),
    (["--bin", "970403", "--account", "1", "--amount", "1,5"], "amount:"),
    (["--bin", "970403", "--account", "1", "--purpose", "x" * 26], "purpose:"),
])
def test_bad_values_name_the_field(run, args, field):
    r = run("vietqr", *args, db=None)
    assert r.rc == 1 and one_line(r.err) and field in r.err, r.err
    assert r.out == ""


def test_usage_errors(run):
    assert run("vietqr", "--bin", "970403", db=None).rc == 2
    assert run("vietqr", db=None).rc == 2


def test_pledge_code_uses_outstanding_and_nearest_account(tree):
    run = tree
    run.ok("donor", "add", "--name", "Nguyễn Văn Đức", "--kind", "individual", "--unit", "X1")
    run.ok("pledge", "add", "--campaign", "C19", "--donor", "1", "--amount", "10.000.000")
    r = run("vietqr", "--pledge", "1")
    assert r.rc == 1 and "no collection account" in r.err and one_line(r.err)
    run.ok("account", "set", "--campaign", "C19", "--bin", "970403", "--account", "0011012345678",
           "--name", "QUY AN SINH XA HOI")
    f = fields(run.ok("vietqr", "--pledge", "1").strip())
    assert (f["bin"], f["account"], f["amount"], f["purpose"]) == \
        ("970403", "0011012345678", "10000000", "UH ASXH P000001")
    # a unit above the donor's has its own account: that one is nearer
    run.ok("account", "set", "--campaign", "C19", "--unit", "D1", "--bin", "970415",
           "--account", "1020304050", "--name", "MTTQ HUYEN CANG LONG")
    run.ok("contribution", "add", "--donor", "1", "--amount", "4.000.000", "--channel",
           "transfer", "--pledge", "1", "--date", "15/09/2019")
    f = fields(run.ok("vietqr", "--pledge", "1").strip())
    assert (f["bin"], f["account"], f["amount"]) == ("970415", "1020304050", "6000000")
    rows = run.json("account", "list")
    assert [(a["campaign"], a["unit"], a["bin"]) for a in rows] == \
        [("C19", None, "970403"), ("C19", "D1", "970415")]
    # the rest paid: nothing to ask for
    run.ok("contribution", "add", "--donor", "1", "--amount", "6.000.000", "--channel",
           "transfer", "--pledge", "1", "--date", "16/09/2019")
    r = run("vietqr", "--pledge", "1")
    assert r.rc == 1 and "nothing outstanding" in r.err
    assert run("vietqr", "--pledge", "99").rc == 1


def test_account_set_checks_and_replaces(tree):
    run = tree
    r = run("account", "set", "--bin", "1234", "--account", "1", "--name", "X")
    assert r.rc == 1 and "bin:" in r.err
    r = run("account", "set", "--unit", "NOPE", "--bin", "970403", "--account", "1", "--name", "X")
    assert r.rc == 1 and "NOPE" in r.err
    run.ok("account", "set", "--bin", "970403", "--account", "1", "--name", "A")
    run.ok("account", "set", "--bin", "970403", "--account", "2", "--name", "B")
    rows = run.json("account", "list")
    assert len(rows) == 1 and rows[0]["account"] == "2"
    f = fields(run.ok("vietqr", "--campaign", "C19", "--unit", "X3").strip())
    assert f["account"] == "2" and f["amount"] is None
