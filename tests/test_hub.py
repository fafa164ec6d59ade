"""The hub's receiving end, storage and roll-ups, and who may see what (in-process)."""

from __future__ import annotations

import re
import time
import uuid
from datetime import date, timedelta

from hub_fixtures import (
    add_site,
    add_token,
    batch_body,
    post_batch,
    signed_headers,
    ticket,
)

from mpp_lite.sync.signing import signature

DAY = "2026-11-27"


def _sites(client, token, **params):
    return client.get(
        "/api/v1/sites", query_string={"from": DAY, "to": DAY, **params}, headers={"Authorization": f"Bearer {token}"}
    )


def _count(app, model):
    from sqlalchemy import func, select

    from mpp_lite.hub.extensions import hub_db

    with app.app_context():
        return hub_db.session.scalar(select(func.count()).select_from(model))


def test_a_batch_is_stored_once_and_its_day_rolled_up(hub_app):
    secret = add_site(hub_app, "32.04")
    token = add_token(hub_app, "hub_admin")
    client = hub_app.test_client()
    records = [ticket(DAY, wait_minutes=m) for m in (2, 4, 10)] + [ticket(DAY, status="transferred")]
    first = post_batch(client, "32.04", secret, records)
    assert first.status_code == 200, first.get_json()
    assert sorted(first.get_json()["accepted"]) == sorted(r["id"] for r in records)
    again = post_batch(client, "32.04", secret, records)  # a retry after a lost answer
    assert again.status_code == 200
    row = _sites(client, token).get_json()["items"][0]
    assert (row["tickets"], row["visitors"], row["wait_median_minutes"], row["wait_p90_minutes"]) == (4, 3, 4, 10)
    assert row["stale"] is False and row["code"] == "32.04"


def test_a_newer_version_replaces_and_an_older_one_changes_nothing(hub_app):
    secret = add_site(hub_app, "32.04")
    token = add_token(hub_app, "hub_admin")
    client = hub_app.test_client()
    waiting = ticket(DAY, status="waiting")
    done = {**ticket(DAY, status="done", wait_minutes=7, ident=waiting["id"]), "version": 3}
    assert post_batch(client, "32.04", secret, [waiting]).status_code == 200
    assert post_batch(client, "32.04", secret, [done]).status_code == 200
    assert post_batch(client, "32.04", secret, [waiting]).status_code == 200  # out of order, older
    row = _sites(client, token).get_json()["items"][0]
    assert (row["tickets"], row["visitors"], row["wait_median_minutes"]) == (1, 1, 7)


def test_surveys_give_the_ikm_and_the_sample_needed(hub_app):
    secret = add_site(hub_app, "32.04")
    token = add_token(hub_app, "hub_admin")
    client = hub_app.test_client()
    surveys = [
        {
            "id": f"00000000-0000-4000-8000-{i:012d}",
            "type": "survey",
            "version": 1,
            "occurred_at": f"{DAY}T02:00:00+00:00",
            "data": {"day": DAY, "answers": {f"U{k}": 4 for k in range(1, 10)}},
        }
        for i in range(3)
    ]
    assert post_batch(client, "32.04", secret, surveys).status_code == 200
    row = _sites(client, token).get_json()["items"][0]
    assert (row["ikm"], row["ikm_n"], row["ikm_n_needed"]) == (100.0, 3, 3)


def test_unsigned_stale_replayed_and_tampered_batches_are_refused_and_store_nothing(hub_app):
    from mpp_lite.hub.models import HubRecord, HubRefusal

    secret = add_site(hub_app, "32.04")
    client = hub_app.test_client()
    body = batch_body("32.04", [ticket(DAY)])
    unsigned = client.post(
        "/sync",
        data=body,
        headers={"Content-Type": "application/json", "X-MPP-Site": "32.04", "X-MPP-Timestamp": str(int(time.time()))},
    )
    stale = client.post("/sync", data=body, headers=signed_headers("32.04", secret, body, int(time.time()) - 301))
    headers = signed_headers("32.04", secret, body)
    tampered = client.post("/sync", data=body.replace(b'"done"', b'"no_show"'), headers=headers)
    assert [r.status_code for r in (unsigned, stale, tampered)] == [401, 401, 401]
    assert _count(hub_app, HubRecord) == 0
    assert client.post("/sync", data=body, headers=headers).status_code == 200
    replay = client.post("/sync", data=body, headers=headers)
    assert replay.status_code == 401 and replay.get_json()["error"]["code"] == "replayed"
    assert _count(hub_app, HubRecord) == 1
    assert _count(hub_app, HubRefusal) == 4


