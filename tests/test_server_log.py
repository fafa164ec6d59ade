"""waitress's per-request "Task queue depth" warning is summarised, so a busy morning does not bury
the server's output (it once wrote ~40,000 lines in three minutes of load)."""

import logging

import pytest

from mpp_lite.site.waitress_log import QUEUE_LOGGER, QueueDepthSummary, summarise_queue_warnings


@pytest.fixture
def summary():
    logger = logging.getLogger(QUEUE_LOGGER)
    before = list(logger.filters)
    installed = summarise_queue_warnings()
    installed._next_line_at = 0.0
    yield installed
    logger.filters[:] = before


def test_a_burst_of_queue_warnings_writes_one_line_then_one_summary_a_minute(summary, caplog):
    now = [1000.0]
    summary.clock = lambda: now[0]
    logger = logging.getLogger(QUEUE_LOGGER)
    with caplog.at_level(logging.WARNING, logger=QUEUE_LOGGER):
        for depth in [1, 2, 5, 3] * 500:  # 2,000 waits within the minute
            logger.warning("Task queue depth is %d", depth)
        assert [r.getMessage() for r in caplog.records] == ["Task queue depth is 1"]
        now[0] += 61
        logger.warning("Task queue depth is %d", 2)
    assert len(caplog.records) == 2
    assert caplog.records[1].getMessage() == (
        "Requests waited for a free server thread 2000 times in the last minute (at most 5 waiting)"
    )


def test_installing_twice_keeps_one_filter(summary):
    assert summarise_queue_warnings() is summary
    assert sum(isinstance(f, QueueDepthSummary) for f in logging.getLogger(QUEUE_LOGGER).filters) == 1
