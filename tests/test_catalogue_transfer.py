"""Catalogue export and import: one regency's Standar Pelayanan seeds another's."""

from __future__ import annotations

import io
import json
from datetime import time

import pytest

from mpp_lite import create_app
from mpp_lite.catalogue.models import Service, Tenant
from mpp_lite.catalogue.services import search_services
from mpp_lite.catalogue.transfer import (
    CatalogueFileError,
    export_catalogue,
    import_catalogue,
    parse_catalogue,
    service_record,
)
from mpp_lite.extensions import db
from mpp_lite.queue.models import Queue

COMPONENTS = (
    "requirements",
    "procedure",
    "duration",
    "fee",
    "fee_note",
    "product",
    "complaint_channel",
    "legal_basis",
    "facilities",
    "competency",
    "internal_supervision",
    "staff_count",
    "service_guarantee",
    "security_guarantee",
    "performance_evaluation",
)


@pytest.fixture
def admin_client(app, client, create_user, login):
    """A client signed in as an administrator."""
    login(create_user("kepala", "admin"))
    return client


@pytest.fixture
def other_site(tmp_path):
    """A second, empty MPP Lite site (its own database), for carrying a file from one to the other."""
    from mpp_lite.migrating import upgrade

    folder = tmp_path / "other-site"
    folder.mkdir()
    site = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "other",
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + (folder / "other.sqlite").as_posix(),
        }
    )
    with site.app_context():
        upgrade()
    yield site
    with site.app_context():
        db.session.remove()
        db.engine.dispose()


