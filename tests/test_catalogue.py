"""Service catalogue: search, pages, the Standar Pelayanan PDF and the public API."""

from __future__ import annotations

import io

from pypdf import PdfReader

from mpp_lite.catalogue.services import normalise, search_services


def test_normalise_ignores_case_accents_and_hyphens():
    assert normalise("e-KTP") == "ektp"
    assert normalise("Pâspor  Baru") == "paspor baru"


def test_search_finds_by_keyword_case_and_accent_insensitive(seeded):
    ktp, kk, skck = seeded["services"]
    assert search_services("KTP") == [ktp]
    assert search_services("skck") == [skck]
    assert search_services("sKçK") == [skck]
    assert search_services("kartu keluarga")[0] == kk
    assert search_services("nothing-like-this") == []


def test_draft_services_are_not_public(seeded, client, create_service):
    dukcapil = seeded["tenants"][0]
    draft = create_service(dukcapil, code="DKC-09", name="Layanan Rahasia", published=False)
    assert client.get(f"/layanan/{draft.id}").status_code == 404
    assert b"Layanan Rahasia" not in client.get("/").data
    assert search_services("rahasia") == []
    assert client.get(f"/api/v1/services/{draft.id}").status_code == 404


def test_home_groups_services_by_tenant_in_indonesian(seeded, client):
    page = client.get("/").get_data(as_text=True)
    assert "Dinas Kependudukan dan Pencatatan Sipil" in page
    assert "Penerbitan KTP-el Baru" in page
    assert "Cari layanan" in page  # Indonesian by default
    assert '<html lang="id">' in page


def test_english_when_chosen(seeded, client):
    response = client.get("/bahasa/en?next=/")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Search for a service" in page
    assert '<html lang="en">' in page


def test_search_page(seeded, client):
    page = client.get("/layanan?q=ktp").get_data(as_text=True)
    assert "Penerbitan KTP-el Baru" in page
    assert "Penerbitan SKCK" not in page
    empty = client.get("/layanan?q=zzzz").get_data(as_text=True)
    assert "Coba kata lain" in empty


def test_service_page_shows_the_citizen_components(seeded, client):
    skck = seeded["services"][2]
    page = client.get(f"/layanan/{skck.id}").get_data(as_text=True)
    for text in ("Persyaratan", "Fotokopi Kartu Keluarga", "Rp30.000", "60 menit", "Dasar hukum"):
        assert text in page
    assert client.get("/layanan/9999").status_code == 404


def test_standard_pdf_has_all_fourteen_components(seeded, client):
    ktp = seeded["services"][0]
    response = client.get(f"/layanan/{ktp.id}/standar.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Penerbitan KTP-el Baru" in text
    for component in ("Persyaratan", "Biaya", "Dasar hukum", "Evaluasi kinerja pelaksana", "Jaminan pelayanan"):
        assert component in text, component
    assert "14" in text


def test_api_services_list_and_detail(seeded, client):
    items = client.get("/api/v1/services").get_json()["items"]
    assert {item["code"] for item in items} == {"DKC-01", "DKC-02", "POL-01"}
    first = next(item for item in items if item["code"] == "DKC-01")
    assert first["tenant"] == {
        "id": seeded["tenants"][0].id,
        "code": "DUKCAPIL",
        "name": "Dinas Kependudukan dan Pencatatan Sipil",
    }
    assert first["queue_prefix"] == "A"
    detail = client.get(f"/api/v1/services/{first['id']}").get_json()
    assert detail["requirements"] == ["Fotokopi Kartu Keluarga"]
    missing = client.get("/api/v1/services/424242")
    assert missing.status_code == 404
    assert set(missing.get_json()["error"]) == {"code", "message", "fields"}


def test_counters_need_credentials(seeded, client, create_token):
    assert client.get("/api/v1/counters").status_code == 401
    token = create_token("display")
    items = client.get("/api/v1/counters", headers={"Authorization": f"Bearer {token}"}).get_json()["items"]
    assert items[0] == {
        "id": items[0]["id"],
        "number": 1,
        "name": "Loket 1",
        "tenant_code": "DUKCAPIL",
        "queue_prefixes": ["A"],
        "state": "open",
        "pause_reason": None,
        "back_at": None,
        "operator": None,
        "priority_counter": False,
    }
    bad = client.get("/api/v1/counters", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    sync = create_token("sync", name="sync 1")
    assert client.get("/api/v1/counters", headers={"Authorization": f"Bearer {sync}"}).status_code == 403


def test_every_standard_component_is_saved_and_served_by_the_api(seeded, client, create_service):
    """The 14 components (one list, catalogue/components.py): each one typed in comes back whole."""
    from mpp_lite.catalogue.components import STANDARD_COMPONENTS, STANDARD_FIELDS

    assert len(STANDARD_COMPONENTS) == 14
    lists = {"requirements", "procedure", "legal_basis"}
    values = {name: [f"{name} satu", f"{name} dua"] if name in lists else f"Isi {name}" for name in STANDARD_FIELDS}
    values.update(duration_value=45, duration_unit="minutes", fee=25000)
    service = create_service(seeded["tenants"][0], code="DKC-14", name="Layanan Lengkap", **values)
    detail = client.get(f"/api/v1/services/{service.id}").get_json()
    assert detail["duration"] == {"value": 45, "unit": "minutes"}
    assert detail["fee"] == 25000
    for name in STANDARD_FIELDS:
        if name not in ("duration_value", "duration_unit", "fee"):
            assert detail[name] == values[name], name
