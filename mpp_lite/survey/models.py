"""One SKM questionnaire: nine scores, where it came from, and the optional respondent profile."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Index, SmallInteger, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mpp_lite.database import StrEnum, SyncedRecord, UTCDateTime, utcnow
from mpp_lite.extensions import db

# ticket/application: the visit is proven by its link; kiosk/staff: walk-up, service chosen.
SURVEY_SOURCES = ("ticket", "application", "kiosk", "staff")
AGE_GROUPS = ("under_20", "20_29", "30_39", "40_49", "50_59", "60_plus")
SEXES = ("male", "female")
EDUCATIONS = ("none", "sd", "smp", "sma", "diploma", "s1", "s2", "s3")
OCCUPATIONS = ("civil_servant", "military_police", "private", "entrepreneur", "student", "homemaker", "other")
SOURCE_LABELS = {
    "ticket": _l("Ticket link"),
    "application": _l("Application receipt"),
    "kiosk": _l("Kiosk (walk-up)"),
    "staff": _l("Recorded by staff"),
}
PROFILE_LABELS = {
    "age_group": {
        "under_20": _l("Under 20"),
        "20_29": "20-29",
        "30_39": "30-39",
        "40_49": "40-49",
        "50_59": "50-59",
        "60_plus": _l("60 or older"),
    },
    "sex": {"male": _l("Male"), "female": _l("Female")},
    "education": {
        "none": _l("No schooling"),
        "sd": _l("Primary school (SD)"),
        "smp": _l("Junior high (SMP)"),
        "sma": _l("Senior high (SMA/SMK)"),
        "diploma": _l("Diploma (D1-D3)"),
        "s1": _l("Bachelor (D4/S1)"),
        "s2": _l("Master (S2)"),
        "s3": _l("Doctorate (S3)"),
    },
    "occupation": {
        "civil_servant": _l("Civil servant"),
        "military_police": _l("Military/police"),
        "private": _l("Private employee"),
        "entrepreneur": _l("Self-employed"),
        "student": _l("Student"),
        "homemaker": _l("Homemaker"),
        "other": _l("Other"),
    },
}
PROFILE_TITLES = {
    "age_group": _l("Age"),
    "sex": _l("Sex"),
    "education": _l("Education"),
    "occupation": _l("Occupation"),
}


class SurveyResponse(SyncedRecord, db.Model):
    __tablename__ = "survey_responses"
    __sync_type__ = "survey"
    __table_args__ = (
        Index("ix_survey_responses_tenant_day", "tenant_id", "day"),
        Index("ix_survey_responses_service_day", "service_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    # One response per visit: unique where given (NULLs do not clash).
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), unique=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    day: Mapped[date] = mapped_column(Date, index=True)  # the site's local date of the answer
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    u1: Mapped[int] = mapped_column(SmallInteger)
    u2: Mapped[int] = mapped_column(SmallInteger)
    u3: Mapped[int] = mapped_column(SmallInteger)
    u4: Mapped[int] = mapped_column(SmallInteger)
    u5: Mapped[int] = mapped_column(SmallInteger)
    u6: Mapped[int] = mapped_column(SmallInteger)
    u7: Mapped[int] = mapped_column(SmallInteger)
    u8: Mapped[int] = mapped_column(SmallInteger)
    u9: Mapped[int] = mapped_column(SmallInteger)
    # The profile is optional and names nobody.
    age_group: Mapped[str] = mapped_column(String(16), default="")
    sex: Mapped[str] = mapped_column(String(8), default="")
    education: Mapped[str] = mapped_column(String(16), default="")
    occupation: Mapped[str] = mapped_column(String(24), default="")
    suggestion: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(80), default="")  # kiosk or staff name
    # A walk-up response in a burst from one device (more than the rate per minute): kept, shown
    # on the dashboard, never counted in the IKM.
    flagged: Mapped[bool] = mapped_column(default=False, server_default=false())

    service = relationship("Service")
    tenant = relationship("Tenant")

    def answers(self) -> dict[str, int]:
        return {f"U{i}": getattr(self, f"u{i}") for i in range(1, 10)}

    def __repr__(self) -> str:
        return f"<SurveyResponse {self.id} {self.source} {self.day}>"


class FollowUpStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class SurveyPeriod(db.Model):
    """A survey period (e.g. Semester I 2026) whose IKM is published and followed up."""

    __tablename__ = "survey_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    # Visitors served in the period (the population for the Krejcie & Morgan sample); None: counted.
    population: Mapped[int | None] = mapped_column()
    published: Mapped[bool] = mapped_column(default=False)

    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="period", order_by="FollowUp.element, FollowUp.id", cascade="all, delete-orphan"
    )


class FollowUp(db.Model):
    """One follow-up action on a low-scoring element: who does what by when, and the evidence."""

    __tablename__ = "survey_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("survey_periods.id", ondelete="CASCADE"), index=True)
    element: Mapped[str] = mapped_column(String(3))  # U1..U9
    action: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(String(160))
    deadline: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=FollowUpStatus.PLANNED)
    evidence: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(80), default="")

    period: Mapped[SurveyPeriod] = relationship(back_populates="follow_ups")
