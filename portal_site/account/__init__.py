"""The signed-in customer's pages: subscriptions, payment methods, billing details, invoices."""
from flask import Blueprint

bp = Blueprint("account", __name__)

from . import routes, subscriptions  # noqa: E402,F401
