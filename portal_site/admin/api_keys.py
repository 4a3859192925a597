"""Dashboard views for the server API's keys: create one with a name (its secret shown once), list, revoke."""
from flask import abort, flash, redirect, url_for
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from portal_site.admin import audit
from portal_site.admin.blueprint import bp
from portal_site.admin.catalog_forms import strip
from portal_site.merchants import api_keys
from portal_site.web.htmx import render


class ApiKeyForm(FlaskForm):
    name = StringField("Name", filters=[strip], validators=[DataRequired("Give the key a name, such as “Production server”."),
                                           Length(max=100, message="A name has at most 100 characters.")])


def _page(form=None, *, secret=None, created=None, confirm=None, status=200):
    return render("admin/api_keys.html", status=status, form=form or ApiKeyForm(formdata=None),
                  keys=api_keys.listing(), secret=secret, created=created, confirm=confirm)


def _key(key_id):
    key = api_keys.find(int(key_id)) if key_id.isdigit() and len(key_id) < 10 else None
    if key is None:
        abort(404)
    return key


@bp.get("/api-keys", endpoint="api_keys")
def api_keys_page():
    return _page()


@bp.post("/api-keys")
def create_api_key():
    """The secret is in this answer only: it is stored hashed and cannot be shown again."""
    form = ApiKeyForm()
    if not form.validate():
        return _page(form, status=422)
    key, secret = api_keys.create(form.name.data)
    audit.record("api_key.created", name=key.name, prefix=key.prefix)
    response = _page(secret=secret, created=key, status=201)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/api-keys/<key_id>/revoke")
def confirm_revoke_api_key(key_id):
    """Revoking asks first: the page shows what stops working, with the button that does it."""
    key = _key(key_id)
    if key.revoked_at is not None:
        flash(f"The key “{key.name}” is already revoked.", "success")
        return redirect(url_for("admin.api_keys"))
    return _page(confirm=key)


@bp.post("/api-keys/<key_id>/revoke")
def revoke_api_key(key_id):
    key = _key(key_id)
    if key.revoked_at is None:
        api_keys.revoke_key(key)
        audit.record("api_key.revoked", name=key.name, prefix=key.prefix)
    flash(f"The key “{key.name}” is revoked: requests made with it now get a 401.", "success")
    return redirect(url_for("admin.api_keys"))
