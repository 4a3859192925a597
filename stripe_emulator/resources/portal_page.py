"""The page behind a portal session's `url` (when no portal URL is configured): the customer's
subscriptions and invoices, with links to the hosted invoices and back to `return_url`."""

from html import escape
from typing import Any

from flask import Blueprint, Response, abort

from ..endpoints import current_store
from .billing_math import day_text, money

blueprint = Blueprint("emulator_portal_page", __name__)


def _session(token: str) -> dict[str, Any]:
    found = [s for s in current_store().iter_kind("billing_portal.session") if s["_token"] == token]
    if not found:
        abort(404)
    return found[0]


def _subscription_row(store: Any, sub: dict[str, Any]) -> str:
    names = ", ".join((store.find(item["price"]["product"]) or {}).get("name") or item["price"]["product"]
                      for item in sub["items"]["data"])
    end = sub["items"]["data"][0]["current_period_end"]
    return f"<li>{escape(names)}: {escape(sub['status'])}, current period ends {escape(day_text(end))}</li>"


def _invoice_row(invoice: dict[str, Any]) -> str:
    label = f"{invoice['number']} ({money(invoice['total'], invoice['currency'])}, {invoice['status']})"
    return f"<li><a href=\"{escape(invoice['hosted_invoice_url'] or '')}\">{escape(label)}</a></li>"


@blueprint.get("/p/session/<token>")
def portal_session(token: str) -> Response:
    store = current_store()
    with store.lock:
        session = _session(token)
        customer = store.get("customer", session["customer"])
        subscriptions = [_subscription_row(store, sub) for sub in store.all("subscription")
                         if sub["customer"] == customer["id"]]
        invoices = [_invoice_row(invoice) for invoice in store.all("invoice")
                    if invoice["customer"] == customer["id"] and invoice["status"] != "draft"]
    back = (f"<p><a href=\"{escape(session['return_url'])}\">Return</a></p>" if session["return_url"] else "")
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Billing portal</title>
<style>body{{font-family:sans-serif;max-width:40rem;margin:2rem auto}}</style></head>
<body><h1>Billing portal</h1><p>{escape(customer['email'] or customer['name'] or customer['id'])}</p>
<h2>Subscriptions</h2><ul>{''.join(subscriptions) or '<li>None</li>'}</ul>
<h2>Invoices</h2><ul>{''.join(invoices) or '<li>None</li>'}</ul>{back}</body></html>"""
    return Response(page, mimetype="text/html")
