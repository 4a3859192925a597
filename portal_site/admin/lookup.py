"""The "check a customer's email" tool: which Stripe customer the portal would sign in, and why."""
from flask import request
from flask_wtf import FlaskForm
from wtforms import SearchField
from wtforms.validators import DataRequired, Length, ValidationError

from portal_site import settings
from portal_site.admin.blueprint import bp
from portal_site.billing import customers
from portal_site.signin import history as signin_history
from portal_site.web.htmx import render


def looks_like_email(form, field):
    value = (field.data or "").strip()
    field.data = value
    local, at, domain = value.rpartition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in value):
        raise ValidationError("Enter an email address, such as jenny@example.com.")


class LookupForm(FlaskForm):
    class Meta:
        csrf = False

    email = SearchField(
        "Customer's email",
        validators=[
            DataRequired("Enter the email address to check."),
            Length(max=254, message="An email address is at most 254 characters."),
            looks_like_email,
        ],
    )


@bp.get("/lookup")
def lookup():
    form = LookupForm(formdata=request.args if "email" in request.args else None)
    choice, codes, recent, status = None, (), (), 200
    if "email" in request.args:
        if form.validate():
            choice = customers.choose_for_email(form.email.data)
            codes = signin_history.code_requests(form.email.data)
            recent = signin_history.activity(form.email.data, choice.chosen.id if choice.chosen else None)
        else:
            status = 422
    return render(
        "admin/lookup.html",
        "admin/_lookup_result.html",
        status=status,
        form=form,
        choice=choice,
        codes=codes,
        recent=recent,
        account_picker=settings.current().features.account_picker.enabled,
    )
