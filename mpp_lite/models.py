"""Every feature's models, imported in one place so that migrations see all tables."""

from mpp_lite.applications.models import (
    Application,
    ApplicationStep,
    LocalHoliday,
    Notification,
    StatusLookupFailure,
)
from mpp_lite.audit.models import AuditEvent
from mpp_lite.auth.models import ApiToken, User
from mpp_lite.bookings.models import (
    Booking,
    BookingSeats,
    MessageChannel,
    MessageTemplate,
    OutgoingMessage,
)
from mpp_lite.catalogue.models import Service, Tenant
from mpp_lite.complaints.models import Complaint, ComplaintStep
from mpp_lite.queue.models import Counter, DevicePairing, Queue, QueueDayCounter, Ticket, counter_queues
from mpp_lite.reports.models import DailyMinuteStats, DailyServiceStats, DailyStaffStats, RollupDay
from mpp_lite.site.models import Setting
from mpp_lite.survey.models import SurveyResponse
from mpp_lite.sync.models import OutboxRow, SyncDelivery, SyncEndpoint, SyncLock

__all__ = [
    "Application",
    "ApplicationStep",
    "LocalHoliday",
    "Notification",
    "StatusLookupFailure",
    "DevicePairing",
    "QueueDayCounter",
    "Ticket",
    "ApiToken",
    "AuditEvent",
    "Counter",
    "Queue",
    "Service",
    "Setting",
    "Tenant",
    "User",
    "counter_queues",
    "Complaint",
    "ComplaintStep",
    "SurveyResponse",
    "DailyMinuteStats",
    "DailyServiceStats",
    "DailyStaffStats",
    "RollupDay",
    "OutboxRow",
    "SyncDelivery",
    "SyncEndpoint",
    "SyncLock",
    "Booking",
    "BookingSeats",
    "MessageChannel",
    "MessageTemplate",
    "OutgoingMessage",
]
