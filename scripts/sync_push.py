"""Push pending sync records once: a thin wrapper around `mpp-lite sync push` for schedulers.

    python scripts/sync_push.py [--endpoint NAME]

cron (every 10 minutes):
    */10 * * * * cd /opt/mpp-lite && .venv/bin/python scripts/sync_push.py >> instance/logs/sync-push.log 2>&1
Windows Task Scheduler:
    schtasks /Create /SC MINUTE /MO 10 /TN "MPP Lite sync" ^
        /TR "C:\\mpp-lite\\.venv\\Scripts\\python.exe C:\\mpp-lite\\scripts\\sync_push.py"

Exit codes as `mpp-lite sync push`: 0 nothing pending, 3 rows still pending, 1 configuration or
authentication error, 4 another push is running.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mpp_lite.cli import main  # noqa: E402  after the path is set

if __name__ == "__main__":
    main(args=["sync", "push", *sys.argv[1:]], prog_name="mpp-lite")
