"""Applications handled in the agency's own system (SIAK, SiCantik): the kit keeps that system's
name and number, staff find the file by it, and the citizen's status page shows it."""

from __future__ import annotations

import pytest
from applications_helpers import PHONE, actor_for, register

from mpp_lite.applications import services
from mpp_lite.catalogue.models import Tenant
from mpp_lite.extensions import db


def test_the_agency_reference_is_searchable_and_shown_to_the_citizen(client, world, login):
    application = register(world)
    login(world["users"]["op"])
    saved = client.post(
        f"/permohonan/{application.tracking_code}/rujukan",
        data={"external_system": "SiCantik", "external_reference": "503/123/DPMPTSP/2026"},
    )
    assert saved.status_code == 302
    db.session.refresh(application)
    assert (application.external_system, application.external_reference) == ("SiCantik", "503/123/DPMPTSP/2026")

    found = client.post("/permohonan", data={"status": "all", "q": "503/123"}).get_data(as_text=True)
    assert application.display_code in found
    other = register(world, name="Siti Aminah")
    assert other.display_code not in found

    citizen = client.application.test_client()
    page = citizen.post("/status", data={"code": application.display_code, "phone_last4": PHONE[-4:]})
    assert "SiCantik: 503/123/DPMPTSP/2026" in page.get_data(as_text=True)


def test_a_reference_without_its_system_or_from_another_agency_is_refused(app, world):
    application = register(world)
    with pytest.raises(services.InvalidInput) as error:
        services.set_external_reference(actor_for(world["users"]["op"]), application, "", "3204-123")
    assert set(error.value.fields) == {"external_system"}
    with pytest.raises(services.NotAllowed):
        services.set_external_reference(actor_for(world["users"]["op_polres"]), application, "SIAK", "3204-123")
    db.session.rollback()
    assert db.session.get(type(application), application.id).external_reference == ""


def test_a_tenant_can_be_set_to_receipt_only(client, world, login):
    login(world["users"]["admin"])
    dukcapil = world["dukcapil"]
    response = client.post(
        f"/admin/instansi/{dukcapil.id}",
        data={
            "code": dukcapil.code,
            "name": dukcapil.name,
            "short_name": "Disdukcapil",
            "colour": "#1565c0",
            "contact": "",
            "description": "",
            "active": "y",
            "sort_order": "0",
            "processing_mode": "receipt_only",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert db.session.get(Tenant, dukcapil.id).processing_mode == "receipt_only"
