"""A queue that takes bookings (Monday-Friday 08.00-15.00, 30-minute slots, 2 seats a slot),
its service, a kiosk and a counter, for the booking tests."""

from __future__ import annotations

from conftest import bearer

MPP_WEEK = {
    "mon": [["08:00", "15:00"]],
    "tue": [["08:00", "15:00"]],
    "wed": [["08:00", "15:00"]],
    "thu": [["08:00", "15:00"]],
    "fri": [["08:00", "11:00"], ["13:00", "15:00"]],
    "sat": [],
    "sun": [],
}
BOOKING = {"enabled": True, "slot_minutes": 30, "online_percent": 40, "days_ahead": 14, "grace_minutes": 15}
MONDAY = "2026-12-07"  # an ordinary working Monday


def make_booking_world(client, create_tenant, create_queue, create_counter, create_service, create_token):
    imigrasi = create_tenant("IMIGRASI", "Kantor Imigrasi", short_name="Imigrasi")
    queue = create_queue("P", imigrasi, service_minutes=10)
    counters = [create_counter(n, imigrasi, [queue]) for n in (1, 2)]
    passport = create_service(imigrasi, queue, code="IMI-01", name="Paspor Baru", keywords="paspor")
    walk_only = create_service(imigrasi, create_queue("W", imigrasi), code="IMI-02", name="Legalisir")
    admin = bearer(create_token("admin", "Admin"))
    kiosk = bearer(create_token("kiosk", "Kiosk lobi"))
    world = {
        "queue": queue,
        "counters": counters,
        "service": passport,
        "walk_only": walk_only,
        "admin": admin,
        "kiosk": kiosk,
        "tenant": imigrasi,
    }

    def set_schedule(**changes):
        body = {"week": MPP_WEEK, "booking": {**BOOKING, **changes.pop("booking", {})}, **changes}
        response = client.put(f"/api/v1/queues/{queue.id}/schedule", json=body, headers=admin)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    world["set_schedule"] = set_schedule
    set_schedule()
    return world


def book(client, world, start: str, phone: str = "081234567890", name: str = "Budi Santoso"):
    return client.post(
        "/api/v1/bookings", json={"service_id": world["service"].id, "slot_start": start, "name": name, "phone": phone}
    )