def test_an_unknown_site_or_another_sites_secret_is_refused_and_logged(hub_app):
    from mpp_lite.hub.extensions import hub_db
    from mpp_lite.hub.models import HubRecord, HubRefusal

    secret_04 = add_site(hub_app, "32.04")
    add_site(hub_app, "32.05")
    client = hub_app.test_client()
    unknown = post_batch(client, "32.99", secret_04, [ticket(DAY)])
    other = post_batch(client, "32.05", secret_04, [ticket(DAY)])
    assert (unknown.status_code, other.status_code) == (401, 401)
    assert unknown.get_json()["error"]["code"] == "unknown_site"
    assert _count(hub_app, HubRecord) == 0
    with hub_app.app_context():
        reasons = sorted((r.site_code, r.reason) for r in hub_db.session.query(HubRefusal))
    assert reasons == [("32.05", "bad_signature"), ("32.99", "unknown_site")]


def test_an_unknown_type_or_another_sites_record_is_rejected_and_the_rest_kept(hub_app):
    secret = add_site(hub_app, "32.04")
    client = hub_app.test_client()
    good = ticket(DAY)
    strange = {**ticket(DAY), "type": "parking"}
    foreign = {**ticket(DAY), "site": "32.05"}
    answer = post_batch(client, "32.04", secret, [good, strange, foreign]).get_json()
    assert answer["accepted"] == [good["id"]]
    assert {r["id"] for r in answer["rejected"]} == {strange["id"], foreign["id"]}


def test_a_batch_over_5_mb_is_413_and_bad_json_400(hub_app):
    secret = add_site(hub_app, "32.04")
    client = hub_app.test_client()
    big = b"{" + b" " * (5 * 1024 * 1024) + b"}"
    answer = client.post("/sync", data=big, headers=signed_headers("32.04", secret, big))
    assert answer.status_code == 413 and answer.get_json()["error"]["code"] == "too_large"
    junk = b"not json"
    assert client.post("/sync", data=junk, headers=signed_headers("32.04", secret, junk)).status_code == 400


def test_during_the_overlap_both_secrets_work_and_after_it_only_the_new(hub_app):
    from mpp_lite.hub.extensions import hub_db
    from mpp_lite.hub.sites import rotate_secret
    from mpp_lite.site import clock

    old = add_site(hub_app, "32.04")
    client = hub_app.test_client()
    with hub_app.app_context():
        new = rotate_secret("32.04", 72, clock.utcnow())
        hub_db.session.commit()
    assert post_batch(client, "32.04", old, [ticket(DAY)]).status_code == 200
    assert post_batch(client, "32.04", new, [ticket(DAY)]).status_code == 200
    with hub_app.app_context():  # a rotation made 73 hours ago: its 72-hour overlap is over
        newest = rotate_secret("32.04", 72, clock.utcnow() - timedelta(hours=73))
        hub_db.session.commit()
    assert post_batch(client, "32.04", new, [ticket(DAY)]).status_code == 401
    assert post_batch(client, "32.04", old, [ticket(DAY)]).status_code == 401
    assert post_batch(client, "32.04", newest, [ticket(DAY)]).status_code == 200


