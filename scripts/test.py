"""Install what the tests need and run the whole suite (lint, translations, tests).

    python3 scripts/test.py [--at MOMENT] [pytest arguments]

Uses the same `.venv/` as quickstart.py, installs the kit with its `test` extras, runs ruff
(lint, and `ruff format --check`: 120 characters a line), then pytest. Browser tests use Chromium
at $MPP_CHROMIUM or /usr/bin/chromium (see README).
Set MPP_TEST_DATABASE_URL=postgresql+psycopg://... to run the suite against PostgreSQL.
`-m "not slow and not browser"` is the fast loop: it runs on every core (see tests/conftest.py).

`--at MOMENT` runs the suite as if the clock read MOMENT when it started (ISO 8601; without a
UTC offset it is site time, Asia/Jakarta), e.g. `--at 2027-01-01T00:05` (just after midnight WIB,
still 31 December in UTC). Every Python process of the run (servers, commands and scripts the
tests start) shares the shifted clock, which goes on ticking: see tests/clock_shift/.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quickstart import ROOT, ensure_venv  # noqa: E402

SITE_ZONE = ZoneInfo("Asia/Jakarta")


def moment_env(text: str) -> dict[str, str]:
    """The environment that moves every process's clock to `text` (see tests/clock_shift/)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        sys.exit(f"--at {text!r}: give a moment as YYYY-MM-DDTHH:MM, e.g. --at 2027-01-01T00:05 (WIB)")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SITE_ZONE)
    print(f"Clock moved to {moment.astimezone(SITE_ZONE):%A %Y-%m-%d %H:%M} WIB for this run.", flush=True)
    shift = ROOT / "tests" / "clock_shift"
    path = os.pathsep.join(p for p in (str(shift), os.environ.get("PYTHONPATH", "")) if p)
    return {"MPP_TEST_CLOCK_OFFSET": str(moment.timestamp() - time.time()), "PYTHONPATH": path}


def main(argv: list[str]) -> int:
    env = dict(os.environ)
    if argv[:1] == ["--at"] and len(argv) > 1:
        env.update(moment_env(argv[1]))
        argv = argv[2:]
    elif argv[:1] and argv[0].startswith("--at="):
        env.update(moment_env(argv[0].split("=", 1)[1]))
        argv = argv[1:]
    python = ensure_venv("test")
    lint = subprocess.call([str(python), "-m", "ruff", "check", "mpp_lite", "tests", "scripts"], cwd=ROOT)
    if lint:
        print("ruff found problems (above); fix them or run `ruff check --fix`.")
        return lint
    layout = subprocess.call([str(python), "-m", "ruff", "format", "--check", "mpp_lite", "tests", "scripts"], cwd=ROOT)
    if layout:
        print("Some files are not laid out as `ruff format` would (above): run `ruff format mpp_lite tests scripts`.")
        return layout
    return subprocess.call([str(python), "-m", "pytest", *argv], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
