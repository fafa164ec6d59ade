"""Claims in SECURITY.md that no feature's own tests showed. Each test names the ASVS 4.0.3 level 1
items it backs; SECURITY.md names the test in turn."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mpp_lite import create_app
from mpp_lite.extensions import db

ROOT = Path(__file__).resolve().parent.parent
PNG = bytes.fromhex(  # a 1x1 pixel image
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def sign_in(app, username, password):
    return app.test_client().post("/login", data={"username": username, "password": password})


# --- V2 authentication --------------------------------------------------------------------


def test_passwords_of_up_to_128_characters_of_any_unicode_are_kept_whole(app, create_user, login):
    """2.1.2, 2.1.3, 2.1.4, 2.1.9, 2.5.3: spaces and emoji, no digit or capital, 128 characters, all
    count; 129 are refused where passwords are set."""
    from mpp_lite.admin.services import reset_password
    from mpp_lite.errors import FieldError

    admin = login(create_user("boss", "admin"))
    user = create_user("kepala", "supervisor")
    password = ("kopi susu 🌶️ " * 10 + "akhir teh manis")[:128]
    assert len(password) == 128

    def set_password(text):
        return admin.post(f"/admin/pengguna/{user.id}/sandi", data={"password": text, "confirm": text})

    refused = set_password(password + "x")
    assert refused.status_code == 400 and "Gunakan paling banyak 128 karakter" in refused.get_data(as_text=True)
    assert set_password(password).status_code == 302
    db.session.refresh(user)
    assert user.password_hash.startswith("scrypt:") and "kopi" not in user.password_hash  # 2.5.3: only a hash
    assert sign_in(app, "kepala", password).status_code == 302
    assert sign_in(app, "kepala", password[:-1] + "R").status_code == 401  # only the last character differs
    assert sign_in(app, "kepala", password[:72]).status_code == 401  # no bcrypt-style cut at 72 bytes
    assert sign_in(app, "kepala", "x" * 201).status_code == 400  # the sign-in form reads at most 200
    with pytest.raises(FieldError):
        reset_password(user, "pendek")  # under PASSWORD_MIN_LENGTH


def test_password_fields_let_password_managers_and_paste_work(client):
    """2.1.11: a plain password input with an autocomplete hint; no script blocks paste."""
    page = client.get("/login").get_data(as_text=True)
    field = re.search(r"<input[^>]*type=\"password\"[^>]*>", page).group(0)
    assert 'autocomplete="current-password"' in field and "onpaste" not in field
    scripts = [path for path in (ROOT / "static" / "js").glob("*.js") if re.search(r"\bpaste\b", path.read_text())]
    assert scripts == []


def test_no_account_exists_before_init_and_the_first_password_is_random(app, runner):
    """2.3.1, 2.5.4, 14.2.2: no built-in account; init makes one with a random 16-character password."""
    from mpp_lite.auth.models import User

    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    assert sign_in(app, "admin", "admin").status_code == 401
    first = runner.invoke(args=["init"]).output
    password = re.search(r"password: (\S+)", first).group(1)
    assert len(password) == 16 and password not in first.replace(f"password: {password}", "")
    assert sign_in(app, "admin", password).status_code == 302


# --- V3 sessions --------------------------------------------------------------------------


def test_each_sign_in_gets_a_new_server_side_session_of_256_bits(app, client, create_user, login):
    """3.2.1, 3.2.2: signing in again (even in the same browser) gives a new session id."""
    from mpp_lite.auth.models import StaffSession

    user = create_user("kepala", "admin")
    login(user)
    first_cookie = client.get_cookie("session").value
    client.post("/logout")
    login(user)
    assert client.get_cookie("session").value != first_cookie
    ids = db.session.scalars(db.select(StaffSession.id)).all()
    assert len(set(ids)) == 2 and all(len(ident) >= 43 for ident in ids)  # token_urlsafe(32): 256 bits
    assert client.get_cookie("session").path == "/"  # 3.4.5


def test_a_tampered_session_cookie_is_simply_signed_out(app, client, create_user, login):
    """3.2.3, 6.2.1: a changed signature is no session (a redirect to login), never an error."""
    login(create_user("kepala", "admin"))
    value = client.get_cookie("session").value
    client.set_cookie("session", value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- V4 access control --------------------------------------------------------------------


def test_roles_come_from_the_database_on_every_request(app, client, create_user, login):
    """4.1.2: demoting a signed-in admin takes effect at the next request, whatever the cookie says."""
    admin = create_user("kepala", "admin")
    login(admin)
    assert client.get("/admin/").status_code == 200
    admin.role = "supervisor"
    db.session.commit()
    assert client.get("/admin/").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/static/",
        "/static/js/",
        "/.git/config",
        "/static/.DS_Store",
        "/.env",
        "/instance/secret_key",
        "/secret_key",
        "/media/logo/",
        "/static/../setup.cfg",
    ],
)
def test_no_directory_listing_or_metadata_files(client, path):
    """4.3.2, 12.5.1: folders are not listed and nothing outside static/ is served by name."""
    assert client.get(path).status_code == 404


# --- V5 validation and encoding -----------------------------------------------------------


def test_a_repeated_parameter_is_read_once_first_value_wins(client, seeded):
    """5.1.1: /layanan?q=ktp&q=zzz searches for ktp only."""
    assert "KTP-el" in client.get("/layanan?q=ktp&q=zzzzqq").get_data(as_text=True)
    assert "KTP-el" not in client.get("/layanan?q=zzzzqq&q=ktp").get_data(as_text=True)


def test_extra_api_fields_cannot_set_what_the_server_decides(client, create_token, seeded, at):
    """5.1.2: a kiosk cannot choose a ticket's number, status or queue by sending them."""
    at("2026-12-07T09:00")  # a Monday morning: the hall is open
    kiosk = {"Authorization": f"Bearer {create_token('kiosk')}"}
    ktp = seeded["services"][0]
    response = client.post(
        "/api/v1/tickets",
        headers=kiosk,
        json={"service_id": ktp.id, "number": "Z999", "status": "done", "queue_id": seeded["queues"][1].id, "id": 4242},
    )
    ticket = response.get_json()
    assert response.status_code == 201 and ticket["number"].startswith("A") and ticket["status"] == "waiting"
    assert ticket["id"] != 4242