def test_viewers_see_their_scope_only(hub_app):
    secrets = {code: add_site(hub_app, code) for code in ("32.04", "32.05", "33.01")}
    client = hub_app.test_client()
    for code, secret in secrets.items():
        assert post_batch(client, code, secret, [ticket(DAY)]).status_code == 200
    province = add_token(hub_app, "province", "32")
    site = add_token(hub_app, "site", "32.04")
    admin = add_token(hub_app, "hub_admin")
    assert [r["code"] for r in _sites(client, admin).get_json()["items"]] == ["32.04", "32.05", "33.01"]
    assert [r["code"] for r in _sites(client, province).get_json()["items"]] == ["32.04", "32.05"]
    assert [r["code"] for r in _sites(client, site).get_json()["items"]] == ["32.04"]

    def get(path, token):
        return client.get(path, headers={"Authorization": f"Bearer {token}"} if token else {})

    assert get("/api/v1/sites/32.05", site).status_code == 403
    assert get("/api/v1/sites/33.01", province).status_code == 403
    assert get("/api/v1/sites/32.05", province).status_code == 200
    assert get("/api/v1/sites?province=33", province).status_code == 403
    assert get("/api/v1/sites", None).status_code == 401
    totals = get(f"/api/v1/totals?from={DAY}&to={DAY}", province).get_json()
    assert (totals["sites"], totals["visitors"]) == (2, 2)
    one = get(f"/api/v1/sites/32.04?from={DAY}&to={(date.fromisoformat(DAY) + timedelta(days=1)).isoformat()}", site)
    assert [d["visitors"] for d in one.get_json()["days"]] == [1, 0]
    assert get("/api/v1/sites?from=2026-13-01", admin).status_code == 400


def test_the_table_page_and_exports_need_a_sign_in_and_keep_to_the_scope(hub_app):
    from mpp_lite.hub.access import create_user
    from mpp_lite.hub.extensions import hub_db
    from mpp_lite.site import clock

    for code in ("32.04", "33.01"):
        add_site(hub_app, code)
    with hub_app.app_context():
        create_user("jabar", "rahasia-jabar-1", "province", "32", clock.utcnow())
        hub_db.session.commit()
    client = hub_app.test_client()
    assert client.get("/").status_code in (302, 401)
    assert client.post("/login", data={"username": "jabar", "password": "salah-sekali"}).status_code == 401
    assert client.post("/login", data={"username": "jabar", "password": "rahasia-jabar-1"}).status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "32.04" in page and "33.01" not in page and "table-warning" in page  # never synced: stale
    assert client.get("/situs/33.01").status_code == 403
    assert client.get("/situs/32.04").status_code == 200
    csv_text = client.get("/ekspor.csv").get_data(as_text=True)
    assert csv_text.splitlines()[0].startswith("code,name,province") and "33.01" not in csv_text
    xlsx = client.get("/ekspor.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_a_signature_for_another_body_is_refused(hub_app):
    secret = add_site(hub_app, "32.04")
    client = hub_app.test_client()
    body = batch_body("32.04", [ticket(DAY)])
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-MPP-Site": "32.04",
        "X-MPP-Timestamp": stamp,
        "X-MPP-Signature": signature(secret, stamp, body + b" "),
    }
    assert client.post("/sync", data=body, headers=headers).status_code == 401


def test_the_hub_commands_register_sites_rotate_secrets_and_make_tokens(hub_app, tmp_path):
    from click.testing import CliRunner

    from mpp_lite.hub.cli import hub_group

    runner = CliRunner()
    secret_file = tmp_path / "32.04.secret"
    made = runner.invoke(
        hub_group,
        [
            "add-site",
            "--code",
            "32.04",
            "--name",
            "Kabupaten Bandung",
            "--province",
            "32",
            "--secret-out",
            str(secret_file),
        ],
    )
    assert made.exit_code == 0, made.output
    clash = runner.invoke(
        hub_group,
        ["add-site", "--code", "32.04", "--name", "x", "--province", "32", "--secret-out", str(tmp_path / "x")],
    )
    assert clash.exit_code == 1 and "already registered" in clash.output
    wrong = runner.invoke(
        hub_group,
        ["add-site", "--code", "32.05", "--name", "x", "--province", "33", "--secret-out", str(tmp_path / "y")],
    )
    assert wrong.exit_code == 1
    token = runner.invoke(hub_group, ["create-token", "--name", "jabar", "--role", "province", "--scope", "32"])
    assert token.exit_code == 0
    assert runner.invoke(hub_group, ["create-token", "--name", "x", "--role", "site"]).exit_code == 1
    client = hub_app.test_client()
    old = secret_file.read_text().strip()
    assert post_batch(client, "32.04", old, [ticket(DAY)]).status_code == 200
    rotated = runner.invoke(
        hub_group, ["rotate-secret", "--code", "32.04", "--secret-out", str(secret_file), "--overlap-hours", "0"]
    )
    assert rotated.exit_code == 0, rotated.output
    assert post_batch(client, "32.04", old, [ticket(DAY)]).status_code == 401
    assert post_batch(client, "32.04", secret_file.read_text().strip(), [ticket(DAY)]).status_code == 200
    rows = client.get(
        "/api/v1/sites",
        query_string={"from": DAY, "to": DAY},
        headers={"Authorization": "Bearer " + token.output.strip().splitlines()[-1]},
    ).get_json()["items"]
    assert [(r["code"], r["visitors"]) for r in rows] == [("32.04", 2)]
    unset = runner.invoke(hub_group, ["forward"])
    assert unset.exit_code == 1 and "forward-to" in unset.output


