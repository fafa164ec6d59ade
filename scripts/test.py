"""Install what the tests need and run the whole suite (lint, translations, tests).

    python3 scripts/test.py [pytest arguments]

Uses the same `.venv/` as quickstart.py, installs the kit with its `test` extras, runs ruff,
then pytest. Browser tests use Chromium at $MPP_CHROMIUM or /usr/bin/chromium (see README).
Set MPP_TEST_DATABASE_URL=postgresql+psycopg://... to run the suite against PostgreSQL.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quickstart import ROOT, ensure_venv  # noqa: E402


def main() -> int:
    python = ensure_venv("test")
    lint = subprocess.call([str(python), "-m", "ruff", "check", "mpp_lite", "tests", "scripts"], cwd=ROOT)
    if lint:
        print("ruff found problems (above); fix them or run `ruff check --fix`.")
        return lint
    return subprocess.call([str(python), "-m", "pytest", *sys.argv[1:]], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
