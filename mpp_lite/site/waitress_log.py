"""waitress's "Task queue depth is N" warning, summarised.

waitress warns each time a request has to wait for a free worker thread. Under a busy morning that
is nearly every request (tens of thousands of lines an hour), which buries what an IT officer looks
for. The first wait is written as it comes; after it, at most one line a minute says how often
requests waited and the deepest queue seen.
"""

from __future__ import annotations

import logging
import threading
import time

QUEUE_LOGGER = "waitress.queue"


class QueueDepthSummary(logging.Filter):
    def __init__(self, interval: float = 60.0):
        super().__init__()
        self.interval = interval
        self.clock = time.monotonic  # tests move it
        self._lock = threading.Lock()
        self._next_line_at = 0.0
        self._waits = 0
        self._peak = 0

    def filter(self, record: logging.LogRecord) -> bool:
        depth = record.args[0] if isinstance(record.args, tuple) and record.args else 1
        now = self.clock()
        with self._lock:
            self._waits += 1
            self._peak = max(self._peak, int(depth))
            if now < self._next_line_at:
                return False
            if self._next_line_at:
                record.msg = "Requests waited for a free server thread %d times in the last minute (at most %d waiting)"
                record.args = (self._waits, self._peak)
            self._waits = self._peak = 0
            self._next_line_at = now + self.interval
        return True


def summarise_queue_warnings(interval: float = 60.0) -> QueueDepthSummary:
    """Install the summary on waitress's queue logger (once per process)."""
    logger = logging.getLogger(QUEUE_LOGGER)
    for existing in logger.filters:
        if isinstance(existing, QueueDepthSummary):
            return existing
    summary = QueueDepthSummary(interval)
    logger.addFilter(summary)
    return summary