def test_the_public_catalogue_search_finds_services_across_regencies(hub_app):
    secrets = {code: add_site(hub_app, code) for code in ("32.04", "32.73")}
    client = hub_app.test_client()

    def service(code, name, published=True, fee=0):
        return {
            "id": str(uuid.uuid4()),
            "type": "service",
            "version": 1,
            "occurred_at": f"{DAY}T01:00:00+00:00",
            "data": {
                "code": code,
                "name": name,
                "published": published,
                "fee": fee,
                "duration_value": 3,
                "duration_unit": "working_days",
                "requirements": ["Fotokopi KTP"],
                "tenant": {"code": "POL", "name": "Polres"},
            },
        }

    post_batch(
        client,
        "32.04",
        secrets["32.04"],
        [service("POL-01", "Penerbitan SKCK", fee=30000), service("X-01", "Layanan Rahasia SKCK", published=False)],
    )
    post_batch(client, "32.73", secrets["32.73"], [service("POL-01", "Penerbitan SKCK")])
    page = client.get("/layanan?q=skck").get_data(as_text=True)
    assert page.count("service-result") == 2 and "Rahasia" not in page
    assert "Rp30.000" in page and "Fotokopi KTP" in page and "32.73" in page
    assert "service-result" not in client.get("/layanan?q=paspor").get_data(as_text=True)


def test_malformed_input_is_answered_never_with_a_500(hub_app):
    secret = add_site(hub_app, "32.04")
    client = hub_app.test_client()
    odd_records = [
        {**ticket(DAY), "occurred_at": "2026\x00"},
        {**ticket(DAY), "data": {"day": "not a day", "issued_at": 5, "called_at": "x", "status": ["done"]}},
        {
            "id": str(uuid.uuid4()),
            "type": "survey",
            "version": 1,
            "occurred_at": "kemarin",
            "data": {"answers": {"U1": "4"}, "day": None},
        },
        {
            "id": str(uuid.uuid4()),
            "type": "application",
            "version": 2,
            "occurred_at": f"{DAY}T01:00:00+00:00",
            "data": {"deleted": True},
        },
        {
            "id": str(uuid.uuid4()),
            "type": "complaint",
            "version": 1,
            "occurred_at": f"{DAY}T01:00:00+00:00",
            "data": {"status": "new", "due_date": "soon"},
        },
        {"id": "x", "type": "ticket"},
        7,
        None,
        {**ticket(DAY), "data": {"number": "A\x00", "day": DAY, "status": "done"}},
    ]
    answer = post_batch(client, "32.04", secret, odd_records)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert len(answer.get_json()["accepted"]) == 5 and len(answer.get_json()["rejected"]) == 4
    for site in ("32.04\x00", "../../etc", "", "3" * 500):
        body = batch_body(site, [ticket(DAY)])
        assert client.post("/sync", data=body, headers=signed_headers(site, secret, body)).status_code == 401
    body = b'{"schema": "mpp-lite/v2"}'
    assert client.post("/sync", data=body, headers=signed_headers("32.04", secret, body)).status_code == 422
    token = add_token(hub_app, "hub_admin")
    for path in (
        "/api/v1/sites?from=x",
        "/api/v1/sites?to=2026-01-01&from=2026-02-01",
        "/api/v1/sites?province=3%00",
        "/api/v1/sites/%00",
        "/situs/%00",
        "/api/v1/totals?from=1900-01-01&to=2100-01-01",
        "/layanan?q=%25_%5C",
    ):
        answer = client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code in (200, 302, 400, 403, 404), (path, answer.status_code)