def test_user_text_is_escaped_and_kept_whole(client, create_service, seeded):
    """5.2.2, 5.3.1, 5.3.2, 5.3.3: markup is shown as text; apostrophes and any script survive."""
    service = create_service(
        seeded["tenants"][0], code="DKC-99", name="<script>alert(1)</script> O'Hara ねこ ktp", keywords="ktp"
    )
    for path in ("/layanan?q=ktp", f"/layanan/{service.id}"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Hara ねこ" in page


def test_user_text_in_a_pdf_is_printed_as_text_not_markup(client, create_service, seeded):
    """5.3.1: reportlab reads its own markup (<b>, <font>, &amp;); a service's text is escaped for it."""
    import io

    from pypdf import PdfReader

    service = create_service(seeded["tenants"][0], code="DKC-98", name="KTP <b>cepat</b> & <font size=40>besar</font>")
    response = client.get(f"/layanan/{service.id}/standar.pdf")
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "KTP <b>cepat</b> & <font size=40>besar</font>" in text.replace("\n", " ")


def test_like_wildcards_in_searches_are_taken_literally(client, seeded, create_user, login):
    """5.3.5: `%` and `_` match themselves in the catalogue search and the audit log's actor filter."""
    assert "KTP-el" in client.get("/layanan?q=ktp").get_data(as_text=True)
    assert "KTP-el" not in client.get("/layanan", query_string={"q": "k%p"}).get_data(as_text=True)  # % is no wildcard
    login(create_user("kepala", "admin"))
    assert ">kepala<" in client.get("/admin/audit/", query_string={"actor": "kep"}).get_data(as_text=True)
    assert ">kepala<" not in client.get("/admin/audit/", query_string={"actor": "%"}).get_data(as_text=True)


def test_a_form_post_without_its_optional_fields_is_saved_not_an_error(app, create_user, login, seeded):
    """5.1.3: a hand-made post that leaves out optional text fields (a browser never does) was a 500
    (NOT NULL on tenants.short_name); the fields are saved empty."""
    client = login(create_user())
    dukcapil = seeded["tenants"][0]
    response = client.post(
        f"/admin/instansi/{dukcapil.id}",
        data={"name": "Dinas Dukcapil", "code": dukcapil.code, "colour": "#123456", "sort_order": "0", "active": "y"},
    )
    assert response.status_code == 302, response.status_code
    db.session.refresh(dukcapil)
    assert (dukcapil.name, dukcapil.short_name, dukcapil.contact, dukcapil.description) == (
        "Dinas Dukcapil",
        "",
        "",
        "",
    )


class RenderedForms(HTMLParser):
    """The POST forms of a page with the values a browser would send (files left out)."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action"), "method": (attrs.get("method") or "get").lower(), "fields": []}
            self.forms.append(self._form)
        elif self._form is None or not (attrs.get("name") or tag == "option"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind != "file" and (kind not in ("checkbox", "radio") or "checked" in attrs):
                self._form["fields"].append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select":
            self._select = attrs["name"]
            self._form["fields"].append((self._select, None))
        elif tag == "option" and self._select:
            name, value = self._form["fields"][-1]
            if value is None or "selected" in attrs:
                self._form["fields"][-1] = (name, attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._form["fields"].append((self._textarea, ""))

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][-1] = (self._textarea, data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


@pytest.mark.parametrize("role", ["admin", "operator"])
@pytest.mark.slow
def test_every_form_posted_with_one_field_left_out_answers_without_a_server_error(
    app, client, create_user, login, seeded, role
):
    """5.1.3: the route walk sends bad values into forms that are otherwise empty; this posts each
    form of the staff and public pages as the page renders it, leaving out one field at a time (what
    a script, not a browser, sends). The tenant and service forms answered 500 for six fields."""
    from werkzeug.datastructures import MultiDict

    staff = create_user("walker", role, seeded["tenants"][0] if role == "operator" else None)
    login(staff)
    home = "/admin/" if role == "admin" else "/counter"
    prefixes = ("/admin", "/permohonan", "/pengaduan", "/counter", "/dashboard", "/status", "/survei")
    paths = sorted(
        {
            re.sub(r"<int:\w+>", "1", rule.rule)
            for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and rule.rule.startswith(prefixes)
        }
        - {""}
    )
    errors = []
    for path in (path for path in paths if "<" not in path):
        page = client.get(path)
        if page.status_code != 200 or page.mimetype != "text/html":
            continue
        forms = RenderedForms()
        forms.feed(page.get_data(as_text=True))
        for form in forms.forms:
            action = form["action"] or path
            if form["method"] != "post" or re.search(r"logout|hapus|pulih|restore", action):
                continue  # these end the walk's session or its data
            fields = [field for field in form["fields"] if field[0] != "csrf_token"]
            for left_out in range(len(fields)):
                response = client.post(action, data=MultiDict(fields[:left_out] + fields[left_out + 1 :]))
                if response.status_code >= 500:
                    errors.append((action, fields[left_out][0], response.status_code))
            if client.get(home).status_code != 200:  # a form signed the walk out: carry on signed in
                login(staff)
    assert errors == []


def python_sources():
    return [path for path in (ROOT / "mpp_lite").rglob("*.py") if "migrations" not in path.parts]


def test_no_dynamic_code_shell_or_object_deserialisation():
    """5.2.4, 5.2.5, 5.3.8, 5.5.1, 5.5.3, 12.3.5: no eval/exec, no template built from text, no shell,
    no pickle/marshal/yaml objects."""
    dangerous = re.compile(
        r"(?<![.\w])(eval|exec)\(|shell\s*=\s*True|os\.system|os\.popen|\bpickle\b|\bmarshal\b"
        r"|yaml\.(unsafe_)?load\b|render_template_string|from_string\("
    )  # 5.2.5: no template from text
    offenders = [str(path.relative_to(ROOT)) for path in python_sources() if dangerous.search(path.read_text())]
    assert offenders == []
    # The one program started is fixed (Windows' icacls for the instance folder's ACL).
    calls = [str(path.relative_to(ROOT)) for path in python_sources() if "subprocess" in path.read_text()]
    assert calls == ["mpp_lite/site/private.py"]
    scripts = [
        path
        for path in (ROOT / "static" / "js").glob("*.js")
        if re.search(r"\beval\(|new Function\(|setTimeout\(\s*[\"']", path.read_text())
    ]
    assert scripts == []
    assert '"allowEval": false' in (ROOT / "templates" / "base.html").read_text()


def test_only_sync_notifications_and_the_printer_call_out_to_configured_addresses():
    """5.2.6, 12.6.1: four modules open connections, to an address in the site's settings (sync
    endpoints, notification webhook, the messages' HTTP gateway and SMTP server, network ticket
    printer), never one from a request. A new caller fails here until it is reviewed."""
    client = re.compile(r"urllib\.request|urlopen|import requests|http\.client|httpx|socket\.create_connection|smtplib")
    callers = sorted(str(path.relative_to(ROOT)) for path in python_sources() if client.search(path.read_text()))
    assert callers == [
        "mpp_lite/applications/notify.py",
        "mpp_lite/bookings/notify.py",
        "mpp_lite/queue/printing.py",
        "mpp_lite/sync/adapters.py",
    ]


def test_sql_built_from_text_names_only_the_schemas_own_tables():
    """5.3.4: every SQL string built with an f-string was reviewed: it interpolates table, column
    or partition names from the schema or a computed number, never a request's value. A new one
    fails here until it is reviewed and listed."""
    built = re.compile(r"(?:text|execute|exec_driver_sql)\(\s*f[\"']")
    found = sorted(str(path.relative_to(ROOT)) for path in python_sources() if built.search(path.read_text()))
    assert found == [
        "mpp_lite/backup/services.py",
        "mpp_lite/database.py",
        "mpp_lite/dbcopy.py",
        "mpp_lite/hub/ingest.py",
    ]


def test_logos_are_served_only_by_generated_name_and_cannot_run_script(app, client):
    """5.2.7, 5.3.9, 12.3.1, 12.3.2, 12.4.1, 12.5.2: a logo is an image with `default-src 'none'`;
    any other name, or a path, is a 404 even when the file exists."""
    from mpp_lite.admin.services import uploads_folder

    folder = uploads_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tenant-0123456789abcdef.png").write_bytes(PNG)
    (folder / "page.html").write_text("<script>alert(1)</script>")
    logo = client.get("/media/logo/tenant-0123456789abcdef.png")
    assert logo.status_code == 200 and logo.mimetype == "image/png"
    assert logo.headers["Content-Security-Policy"] == "default-src 'none'"
    assert logo.headers["X-Content-Type-Options"] == "nosniff"
    logo.close()  # the file is streamed
    for name in ("page.html", "..%2Fsecret_key", "..%2F..%2Fsetup.cfg", "tenant-0123456789abcdef.png%00.html"):
        assert client.get(f"/media/logo/{name}").status_code in (400, 404), name
    assert not str(folder).startswith(str(ROOT / "static"))


def test_uploaded_logo_gets_a_generated_name_not_the_senders(app, create_user, login, seeded):
    """12.3.1, 12.3.2: the name a browser sends is ignored."""
    import io

    from mpp_lite.admin.services import uploads_folder
    from mpp_lite.admin.site_views import LOGO_NAME

    client = login(create_user())
    dukcapil = seeded["tenants"][0]
    response = client.post(
        f"/admin/instansi/{dukcapil.id}",
        data={
            "name": dukcapil.name,
            "code": dukcapil.code,
            "short_name": "Disdukcapil",
            "colour": "#123456",
            "sort_order": "0",
            "active": "y",
            "logo": (io.BytesIO(PNG), "../../secret_key.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    stored = [path.name for path in uploads_folder().iterdir()]
    assert len(stored) == 1 and LOGO_NAME.match(stored[0]) and "secret" not in stored[0]


# --- V7 errors ----------------------------------------------------------------------------


def test_an_unexpected_error_is_a_generic_page_without_details(instance_dir):
    """7.4.1, 14.3.2: no traceback, no exception text, no debugger; JSON in the API's shape."""
    from conftest import database_url

    from mpp_lite.auth.permissions import public

    production = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": database_url(instance_dir)})
    assert production.debug is False and production.testing is False
    app = create_app(
        {
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": database_url(instance_dir),
            "PROPAGATE_EXCEPTIONS": False,
            "RATELIMIT_ENABLED": False,
        }
    )

    def failing():
        raise RuntimeError("secret detail in /srv/mpp/instance")

    app.add_url_rule("/uji-galat", "uji_galat", public(failing))
    app.add_url_rule("/api/v1/uji-galat", "api_uji_galat", public(failing))
    with app.app_context():
        from conftest import _reset_database

        from mpp_lite.migrating import upgrade

        _reset_database(app)
        upgrade()
        db.session.remove()
    client = app.test_client()
    page = client.get("/uji-galat")
    text = page.get_data(as_text=True)
    assert page.status_code == 500 and page.mimetype == "text/html"
    assert "secret detail" not in text and "Traceback" not in text and "RuntimeError" not in text
    assert "Terjadi kesalahan" in text or "kesalahan" in text.lower()
    api = client.get("/api/v1/uji-galat")
    assert api.status_code == 500 and set(api.get_json()) == {"error"}
    assert "secret detail" not in api.get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()


