"""Retention of citizens' personal data (UU 27/2022): anonymise after a set period, export on request.

Anonymising keeps every row, status and time, so queue, SLA, IKM and complaint statistics stay
the same; only what identifies a person (name, NIK, phone, e-mail, address, free-text notes)
is cleared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from mpp_lite.applications.models import Application
from mpp_lite.extensions import db
from mpp_lite.site import clock
from mpp_lite.site.services import get_setting, get_settings, update_settings

ANONYMISED_NAME = "(dianonimkan)"


@dataclass(frozen=True)
class RetentionRule:
    key: str  # the setting that holds the number of days
    label: object
    description: object
    default_days: int


RETENTION_RULES = (
    RetentionRule(
        "retention_days_application",
        _l("Closed applications"),
        _l(
            "Days after an application is picked up or rejected before the applicant's "
            "name, NIK, phone, e-mail and address are anonymised."
        ),
        730,
    ),
    RetentionRule(
        "retention_days_open_application",
        _l("Abandoned open applications"),
        _l("Days after an application was received before it is anonymised even though it was never closed."),
        1825,
    ),
    RetentionRule(
        "retention_days_complaint",
        _l("Complaints"),
        _l("Days after a complaint was received before the complainant's contact details are anonymised."),
        730,
    ),
    RetentionRule(
        "retention_days_survey",
        _l("Survey suggestions"),
        _l("Days after a survey answer before its free-text suggestion is removed (the scores are kept for the IKM)."),
        730,
    ),
)
PRIVACY_DAILY_PURGE = "privacy_daily_purge"


def retention_days() -> dict[str, int]:
    """Retention per record type in days, from the settings (defaults when unset or invalid)."""

    stored = get_settings()
    days = {}
    for rule in RETENTION_RULES:
        try:
            value = int(stored.get(rule.key) or rule.default_days)
        except (TypeError, ValueError):
            value = rule.default_days
        days[rule.key] = max(1, value)
    return days


def save_retention(values: dict[str, int], daily_purge: bool) -> None:

    update_settings(
        {**{key: str(int(value)) for key, value in values.items()}, PRIVACY_DAILY_PURGE: "1" if daily_purge else ""}
    )


def daily_purge_enabled() -> bool:

    return bool(get_setting(PRIVACY_DAILY_PURGE))


def purge(now: datetime | None = None) -> dict[str, int]:
    """Anonymise personal data past its retention period; answer counts per record type.

    Changes go through the ORM, so the sync outbox sees them as new versions and a central
    copy is anonymised too.
    """
    now = now or clock.utcnow()
    days = retention_days()
    counts = {"application": 0, "complaint": 0, "survey": 0}
    counts["application"] = _purge_applications(now, days)
    counts["complaint"] = _purge_complaints(now, days)
    counts["survey"] = _purge_surveys(now, days)
    db.session.flush()
    return counts


def _purge_applications(now: datetime, days: dict[str, int]) -> int:

    closed_before = now - timedelta(days=days["retention_days_application"])
    received_before = now - timedelta(days=days["retention_days_open_application"])
    query = db.select(Application).where(
        Application.anonymised_at.is_(None),
        db.or_(
            db.and_(Application.closed_at.is_not(None), Application.closed_at < closed_before),
            db.and_(Application.closed_at.is_(None), Application.received_at < received_before),
        ),
    )
    count = 0
    for application in db.session.scalars(query):
        application.applicant_name = ANONYMISED_NAME
        application.nik = None
        application.phone = None
        application.email = None
        application.address = None
        application.anonymised_at = now
        for step in application.steps:
            step.note = ""
        _clear_notifications(application.id)
        count += 1
    return count


def _clear_notifications(application_id: int) -> None:
    """Messages owed to the applicant may greet them by name: clear their text too."""
    try:
        from mpp_lite.applications.models import Notification
    except ImportError:
        return
    for notification in db.session.scalars(db.select(Notification).filter_by(application_id=application_id)):
        notification.message = ""


def _purge_complaints(now: datetime, days: dict[str, int]) -> int:
    try:
        from mpp_lite.complaints.models import Complaint
    except ImportError:  # the complaints feature is not installed
        return 0
    before = now - timedelta(days=days["retention_days_complaint"])
    query = db.select(Complaint).where(Complaint.anonymised_at.is_(None), Complaint.received_at < before)
    count = 0
    for complaint in db.session.scalars(query):
        complaint.contact_name = ""
        complaint.contact_phone = ""
        complaint.contact_email = ""
        complaint.anonymised_at = now
        count += 1
    return count


def _purge_surveys(now: datetime, days: dict[str, int]) -> int:
    try:
        from mpp_lite.survey.models import SurveyResponse
    except ImportError:
        return 0
    before = now - timedelta(days=days["retention_days_survey"])
    query = db.select(SurveyResponse).where(SurveyResponse.submitted_at < before, SurveyResponse.suggestion != "")
    count = 0
    for response in db.session.scalars(query):
        response.suggestion = ""
        count += 1
    return count


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def export_person(nik: str) -> dict:
    """Everything the site holds about the person with this NIK (their applications)."""

    applications = db.session.scalars(
        db.select(Application).where(Application.nik == nik).order_by(Application.received_at)
    ).all()
    items = []
    for application in applications:
        items.append(
            {
                "tracking_code": application.tracking_code,
                "service": {"code": application.service.code, "name": application.service.name},
                "tenant": {"code": application.tenant.code, "name": application.tenant.name},
                "applicant": {
                    "name": application.applicant_name,
                    "nik": application.nik,
                    "phone": application.phone,
                    "email": application.email,
                    "address": application.address,
                },
                "documents": list(application.documents or []),
                "status": application.status,
                "received_at": _iso(application.received_at),
                "verified_at": _iso(application.verified_at),
                "due_date": _iso(application.due_date),
                "ready_at": _iso(application.ready_at),
                "closed_at": _iso(application.closed_at),
                "rejection_reason": application.rejection_reason,
                "history": [
                    {"from": step.from_status, "to": step.to_status, "at": _iso(step.at), "note": step.note}
                    for step in application.steps
                ],
            }
        )
    return {"exported_at": clock.local_now().isoformat(), "nik": nik, "applications": items}


def valid_nik_format(nik: str) -> bool:
    return len(nik) == 16 and nik.isdigit()
