"""Schemathesis over /api/v1/openapi.json against the app: no 5xx, and every response matches
the document (status codes, content type, body schema). Bounded so that it runs in about a minute.

(Schemathesis' pytest plugin does not run under this pytest version, so each operation's
strategy is driven with Hypothesis directly; the checks are schemathesis' own.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mpp_lite.extensions import db

pytestmark = pytest.mark.slow

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 12


def test_api_matches_its_openapi_document(app, seeded, create_token):
    from mpp_lite.queue.services import issue_ticket

    app.config["RATELIMIT_ENABLED"] = False
    issue_ticket(seeded["services"][0].id, False, issued_by="kiosk")
    db.session.commit()
    headers = {"Authorization": f"Bearer {create_token('admin', name='schemathesis')}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures, tested = [], []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            assert b"Traceback" not in response.content
            db.session.rollback()

        try:
            run()
        except (Exception, FailureGroup) as error:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {type(error).__name__}: {str(error)[:800]}")
        tested.append(operation.label)
    assert len(tested) >= 10, tested
    assert failures == [], "\n\n".join(failures)