def test_the_hub_models_match_its_migrations_and_it_downgrades_cleanly(hub_app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect

    from mpp_lite.hub import MIGRATIONS
    from mpp_lite.hub.extensions import hub_db

    with hub_app.app_context():
        with hub_db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"version_table": "hub_alembic_version"})
            diff = [
                d
                for d in compare_metadata(context, hub_db.metadata)
                if not (d[0] == "remove_table" and d[1].name.startswith("hub_records_"))
            ]  # monthly partitions
        assert diff == []
        downgrade(directory=str(MIGRATIONS), revision="base")
        with hub_db.engine.connect() as connection:
            assert not [
                name
                for name in inspect(connection).get_table_names()
                if name.startswith("hub_") and name != "hub_alembic_version"
            ]
        upgrade(directory=str(MIGRATIONS))


def test_a_province_hub_forwards_to_the_national_hub_under_the_regencies_own_codes(hub_app, tmp_path):
    from hub_fixtures import hub_database_url
    from postgres_fixtures import drop_scratch_database
    from sync_fixtures import serve_in_thread, stop_server

    from mpp_lite.hub import create_hub_app
    from mpp_lite.hub.cli import upgrade_database
    from mpp_lite.hub.extensions import hub_db
    from mpp_lite.hub.forward import forward, set_target

    (tmp_path / "nation").mkdir()
    url, scratch = hub_database_url(tmp_path / "nation")
    nation = create_hub_app({"TESTING": True, "SECRET_KEY": "nation", "DATABASE_URL": url})
    upgrade_database(nation)
    server, thread = serve_in_thread(nation)
    try:
        province_secret = add_site(nation, "32", "Provinsi Jawa Barat")
        other_secret = add_site(nation, "33.01")
        nation_token = add_token(nation, "hub_admin")
        jabar_token = add_token(hub_app, "hub_admin")
        client = hub_app.test_client()
        secrets = {code: add_site(hub_app, code) for code in ("32.04", "32.73")}
        waiting = ticket(DAY, status="waiting")
        assert post_batch(client, "32.04", secrets["32.04"], [waiting, ticket(DAY, wait_minutes=3)]).status_code == 200
        assert post_batch(client, "32.73", secrets["32.73"], [ticket(DAY, wait_minutes=9)]).status_code == 200
        national = nation.test_client()
        assert post_batch(national, "33.01", other_secret, [ticket(DAY)]).status_code == 200
        with hub_app.app_context():
            set_target(f"http://127.0.0.1:{server.effective_port}/sync", province_secret, "32")
            hub_db.session.commit()
            assert forward(batch_size=2)["sent"] == 3
        # A newer version at the province travels up too; the rest is not sent again.
        assert (
            post_batch(
                client, "32.04", secrets["32.04"], [{**ticket(DAY, wait_minutes=20, ident=waiting["id"]), "version": 2}]
            ).status_code
            == 200
        )
        with hub_app.app_context():
            result = forward()
            assert (result["sent"], result["pending"], result["error"]) == (1, 0, None)
            assert forward()["sent"] == 0

        def rows(app_client, token):
            answer = app_client.get(
                "/api/v1/sites", query_string={"from": DAY, "to": DAY}, headers={"Authorization": f"Bearer {token}"}
            )
            return {r["code"]: (r["visitors"], r["wait_median_minutes"]) for r in answer.get_json()["items"]}

        at_province = rows(client, jabar_token)
        at_nation = rows(national, nation_token)
        assert at_province == {"32.04": (2, 3), "32.73": (1, 9)}
        assert at_nation == {**at_province, "33.01": (1, 5)}
        # A province's hub may speak only for its own regencies.
        stray = {**ticket(DAY), "site": {"code": "33.01", "name": "x"}}
        answer = post_batch(national, "32", province_secret, [stray]).get_json()
        assert answer["accepted"] == [] and answer["rejected"][0]["id"] == stray["id"]
    finally:
        stop_server(server, thread)
        with nation.app_context():
            hub_db.session.remove()
            hub_db.engine.dispose()
        if scratch:
            drop_scratch_database(url)


