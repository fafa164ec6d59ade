"""Administration pages: who may use them, what they change, and how they answer bad input."""

from __future__ import annotations

import io
import re

import pytest
from admin_fixtures import csrf_token, sign_in_with_csrf

from mpp_lite.audit.models import AuditEvent
from mpp_lite.auth.models import User
from mpp_lite.catalogue.models import Service, Tenant
from mpp_lite.extensions import db
from mpp_lite.queue.models import Counter, Queue
from mpp_lite.site.services import get_settings

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def admin_client(app, client, create_user, login):
    """A client signed in as an administrator."""
    login(create_user("kepala", "admin"))
    return client


def service_form(service: Service | None = None, **changes) -> dict:
    """A complete service form as a browser posts it."""
    data = {
        "code": "DKC-10",
        "name": "Legalisir Dokumen Kependudukan",
        "tenant_id": "",
        "queue_id": "",
        "summary": "Legalisir fotokopi dokumen.",
        "keywords": "legalisir",
        "requirements": "Dokumen asli\nFotokopi dokumen",
        "procedure": "Ambil antrean\nSerahkan berkas\nTerima legalisir",
        "duration_value": "30",
        "duration_unit": "minutes",
        "fee_kind": "free",
        "fee": "",
        "fee_note": "",
        "product": "Fotokopi dilegalisir",
        "complaint_channel": "Meja pengaduan MPP",
        "legal_basis": "UU 24/2013\nPerpres 96/2018",
        "facilities": "Ruang tunggu",
        "competency": "Paham adminduk",
        "internal_supervision": "Kepala dinas",
        "staff_count": "2 orang",
        "service_guarantee": "Tepat waktu",
        "security_guarantee": "Data dijaga",
        "performance_evaluation": "Setiap bulan",
    }
    if service is not None:
        data.update(
            code=service.code, name=service.name, tenant_id=str(service.tenant_id), queue_id=str(service.queue_id or "")
        )
    data.update(changes)
    return data


def audit_actions() -> list[str]:
    return [event.action for event in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]


# --- who may come in ---------------------------------------------------------------------


def admin_urls(app, seeded) -> list[tuple[str, str]]:
    """Every route under /admin (of any feature) with ids filled in, as (method, url)."""
    ids = {
        "tenant_id": seeded["tenants"][0].id,
        "service_id": seeded["services"][0].id,
        "queue_id": seeded["queues"][0].id,
        "counter_id": seeded["counters"][0].id,
        "user_id": 1,
    }
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        url = rule.rule
        for name, value in ids.items():
            url = url.replace(f"<int:{name}>", str(value))
        url = re.sub(r"<[^>]+>", "1", url)  # other features' admin pages: any id will do
        for method in sorted(rule.methods & {"GET", "POST"}):
            found.append((method, url))
    return found


def test_anonymous_cannot_reach_any_admin_page(app, seeded, client):
    urls = admin_urls(app, seeded)
    assert len(urls) > 25
    for method, url in urls:
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert "/login" in response.headers["Location"], (method, url)


def test_operator_edits_own_tenant_services_only(seeded, client, create_user, login):
    dukcapil, polres = seeded["tenants"]
    ktp, _kk, skck = seeded["services"]
    login(create_user("op-dukcapil", "operator", dukcapil))

    assert client.get(f"/admin/layanan/{skck.id}").status_code == 403
    response = client.post(f"/admin/layanan/{skck.id}", data=service_form(skck, name="Diubah orang lain"))
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Service, skck.id).name == "Penerbitan SKCK"

    page = client.get("/admin/layanan").get_data(as_text=True)
    assert "Penerbitan KTP-el Baru" in page and "Penerbitan SKCK" not in page
    response = client.post(
        f"/admin/layanan/{ktp.id}", data=service_form(ktp, name="KTP-el Baru (diperbarui)", published="y")
    )
    assert response.status_code == 302
    db.session.expire_all()
    edited = db.session.get(Service, ktp.id)
    assert edited.name == "KTP-el Baru (diperbarui)"
    assert edited.requirements == ["Dokumen asli", "Fotokopi dokumen"]
    assert edited.published  # the operator's form has no publication switch; the state is kept


