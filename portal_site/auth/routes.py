"""Sign-in views: login link, email step, passcode step, account picker, sign-out."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from portal_site.auth import flow
from portal_site.auth.forms import AccountForm, CodeForm, EmailForm
from portal_site.signin import limits, login_links, passcodes
from portal_site.web import htmx
from portal_site.web.htmx import render

bp = Blueprint("auth", __name__)


def _inactive(token):
    """An inactive or unknown login link: the branded "not active" page, 404 (htmx: load it as a whole page)."""
    if htmx.is_htmx():
        return htmx.redirect(url_for("auth.login", token=token))
    return render_template("auth/link_inactive.html"), 404


def _go(endpoint, **values):
    """Redirect after a POST: a 303 for browsers, HX-Redirect (whole page) for htmx."""
    return htmx.redirect(url_for(endpoint, **values))


@bp.route("/login/<token>", methods=["GET", "POST"])
def login(token):
    if not login_links.find_active(token):
        return _inactive(token)
    prefilled = (request.args.get("prefilled_email") or "")[:254]
    form = EmailForm(email=prefilled or flow.email(token) or None)
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render("auth/email.html", "auth/_email_form.html", status=status, form=form, token=token)
    try:
        sent = flow.request_code(form.email.data, locale=str(get_locale() or "en"))
    except limits.RateLimited as limited:
        form.email.errors.append(flow.wait_message(limited.seconds))
        response = render("auth/email.html", "auth/_email_form.html", status=429, form=form, token=token)
        response.headers["Retry-After"] = str(limited.seconds)
        return response
    except flow.MailDown as down:
        form.email.errors.append(str(down.message))
        response = render("auth/email.html", "auth/_email_form.html", status=503, form=form, token=token)
        response.headers["Retry-After"] = str(down.seconds)
        return response
    flow.remember(token, form.email.data, held=not sent)
    return _go("auth.code", token=token)


def _code_page(token, email, form, *, status=200, fragment="auth/_code_form.html", notice=None, notice_kind=None,
               held=False):
    return render(
        "auth/code.html", fragment, status=status, form=form, token=token, email=email, notice=notice,
        notice_kind=notice_kind, wait=limits.wait_seconds("passcode_send_email", passcodes.email_key(email)),
        held=held,
    )


@bp.route("/login/<token>/code", methods=["GET", "POST"])
def code(token):
    if not login_links.find_active(token):
        return _inactive(token)
    email = flow.email(token)
    if not email:
        return _go("auth.login", token=token)
    form = CodeForm()
    if not form.validate_on_submit():
        held = request.method == "GET" and flow.take_held(token)
        return _code_page(token, email, form, status=422 if form.errors else 200, held=held)
    try:
        limits.hit("passcode_verify_ip", request.remote_addr)
    except limits.LimitsUnavailable as unavailable:
        form.code.errors.append(_("We cannot check codes just now. Please try again in a minute; "
                                  "your code stays valid for 10 minutes."))
        response = _code_page(token, email, form, status=503)
        response.headers["Retry-After"] = str(unavailable.seconds)
        return response
    signed_in = flow.verify(email, passcodes.clean_code(form.code.data))
    if signed_in.error:
        form.code.errors.append(signed_in.error)
        return _code_page(token, email, form, status=422)
    if signed_in.choose_account:
        return _go("auth.choose_account", token=token)
    return _go("account.index")


@bp.route("/login/<token>/resend", methods=["GET", "POST"])
def resend(token):
    if not login_links.find_active(token):
        return _inactive(token)
    email = flow.email(token)
    if not email:
        return _go("auth.login", token=token)
    if request.method == "GET":
        if not htmx:
            return redirect(url_for("auth.code", token=token))
        return _code_page(token, email, CodeForm(formdata=None), fragment="auth/_resend.html")
    try:
        flow.request_code(email, locale=str(get_locale() or "en"), resend=True)
    except limits.RateLimited as limited:
        response = _code_page(token, email, CodeForm(formdata=None), status=429, fragment="auth/_resend.html",
                              notice=flow.wait_message(limited.seconds), notice_kind="error")
        response.headers["Retry-After"] = str(limited.seconds)
        return response
    except flow.MailDown as down:
        response = _code_page(token, email, CodeForm(formdata=None), status=503, fragment="auth/_resend.html",
                              notice=down.message, notice_kind="error")
        response.headers["Retry-After"] = str(down.seconds)
        return response
    notice = _("We sent a new code to %(email)s. Only the newest code works.", email=email)
    if htmx.is_partial():
        return _code_page(token, email, CodeForm(formdata=None), fragment="auth/_resend.html", notice=notice)
    flash(notice, "success")
    return redirect(url_for("auth.code", token=token), code=303)


@bp.route("/login/<token>/account", methods=["GET", "POST"])
def choose_account(token):
    if not login_links.find_active(token):
        return _inactive(token)
    candidates = flow.pending_choice(token)
    if candidates is None:
        return _go("auth.login", token=token)
    form = AccountForm()
    form.customer.choices = [(c.id, c.id) for c in candidates]
    if not form.validate_on_submit():
        return render("auth/choose_account.html", "auth/_choose_account_form.html",
                      status=422 if form.errors else 200, form=form, token=token, candidates=candidates)
    if not flow.start_picked(next(c for c in candidates if c.id == form.customer.data), flow.email(token)):
        return _go("auth.login", token=token)
    return _go("account.index")


@bp.post("/logout")
def logout():
    flow.sign_out()
    return _go("auth.signed_out")


@bp.get("/signed-out")
def signed_out():
    return render_template("auth/signed_out.html")
