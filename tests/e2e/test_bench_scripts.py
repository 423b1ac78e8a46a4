"""The benchmark scripts that are not run by `make check` still fit the tree:
bench/log_ablation.patch (the hooks bench/log_ablation.sh builds a scratch copy
with) must apply to the sources as they are, and the script must parse."""
import os
import shutil
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def test_log_ablation_patch_applies_to_the_sources():
    if shutil.which("git") is None or not os.path.exists(os.path.join(ROOT, ".git")):
        pytest.skip("not a git checkout")
    r = subprocess.run(["git", "apply", "--check", "bench/log_ablation.patch"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    patch = open(os.path.join(ROOT, "bench", "log_ablation.patch"), encoding="utf-8").read()
    # the hooks the script relies on, each in the file it names
    assert "ABLATE_SHA" in patch and "src/ledger/merkle.c" in patch
    assert "ABLATE_ROWS" in patch and "src/store/log.c" in patch


def test_log_ablation_script_parses():
    r = subprocess.run(["sh", "-n", os.path.join(ROOT, "bench", "log_ablation.sh")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
