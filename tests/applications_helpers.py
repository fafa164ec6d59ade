"""Helpers for the application tests: sample data and a one-call registration."""

from __future__ import annotations

from mpp_lite.extensions import db

REQUIREMENTS = ["Formulir permohonan", "Fotokopi KTP-el", "Fotokopi Kartu Keluarga"]
NIK = "3201014512900001"  # Jawa Barat, woman born 05-12-1990
PHONE = "081234567890"


def create_staff(create_user, dukcapil, polres) -> dict:
    return {
        "op": create_user("op_dukcapil", "operator", dukcapil),
        "op_polres": create_user("op_polres", "operator", polres),
        "sup": create_user("supervisor1", "supervisor"),
        "admin": create_user("admin1", "admin"),
    }


def actor_for(user):
    from mpp_lite.auth.permissions import Actor

    return Actor(kind="user", role=user.role, name=user.username, id=user.id, tenant_id=user.tenant_id)


def register(world, user_key="op", documents=None, **applicant):
    from mpp_lite.applications import services

    data = {"name": "Budi Santoso", "nik": NIK, "phone": PHONE, **applicant}
    application = services.register_application(
        actor_for(world["users"][user_key]),
        world["service"].id,
        data,
        list(REQUIREMENTS) if documents is None else documents,
    )
    db.session.commit()
    return application
