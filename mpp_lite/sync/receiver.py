"""The reference receiver: a small WSGI app that collects mpp-lite/v1 batches from many sites.

What a province or ministry can run (`mpp-lite sync receive --port P --secret-file F --db FILE`)
and what the tests push to. It keeps its own SQLite file (the standard sqlite3 module):

- `versions`: every (site, id, version) received, once: repeats are accepted, stored once;
- `records`: the latest version of each (site, id); an older version never replaces a newer.

It refuses, storing nothing: a timestamp more than 300 s away or a bad signature (401), a body
that is not JSON (400), another schema or a malformed batch (422). Single records that are
malformed are answered in `rejected`; the rest of the batch is stored.

The secret file holds one shared secret for every site, or the path is a folder with one file
per site named after the site code (`32.04`, or `32.04.secret`) for a receiver serving several
regencies with their own secrets.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from mpp_lite.sync.signing import MAX_CLOCK_SKEW, SCHEMA, read_secret_file, verify

RECORD_TYPES = ("ticket", "application", "survey", "complaint", "service")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
MAX_BODY = 16 * 1024 * 1024
MAX_RECORDS = 1000

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS records (
    site TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, version INTEGER NOT NULL,
    occurred_at TEXT, data TEXT NOT NULL, received_at TEXT NOT NULL,
    PRIMARY KEY (site, id));
CREATE TABLE IF NOT EXISTS versions (
    site TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL,
    received_at TEXT NOT NULL, via TEXT NOT NULL DEFAULT 'push',
    PRIMARY KEY (site, id, version));
CREATE TABLE IF NOT EXISTS sites (
    code TEXT PRIMARY KEY, name TEXT NOT NULL, last_seen_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bundles (
    bundle_id TEXT PRIMARY KEY, site TEXT NOT NULL, imported_at TEXT NOT NULL, records INTEGER NOT NULL);
"""


class SecretStore:
    """Secrets by site code: one file for all sites, or a folder with a file per site."""

    def __init__(self, path):
        self.path = Path(path)
        if not self.path.exists():
            raise ValueError(f"the secret file {self.path} does not exist")
        if self.path.is_file():
            self.shared = read_secret_file(self.path)
        else:
            self.shared = None

    def secrets_for(self, site: str) -> list[str]:
        if self.shared is not None:
            return [self.shared]
        if not site or "/" in site or "\\" in site or site.startswith("."):
            return []
        for name in (site, site + ".secret"):
            candidate = self.path / name
            if candidate.is_file():
                try:
                    return [read_secret_file(candidate)]
                except (OSError, ValueError):
                    return []
        return []


