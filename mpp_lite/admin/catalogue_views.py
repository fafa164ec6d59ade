"""Admin pages for the catalogue: tenants, services, queues and counters.

Admins manage everything. Operators may create and edit the services of their own tenant
(never another tenant's: 403) but not publish or unpublish them: publishing a Standar
Pelayanan is the MPP administrator's decision. Supervisors have no edit pages here.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mpp_lite.admin import bp
from mpp_lite.admin import services as admin_services
from mpp_lite.admin.forms import ConfirmForm
from mpp_lite.admin.pages import form_page
from mpp_lite.auth.permissions import current_actor, require
from mpp_lite.catalogue import services as catalogue_services
from mpp_lite.catalogue.forms import ServiceForm, TenantForm, tenant_choices
from mpp_lite.catalogue.models import Service, Tenant
from mpp_lite.database import in_transaction
from mpp_lite.errors import FieldError
from mpp_lite.extensions import db
from mpp_lite.queue.admin import save_counter, save_queue
from mpp_lite.queue.forms import CounterForm, QueueForm, queue_choices
from mpp_lite.queue.models import Counter, Queue
from mpp_lite.queue.schedule import site_schedule
from mpp_lite.security import database_id
from mpp_lite.site.menus import add_admin, add_staff

add_admin("admin.tenants", _l("Tenants"), _l("Agencies in the MPP: name, code, colour, logo, contact."), 10)
add_admin(
    "admin.services", _l("Services"), _l("Service standards with all 14 components; publish or keep as draft."), 20
)
add_admin("admin.queues", _l("Queues"), _l("Ticket prefixes, opening hours, daily quotas."), 30)
add_admin("admin.counters", _l("Counters"), _l("Counter numbers and the queues each one serves."), 40)
add_staff("admin.services", _l("Our services"), ("operator",), 50)
add_staff("admin.index", _l("Administration"), (), 90)


def _get(model, object_id: int):
    return db.session.get(model, object_id) or abort(404)


# --- tenants -----------------------------------------------------------------------------


@bp.get("/instansi")
@require("admin")
def tenants():
    rows = db.session.scalars(db.select(Tenant).order_by(Tenant.sort_order, Tenant.name)).all()
    return render_template("admin/tenants.html", tenants=rows, confirm=ConfirmForm())


@bp.route("/instansi/baru", methods=["GET", "POST"])
@require("admin")
def tenant_new():
    return _tenant_form(Tenant())


@bp.route("/instansi/<int:tenant_id>", methods=["GET", "POST"])
@require("admin")
def tenant_edit(tenant_id: int):
    return _tenant_form(_get(Tenant, tenant_id))


def _tenant_form(tenant: Tenant):
    form = TenantForm(obj=tenant if tenant.id and request.method == "GET" else None)
    form.editing_id = tenant.id
    old_logo = tenant.logo_filename
    logo = {"file": old_logo}

    def store_logo():  # the file is written before the transaction, once
        if form.logo.data:
            logo["file"] = admin_services.store_logo(form.logo.data.read(), "tenant")
        elif form.remove_logo.data:
            logo["file"] = ""

    def save():
        values = {
            name: getattr(form, name).data
            for name in ("code", "name", "short_name", "colour", "contact", "description", "active", "sort_order")
        }
        values["processing_mode"] = form.processing_mode.data or "full"
        tenant.logo_filename = logo["file"]
        catalogue_services.save_tenant(tenant, values, current_actor())

    def done(_result):
        if old_logo != tenant.logo_filename:
            admin_services.remove_logo_file(old_logo)
        return _("Tenant %(name)s saved.", name=tenant.name), url_for("admin.tenants")

    return form_page(form, save, done, "admin/tenant_form.html", before=store_logo, tenant=tenant)


@bp.post("/instansi/<int:tenant_id>/tayang")
@require("admin")
def tenant_publish(tenant_id: int):
    tenant = _get(Tenant, tenant_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    active = request.form.get("active") == "1"

    in_transaction(lambda: catalogue_services.set_tenant_active(tenant, active, current_actor()))
    if active:
        flash(_("%(name)s is shown in the catalogue.", name=tenant.name), "success")
    else:
        flash(_("%(name)s and its services are hidden from the catalogue.", name=tenant.name), "info")
    return redirect(url_for("admin.tenants"))


# --- services ----------------------------------------------------------------------------


def _may_edit_service(service: Service) -> bool:
    return current_actor().may_act_for_tenant(service.tenant_id)


@bp.get("/layanan")
@require("operator")
def services():
    actor = current_actor()
    statement = db.select(Service).join(Service.tenant).order_by(Tenant.sort_order, Tenant.name, Service.code)
    if actor.role != "admin":
        statement = statement.where(Service.tenant_id == actor.tenant_id)
    tenant_filter = request.args.get("instansi", type=database_id)
    if tenant_filter:
        statement = statement.where(Service.tenant_id == tenant_filter)
    rows = db.session.scalars(statement).all()
    return render_template(
        "admin/services.html",
        services=rows,
        confirm=ConfirmForm(),
        tenant_options=[
            (t.id, t.display_name)
            for t in db.session.scalars(db.select(Tenant).order_by(Tenant.sort_order, Tenant.name))
        ]
        if actor.role == "admin"
        else [],
        tenant_filter=tenant_filter,
    )


@bp.route("/layanan/baru", methods=["GET", "POST"])
@require("operator")
def service_new():
    service = Service()
    actor = current_actor()
    if actor.role != "admin":
        service.tenant_id = actor.tenant_id
    return _service_form(service)


@bp.route("/layanan/<int:service_id>", methods=["GET", "POST"])
@require("operator")
def service_edit(service_id: int):
    service = _get(Service, service_id)
    if not _may_edit_service(service):
        abort(403)
    return _service_form(service)


def _service_form(service: Service):
    actor = current_actor()
    is_admin = actor.role == "admin"
    # The stored values fill the form only when showing it: a POST is judged on what was sent.
    form = ServiceForm(obj=service if service.id and request.method == "GET" else None)
    form.editing_id = service.id
    if request.method == "GET":
        if service.id:
            for name in ("requirements", "procedure", "legal_basis"):
                getattr(form, name).data = "\n".join(getattr(service, name) or [])
            form.fee_kind.data = "paid" if service.fee else "free"
        else:
            form.tenant_id.data = service.tenant_id
            if service.tenant_id is not None:
                # A new service takes its agency's queue unless told otherwise: with "no queue" it
                # would never reach the kiosk.
                form.queue_id.data = db.session.scalar(
                    db.select(Queue.id).where(Queue.tenant_id == service.tenant_id).order_by(Queue.prefix).limit(1)
                )
    if is_admin:
        form.tenant_id.choices = tenant_choices(blank=_("Choose a tenant"))
        form.queue_id.choices = queue_choices(blank=_("No queue (information only)"))
    else:
        del form.published  # operators edit content; the administrator decides what is published
        form.tenant_id.choices = tenant_choices(only_id=actor.tenant_id)
        form.queue_id.choices = queue_choices(blank=_("No queue (information only)"), tenant_id=actor.tenant_id)
    created = service.id is None

    def save():
        values = form.values() if is_admin else {k: v for k, v in form.values().items() if k != "published"}
        if not is_admin:
            values["tenant_id"] = actor.tenant_id
            if created:
                values["published"] = False
        catalogue_services.save_admin_service(service, values, actor)

    return form_page(
        form,
        save,
        lambda _r: (_("Service %(name)s saved.", name=service.name), url_for("admin.services")),
        "admin/service_form.html",
        service=service,
        is_admin=is_admin,
    )


@bp.post("/layanan/<int:service_id>/tayang")
@require("admin")
def service_publish(service_id: int):
    service = _get(Service, service_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    published = request.form.get("published") == "1"

    try:
        in_transaction(lambda: catalogue_services.set_service_published(service, published, current_actor()))
    except FieldError as error:
        flash(str(error), "danger")
        return redirect(url_for("admin.service_edit", service_id=service.id))
    if published:
        flash(_("%(name)s is published.", name=service.name), "success")
    else:
        flash(_("%(name)s is now a draft, hidden from citizens.", name=service.name), "info")
    if request.form.get("back") == "edit":
        return redirect(url_for("admin.service_edit", service_id=service.id))
    return redirect(url_for("admin.services"))


# --- queues ------------------------------------------------------------------------------


@bp.get("/antrean")
@require("admin")
def queues():
    rows = db.session.scalars(db.select(Queue).order_by(Queue.prefix)).all()
    return render_template("admin/queues.html", queues=rows, site_week=site_schedule() is not None)


@bp.route("/antrean/baru", methods=["GET", "POST"])
@require("admin")
def queue_new():
    return _queue_form(Queue())


@bp.route("/antrean/<int:queue_id>", methods=["GET", "POST"])
@require("admin")
def queue_edit(queue_id: int):
    return _queue_form(_get(Queue, queue_id))


def _queue_form(queue: Queue):
    form = QueueForm(obj=queue if queue.id and request.method == "GET" else None)
    form.editing_id = queue.id
    form.tenant_id.choices = tenant_choices(blank=_("Shared (no tenant)"))

    def save():
        values = {
            name: getattr(form, name).data
            for name in (
                "prefix",
                "name",
                "tenant_id",
                "daily_quota",
                "opens_at",
                "closes_at",
                "service_minutes",
                "active",
            )
        }
        save_queue(queue, values, current_actor())

    return form_page(
        form,
        save,
        lambda _r: (_("Queue %(prefix)s saved.", prefix=queue.prefix), url_for("admin.queues")),
        "admin/queue_form.html",
        queue=queue,
    )


# --- counters ----------------------------------------------------------------------------


@bp.get("/loket")
@require("admin")
def counters():
    rows = db.session.scalars(db.select(Counter).order_by(Counter.number)).all()
    return render_template("admin/counters.html", counters=rows)


@bp.route("/loket/baru", methods=["GET", "POST"])
@require("admin")
def counter_new():
    return _counter_form(Counter())


@bp.route("/loket/<int:counter_id>", methods=["GET", "POST"])
@require("admin")
def counter_edit(counter_id: int):
    return _counter_form(_get(Counter, counter_id))


def _counter_form(counter: Counter):
    form = CounterForm(obj=counter if counter.id and request.method == "GET" else None)
    form.editing_id = counter.id
    form.tenant_id.choices = tenant_choices(blank=_("Shared (no tenant)"))
    form.queue_ids.choices = queue_choices()
    if request.method == "GET" and counter.id:
        form.queue_ids.data = [queue.id for queue in counter.queues]

    def save():
        values = {name: getattr(form, name).data for name in ("number", "name", "tenant_id", "queue_ids", "active")}
        save_counter(counter, values, current_actor())

    return form_page(
        form,
        save,
        lambda _r: (_("Counter %(num)s saved.", num=counter.number), url_for("admin.counters")),
        "admin/counter_form.html",
        counter=counter,
    )