def _tampered_copy(bundle, target):
    import json
    import zipfile

    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(target, "w") as out:
        manifest = json.loads(source.read("manifest.json"))
        last = manifest["batches"][-1]["file"]
        for item in source.infolist():
            data = source.read(item.filename)
            out.writestr(item, data.replace(b'"version":1', b'"version":9', 1) if item.filename == last else data)
    return target


def test_a_usb_bundle_is_imported_once_by_command_and_a_changed_one_stores_nothing(hub_app, runner, seeded, tmp_path):
    from click.testing import CliRunner
    from hub_fixtures import site_bundle

    from mpp_lite.hub.cli import hub_group
    from mpp_lite.hub.models import HubBundle, HubRecord, HubRefusal, HubService

    secret = add_site(hub_app, "32.04")
    bundle = site_bundle(runner, seeded, tmp_path, secret, tickets=3)
    hub = CliRunner()
    tampered = hub.invoke(hub_group, ["import", str(_tampered_copy(bundle, tmp_path / "changed.zip"))])
    assert tampered.exit_code == 1 and "refused" in tampered.output
    assert _count(hub_app, HubRecord) == 0 and _count(hub_app, HubRefusal) == 1
    first = hub.invoke(hub_group, ["import", str(bundle)])
    assert first.exit_code == 0, first.output
    assert "from 32.04" in first.output and "7 records" in first.output and "imported before" not in first.output
    again = hub.invoke(hub_group, ["import", str(bundle)])
    assert again.exit_code == 0 and "imported before" in again.output
    # 3 tickets and a survey; the site's 3 services went to the catalogue
    assert (_count(hub_app, HubRecord), _count(hub_app, HubService), _count(hub_app, HubBundle)) == (4, 3, 1)
    token = add_token(hub_app, "hub_admin")
    row = _sites(hub_app.test_client(), token).get_json()["items"][0]
    assert (row["code"], row["tickets"], row["ikm_n"], row["stale"]) == ("32.04", 3, 1, False)
    unknown = tmp_path / "other.zip"
    assert hub.invoke(hub_group, ["import", str(tmp_path / "missing.zip")]).exit_code != 0
    unknown.write_bytes(b"not a zip at all")
    refused = hub.invoke(hub_group, ["import", str(unknown)])
    assert refused.exit_code == 1 and "zip" in refused.output