def test_failed_sign_ins_are_audited_without_a_name_that_is_no_account(app, create_user):
    """7.1.1, 2.2.1: a failed sign-in names the account it was for; a typed name that is no account
    (perhaps the password, typed into the wrong field) is not kept. It was, until this check."""
    from mpp_lite.audit.models import AuditEvent

    create_user("kepala", "admin")
    assert sign_in(app, " Kepala", "salah-sandi-1").status_code == 401
    assert sign_in(app, "Rahasia-Sekali-99", "kepala").status_code == 401  # fields swapped
    rows = db.session.execute(db.select(AuditEvent.actor, AuditEvent.ip).where(AuditEvent.action == "login_failed"))
    assert sorted(rows) == [("?", "127.0.0.1"), ("kepala", "127.0.0.1")]
    assert not db.session.scalar(db.select(AuditEvent.id).where(AuditEvent.actor.contains("Rahasia")))


# --- V8 data protection -------------------------------------------------------------------


def test_nothing_is_kept_in_browser_storage():
    """8.2.2: the kit's scripts use no localStorage, sessionStorage or IndexedDB."""
    scripts = [
        path.name
        for path in (ROOT / "static" / "js").rglob("*.js")
        if re.search(r"localStorage|sessionStorage|indexedDB", path.read_text(errors="replace"))
        and "vendor" not in path.parts
        and ".min." not in path.name
    ]
    assert scripts == []