def connect(db_path) -> sqlite3.Connection:
    # Each connection serves one thread; check_same_thread=False only lets `close()` run at stop.
    connection = sqlite3.connect(str(db_path), timeout=30, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA busy_timeout=30000")
    return connection


def init_db(db_path) -> None:
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    connection = connect(db_path)
    try:
        connection.executescript(SCHEMA_SQL)
    finally:
        connection.close()


class BatchError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def parse_batch(body: bytes, site_header: str | None = None) -> dict:
    """The decoded batch, or BatchError 400 (not JSON) / 422 (not an mpp-lite/v1 batch)."""
    try:
        batch = json.loads(body.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise BatchError(400, "bad_json", f"the body is not JSON: {error}") from error
    except RecursionError as error:
        raise BatchError(400, "bad_json", "the body is not JSON: nested too deeply") from error
    if not isinstance(batch, dict):
        raise BatchError(422, "bad_batch", "the body must be a JSON object")
    if batch.get("schema") != SCHEMA:
        raise BatchError(422, "unsupported_schema", f"schema must be {SCHEMA!r}, got {batch.get('schema')!r}")
    site = batch.get("site")
    if not isinstance(site, dict) or not isinstance(site.get("code"), str) or not site["code"].strip():
        raise BatchError(422, "bad_batch", "site.code is missing")
    if not isinstance(site.get("name", ""), str):
        raise BatchError(422, "bad_batch", "site.name must be text")
    if site_header is not None and site_header != site["code"]:
        raise BatchError(422, "site_mismatch", "X-MPP-Site differs from site.code")
    if not isinstance(batch.get("sent_at"), str):
        raise BatchError(422, "bad_batch", "sent_at is missing")
    records = batch.get("records")
    if not isinstance(records, list):
        raise BatchError(422, "bad_batch", "records must be a list")
    if len(records) > MAX_RECORDS:
        raise BatchError(422, "too_many_records", f"at most {MAX_RECORDS} records per batch")
    return batch


def _refuse_constant(name: str):
    """Python's json reads NaN and Infinity, which JSON (RFC 8259) does not have: refuse them."""
    raise ValueError(f"{name} is not a JSON value")


MAX_VERSION = 2**63 - 1  # SQLite's INTEGER; a larger version would fail the whole batch's insert


def record_problem(record) -> str | None:
    if not isinstance(record, dict):
        return "a record must be an object"
    if not isinstance(record.get("id"), str) or not UUID_RE.match(record["id"]):
        return "id must be a UUID"
    if record.get("type") not in RECORD_TYPES:
        return f"type must be one of {', '.join(RECORD_TYPES)}"
    version = record.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= MAX_VERSION:
        return f"version must be a whole number from 1 to {MAX_VERSION}"
    if not isinstance(record.get("occurred_at"), str):
        return "occurred_at is missing"
    if not isinstance(record.get("data"), dict):
        return "data must be an object"
    return None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def store_batch(connection: sqlite3.Connection, batch: dict, via: str = "push") -> dict:
    """Store a parsed batch in one transaction; answers {"accepted": [...], "rejected": [...]}."""
    site = batch["site"]["code"]
    accepted, rejected = [], []
    now = _now()
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute(
            "INSERT INTO sites (code, name, last_seen_at) VALUES (?, ?, ?) "
            "ON CONFLICT(code) DO UPDATE SET name = excluded.name, last_seen_at = excluded.last_seen_at",
            (site, batch["site"].get("name") or site, now),
        )
        for record in batch["records"]:
            problem = record_problem(record)
            if problem:
                ident = record.get("id") if isinstance(record, dict) and isinstance(record.get("id"), str) else ""
                rejected.append({"id": ident, "error": problem})
                continue
            ident, version = record["id"], record["version"]
            connection.execute(
                "INSERT OR IGNORE INTO versions (site, id, version, type, received_at, via) VALUES (?, ?, ?, ?, ?, ?)",
                (site, ident, version, record["type"], now, via),
            )
            # Keep the latest version; an older or repeated one changes nothing.
            connection.execute(
                "INSERT INTO records (site, id, type, version, occurred_at, data, received_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(site, id) DO UPDATE SET type = excluded.type, version = excluded.version, "
                "occurred_at = excluded.occurred_at, data = excluded.data, received_at = excluded.received_at "
                "WHERE excluded.version > records.version",
                (
                    site,
                    ident,
                    record["type"],
                    version,
                    record["occurred_at"],
                    json.dumps(record["data"], ensure_ascii=False, sort_keys=True, allow_nan=False),
                    now,
                ),
            )
            accepted.append(ident)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return {"accepted": accepted, "rejected": rejected}


class Receiver:
    """WSGI app: POST a batch to any path; GET / answers a small summary."""

    def __init__(self, db_path, secret_path, max_skew: int = MAX_CLOCK_SKEW, log=None):
        self.db_path = Path(db_path)
        self.secrets = SecretStore(secret_path)
        self.max_skew = max_skew
        self.log = log
        init_db(self.db_path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def connection(self) -> sqlite3.Connection:
        """One SQLite connection per serving thread (the sqlite3 module's own rule)."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = connect(self.db_path)
            with self._lock:
                self._connections.append(connection)
        return connection

    def close(self) -> None:
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            try:
                connection.close()
            except sqlite3.Error:
                pass  # a thread may still be using it as the server stops

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            if method == "POST":
                status, answer = self.handle_post(environ)
            elif method in ("GET", "HEAD"):
                status, answer = 200, self.summary()
            else:
                status, answer = 405, _error("method_not_allowed", "use POST")
        except Exception as error:  # never a stack trace to the sender
            status, answer = 500, _error("server_error", f"{type(error).__name__}")
        payload = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        reasons = {
            200: "OK",
            400: "Bad Request",
            401: "Unauthorized",
            405: "Method Not Allowed",
            413: "Payload Too Large",
            422: "Unprocessable Entity",
            500: "Internal Server Error",
        }
        start_response(
            f"{status} {reasons.get(status, 'Error')}",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(payload))),
                ("Cache-Control", "no-store"),
            ],
        )
        if self.log and method == "POST":
            self.log(
                f"{environ.get('REMOTE_ADDR', '')} {environ.get('HTTP_X_MPP_SITE', '')} {status} "
                f"{len(answer.get('accepted', []))} accepted {len(answer.get('rejected', []))} rejected"
                if status == 200
                else f"{environ.get('REMOTE_ADDR', '')} {status} {answer['error']['message']}"
            )
        return [payload] if method != "HEAD" else []

    def handle_post(self, environ) -> tuple[int, dict]:
        try:
            length = int(environ["CONTENT_LENGTH"]) if environ.get("CONTENT_LENGTH") else None
        except ValueError:
            return 400, _error("bad_request", "Content-Length is not a number")
        if length is not None and length > MAX_BODY:
            return 413, _error("too_large", f"at most {MAX_BODY} bytes")
        # Without a length (chunked), read up to the limit and refuse anything longer.
        body = environ["wsgi.input"].read(length if length is not None else MAX_BODY + 1)
        if len(body) > MAX_BODY:
            return 413, _error("too_large", f"at most {MAX_BODY} bytes")
        site = environ.get("HTTP_X_MPP_SITE", "")
        timestamp = environ.get("HTTP_X_MPP_TIMESTAMP", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > self.max_skew:
            return 401, _error(
                "stale_timestamp",
                f"X-MPP-Timestamp is missing or more than {self.max_skew} s "
                "from the receiver's clock; check the sender's clock",
            )
        secrets = self.secrets.secrets_for(site)
        if not secrets or not verify(secrets, timestamp, body, environ.get("HTTP_X_MPP_SIGNATURE", "")):
            return 401, _error("bad_signature", "the signature does not match; check the shared secret")
        try:
            batch = parse_batch(body, site)
        except BatchError as error:
            return error.status, _error(error.code, error.message)
        return 200, store_batch(self.connection(), batch)

    def summary(self) -> dict:
        connection = self.connection()
        rows = connection.execute("SELECT site, type, COUNT(*) FROM records GROUP BY site, type").fetchall()
        sites: dict[str, dict[str, int]] = {}
        for site, kind, n in rows:
            sites.setdefault(site, {})[kind] = n
        return {"schema": SCHEMA, "sites": sites}


def _error(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message, "fields": {}}}


def serve(port: int, secret_path, db_path, host: str = "0.0.0.0", threads: int = 4, log=print) -> None:
    from waitress import serve as waitress_serve

    app = Receiver(db_path, secret_path, log=log)
    waitress_serve(app, host=host, port=port, threads=threads, ident="MPP Lite receiver")
