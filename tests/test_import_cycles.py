"""The modules of mpp_lite import each other without cycles (scripts/import_cycles.py)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_module_imports_itself_through_others():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "import_cycles.py"), "--edges"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.splitlines()[-1] == "import cycles: none", result.stdout
    assert result.returncode == 0