def test_operator_cannot_publish_or_move_a_service_to_another_tenant(seeded, client, create_user, login):
    dukcapil, polres = seeded["tenants"]
    ktp = seeded["services"][0]
    login(create_user("op-dukcapil", "operator", dukcapil))
    assert client.post(f"/admin/layanan/{ktp.id}/tayang", data={"published": "0"}).status_code == 403
    response = client.post(f"/admin/layanan/{ktp.id}", data=service_form(ktp, tenant_id=str(polres.id)))
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Service, ktp.id).tenant_id == dukcapil.id
    # A new service by an operator lands in the operator's tenant as a draft.
    response = client.post("/admin/layanan/baru", data=service_form(tenant_id=str(dukcapil.id), published="y"))
    assert response.status_code == 302
    made = db.session.scalar(db.select(Service).filter_by(code="DKC-10"))
    assert made.tenant_id == dukcapil.id and not made.published


def test_operator_and_supervisor_have_no_other_admin_pages(seeded, client, create_user, login):
    login(create_user("op-dukcapil", "operator", seeded["tenants"][0]))
    for url in (
        "/admin/",
        "/admin/instansi",
        "/admin/antrean",
        "/admin/loket",
        "/admin/pengguna",
        "/admin/pengaturan",
        "/admin/katalog",
        "/admin/katalog/ekspor.json",
    ):
        assert client.get(url).status_code == 403, url
    client.post("/logout")
    login(create_user("pengawas", "supervisor"))
    ktp = seeded["services"][0]
    assert client.get("/admin/layanan").status_code == 403
    assert client.post(f"/admin/layanan/{ktp.id}", data=service_form(ktp)).status_code == 403


