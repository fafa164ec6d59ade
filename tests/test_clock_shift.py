"""`scripts/test.py --at MOMENT`: every process of a run reads one shifted wall clock that keeps
ticking, while timed waits stay real (what libfaketime breaks in Python)."""

import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
JAKARTA = ZoneInfo("Asia/Jakarta")

CHILD = """
import json, subprocess, sys, threading, time
from mpp_lite.site import clock
fired = threading.Event()
threading.Timer(0.05, fired.set).start()
started = time.monotonic()
waited = fired.wait(5)
grandchild = subprocess.run([sys.executable, "-c", "import time; print(time.time())"],
                            capture_output=True, text=True, check=True).stdout
print(json.dumps({"now": clock.local_now().isoformat(), "today": clock.today().isoformat(),
                  "timer": waited, "waited": time.monotonic() - started, "grandchild": float(grandchild)}))
"""


def test_a_moved_clock_reaches_every_process_and_timed_waits_stay_real():
    moment = datetime(2027, 1, 1, 0, 5, tzinfo=JAKARTA)  # still 31 December in UTC
    real_now = time.time() - float(os.environ.get("MPP_TEST_CLOCK_OFFSET", 0))  # this run may be moved too
    env = {
        **os.environ,
        "MPP_TEST_CLOCK_OFFSET": str(moment.timestamp() - real_now),
        "PYTHONPATH": str(ROOT / "tests" / "clock_shift"),
    }
    out = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    seen = json.loads(out)
    assert seen["today"] == "2027-01-01"
    assert 0 <= (datetime.fromisoformat(seen["now"]) - moment).total_seconds() < 30  # ticking from the moment
    assert seen["timer"] and seen["waited"] < 2
    assert abs(seen["grandchild"] - moment.timestamp()) < 30  # a process it starts shares the clock