def forms_sending_in_the_url(page: str, names=("nik", "phone", "phone_last4", "password", "q")) -> list[str]:
    """Forms on a page that would put one of `names` into a query string (method GET)."""
    found = []
    for form in re.findall(r"<form\b.*?</form>", page, re.S | re.I):
        method = re.search(r"<form\b[^>]*\bmethod=[\"']?(\w+)", form, re.I)
        if method and method.group(1).lower() == "post":
            continue
        found += [name for name in names if re.search(rf"name=[\"']{name}[\"']", form)]
    return found


def test_personal_data_is_posted_never_put_in_a_url(app, client, create_user, login, seeded):
    """8.3.1: status lookup, sign-in, the NIK export and the applications search are POSTs."""
    assert forms_sending_in_the_url(client.get("/status").get_data(as_text=True)) == []
    assert forms_sending_in_the_url(client.get("/login").get_data(as_text=True)) == []
    login(create_user())
    for path in ("/admin/privasi", "/permohonan"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert forms_sending_in_the_url(page.get_data(as_text=True)) == [], path
    # and a lookup typed into a URL by hand is not performed (a performed one counts as a failure)
    from mpp_lite.applications.codes import display, new_code
    from mpp_lite.applications.models import StatusLookupFailure

    code = display(new_code())  # well formed, of no application
    lookup = client.get(f"/status?code={code}&phone_last4=1234")
    assert lookup.status_code == 200 and "status-result" not in lookup.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(StatusLookupFailure)) == 0
    assert client.post("/status", data={"code": code, "phone_last4": "1234"}).status_code == 404
    assert db.session.scalar(db.select(db.func.count()).select_from(StatusLookupFailure)) == 1  # the POST does


