"""Admin page for a queue's week: opening windows per day (with breaks), quotas, date-range
overrides (Ramadan hours, a closure, an extra Saturday), the priority policy, the last-ticket
margin. The same checks as the API (queue/schedule.py): nothing is stored while a field is wrong."""

from __future__ import annotations

import json
import re

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from mpp_lite.admin import bp
from mpp_lite.audit.services import record
from mpp_lite.auth.permissions import current_actor, require
from mpp_lite.database import in_transaction
from mpp_lite.extensions import db
from mpp_lite.forms import AdminForm
from mpp_lite.queue.forms import WEEKDAY_LABELS, QueueWeekForm
from mpp_lite.queue.models import Queue
from mpp_lite.queue.schedule import (
    SITE_WEEK_SETTING,
    TYPICAL_MPP_WEEK,
    WEEKDAYS,
    Schedule,
    ScheduleInvalid,
    clock_text,
    queue_schedule,
    site_schedule,
)
from mpp_lite.site.services import update_settings

_WINDOW = re.compile(r"^\s*(\d{1,2}[:.]\d{2})\s*[-–]\s*(\d{1,2}[:.]\d{2})\s*$")
CLOSED_WORDS = ("", "-", "tutup", "closed", "libur")


@bp.route("/antrean/<int:queue_id>/jadwal", methods=["GET", "POST"])
@require("admin")
def queue_week(queue_id: int):
    queue = db.get_or_404(Queue, queue_id)
    actor = current_actor()
    if request.method == "POST" and request.form.get("inherit") and AdminForm().validate_on_submit():

        def follow_site():
            queue.schedule = None
            record(actor, "queue_schedule.inherit", "queue", queue.id)

        in_transaction(follow_site)
        flash(_("Queue %(prefix)s now follows the site's standard week.", prefix=queue.prefix), "success")
        return redirect(url_for("admin.queue_week", queue_id=queue.id))

    def save(schedule: Schedule) -> None:
        queue.schedule = schedule.to_json()
        record(
            actor, "queue_schedule.save", "queue", queue.id, policy=schedule.policy, overrides=len(schedule.overrides)
        )

    own = queue_schedule(queue) if queue.schedule is not None else None
    shown = own or site_schedule() or Schedule.office_hours(queue.opens_at, queue.closes_at)
    return _week_page(
        shown,
        save,
        _("The week of queue %(prefix)s is saved.", prefix=queue.prefix),
        url_for("admin.queue_week", queue_id=queue.id),
        queue=queue,
        follows_site=own is None,
        site_week=site_schedule() is not None,
    )


@bp.route("/antrean/jadwal-standar", methods=["GET", "POST"])
@require("admin")
def site_week():
    """The site's standard week: every queue without a week of its own follows it."""
    actor = current_actor()

    def save(schedule: Schedule) -> None:
        update_settings({SITE_WEEK_SETTING: json.dumps(schedule.to_json(), sort_keys=True)})
        record(
            actor,
            "site_schedule.save",
            "setting",
            SITE_WEEK_SETTING,
            policy=schedule.policy,
            overrides=len(schedule.overrides),
        )

    shown = site_schedule() or Schedule(week={day: () for day in WEEKDAYS})
    if request.method == "GET" and request.args.get("contoh"):
        shown = Schedule.from_json({"week": TYPICAL_MPP_WEEK})
    following = db.session.scalar(db.select(db.func.count(Queue.id)).where(Queue.schedule.is_(None)))
    return _week_page(
        shown,
        save,
        _("The site's standard week is saved."),
        url_for("admin.site_week"),
        queue=None,
        following=following,
        site_week=site_schedule() is not None,
    )


