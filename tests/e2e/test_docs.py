"""The manual is generated from the program: it must match the binary."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_cli_reference_is_current():
    binary = os.environ.get("ANSINH_BIN", os.path.join(ROOT, "build", "ansinh"))
    got = subprocess.run(["sh", os.path.join(ROOT, "tools", "cli-doc.sh"), binary],
                         capture_output=True, text=True, check=True).stdout
    with open(os.path.join(ROOT, "docs", "cli.md"), encoding="utf-8") as f:
        assert f.read() == got, "docs/cli.md is stale: run sh tools/cli-doc.sh > docs/cli.md"