def test_the_upload_page_imports_a_bundle_for_a_site_in_scope_only(hub_app, runner, seeded, tmp_path):
    import io

    from hub_fixtures import site_bundle

    from mpp_lite.hub.access import create_user
    from mpp_lite.hub.extensions import hub_db
    from mpp_lite.hub.models import HubRecord
    from mpp_lite.site import clock

    secret = add_site(hub_app, "32.04")
    bundle = site_bundle(runner, seeded, tmp_path, secret, tickets=2)
    with hub_app.app_context():
        create_user("bandung", "rahasia-bandung-1", "site", "32.04", clock.utcnow())
        create_user("garut", "rahasia-garut-11", "site", "32.05", clock.utcnow())
        hub_db.session.commit()

    def upload(client, data: bytes, name="sukamaju.zip"):
        return client.post(
            "/impor?lang=en", data={"bundle": (io.BytesIO(data), name)}, content_type="multipart/form-data"
        )

    garut = hub_app.test_client()
    garut.post("/login", data={"username": "garut", "password": "rahasia-garut-11"})
    outside = upload(garut, bundle.read_bytes())
    assert outside.status_code == 403 and "outside what you may see" in outside.get_data(as_text=True)
    assert _count(hub_app, HubRecord) == 0
    bandung = hub_app.test_client()
    assert bandung.get("/impor").status_code == 302  # sign in first
    bandung.post("/login", data={"username": "bandung", "password": "rahasia-bandung-1"})
    page = bandung.get("/impor?lang=id").get_data(as_text=True)
    assert 'type="file"' in page and "Impor" in page
    changed = upload(bandung, _tampered_copy(bundle, tmp_path / "changed.zip").read_bytes())
    assert changed.status_code == 422 and "nothing was stored" in changed.get_data(as_text=True)
    assert bandung.post("/impor", data={}, content_type="multipart/form-data").status_code == 400  # no file chosen
    done = upload(bandung, bundle.read_bytes())
    assert done.status_code == 200 and "6 records" in done.get_data(as_text=True)
    again = upload(bandung, bundle.read_bytes())
    assert "imported before" in again.get_data(as_text=True) and _count(hub_app, HubRecord) == 3
    refused_id = bandung.post(
        "/impor?lang=id", data={"bundle": (io.BytesIO(b"PK junk"), "x.zip")}, content_type="multipart/form-data"
    )
    assert refused_id.status_code == 422 and "ditolak" in refused_id.get_data(as_text=True)


def test_the_satu_data_export_is_csv_with_metadata_a_dictionary_and_region_codes(hub_app):
    import csv
    import io
    import zipfile

    secrets = {
        code: add_site(hub_app, code, name)
        for code, name in (("32.04", "Kabupaten Bandung"), ("32.73", "=Kota Bandung"), ("33.01", "Kabupaten Cilacap"))
    }
    client = hub_app.test_client()
    for code, secret in secrets.items():
        assert post_batch(client, code, secret, [ticket(DAY, wait_minutes=m) for m in (2, 8)]).status_code == 200
    assert client.get(f"/ekspor-satudata.zip?from={DAY}&to={DAY}").status_code == 302  # sign in first
    token = add_token(hub_app, "province", "32")  # a province's own system fetching it
    answer = client.get(f"/ekspor-satudata.zip?from={DAY}&to={DAY}", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(answer.data)) as package:
        assert sorted(package.namelist()) == ["data.csv", "kamus_data.csv", "kode_wilayah.csv", "metadata.csv"]

        def table(name):
            return list(csv.DictReader(io.StringIO(package.read(name).decode("utf-8"))))

        data, meta, dictionary, regions = (
            table(n) for n in ("data.csv", "metadata.csv", "kamus_data.csv", "kode_wilayah.csv")
        )
    assert [(r["kode_provinsi"], r["kode_kabupaten_kota"]) for r in data] == [("32", "32.04"), ("32", "32.73")]
    first = data[0]
    assert (first["periode_awal"], first["periode_akhir"], first["jumlah_pengunjung"]) == (DAY, DAY, "2")
    assert (first["median_waktu_tunggu"], first["persentil_90_waktu_tunggu"]) == ("2", "8")
    assert data[1]["nama_kabupaten_kota"] == "'=Kota Bandung"  # a spreadsheet would run it: made inert
    metadata = {r["unsur"]: r["nilai"] for r in meta}
    assert (metadata["periode_awal"], metadata["periode_akhir"], metadata["jumlah_baris"]) == (DAY, DAY, "2")
    assert "Kemendagri" in metadata["kode_referensi"] and "32 Jawa Barat" == metadata["cakupan_wilayah"]
    assert {r["kolom"] for r in dictionary} >= set(data[0]) and all(r["definisi"] for r in dictionary)
    assert {"kode_wilayah": "32", "nama_wilayah": "Jawa Barat", "tingkat": "provinsi", "kode_induk": ""} in regions
    assert {r["kode_wilayah"] for r in regions} == {"32", "32.04", "32.73"}


