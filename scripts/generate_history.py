"""Fill an MPP Lite database with a large MPP's history: for benchmarks and capacity planning.

    python3 scripts/generate_history.py --instance /tmp/mpp-5y            # five years, SQLite
    python3 scripts/generate_history.py --instance /tmp/mpp-1m --months 1
    python3 scripts/generate_history.py --instance /tmp/mpp-pg --database-url postgresql+psycopg://...

What it makes (defaults): the demo regency grown to 30 tenants and 150 services, and for every
working day (weekends and national holidays off) about 1,500 tickets spread over the tenants'
queues, each run through a small multi-counter simulation (arrivals peaking mid-morning,
service times around the queue's `service_minutes`, no-shows, transfers, tickets left at
closing), applications with status histories (received -> verified -> processing -> ready ->
picked up; some incomplete or rejected; the last weeks still open), SKM surveys, complaints
with their steps, and the per-day number counters. Ends yesterday (site time), so today is free
for live tickets.

Bulk inserts (SQLAlchemy Core executemany, thousands of rows per statement), one transaction
per month. On SQLite the generator's own connections run with synchronous=OFF and a big cache
(the server keeps its durable settings; nothing persists of these PRAGMAs). A five-year run
takes a few minutes; the summary and row counts are also written to <instance>/history.json.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import os
import random
import secrets
import sys
import time
import uuid
from calendar import monthrange
from collections import Counter as Tally
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ZONE = ZoneInfo("Asia/Jakarta")
UTC = timezone.utc

# 20 more tenants beside the demo's 10: (code, name, short name, colour, queue name, minutes)
EXTRA_TENANTS = [
    ("DISHUB", "Dinas Perhubungan", "Dishub", "#00695c", "Perhubungan", 12),
    ("BPN", "Kantor Pertanahan Kabupaten Sukamaju", "ATR/BPN", "#4e342e", "Pertanahan", 15),
    ("PN", "Pengadilan Negeri Sukamaju", "PN Sukamaju", "#6a1b9a", "Pengadilan", 12),
    ("PA", "Pengadilan Agama Sukamaju", "PA Sukamaju", "#1b5e20", "Pengadilan Agama", 15),
    ("KEJARI", "Kejaksaan Negeri Sukamaju", "Kejari", "#263238", "Kejaksaan", 10),
    ("BPJSTK", "BPJS Ketenagakerjaan Cabang Sukamaju", "BPJS TK", "#0d47a1", "BPJS TK", 12),
    ("DINKES", "Dinas Kesehatan", "Dinkes", "#2e7d32", "Kesehatan", 10),
    ("DISNAKER", "Dinas Tenaga Kerja", "Disnaker", "#bf360c", "Ketenagakerjaan", 10),
    ("DINSOS", "Dinas Sosial", "Dinsos", "#ad1457", "Sosial", 12),
    ("DISDIK", "Dinas Pendidikan", "Disdik", "#283593", "Pendidikan", 10),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", "#37474f", "PUPR", 20),
    ("DLH", "Dinas Lingkungan Hidup", "DLH", "#33691e", "Lingkungan", 15),
    ("BAPENDA", "Badan Pendapatan Daerah", "Bapenda", "#880e4f", "Pajak Daerah", 8),
    ("KUKM", "Dinas Koperasi dan UKM", "Diskop UKM", "#4a148c", "Koperasi UKM", 12),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan", "Disperindag", "#3e2723", "Perdagangan", 12),
    ("POS", "PT Pos Indonesia KCP MPP", "Pos Indonesia", "#e65100", "Pos", 5),
    ("PLN", "PT PLN (Persero) ULP Sukamaju", "PLN", "#01579b", "PLN", 8),
    ("TASPEN", "PT Taspen (Persero) Kantor Cabang", "Taspen", "#004d40", "Taspen", 12),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan SDM", "BKPSDM", "#311b92", "Kepegawaian", 15),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", "#b71c1c", "Kesbangpol", 10),
]
SERVICE_WORDS = [
    ("Rekomendasi", "Surat rekomendasi"),
    ("Izin", "Surat izin"),
    ("Legalisasi", "Dokumen terlegalisasi"),
    ("Konsultasi", "Informasi dan arahan"),
    ("Pendaftaran", "Bukti pendaftaran"),
    ("Perpanjangan", "Dokumen diperpanjang"),
    ("Pengaduan", "Tanda terima"),
    ("Surat Keterangan", "Surat keterangan"),
]
FIRST = [
    "Siti",
    "Ahmad",
    "Dewi",
    "Budi",
    "Rina",
    "Agus",
    "Sri",
    "Eko",
    "Nur",
    "Dian",
    "Yusuf",
    "Ani",
    "Joko",
    "Wati",
    "Rudi",
    "Lestari",
    "Hendra",
    "Fitri",
    "Bambang",
    "Putri",
    "Asep",
    "Neng",
    "Ujang",
    "Euis",
]
LAST = [
    "Rahmawati",
    "Saputra",
    "Lestari",
    "Santoso",
    "Hidayat",
    "Wulandari",
    "Setiawan",
    "Kurniawan",
    "Nugraha",
    "Permana",
    "Sutisna",
    "Suryani",
    "Maulana",
    "Fauzi",
    "Hasanah",
    "Ramdani",
    "Gunawan",
    "Kusuma",
]
COMPLAINT_TEXTS = [
    "Antrean terlalu lama, loket yang buka hanya satu.",
    "Petugas ramah dan cepat, terima kasih.",
    "Mohon disediakan kursi tambahan di ruang tunggu.",
    "Persyaratan di papan informasi berbeda dengan di loket.",
    "Berkas saya belum selesai padahal sudah lewat jadwal.",
    "Toilet kurang bersih.",
    "Mesin antrean sempat tidak mencetak nomor.",
    "Mohon informasi biaya dicantumkan lebih jelas.",
    "Parkir penuh, mohon ditambah area parkir.",
    "AC ruang tunggu tidak dingin.",
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instance", required=True, type=Path, help="instance folder to create (must be new)")
    parser.add_argument("--database-url", default=None, help="default: SQLite in the instance folder")
    parser.add_argument("--years", type=float, default=5.0)
    parser.add_argument(
        "--months", type=int, default=None, help="instead of --years: that many whole months ending on --end"
    )
    parser.add_argument("--per-day", type=int, default=1500, help="tickets per working day (mean)")
    parser.add_argument("--tenants", type=int, default=30)
    parser.add_argument("--services", type=int, default=150)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--end", type=date.fromisoformat, default=None, help="last day (default: yesterday)")
    parser.add_argument("--quiet", action="store_true")
    return parser.parse_args(argv)


# ------------------------------------------------------------------------------------------
# The site: demo data grown to 30 tenants and 150 services
# ------------------------------------------------------------------------------------------


def build_site(args) -> dict:
    from mpp_lite.auth.services import create_user
    from mpp_lite.catalogue.models import Service, Tenant
    from mpp_lite.catalogue.services import save_service
    from mpp_lite.cli import initialise
    from mpp_lite.extensions import db
    from mpp_lite.queue.models import Counter, Queue

    result = initialise(demo=True)
    rng = random.Random(args.seed)
    tenants = list(db.session.scalars(db.select(Tenant).order_by(Tenant.sort_order, Tenant.id)))
    taken = {q.prefix for q in db.session.scalars(db.select(Queue))}
    prefixes = [p for p in "KLMNOPQRSTUVWXYZ" if p not in taken] + [a + b for a in "KLMN" for b in "ABCDEFGH"]
    from mpp_lite.auth.models import User

    shared_hash = None
    next_counter = (db.session.scalar(db.select(db.func.max(Counter.number))) or 0) + 1
    for order, (code, name, short, colour, queue_name, minutes) in enumerate(
        EXTRA_TENANTS[: max(0, args.tenants - len(tenants))]
    ):
        tenant = Tenant(
            code=code,
            name=name,
            short_name=short,
            colour=colour,
            sort_order=len(tenants) + order,
            contact=f"Loket {short} MPP Sukamaju",
            description=f"Layanan {name} di MPP Kabupaten Sukamaju.",
        )
        db.session.add(tenant)
        queue = Queue(prefix=prefixes.pop(0), name=queue_name, tenant=tenant, service_minutes=minutes)
        db.session.add(queue)
        for _ in range(2 if order % 3 else 3):
            db.session.add(
                Counter(number=next_counter, name=f"Loket {next_counter} {short}", tenant=tenant, queues=[queue])
            )
            next_counter += 1
        tenants.append(tenant)
        db.session.flush()
        # One password hash for all generated operators (scrypt costs ~0.4 s each); they are
        # history's actors, not accounts anyone signs in with.
        if shared_hash is None:
            shared_hash = create_user(
                f"operator.{code.lower()}",
                secrets.token_urlsafe(12),
                "operator",
                code,
                full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                check_password=False,
            ).password_hash
        else:
            db.session.add(
                User(
                    username=f"operator.{code.lower()}",
                    password_hash=shared_hash,
                    role="operator",
                    tenant_id=tenant.id,
                    full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                )
            )
    db.session.flush()
    # Spread the remaining services over the tenants that have few.
    count = db.session.scalar(db.select(db.func.count(Service.id)))
    index = 0
    while count < args.services:
        tenant = tenants[10 + index % max(1, len(tenants) - 10)] if len(tenants) > 10 else tenants[index % len(tenants)]
        queue = db.session.scalar(db.select(Queue).where(Queue.tenant_id == tenant.id).limit(1))
        word, product = SERVICE_WORDS[(index // max(1, len(tenants) - 10)) % len(SERVICE_WORDS)]
        needs = index % 3 == 0
        save_service(
            Service(code=f"{tenant.code[:3]}-{index + 10:02d}"),
            {
                "tenant_id": tenant.id,
                "queue_id": queue.id if queue else None,
                "published": True,
                "name": f"{word} {tenant.short_name} {index + 1}",
                "summary": f"{word} pada {tenant.name}.",
                "keywords": f"{word.lower()} {tenant.short_name.lower()}",
                "requirements": ["Fotokopi KTP-el", "Formulir permohonan"],
                "procedure": ["Ambil nomor antrean", "Serahkan berkas di loket", "Terima bukti"],
                "duration_value": rng.choice([3, 5, 7, 14]) if needs else rng.choice([10, 15, 30]),
                "duration_unit": "working_days" if needs else "minutes",
                "fee": 0,
                "product": product,
                "complaint_channel": "Meja pengaduan MPP",
                "legal_basis": ["UU 25/2009"],
                "needs_application": needs,
            },
        )
        count += 1
        index += 1
    db.session.commit()
    next_counter = (db.session.scalar(db.select(db.func.max(Counter.number))) or 0) + 1
    counters_by_queue: dict[int, list[int]] = {}
    for counter in db.session.scalars(db.select(Counter).order_by(Counter.number)):
        for queue in counter.queues:
            counters_by_queue.setdefault(queue.id, []).append(counter.id)
    operators = {u.tenant_id: u.id for u in db.session.scalars(db.select(User).where(User.role == "operator"))}
    queues = []
    for queue in db.session.scalars(db.select(Queue).order_by(Queue.id)):
        services = [
            (s.id, s.needs_application, s.duration_value if s.duration_unit == "working_days" else 0)
            for s in db.session.scalars(db.select(Service).where(Service.queue_id == queue.id, Service.published))
        ]
        if not services:
            continue
        queues.append(
            {
                "id": queue.id,
                "prefix": queue.prefix,
                "tenant_id": queue.tenant_id,
                "minutes": queue.service_minutes,
                "counters": counters_by_queue.get(queue.id, []),
                "services": services,
                "operator": operators.get(queue.tenant_id),
            }
        )
    # Busy queues get the counters their load needs (about 85% busy over a 6.5-hour day).
    weights = queue_weights(queues, random.Random(args.seed + 2))
    for queue, weight in zip(queues, weights, strict=True):
        needed = max(1, math.ceil(weight * args.per_day * queue["minutes"] / (390 * 0.85)))
        while len(queue["counters"]) < needed:
            orm_queue = db.session.get(Queue, queue["id"])
            counter = Counter(
                number=next_counter,
                name=f"Loket {next_counter} {orm_queue.name}",
                tenant_id=queue["tenant_id"],
                queues=[orm_queue],
            )
            db.session.add(counter)
            db.session.flush()
            queue["counters"].append(counter.id)
            next_counter += 1
    db.session.commit()
    return {"queues": queues, "tenant_ids": [t.id for t in tenants], "admin_password": result.get("admin_password")}


# ------------------------------------------------------------------------------------------
# History
# ------------------------------------------------------------------------------------------


class Ids:
    def __init__(self, conn, tables):
        from sqlalchemy import func, select

        self.next = {t.name: (conn.execute(select(func.max(t.c.id))).scalar() or 0) + 1 for t in tables}

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


_MIDNIGHTS: dict[date, datetime] = {}


def local(day: date, minutes: float) -> datetime:
    """Aware UTC datetime for `minutes` after local midnight of `day`."""
    midnight = _MIDNIGHTS.get(day)
    if midnight is None:
        midnight = _MIDNIGHTS[day] = datetime(day.year, day.month, day.day, tzinfo=ZONE).astimezone(UTC)
    return midnight + timedelta(minutes=minutes)


class FastCalendar:
    """The kit's working-day rules, precomputed over the generated range (fast lookups)."""

    def __init__(self, calendar, start: date, end: date):
        self.days: list[date] = []
        self.index: dict[date, int] = {}
        day = start
        while day <= end:
            if calendar.is_working_day(day):
                self.index[day] = len(self.days)
                self.days.append(day)
            day += timedelta(days=1)
        self.calendar = calendar

    def is_working_day(self, day: date) -> bool:
        return day in self.index

    def add_working_days(self, start: date, count: int) -> date:
        position = self.index.get(start)
        if position is None or position + count >= len(self.days):
            return self.calendar.add_working_days(start, count)
        return self.days[position + count]


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier (the month's last day where it is shorter), so
    that `--months 1` is always a whole month, whatever day of the month the run falls on."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def working_days(start: date, end: date, calendar) -> list[date]:
    days = []
    day = start
    while day <= end:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def queue_weights(queues: list[dict], rng: random.Random) -> list[float]:
    """A few queues carry most of the load (Dukcapil, Samsat, BPJS), as in a real MPP."""
    heavy = {"A": 22.0, "E": 12.0, "D": 9.0, "B": 8.0, "C": 5.0, "F": 4.0, "H": 4.0}
    weights = [heavy.get(q["prefix"], rng.uniform(0.8, 2.2)) for q in queues]
    total = sum(weights)
    return [w / total for w in weights]


def staff_counters(queue: dict, per_day: float) -> int:
    """Enough counters that the queue runs at about 85% busy over a 6.5-hour day."""
    needed = per_day * queue["minutes"] / (390 * 0.85)
    return max(1, min(len(queue["counters"]) or 1, math.ceil(needed))) if queue["counters"] else 1


class Generator:
    def __init__(self, args, site, calendar, today: date):
        self.args = args
        self.rng = random.Random(args.seed + 1)
        self.queues = site["queues"]
        self.weights = queue_weights(self.queues, random.Random(args.seed + 2))
        self.calendar = calendar
        self.today = today
        self.now = datetime.now(UTC)
        self.tally = Tally()
        self.complaint_seq: dict[int, int] = {}
        self.count_demo_rows()
        self.quality = {t: self.rng.uniform(2.95, 3.55) for t in site["tenant_ids"]}
        self.codes: set[str] = set()
        # More counters than the demo has for busy queues: give them virtual ids of real counters.
        for queue, weight in zip(self.queues, self.weights, strict=True):
            queue["open"] = staff_counters(queue, weight * args.per_day)

    # one day ----------------------------------------------------------------------------
    def day(self, day: date, rows: dict[str, list], ids: Ids) -> None:
        rng = self.rng
        factor = {0: 1.18, 1: 1.05, 2: 1.0, 3: 0.97, 4: 0.8}.get(day.weekday(), 1.0)
        total = self.args.per_day * factor * rng.uniform(0.85, 1.15)
        for queue, weight in zip(self.queues, self.weights, strict=True):
            n = max(0, round(total * weight * rng.uniform(0.8, 1.2)))
            if n:
                self.queue_day(day, queue, n, rows, ids)
        for _ in range(self._poisson(3.0)):
            self.complaint(day, rows, ids)

    def queue_day(self, day, queue, n, rows, ids):
        rng = self.rng
        arrivals = sorted(min(440.0, rng.triangular(0, 400, 80)) for _ in range(n))
        counters = queue["counters"] or [None]
        free = [(480.0, c) for c in counters[: max(1, queue["open"])]]  # counters free from 08:00
        heapq.heapify(free)
        base = math.log(max(1.0, queue["minutes"]))
        tickets = rows["tickets"]
        for seq, minute in enumerate(arrivals, start=1):
            issued_minute = 480.0 + minute  # 08:00 local + arrival
            ticket_id = ids.take("tickets")
            service_id, needs_app, sla = rng.choice(queue["services"])
            free_at, counter = heapq.heappop(free)
            called = max(issued_minute + 0.3, free_at) + rng.uniform(0.1, 0.8)
            status, started, finished = "done", None, None
            reason = ""
            roll = rng.random()
            if called > 960:  # after 16:00: the day ended before the number was called
                status, called, reason = "cancelled", None, "day_end"
                heapq.heappush(free, (free_at, counter))
            elif roll < 0.05:
                status, reason = "no_show", ""
                heapq.heappush(free, (called + 3, counter))
            else:
                started = called + rng.uniform(0.3, 1.5)
                finished = started + min(90.0, rng.lognormvariate(base, 0.45))
                heapq.heappush(free, (finished, counter))
            issued_at = local(day, issued_minute)
            called_at = local(day, called) if called else None
            ticket = {
                "id": ticket_id,
                "public_id": secrets.token_urlsafe(16),
                "uid": str(uuid.uuid4()),
                "version": 3,
                "queue_id": queue["id"],
                "service_id": service_id,
                "day": day,
                "seq": seq,
                "number": f"{queue['prefix']}{seq:03d}",
                "priority": rng.random() < 0.05,
                "status": status,
                "issued_at": issued_at,
                "called_at": called_at,
                "last_called_at": called_at,
                "started_at": local(day, started) if started else None,
                "finished_at": local(day, finished)
                if finished
                else (
                    called_at + timedelta(minutes=3)
                    if status == "no_show"
                    else local(day, 965)
                    if status == "cancelled"
                    else None
                ),
                "call_count": 0 if called is None else (2 if status == "no_show" else 1),
                "counter_id": counter if called else None,
                "operator_id": queue["operator"] if called else None,
                "issued_by": "Kiosk 1" if rng.random() < 0.9 else "Petugas",
                "closed_reason": reason,
                "transferred_from_id": None,
            }
            ticket["updated_at"] = ticket["finished_at"] or issued_at
            tickets.append(ticket)
            self.tally["tickets"] += 1
            if status != "done":
                continue
            if needs_app and rng.random() < 0.45:
                self.application(day, ticket, queue, service_id, sla, rows, ids)
            if rng.random() < 0.12:
                self.survey(day, queue, service_id, ticket_id, ticket["finished_at"], rows, ids)
        rows["queue_day_counters"].append({"queue_id": queue["id"], "day": day, "last_number": n})

    def application(self, day, ticket, queue, service_id, sla, rows, ids):
        rng = self.rng
        app_id = ids.take("applications")
        received = ticket["finished_at"]
        steps = [(None, "received", received)]
        status = "received"
        verified_at = due = ready_at = closed_at = None
        reason = ""
        moment = received
        roll = rng.random()
        if roll < 0.03:
            steps.append(("received", "rejected", moment + timedelta(hours=rng.uniform(1, 30))))
            reason = "Persyaratan tidak sesuai ketentuan."
        else:
            if roll < 0.13:
                moment += timedelta(minutes=5)
                steps.append(("received", "incomplete", moment))
                moment += timedelta(days=rng.randint(1, 6), hours=rng.uniform(0, 3))
                steps.append(("incomplete", "verified", moment))
            else:
                moment += timedelta(minutes=rng.uniform(5, 60))
                steps.append(("received", "verified", moment))
            verified_day = moment.astimezone(ZONE).date()
            due = self.calendar.add_working_days(verified_day, max(1, sla or 1))
            steps.append(("verified", "processing", moment + timedelta(minutes=rng.uniform(10, 120))))
            late = rng.random() < 0.08
            ready_day = self.calendar.add_working_days(
                verified_day, max(0, (sla or 1) - rng.randint(0, 1)) + (rng.randint(1, 3) if late else 0)
            )
            ready_moment = local(ready_day, rng.uniform(540, 900))
            steps.append(("processing", "ready", ready_moment))
            if rng.random() < 0.96:
                pickup_day = self.calendar.add_working_days(ready_day, rng.choice([0, 1, 1, 2, 3, 5, 10]))
                steps.append(
                    (
                        "ready",
                        "picked_up",
                        max(ready_moment + timedelta(minutes=30), local(pickup_day, rng.uniform(480, 900))),
                    )
                )
        kept = [s for s in steps if s[2] <= self.now]
        status = kept[-1][1]
        for _from, to, at in kept:
            if to == "verified":
                verified_at = at
            elif to == "ready":
                ready_at = at
            elif to in ("picked_up", "rejected"):
                closed_at = at
        code = self.tracking_code()
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        rows["applications"].append(
            {
                "id": app_id,
                "uid": str(uuid.uuid4()),
                "version": len(kept),
                "tracking_code": code,
                "service_id": service_id,
                "tenant_id": queue["tenant_id"],
                "ticket_id": ticket["id"],
                "applicant_name": name,
                "nik": f"3299{rng.randint(0, 10**12 - 1):012d}",
                "phone": f"08{rng.randint(10**9, 10**10 - 1)}",
                "email": None,
                "address": "Kabupaten Sukamaju",
                "documents": ["Fotokopi KTP-el", "Fotokopi Kartu Keluarga"],
                "status": status,
                "received_at": received,
                "verified_at": verified_at,
                "due_date": due if verified_at else None,
                "sla_working_days": sla or 1,
                "paused_since": None,
                "paused_working_days": 0,
                "ready_at": ready_at,
                "closed_at": closed_at,
                "rejection_reason": reason if status == "rejected" else "",
                "created_by_id": queue["operator"],
                "anonymised_at": None,
            }
        )
        for from_status, to_status, at in kept:
            rows["application_steps"].append(
                {
                    "id": ids.take("application_steps"),
                    "application_id": app_id,
                    "from_status": from_status,
                    "to_status": to_status,
                    "at": at,
                    "actor": "operator",
                    "note": "",
                }
            )
        self.tally["applications"] += 1

    def tracking_code(self) -> str:
        from mpp_lite.applications.codes import ALPHABET, check_symbol

        while True:
            payload = "".join(self.rng.choice(ALPHABET) for _ in range(8))
            code = payload + check_symbol(payload)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def survey(self, day, queue, service_id, ticket_id, finished, rows, ids):
        rng = self.rng
        quality = self.quality.get(queue["tenant_id"], 3.2)
        answers = {
            f"u{i}": max(1, min(4, round(rng.gauss(quality + (0.15 if i in (5, 7) else -0.1 if i == 4 else 0), 0.55))))
            for i in range(1, 10)
        }
        rows["survey_responses"].append(
            {
                "id": ids.take("survey_responses"),
                "uid": str(uuid.uuid4()),
                "version": 1,
                "source": "ticket",
                "ticket_id": ticket_id,
                "application_id": None,
                "service_id": service_id,
                "tenant_id": queue["tenant_id"],
                "day": day,
                "submitted_at": finished + timedelta(minutes=rng.uniform(1, 20)),
                **answers,
                "age_group": rng.choice(("20_29", "30_39", "40_49", "50_59", "under_20", "60_plus")),
                "sex": rng.choice(("male", "female")),
                "education": rng.choice(("sma", "s1", "smp", "diploma", "sd")),
                "occupation": rng.choice(("private", "entrepreneur", "civil_servant", "student", "homemaker", "other")),
                "suggestion": "" if rng.random() < 0.9 else rng.choice(COMPLAINT_TEXTS),
                "recorded_by": "",
            }
        )
        self.tally["surveys"] += 1

    def count_demo_rows(self) -> None:
        """The demo regency brings last year's SKM answers and complaints: count them as rows of the
        site, and number this history's complaints after them."""
        from mpp_lite.complaints.models import Complaint
        from mpp_lite.extensions import db
        from mpp_lite.survey.models import SurveyResponse

        self.tally["surveys"] += db.session.scalar(db.select(db.func.count(SurveyResponse.id))) or 0
        self.tally["complaints"] += db.session.scalar(db.select(db.func.count(Complaint.id))) or 0
        for year, seq in db.session.execute(
            db.select(Complaint.year, db.func.max(Complaint.seq)).group_by(Complaint.year)
        ):
            self.complaint_seq[int(year)] = int(seq)

    def complaint(self, day, rows, ids):
        rng = self.rng
        seq = self.complaint_seq.get(day.year, 0) + 1
        self.complaint_seq[day.year] = seq
        queue = rng.choices(self.queues, weights=self.weights)[0]
        received = local(day, rng.uniform(480, 930))
        due = self.calendar.add_working_days(day, 5)
        complaint_id = ids.take("complaints")
        steps = [(None, "new", received)]
        answered = received + timedelta(days=rng.uniform(0.2, 8))
        steps.append(("new", "in_progress", received + timedelta(hours=rng.uniform(1, 20))))
        steps.append(("in_progress", "answered", max(answered, steps[-1][2] + timedelta(hours=1))))
        steps.append(("answered", "closed", steps[-1][2] + timedelta(days=rng.uniform(1, 5))))
        kept = [s for s in steps if s[2] <= self.now]
        status = kept[-1][1]
        answered_at = next((at for _f, to, at in kept if to == "answered"), None)
        rows["complaints"].append(
            {
                "id": complaint_id,
                "uid": str(uuid.uuid4()),
                "version": len(kept),
                "reference": f"ADU-{day.year}-{seq:06d}",
                "year": day.year,
                "seq": seq,
                "access_token": secrets.token_urlsafe(16),
                "kind": "complaint" if rng.random() < 0.75 else "suggestion",
                "channel": rng.choice(("kiosk", "web", "desk", "desk", "phone", "social_media")),
                "tenant_id": queue["tenant_id"],
                "service_id": rng.choice(queue["services"])[0],
                "text": rng.choice(COMPLAINT_TEXTS),
                "contact_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "contact_phone": f"08{rng.randint(10**9, 10**10 - 1)}",
                "contact_email": "",
                "status": status,
                "received_at": received,
                "day": day,
                "due_date": due,
                "answer": "Terima kasih, sudah kami tindak lanjuti." if answered_at else "",
                "answered_at": answered_at,
                "answered_by": "petugas.pengaduan" if answered_at else "",
                "closed_at": next((at for _f, to, at in kept if to == "closed"), None),
                "recorded_by": "",
                "anonymised_at": None,
            }
        )
        for from_status, to_status, at in kept:
            rows["complaint_steps"].append(
                {
                    "id": ids.take("complaint_steps"),
                    "complaint_id": complaint_id,
                    "from_status": from_status,
                    "to_status": to_status,
                    "at": at,
                    "actor": "petugas.pengaduan",
                    "note": "",
                }
            )
        self.tally["complaints"] += 1

    def _poisson(self, lam: float) -> int:
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= self.rng.random()
            if p < limit:
                return k
            k += 1


TABLE_ORDER = (
    "tickets",
    "queue_day_counters",
    "applications",
    "application_steps",
    "survey_responses",
    "complaints",
    "complaint_steps",
)


def _converter(column, dialect: str):
    """Value -> what the DB driver takes, done once per value without SQLAlchemy's per-row work.

    Matches what the kit's column types store: UTCDateTime as naive UTC text on SQLite (the
    format SQLAlchemy writes) and aware timestamps on PostgreSQL; JSON as text / Json.
    """
    from sqlalchemy.types import JSON, Boolean, Date

    from mpp_lite.database import UTCDateTime

    kind = column.type
    if isinstance(kind, UTCDateTime):
        if dialect == "sqlite":
            return lambda v: (
                None if v is None else v.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
            )
        return None
    if isinstance(kind, JSON):
        if dialect == "sqlite":
            return lambda v: None if v is None else json.dumps(v)
        from psycopg.types.json import Json

        return lambda v: None if v is None else Json(v)
    if isinstance(kind, Date) and dialect == "sqlite":
        return lambda v: None if v is None else v.isoformat()
    if isinstance(kind, Boolean) and dialect == "sqlite":
        return lambda v: None if v is None else int(v)
    return None


def fast_insert(conn, table, batch: list[dict]) -> None:
    """executemany of a plain INSERT with the driver's placeholders; 5,000 rows per call."""
    dialect = conn.dialect.name
    names = [name for name in batch[0] if name in table.c]
    missing = [c for c in table.c if c.name not in names and c.default is not None and c.default.is_scalar]
    converters = [_converter(table.c[name], dialect) for name in names]
    defaults = [c.default.arg for c in missing]
    columns = names + [c.name for c in missing]
    mark = "?" if dialect == "sqlite" else "%s"
    sql = (
        f'INSERT INTO "{table.name}" ('
        + ", ".join(f'"{c}"' for c in columns)
        + ") VALUES ("
        + ", ".join([mark] * len(columns))
        + ")"
    )
    for start in range(0, len(batch), 5000):
        values = []
        for row in batch[start : start + 5000]:
            values.append(
                tuple(
                    [
                        (convert(row[name]) if convert else row[name])
                        for name, convert in zip(names, converters, strict=True)
                    ]
                    + defaults
                )
            )
        conn.exec_driver_sql(sql, values)


def insert_month(engine, metadata, rows: dict[str, list]) -> None:
    """One transaction per month; each table's rows in executemany slices of 5,000."""
    with engine.begin() as conn:
        for name in TABLE_ORDER:
            batch = rows.get(name) or []
            if batch and name in metadata.tables:
                fast_insert(conn, metadata.tables[name], batch)


def main(argv=None) -> int:
    args = parse_args(argv)
    instance = args.instance.resolve()
    if (instance / "secret_key").exists():
        print(f"{instance} already holds a site; give a new folder.", file=sys.stderr)
        return 1
    instance.mkdir(parents=True, exist_ok=True)
    os.environ["MPP_INSTANCE_PATH"] = str(instance)
    url = args.database_url or "sqlite:///" + (instance / "mpp-lite.sqlite").as_posix()
    os.environ["MPP_DATABASE_URL"] = url
    from sqlalchemy import create_engine, event

    from mpp_lite import create_app
    from mpp_lite.extensions import db

    started = time.monotonic()
    app = create_app()
    with app.app_context():
        site = build_site(args)
        from mpp_lite.applications.calendar import WorkingCalendar

        calendar = WorkingCalendar()
        metadata = db.metadata
        db.session.remove()
        db.engine.dispose()
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":

            @event.listens_for(engine, "connect")
            def _fast(dbapi_connection, _record):  # the generator's own connections only
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA synchronous=OFF")
                cursor.execute("PRAGMA cache_size=-200000")
                cursor.execute("PRAGMA temp_store=MEMORY")
                cursor.close()

        today = datetime.now(ZONE).date()
        end = args.end or today - timedelta(days=1)
        if args.months:
            start = months_before(end, args.months) + timedelta(days=1)
        else:
            start = end - timedelta(days=round(365.25 * args.years)) + timedelta(days=1)
        calendar = FastCalendar(calendar, start, end + timedelta(days=120))
        days = working_days(start, end, calendar)
        generator = Generator(args, site, calendar, today)
        with engine.connect() as conn:
            ids = Ids(
                conn, [metadata.tables[n] for n in TABLE_ORDER if n in metadata.tables and "id" in metadata.tables[n].c]
            )
        for name in TABLE_ORDER:
            ids.next.setdefault(name, 1)
        month_key = None
        rows: dict[str, list] = {name: [] for name in TABLE_ORDER}
        for day in days:
            if month_key and (day.year, day.month) != month_key:
                insert_month(engine, metadata, rows)
                rows = {name: [] for name in TABLE_ORDER}
                if not args.quiet:
                    print(
                        f"  {month_key[0]}-{month_key[1]:02d} written; {generator.tally['tickets']:,} tickets so far "
                        f"({time.monotonic() - started:.0f} s)",
                        flush=True,
                    )
            month_key = (day.year, day.month)
            generator.day(day, rows, ids)
        insert_month(engine, metadata, rows)
        from mpp_lite.dbcopy import reset_sequences

        reset_sequences(engine, metadata)
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
        elif engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        engine.dispose()
    elapsed = time.monotonic() - started
    summary = {
        "database_url": url if engine.dialect.name == "sqlite" else "postgresql (see --database-url)",
        "first_day": start.isoformat(),
        "last_day": end.isoformat(),
        "working_days": len(days),
        "per_day": args.per_day,
        "tenants": len(site["tenant_ids"]),
        "services": sum(len(q["services"]) for q in site["queues"]),
        "counts": dict(generator.tally),
        "seconds": round(elapsed, 1),
    }
    if engine.dialect.name == "sqlite":
        summary["sqlite_mb"] = round((instance / "mpp-lite.sqlite").stat().st_size / 1e6, 1)
    (instance / "history.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))
    if site.get("admin_password"):
        print(f"admin password: {site['admin_password']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
