"""Moves the wall clock of every Python process of a test run: `scripts/test.py --at MOMENT`.

Python imports `sitecustomize` at start-up from this folder (which `--at` puts on PYTHONPATH), so
the suite, the live servers it starts, the CLI commands and the scripts all read one shifted clock:
each adds the same offset (MPP_TEST_CLOCK_OFFSET, seconds) to the one real clock, and time goes on
ticking. Only the wall clock moves (time.time, datetime.now, date.today); monotonic clocks, sleeps
and timed waits stay real. (libfaketime moves those too, and Python's timed waits such as
threading.Timer or a lock with a timeout then never wake.)
"""

import os

_offset = os.environ.get("MPP_TEST_CLOCK_OFFSET")
if _offset:
    import time

    import time_machine

    time_machine.travel(time.time() + float(_offset), tick=True).start()