def test_the_table_sorts_by_a_figure_highest_first_and_keeps_the_period(hub_app):
    from mpp_lite.hub.access import create_user
    from mpp_lite.hub.extensions import hub_db
    from mpp_lite.site import clock

    secrets = {code: add_site(hub_app, code) for code in ("32.04", "32.05", "32.73")}
    client = hub_app.test_client()
    for code, visits, wait in (("32.04", 1, 20), ("32.73", 3, 5)):
        records = [ticket(DAY, wait_minutes=wait) for _n in range(visits)]
        assert post_batch(client, code, secrets[code], records).status_code == 200
    with hub_app.app_context():
        create_user("admin", "rahasia-admin-1", "hub_admin", None, clock.utcnow())
        hub_db.session.commit()
    client.post("/login", data={"username": "admin", "password": "rahasia-admin-1"})

    def order(query):
        page = client.get("/?" + query).get_data(as_text=True)
        return [code for code in re.findall(r'data-code="([\d.]+)"', page)], page

    codes, page = order(f"from={DAY}&to={DAY}&sort=visitors")
    assert codes == ["32.73", "32.04", "32.05"]
    # 32.05 has no wait at all: last, not first
    assert order(f"from={DAY}&to={DAY}&sort=wait_median_minutes")[0] == ["32.04", "32.73", "32.05"]
    # The heading links keep the period and replace the sort rather than adding a second one.
    link = re.search(r'href="([^"]*sort=name[^"]*)"', page).group(1).replace("&amp;", "&")
    assert f"from={DAY}" in link and link.count("sort=") == 1
    assert order(link.split("?", 1)[1])[0] == ["32.04", "32.05", "32.73"]
    assert client.get(f"/?from={DAY}&to={DAY}&sort=nonsense").status_code == 200


def test_every_hub_view_declares_who_may_use_it(hub_app):
    undeclared = [
        rule.rule
        for rule in hub_app.url_map.iter_rules()
        if rule.endpoint != "static" and getattr(hub_app.view_functions[rule.endpoint], "required_roles", None) is None
    ]
    assert undeclared == []
    public = sorted(
        rule.rule
        for rule in hub_app.url_map.iter_rules()
        if rule.endpoint != "static" and hub_app.view_functions[rule.endpoint].required_roles == ()
    )
    assert public == ["/healthz", "/layanan", "/login", "/logout", "/sync"]
    client = hub_app.test_client()
    for rule in hub_app.url_map.iter_rules():
        if rule.rule not in public and rule.endpoint != "static" and "GET" in rule.methods:
            answer = client.get(rule.rule.replace("<code>", "32.04"))
            assert answer.status_code in (302, 401), rule.rule
    assert client.get("/api/v1/totals").get_json()["error"]["code"] == "unauthorized"


def test_the_national_table_has_a_total_per_province_equal_to_the_provinces_own(hub_app):
    secrets = {code: add_site(hub_app, code) for code in ("32.04", "32.73", "33.01")}
    client = hub_app.test_client()
    waits = {"32.04": (2, 4, 30), "32.73": (6, 8), "33.01": (1,)}
    for code, minutes in waits.items():
        assert (
            post_batch(client, code, secrets[code], [ticket(DAY, wait_minutes=m) for m in minutes]).status_code == 200
        )
    token = {"Authorization": "Bearer " + add_token(hub_app, "hub_admin")}
    page = client.get(f"/?from={DAY}&to={DAY}", headers=token).get_data(as_text=True)
    totals = re.findall(
        r'data-province="(\d+)"><td colspan="3">[^<]*</td>\s*<td class="text-end">(\d+)</td>\s*'
        r'<td class="text-end">\d+</td>\s*<td class="text-end">(\d+)</td>',
        page,
    )
    assert totals == [("32", "5", "6"), ("33", "1", "1")]  # the median over all five tickets of province 32
    for province, visitors, median in totals:
        own = client.get(f"/api/v1/totals?from={DAY}&to={DAY}&province={province}", headers=token).get_json()
        assert (own["visitors"], own["wait_median_minutes"]) == (int(visitors), int(median))
    one_province = client.get(f"/?from={DAY}&to={DAY}&province=32", headers=token).get_data(as_text=True)
    assert "data-province=" not in one_province and 'id="total"' in one_province
