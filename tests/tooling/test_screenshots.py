"""`make screenshots` still runs: the demo stack, Chromium, and a small PNG at the asked width."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="screenshots need /usr/bin/chromium")
def test_the_screenshot_command_writes_the_account_page_at_phone_width(tmp_path):
    done = subprocess.run([sys.executable, "-m", "scripts.screenshots", "--out", str(tmp_path),
                           "--only", "account", "--widths", "phone"],
                          cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    with Image.open(tmp_path / "account-phone.png") as shot:
        assert shot.format == "PNG" and shot.width == 375
    assert (tmp_path / "account-phone.png").stat().st_size < 100_000