def test_post_without_csrf_token_is_refused(csrf_app, seeded, create_user):
    create_user("kepala", "admin")
    client = sign_in_with_csrf(csrf_app.test_client(), "kepala")
    response = client.post(
        "/admin/instansi/baru", data={"name": "Imigrasi", "code": "IMIGRASI", "colour": "#123456", "sort_order": "1"}
    )
    assert response.status_code == 400
    assert db.session.scalar(db.select(Tenant).filter_by(code="IMIGRASI")) is None
    ktp = seeded["services"][0]
    assert client.post(f"/admin/layanan/{ktp.id}/tayang", data={"published": "0"}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Service, ktp.id).published
    # With the token from the form, the same request works.
    token = csrf_token(client.get("/admin/instansi/baru").get_data(as_text=True))
    response = client.post(
        "/admin/instansi/baru",
        data={
            "name": "Kantor Imigrasi",
            "code": "IMIGRASI",
            "colour": "#123456",
            "sort_order": "1",
            "active": "y",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def test_unknown_ids_are_404(admin_client):
    for url in (
        "/admin/instansi/999",
        "/admin/layanan/999",
        "/admin/antrean/999",
        "/admin/loket/999",
        "/admin/pengguna/999",
        "/admin/pengguna/999/sandi",
    ):
        assert admin_client.get(url).status_code == 404, url
    assert admin_client.post("/admin/layanan/999/tayang", data={"published": "1"}).status_code == 404


# --- the overview ------------------------------------------------------------------------


def test_admin_index_shows_a_card_per_page_in_indonesian(admin_client):
    page = admin_client.get("/admin/").get_data(as_text=True)
    for label in (
        "Instansi",
        "Layanan",
        "Antrean",
        "Loket",
        "Pengguna",
        "Pengaturan situs",
        "Ekspor dan impor katalog",
    ):
        assert label in page, label
    assert page.count('class="card h-100') >= 7


def test_admin_pages_in_english_when_chosen(admin_client):
    admin_client.get("/bahasa/en?next=/admin/")
    page = admin_client.get("/admin/").get_data(as_text=True)
    assert "Tenants" in page and "Site settings" in page
    assert "Add a queue" in admin_client.get("/admin/antrean").get_data(as_text=True)


# --- tenants -----------------------------------------------------------------------------


def test_tenant_create_with_logo_and_hide_from_catalogue(admin_client, app):
    response = admin_client.post(
        "/admin/instansi/baru",
        data={
            "name": "Kantor Imigrasi Kelas II",
            "code": "imigrasi",
            "short_name": "Imigrasi",
            "colour": "#0b5394",
            "contact": "(0299) 555 1111",
            "description": "Paspor",
            "sort_order": "3",
            "active": "y",
            "logo": (io.BytesIO(PNG), "logo.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    tenant = db.session.scalar(db.select(Tenant).filter_by(code="IMIGRASI"))
    assert tenant.colour == "#0b5394" and tenant.short_name == "Imigrasi" and tenant.logo_filename
    with admin_client.get(f"/media/logo/{tenant.logo_filename}") as logo:
        assert logo.status_code == 200 and logo.data == PNG and logo.mimetype == "image/png"
    assert admin_client.get("/media/logo/..%2Fsecret_key").status_code == 404
    assert "tenant_created" in audit_actions()

    page = admin_client.get(f"/admin/instansi/{tenant.id}").get_data(as_text=True)
    assert 'type="color"' in page and 'value="#0b5394"' in page


def test_tenant_unpublish_hides_its_services(admin_client, seeded):
    dukcapil = seeded["tenants"][0]
    assert "Penerbitan KTP-el Baru" in admin_client.get("/").get_data(as_text=True)
    assert admin_client.post(f"/admin/instansi/{dukcapil.id}/tayang", data={"active": "0"}).status_code == 302
    assert "Penerbitan KTP-el Baru" not in admin_client.get("/").get_data(as_text=True)
    assert admin_client.post(f"/admin/instansi/{dukcapil.id}/tayang", data={"active": "1"}).status_code == 302
    assert "Penerbitan KTP-el Baru" in admin_client.get("/").get_data(as_text=True)
    assert audit_actions()[-2:] == ["tenant_unpublished", "tenant_published"]


def test_tenant_errors_are_next_to_the_field_and_keep_what_was_typed(admin_client, seeded):
    response = admin_client.post(
        "/admin/instansi/baru",
        data={
            "name": "Dinas Dukcapil Kedua",
            "code": "dukcapil",
            "colour": "#123456",
            "contact": "Lantai 2",
            "sort_order": "2",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Instansi lain sudah memakai kode DUKCAPIL." in page
    assert 'value="Dinas Dukcapil Kedua"' in page and 'value="Lantai 2"' in page
    response = admin_client.post(
        "/admin/instansi/baru",
        data={"name": "", "code": "ada spasi", "colour": "merah", "sort_order": "x", "contact": "Lantai 3"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert page.count("invalid-feedback") >= 4
    assert 'value="ada spasi"' in page and 'value="Lantai 3"' in page


def test_tenant_logo_must_really_be_an_image(admin_client, seeded):
    dukcapil = seeded["tenants"][0]
    response = admin_client.post(
        f"/admin/instansi/{dukcapil.id}",
        data={
            "name": dukcapil.name,
            "code": dukcapil.code,
            "colour": "#123456",
            "sort_order": "0",
            "active": "y",
            "logo": (io.BytesIO(b"<script>alert(1)</script>"), "logo.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "PNG, JPEG atau WebP" in response.get_data(as_text=True)


# --- services ----------------------------------------------------------------------------


def test_admin_creates_a_service_with_all_fourteen_components(admin_client, seeded):
    dukcapil = seeded["tenants"][0]
    queue = seeded["queues"][0]
    response = admin_client.post(
        "/admin/layanan/baru",
        data=service_form(
            tenant_id=str(dukcapil.id),
            queue_id=str(queue.id),
            fee_kind="paid",
            fee="Rp 15.000",
            duration_value="2",
            duration_unit="working_days",
            needs_application="y",
            published="y",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    service = db.session.scalar(db.select(Service).filter_by(code="DKC-10"))
    assert service.fee == 15000 and service.duration_value == 2 and service.duration_unit == "working_days"
    assert service.procedure == ["Ambil antrean", "Serahkan berkas", "Terima legalisir"]
    assert service.legal_basis == ["UU 24/2013", "Perpres 96/2018"]
    assert service.staff_count == "2 orang" and service.performance_evaluation == "Setiap bulan"
    assert service.needs_application and service.published and service.queue_id == queue.id
    page = admin_client.get(f"/layanan/{service.id}").get_data(as_text=True)
    assert "Rp15.000" in page and "Perpres 96/2018" in page
    assert "ktp" not in service.search_text and "legalisir" in service.search_text
    assert audit_actions()[-1] == "service_created"

    edit = admin_client.get(f"/admin/layanan/{service.id}").get_data(as_text=True)
    assert "Ambil antrean\nSerahkan berkas\nTerima legalisir" in edit


def test_service_form_errors_keep_everything_typed(admin_client, seeded):
    dukcapil = seeded["tenants"][0]
    response = admin_client.post(
        "/admin/layanan/baru",
        data=service_form(code="DKC-01", tenant_id=str(dukcapil.id), requirements="Syarat yang diketik panjang"),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Layanan lain sudah memakai kode DKC-01." in page
    assert "Syarat yang diketik panjang" in page and 'value="Legalisir Dokumen Kependudukan"' in page

    response = admin_client.post(
        "/admin/layanan/baru",
        data=service_form(tenant_id=str(dukcapil.id), fee_kind="paid", fee="tiga puluh ribu", duration_value="0"),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "tiga puluh ribu" in page
    assert "Tulis nominal dalam rupiah" in page
    assert db.session.scalar(db.select(Service).filter_by(code="DKC-10")) is None


def test_a_service_is_published_only_when_citizens_can_use_it(admin_client, seeded):
    dukcapil = seeded["tenants"][0]
    response = admin_client.post(
        "/admin/layanan/baru", data=service_form(tenant_id=str(dukcapil.id), requirements="", product="", published="y")
    )
    assert response.status_code == 400
    assert "Wajib diisi sebelum layanan ditayangkan." in response.get_data(as_text=True)
    response = admin_client.post("/admin/layanan/baru", data=service_form(tenant_id=str(dukcapil.id), requirements=""))
    assert response.status_code == 302
    draft = db.session.scalar(db.select(Service).filter_by(code="DKC-10"))
    assert not draft.published
    assert admin_client.get(f"/layanan/{draft.id}").status_code == 404
    response = admin_client.post(f"/admin/layanan/{draft.id}/tayang", data={"published": "1"}, follow_redirects=True)
    assert "Persyaratan" in response.get_data(as_text=True)
    db.session.expire_all()
    assert not db.session.get(Service, draft.id).published

    ktp = seeded["services"][0]
    assert admin_client.post(f"/admin/layanan/{ktp.id}/tayang", data={"published": "0"}).status_code == 302
    assert admin_client.get(f"/layanan/{ktp.id}").status_code == 404
    assert admin_client.post(f"/admin/layanan/{ktp.id}/tayang", data={"published": "1"}).status_code == 302
    assert admin_client.get(f"/layanan/{ktp.id}").status_code == 200


# --- queues and counters -----------------------------------------------------------------


def test_queue_create_edit_and_rules(admin_client, seeded):
    page = admin_client.get("/admin/antrean").get_data(as_text=True)
    assert "Antrean demo" in page  # the help text about demo queues having no hours or quota
    dukcapil = seeded["tenants"][0]
    data = {
        "prefix": "pb",
        "name": "Paspor Baru",
        "tenant_id": str(dukcapil.id),
        "daily_quota": "80",
        "opens_at": "08:00",
        "closes_at": "14:30",
        "service_minutes": "15",
        "active": "y",
    }
    assert admin_client.post("/admin/antrean/baru", data=data).status_code == 302
    queue = db.session.scalar(db.select(Queue).filter_by(prefix="PB"))
    assert queue.daily_quota == 80 and queue.opens_at.hour == 8 and queue.closes_at.minute == 30

    response = admin_client.post("/admin/antrean/baru", data=dict(data, prefix="a"))
    assert response.status_code == 400
    assert "Antrean lain sudah memakai awalan A." in response.get_data(as_text=True)
    response = admin_client.post("/admin/antrean/baru", data=dict(data, prefix="ABC", closes_at=""))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "satu atau dua huruf" in page and "Isi jam buka dan jam tutup" in page
    assert 'value="Paspor Baru"' in page
    page = admin_client.post("/admin/antrean/baru", data=dict(data, daily_quota="-3", service_minutes="lima")).get_data(
        as_text=True
    )
    assert "Isi bilangan bulat dari 1 sampai 100000." in page and "Bukan bilangan bulat yang sah." in page

    response = admin_client.post(
        f"/admin/antrean/{queue.id}", data=dict(data, prefix="PB", daily_quota="", opens_at="", closes_at="")
    )
    assert response.status_code == 302
    db.session.expire_all()
    queue = db.session.get(Queue, queue.id)
    assert queue.daily_quota is None and queue.opens_at is None
    assert audit_actions()[-2:] == ["queue_created", "queue_updated"]


def test_counter_serves_the_queues_ticked(admin_client, seeded):
    qa, qb = seeded["queues"]
    data = {
        "number": "7",
        "name": "Loket Gabungan",
        "tenant_id": "",
        "queue_ids": [str(qa.id), str(qb.id)],
        "active": "y",
    }
    assert admin_client.post("/admin/loket/baru", data=data).status_code == 302
    counter = db.session.scalar(db.select(Counter).filter_by(number=7))
    assert [q.prefix for q in counter.queues] == ["A", "B"] and counter.tenant_id is None
    page = admin_client.get(f"/admin/loket/{counter.id}").get_data(as_text=True)
    assert page.count('type="checkbox"') >= 3 and page.count("checked") >= 3

    response = admin_client.post("/admin/loket/baru", data=dict(data, number="1"))
    assert response.status_code == 400
    assert "Loket 1 sudah ada." in response.get_data(as_text=True)
    assert admin_client.post(f"/admin/loket/{counter.id}", data=dict(data, queue_ids=[str(qb.id)])).status_code == 302
    db.session.expire_all()
    assert [q.prefix for q in db.session.get(Counter, counter.id).queues] == ["B"]


# --- users -------------------------------------------------------------------------------


def test_user_create_with_password_policy_and_tenant_for_operators(admin_client, seeded):
    dukcapil = seeded["tenants"][0]
    data = {
        "username": "sari",
        "full_name": "Sari Wulandari",
        "role": "operator",
        "tenant_id": "",
        "password": "gunung-salak-biru",
        "confirm": "gunung-salak-biru",
    }
    response = admin_client.post("/admin/pengguna/baru", data=data)
    assert response.status_code == 400
    assert "Pilih instansi tempat operator ini bertugas." in response.get_data(as_text=True)
    response = admin_client.post(
        "/admin/pengguna/baru", data=dict(data, tenant_id=str(dukcapil.id), password="123456", confirm="123456")
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Gunakan paling sedikit 10 karakter." in page and 'value="Sari Wulandari"' in page
    assert "123456" not in re.findall(r'type="password"[^>]*', page).__str__()
    response = admin_client.post("/admin/pengguna/baru", data=dict(data, tenant_id=str(dukcapil.id)))
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).filter_by(username="sari"))
    assert user.role == "operator" and user.tenant_id == dukcapil.id and user.check_password("gunung-salak-biru")
    assert "gunung-salak-biru" not in str([e.detail for e in db.session.scalars(db.select(AuditEvent))])


def test_deactivate_reset_and_unlock(app, admin_client, seeded, create_user):
    operator = create_user("budi", "operator", seeded["tenants"][0])
    other = app.test_client()
    other.post("/login", data={"username": "budi", "password": "correct horse battery"})
    assert other.get("/admin/layanan").status_code == 200

    assert admin_client.post(f"/admin/pengguna/{operator.id}/aktif", data={"active": "0"}).status_code == 302
    assert other.get("/admin/layanan").status_code == 302  # the open session ends at once
    assert other.post("/login", data={"username": "budi", "password": "correct horse battery"}).status_code == 401

    from datetime import datetime, timezone

    import time_machine

    # The clock stands still here: on a busy machine the 2 s wait after the free tries could pass
    # between two of the requests below.
    with time_machine.travel(datetime.now(timezone.utc), tick=False):
        assert admin_client.post(f"/admin/pengguna/{operator.id}/aktif", data={"active": "1"}).status_code == 302
        for _ in range(3):  # this PC: the free tries, then it waits
            other.post("/login", data={"username": "budi", "password": "salah"})
        for n in range(2):  # guesses from elsewhere count for the admin's notice too
            guesser = app.test_client()
            guesser.environ_base["REMOTE_ADDR"] = f"10.9.9.{n}"
            guesser.post("/login", data={"username": "budi", "password": "salah"})
        db.session.expire_all()
        assert db.session.get(User, operator.id).failed_logins == 5  # the admin is told; the owner is not locked out
        assert "5 kali gagal masuk" in admin_client.get("/admin/pengguna").get_data(as_text=True)
        assert (
            other.post("/login", data={"username": "budi", "password": "correct horse battery"}).status_code == 401
        )  # this PC waits
        assert admin_client.post(f"/admin/pengguna/{operator.id}/buka-kunci").status_code == 302
        assert other.post("/login", data={"username": "budi", "password": "correct horse battery"}).status_code == 302
    other.post("/logout")

    response = admin_client.post(
        f"/admin/pengguna/{operator.id}/sandi", data={"password": "budi12345678", "confirm": "budi12345678"}
    )
    assert response.status_code == 422  # contains the username
    response = admin_client.post(
        f"/admin/pengguna/{operator.id}/sandi", data={"password": "sungai-citarum-7", "confirm": "sungai-citarum-7"}
    )
    assert response.status_code == 302
    assert other.post("/login", data={"username": "budi", "password": "sungai-citarum-7"}).status_code == 302
    assert {"user_deactivated", "user_unlocked", "user_activated", "user_password_reset"} <= set(audit_actions())


def test_the_last_administrator_cannot_lock_themselves_out(admin_client):
    me = db.session.scalar(db.select(User).filter_by(username="kepala"))
    response = admin_client.post(
        f"/admin/pengguna/{me.id}", data={"full_name": "Kepala", "role": "operator", "tenant_id": "", "active": "y"}
    )
    assert response.status_code in (400, 422)
    response = admin_client.post(f"/admin/pengguna/{me.id}/aktif", data={"active": "0"}, follow_redirects=True)
    assert "Anda tidak dapat" in response.get_data(as_text=True)
    db.session.expire_all()
    me = db.session.get(User, me.id)
    assert me.active and me.role == "admin"


# --- settings ----------------------------------------------------------------------------


def test_site_settings_saved_and_shown(admin_client):
    data = {
        "mpp_name": "MPP Kabupaten Lebak",
        "regency": "Kabupaten Lebak",
        "province": "Banten",
        "address": "Jl. Multatuli 1",
        "phone": "(0252) 123 456",
        "email": "mpp@lebakkab.go.id",
        "opening_hours": "Senin-Jumat 08.00-15.00",
        "site_code": "36.02",
        "default_language": "id",
        "running_text": "Selamat datang",
        "logo": (io.BytesIO(PNG), "logo.png"),
    }
    response = admin_client.post("/admin/pengaturan", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    settings = get_settings()
    assert settings["mpp_name"] == "MPP Kabupaten Lebak" and settings["site_code"] == "36.02"
    assert settings["running_text"] == "Selamat datang" and settings["logo_filename"].endswith(".png")
    with admin_client.get(f"/media/logo/{settings['logo_filename']}") as logo:
        assert logo.status_code == 200
    assert "MPP Kabupaten Lebak" in admin_client.get("/").get_data(as_text=True)
    assert audit_actions()[-1] == "settings_updated"

    response = admin_client.post(
        "/admin/pengaturan",
        data=dict(data, email="bukan-email", logo=(io.BytesIO(b""), "")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="bukan-email"' in page and "mpp@example.go.id" in page


@pytest.mark.parametrize("path", ["/admin/katalog", "/admin/pengaturan", "/admin/pengguna/baru", "/admin/layanan/baru"])
def test_admin_forms_carry_a_csrf_token(admin_client, path):
    assert 'name="csrf_token"' in admin_client.get(path).get_data(as_text=True)


def test_services_refuse_clashes_even_without_the_form(app, seeded):
    """The forms check first; the service functions still refuse, e.g. for a script or a race."""
    from mpp_lite.catalogue.services import save_tenant
    from mpp_lite.errors import FieldError
    from mpp_lite.queue.admin import save_counter, save_queue

    with pytest.raises(FieldError) as error:
        save_queue(Queue(), {"prefix": "a", "name": "Lagi", "service_minutes": 5, "active": True}, "script")
    assert error.value.field == "prefix"
    with pytest.raises(FieldError):
        save_tenant(Tenant(), {"code": "polres", "name": "Polres Lain"}, "script")
    with pytest.raises(FieldError):
        save_counter(Counter(), {"number": 2, "name": "Loket 2 lagi", "queue_ids": [], "active": True}, "script")
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Queue.id))) == 2


def test_a_new_service_starts_in_its_agencys_queue(seeded, client, create_user, login):
    """With "no queue" as the default, new services never reached the kiosk."""
    dukcapil = seeded["tenants"][0]
    queue = seeded["queues"][0]
    assert queue.tenant_id == dukcapil.id
    login(create_user("op-baru", "operator", dukcapil))
    page = client.get("/admin/layanan/baru").get_data(as_text=True)
    queue_select = re.search(r'<select[^>]*name="queue_id".*?</select>', page, re.S).group(0)
    assert re.search(rf'<option selected value="{queue.id}">|<option value="{queue.id}" selected>', queue_select)
