"""`/p/email/<token>`: the link in a customer email signs its customer in once and opens the page it is about."""
from flask import Blueprint, redirect, render_template, url_for

from portal_site import activity
from portal_site.billing import BillingError
from portal_site.billing.customers import get_customer
from portal_site.signin import customer_sessions, email_links

bp = Blueprint("email_links", __name__)
# The id argument each landing page takes (the link stores the page and the id).
TARGET_ARGUMENT = {"account.invoice": "invoice_id", "account.subscription_card": "subscription_id"}


@bp.get("/email/<token>")
def open_email_link(token):
    link = email_links.redeem(token)
    if link is None:
        return render_template("auth/email_link_used.html"), 410
    try:
        customer = get_customer(link.customer_id)
    except BillingError:
        return render_template("auth/email_link_used.html"), 410
    customer_sessions.start(customer.id, customer.email or "", locale=link.locale)
    activity.record("signin.succeeded", actor_type="customer", actor=(customer.email or "").lower(),
                    customer_id=customer.id, via=f"email.{link.kind}")
    argument = TARGET_ARGUMENT.get(link.endpoint)
    return redirect(url_for(link.endpoint, **({argument: link.target} if argument and link.target else {})))