def _week_page(shown: Schedule, save, saved_message: str, here: str, **context):
    """The week grid: show `shown`, or check the posted grid and `save` it (nothing while a field
    is wrong: 422 with each error on its input)."""
    form = QueueWeekForm()
    status = 200
    if request.method == "GET":
        _fill(form, shown)
    elif form.validate_on_submit():
        data, problems = _wire_form(form)
        # Booking rules are set on their own page (bookings/admin_views.py): keep them.
        data["booking"] = shown.booking.to_json()
        try:
            if problems:
                raise ScheduleInvalid(problems)
            schedule = Schedule.from_json(data)
        except ScheduleInvalid as invalid:
            _show(form, invalid.fields)
            status = 422
        else:
            in_transaction(lambda: save(schedule))
            flash(saved_message, "success")
            return redirect(here)
    else:
        status = 400
    return render_template("admin/queue_week.html", form=form, days=WEEKDAY_LABELS, **context), status


def _fill(form: QueueWeekForm, schedule: Schedule) -> None:
    for day in WEEKDAYS:
        getattr(form, f"hours_{day}").data = ", ".join(
            f"{clock_text(w.opens, ':')}-{clock_text(w.closes, ':')}" for w in schedule.week.get(day, ())
        )
        getattr(form, f"quota_{day}").data = schedule.quota.get(day)
    form.policy.data = schedule.policy
    form.interleave_ratio.data = schedule.interleave_ratio
    form.last_ticket_margin_minutes.data = schedule.last_ticket_margin_minutes
    form.overrides.data = "\n".join(
        f"{o.start.isoformat()}..{o.end.isoformat()} | "
        f"{', '.join(f'{clock_text(w.opens, chr(58))}-{clock_text(w.closes, chr(58))}' for w in o.windows) or 'tutup'}"
        f"{' | ' + o.note if o.note else ''}"
        for o in schedule.overrides
    )


def _windows(text: str, where: str, problems: dict) -> list:
    if (text or "").strip().lower() in CLOSED_WORDS:
        return []
    windows = []
    for part in text.split(","):
        match = _WINDOW.match(part)
        if not match:
            problems[where] = _("Write hours as 08:00-15:00, several separated by commas, or leave empty.")
            return []
        windows.append([match.group(1).replace(".", ":"), match.group(2).replace(".", ":")])
    return windows


def _wire_form(form: QueueWeekForm) -> tuple[dict, dict]:
    """The form's text as the schedule's wire form, and what could not even be read."""
    problems: dict[str, str] = {}
    week = {day: _windows(getattr(form, f"hours_{day}").data or "", f"week.{day}", problems) for day in WEEKDAYS}
    quota = {day: getattr(form, f"quota_{day}").data for day in WEEKDAYS}
    overrides = []
    for number, line in enumerate((form.overrides.data or "").splitlines()):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        dates = parts[0].split("..")
        if len(dates) != 2 or len(parts) < 2:
            problems[f"overrides.{number}"] = _(
                "Write from..to | hours | note, e.g. 2027-02-08..2027-03-09 | 08:00-14:00 | Ramadan"
            )
            continue
        overrides.append(
            {
                "from": dates[0].strip(),
                "to": dates[1].strip(),
                "windows": _windows(parts[1], f"overrides.{number}", problems),
                "note": parts[2] if len(parts) > 2 else "",
            }
        )
    data = {
        "week": week,
        "quota": quota,
        "overrides": overrides,
        "policy": form.policy.data,
        "interleave_ratio": form.interleave_ratio.data,
        "last_ticket_margin_minutes": form.last_ticket_margin_minutes.data or 0,
    }
    return data, problems


def _show(form: QueueWeekForm, fields: dict) -> None:
    """Put each of the schedule's field errors on the input it came from (week.fri.1 -> Friday)."""
    for where, problem in fields.items():
        head, _dot, rest = where.partition(".")
        if head == "week":
            target = getattr(form, f"hours_{rest.split('.')[0]}", None)
        elif head == "quota":
            target = getattr(form, f"quota_{rest}", None)
        elif head == "overrides":
            target = form.overrides
            line = rest.split(".")[0]
            problem = _("line %(number)d: %(problem)s", number=int(line) + 1 if line.isdigit() else 0, problem=problem)
        else:
            target = getattr(form, head, None)
        if target is not None:
            target.errors = [*list(target.errors or []), str(problem)]