def write(tmp_path, data, name="katalog.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(db.select(db.func.count(model.id))) for model in (Tenant, Queue, Service))


def test_export_then_import_into_an_empty_site_keeps_all_fourteen_components(app, runner, tmp_path, other_site):
    from mpp_lite.demo.services import load_demo

    load_demo()
    db.session.commit()
    out = tmp_path / "sukamaju.json"
    result = runner.invoke(args=["catalogue", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "mpp-lite/catalogue" and data["version"] == 1
    assert len(data["services"]) >= 30 and len(data["tenants"]) >= 8
    originals = {s.code: service_record(s) for s in db.session.scalars(db.select(Service))}

    other_runner = other_site.test_cli_runner()
    with other_site.app_context():
        result = other_runner.invoke(args=["catalogue", "import", str(out)])
        assert result.exit_code == 0, result.output
        assert f"services: {len(originals)} created" in result.output
        imported = {s.code: service_record(s) for s in db.session.scalars(db.select(Service))}
        assert not any(s["published"] for s in imported.values())  # drafts until reviewed
        assert search_services("ktp") == []
        for code, original in originals.items():
            for component in ("name", "tenant_code", "queue_prefix", *COMPONENTS):
                assert imported[code][component] == original[component], (code, component)

        again = other_runner.invoke(args=["catalogue", "import", str(out), "--publish"])
        assert again.exit_code == 0, again.output
        assert "Penerbitan KTP-el" in search_services("ktp")[0].name


def test_import_twice_changes_nothing(app, seeded, runner, tmp_path):
    path = write(tmp_path, export_catalogue())
    ktp = seeded["services"][0]
    db.session.delete(db.session.get(Service, seeded["services"][1].id))
    ktp.requirements = ["Syarat lama"]
    db.session.commit()

    first = runner.invoke(args=["catalogue", "import", path])
    assert first.exit_code == 0, first.output
    assert "services: 1 created, 1 updated, 1 unchanged" in first.output
    stamps = {s.code: (s.updated_at, s.version) for s in db.session.scalars(db.select(Service))}
    before = export_catalogue()

    second = runner.invoke(args=["catalogue", "import", path])
    assert second.exit_code == 0, second.output
    assert "Nothing changed" in second.output
    assert "services: 0 created, 0 updated, 3 unchanged" in second.output
    db.session.expire_all()
    assert {s.code: (s.updated_at, s.version) for s in db.session.scalars(db.select(Service))} == stamps
    after = export_catalogue()
    assert {k: v for k, v in after.items() if k != "exported_at"} == {
        k: v for k, v in before.items() if k != "exported_at"
    }
    assert db.session.get(Service, ktp.id).requirements == ["Fotokopi Kartu Keluarga"]


def test_import_keeps_what_the_site_decided_for_itself(app, seeded, tmp_path):
    data = export_catalogue()
    qa = seeded["queues"][0]
    qa.opens_at, qa.closes_at, qa.daily_quota = time(8, 0), time(14, 0), 120
    skck = seeded["services"][2]
    skck.published = False
    db.session.commit()
    for row in data["services"]:
        row["summary"] = "Ringkasan dari kabupaten lain."
    result = import_catalogue(parse_catalogue(json.dumps(data)))
    db.session.commit()
    assert len(result.updated["services"]) == 3
    db.session.expire_all()
    queue = db.session.get(Queue, qa.id)
    assert (queue.opens_at, queue.closes_at, queue.daily_quota) == (time(8, 0), time(14, 0), 120)
    assert not db.session.get(Service, skck.id).published
    assert db.session.get(Service, skck.id).summary == "Ringkasan dari kabupaten lain."


def test_a_malformed_file_is_refused_whole_with_what_is_wrong(app, seeded, runner, tmp_path):
    data = export_catalogue()
    data["tenants"].append({"code": "IMIGRASI", "name": "Kantor Imigrasi"})  # valid on its own
    data["services"][0]["duration"] = {"value": 3, "unit": "weeks"}
    data["services"][1]["tenant_code"] = "NOWHERE"
    data["services"][2]["requirements"] = "not a list"
    data["queues"][0]["opens_at"] = "8 pagi"
    before = counts()

    result = runner.invoke(args=["catalogue", "import", write(tmp_path, data)])
    assert result.exit_code == 1
    assert "nothing was imported" in result.output
    assert "services[0] DKC-01.duration.unit" in result.output
    assert "services[1] DKC-02.tenant_code" in result.output and "NOWHERE" in result.output
    assert "services[2] POL-01.requirements" in result.output
    assert "queues[0] A.opens_at" in result.output
    assert counts() == before
    assert db.session.scalar(db.select(Tenant).filter_by(code="IMIGRASI")) is None


@pytest.mark.parametrize(
    "content, expected",
    [
        ('{"format": "mpp-lite/catalogue", "version": 1, "services": [', "baris 1, kolom 61"),
        ("[1, 2, 3]", "format"),
        ('{"format": "mpp-lite/catalogue", "version": 2, "services": []}', "versi 2 tidak didukung"),
        ('{"format": "mpp-lite/catalogue", "version": 1}', "tidak memuat instansi, antrean, atau layanan"),
        ('{"format": "mpp-lite/catalogue", "version": 1, "services": [{"code": "X-1", "nama": "typo"}]}', "nama"),
    ],
)
def test_broken_files_say_what_is_wrong(app, runner, tmp_path, content, expected):
    """In Indonesian, the site's default language."""
    result = runner.invoke(args=["catalogue", "import", write(tmp_path, content)])
    assert result.exit_code == 1
    assert expected in result.output
    assert counts() == (0, 0, 0)


def test_duplicate_codes_in_a_file_are_refused(app, seeded):
    data = export_catalogue()
    data["services"].append(dict(data["services"][0]))
    with pytest.raises(CatalogueFileError) as error:
        parse_catalogue(json.dumps(data))
    assert "services[3] DKC-01.code: muncul dua kali dalam berkas" in error.value.problems


def test_admin_page_downloads_and_imports_the_catalogue(admin_client, seeded):
    page = admin_client.get("/admin/katalog").get_data(as_text=True)
    assert "Unduh katalog (JSON)" in page
    response = admin_client.get("/admin/katalog/ekspor.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="katalog-mpp-')
    data = json.loads(response.data)
    assert {s["code"] for s in data["services"]} == {"DKC-01", "DKC-02", "POL-01"}

    data["services"].append(dict(data["services"][0], code="DKC-99", name="Layanan dari Kabupaten Lain"))
    upload = {"file": (io.BytesIO(json.dumps(data).encode()), "katalog.json")}
    response = admin_client.post(
        "/admin/katalog", data=upload, content_type="multipart/form-data", follow_redirects=True
    )
    assert "Katalog diimpor: 1 baru, 0 diubah" in response.get_data(as_text=True)
    assert not db.session.scalar(db.select(Service).filter_by(code="DKC-99")).published

    broken = {
        "file": (
            io.BytesIO(b'{"format": "mpp-lite/catalogue", "version": 1, "services": [{"code": "Z"}]}'),
            "rusak.json",
        )
    }
    response = admin_client.post("/admin/katalog", data=broken, content_type="multipart/form-data")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Tidak ada yang diimpor" in page and "services[0] Z.name" in page
