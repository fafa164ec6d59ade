"""The mpp-lite command line: init, demo data, users and tokens."""

from __future__ import annotations

from mpp_lite.auth.models import ApiToken, User, hash_token
from mpp_lite.catalogue.models import Service, Tenant
from mpp_lite.extensions import db
from mpp_lite.queue.models import Counter


def test_init_twice_is_harmless(app, runner, instance_dir):
    first = runner.invoke(args=["init"])
    assert first.exit_code == 0, first.output
    assert "password:" in first.output
    secret = (instance_dir / "secret_key").read_text()
    second = runner.invoke(args=["init"])
    assert second.exit_code == 0, second.output
    assert "password:" not in second.output
    assert (instance_dir / "secret_key").read_text() == secret
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_init_demo_loads_a_regency_once(app, runner):
    result = runner.invoke(args=["init", "--demo"])
    assert result.exit_code == 0, result.output
    tenants = db.session.scalar(db.select(db.func.count(Tenant.id)))
    services = db.session.scalar(db.select(db.func.count(Service.id)))
    assert 8 <= tenants <= 10
    assert services >= 30
    again = runner.invoke(args=["init", "--demo"])
    assert "already loaded" in again.output
    assert db.session.scalar(db.select(db.func.count(Service.id))) == services
    # at least two queues are served by three or more counters
    busy = [q for q in {q for c in db.session.scalars(db.select(Counter)) for q in c.queues} if len(q.counters) >= 3]
    assert len(busy) >= 2
    # every demo service carries all fourteen components
    for service in db.session.scalars(db.select(Service)):
        assert service.requirements and service.procedure and service.legal_basis, service.code
        for field in (
            "product",
            "complaint_channel",
            "facilities",
            "competency",
            "internal_supervision",
            "staff_count",
            "service_guarantee",
            "security_guarantee",
            "performance_evaluation",
        ):
            assert getattr(service, field), (service.code, field)


def test_demo_search_finds_ktp(app, runner, client):
    runner.invoke(args=["init", "--demo"])
    page = client.get("/layanan?q=ktp").get_data(as_text=True)
    assert "KTP-el" in page
    for word in ("paspor", "skck"):
        assert "ditemukan" in client.get(f"/layanan?q={word}").get_data(as_text=True)


def test_create_user_and_clash(app, runner):
    ok = runner.invoke(
        args=["create-user", "--username", "kepala", "--password", "kuda-laut-biru-7", "--role", "supervisor"]
    )
    assert ok.exit_code == 0, ok.output
    clash = runner.invoke(
        args=["create-user", "--username", "kepala", "--password", "kuda-laut-biru-7", "--role", "supervisor"]
    )
    assert clash.exit_code == 1
    assert "sudah dipakai" in clash.output or "already taken" in clash.output
    weak = runner.invoke(args=["create-user", "--username", "lemah", "--password", "123456", "--role", "admin"])
    assert weak.exit_code == 1


def test_create_token_prints_it_last_and_stores_a_hash(app, runner):
    result = runner.invoke(args=["create-token", "--name", "Kiosk Lobi", "--role", "kiosk"])
    assert result.exit_code == 0, result.output
    raw = result.output.strip().splitlines()[-1]
    token = db.session.scalar(db.select(ApiToken))
    assert token.token_hash == hash_token(raw)
    assert raw not in token.token_hash