# --- V12 files ----------------------------------------------------------------------------


def test_an_oversized_body_is_refused_before_it_is_read(client):
    """12.1.1: more than MAX_CONTENT_LENGTH (4 MB) is a 413 page."""
    response = client.post("/pengaduan", data={"text": "x" * (5 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Traceback" not in response.get_data(as_text=True)


# --- V13 API ------------------------------------------------------------------------------


def test_api_tokens_count_only_in_the_authorization_header(client, create_token):
    """13.1.3, 3.1.1: a token in a URL authenticates nothing."""
    raw = create_token("display")
    assert client.get("/api/v1/display", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    for name in ("token", "access_token", "api_key", "bearer"):
        assert client.get(f"/api/v1/display?{name}={raw}").status_code == 401


def test_cookie_authenticated_api_writes_need_the_csrf_header(app, client, create_user, login, seeded):
    """4.2.2, 13.2.3: a signed-in operator's browser must send X-CSRFToken; another site cannot."""
    operator = create_user("op1", "operator", seeded["tenants"][0])
    login(operator)
    counter = seeded["counters"][0]
    refused = client.post(f"/api/v1/counters/{counter.id}/open", headers={"Origin": "http://evil.example"})
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "csrf"
    page = client.get("/counter").get_data(as_text=True)
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    accepted = client.post(f"/api/v1/counters/{counter.id}/open", headers={"X-CSRFToken": csrf})
    assert accepted.status_code == 200, accepted.get_data(as_text=True)


# --- V14 configuration --------------------------------------------------------------------

PAGES = [
    "/",
    "/login",
    "/layanan",
    "/status",
    "/privasi",
    "/api/v1/services",
    "/healthz",
    "/tidak-ada-halaman",
    "/api/v1/tidak-ada",
]


@pytest.mark.parametrize("path", PAGES)
def test_headers_on_pages_api_answers_and_errors(client, seeded, path):
    """14.4.1, 14.4.3, 14.4.4, 14.4.6, 14.4.7, 14.5.3: on every kind of answer, 404s included."""
    response = client.get(path, headers={"Origin": "http://evil.example"})
    headers = response.headers
    assert response.mimetype in ("text/html", "application/json")
    if response.mimetype.startswith("text/"):
        assert headers["Content-Type"].endswith("charset=utf-8")
    csp = headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY" and headers["Referrer-Policy"] == "same-origin"
    assert not [name for name in headers.keys() if name.lower().startswith("access-control-")]


@pytest.mark.parametrize(
    "method, path",
    [("DELETE", "/api/v1/services"), ("PUT", "/login"), ("PATCH", "/status"), ("TRACE", "/"), ("DELETE", "/admin/")],
)
def test_methods_a_route_does_not_declare_are_refused(client, method, path):
    """13.2.1, 14.5.1: 405, in the user's language and without a trace."""
    response = client.open(path, method=method)
    assert response.status_code == 405


def test_cross_origin_preflight_gets_no_permission(client):
    """14.5.2, 14.5.3: no CORS headers: another origin cannot read answers or send credentialed writes."""
    response = client.options(
        "/api/v1/tickets",
        headers={
            "Origin": "null",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization",
        },
    )
    assert not [name for name in response.headers.keys() if name.lower().startswith("access-control-")]


@pytest.mark.slow
def test_the_real_server_names_no_versions(tmp_path):
    """14.3.3: `serve` (waitress) says `Server: MPP Lite`, with no version of the kit, Python or waitress."""
    from urllib.request import urlopen

    from live import LiveServer

    server = LiveServer(tmp_path / "instance").start()
    try:
        with urlopen(server.url + "/", timeout=10) as response:  # noqa: S310  (loopback test server)
            headers = dict(response.headers)
            body = response.read().decode()
    finally:
        server.stop()
    assert headers["Server"] == "MPP Lite"
    assert "X-Powered-By" not in headers and not re.search(r"waitress|Python/|Werkzeug", body + str(headers))


# --- V11 business logic -------------------------------------------------------------------


def test_the_public_complaint_form_takes_20_posts_an_hour_from_one_address(instance_dir):
    """11.1.2, 11.1.4: the 21st post from one address within the hour is a 429."""
    from conftest import _reset_database, database_url

    from mpp_lite.migrating import upgrade

    limited = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "SQLALCHEMY_DATABASE_URI": database_url(instance_dir),
        }
    )
    with limited.app_context():
        _reset_database(limited)
        upgrade()
        client = limited.test_client()
        codes = [client.post("/pengaduan", data={"text": ""}).status_code for _ in range(21)]
        other = limited.test_client()
        other.environ_base["REMOTE_ADDR"] = "10.9.9.9"
        fresh = other.post("/pengaduan", data={"text": ""}).status_code
        db.session.remove()
        db.engine.dispose()
    assert 429 not in codes[:20] and codes[20] == 429
    assert fresh != 429  # another PC in the hall is not affected
