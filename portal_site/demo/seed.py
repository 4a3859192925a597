"""What `flask demo seed` creates: a catalogue, customers in every state, a year of invoices.

History is made the way Stripe's test clocks make it: the emulator's clock is set a
year back, customers subscribe, and the clock is advanced to today so every renewal
creates (and charges) its invoice. Running it again changes nothing in Stripe; it
resets the demo admin's password so it can be printed again.
"""
import time
from dataclasses import dataclass, field

import requests
from flask import current_app

from portal_site import activity, notifications, settings
from portal_site.billing import seeding
from portal_site.demo.images import tile
from portal_site.merchants import admins
from portal_site.signin import login_links
from portal_site.storage import media

DAY = 86_400
ADMIN_EMAIL = "admin@example.com"

PRODUCTS = [
    {"id": "prod_demo_starter", "name": "Starter", "colour": "#0b5cad",
     "description": "Everything a small team needs to get going.", "tax_code": "txcd_10103001",
     "statement_descriptor": "ACME STARTER", "prices": [("starter_monthly", 900, "month"), ("starter_yearly", 9000, "year")]},
    {"id": "prod_demo_pro", "name": "Pro", "colour": "#6b21a8",
     "description": "Advanced reporting, priority support and unlimited projects.", "tax_code": "txcd_10103001",
     "statement_descriptor": "ACME PRO", "prices": [("pro_monthly", 2900, "month"), ("pro_yearly", 29000, "year")]},
    {"id": "prod_demo_team", "name": "Team", "colour": "#146c2e", "unit_label": "seat",
     "description": "Per-seat pricing for growing organizations.", "tax_code": "txcd_10103001",
     "statement_descriptor": "ACME TEAM", "prices": [("team_monthly", 1200, "month"), ("team_yearly", 12000, "year")]},
]


@dataclass
class Summary:
    admin_url: str
    admin_email: str
    admin_password: str
    login_url: str
    customer_emails: list = field(default_factory=list)


class EmulatorClock:
    """The emulator's test clock (`/_emulator/clock`), the demo's time machine."""

    def __init__(self, base_url):
        self.base_url = base_url

    def _post(self, path, **data):
        response = requests.post(f"{self.base_url}/_emulator/{path}", data=data, timeout=60)
        response.raise_for_status()
        return response.json()["now"]

    def set(self, moment):
        return self._post("clock", frozen_time=int(moment))

    def advance(self, seconds):
        return self._post("advance", seconds=int(seconds))


def _catalogue(base_url, echo):
    prices = {}
    for spec in PRODUCTS:
        image_key = media.store(tile(spec["name"][0], spec["colour"]))
        fields = {"name": spec["name"], "description": spec["description"], "tax_code": spec["tax_code"],
                  "statement_descriptor": spec["statement_descriptor"], "images": [f"{base_url}/media/{image_key}"]}
        if "unit_label" in spec:
            fields["unit_label"] = spec["unit_label"]
        product = seeding.ensure_product(spec["id"], **fields)
        for lookup_key, amount, interval in spec["prices"]:
            prices[lookup_key] = seeding.ensure_price(
                lookup_key, product=product.id, unit_amount=amount, currency="usd",
                recurring={"interval": interval}, nickname=f"{spec['name']} {interval}ly",
            ).id
        seeding.set_default_price(product.id, prices[spec["prices"][0][0]])
        echo(f"  product {spec['name']}")
    return prices


def _history(prices, clock, echo):
    """Customers who subscribed during the past year; the clock ends at today."""
    today = int(time.time())
    clock.set(today - 365 * DAY)
    alex = seeding.create_customer("alex@example.com", "Alex Martin", "pm_card_visa",
                                   address={"line1": "12 Market St", "city": "San Francisco",
                                            "postal_code": "94103", "state": "CA", "country": "US"})
    seeding.subscribe(alex.id, prices["pro_monthly"])
    sam_first = seeding.create_customer("sam@example.com", "Sam Lee (first account)", "pm_card_mastercard")
    seeding.subscribe(sam_first.id, prices["starter_monthly"])
    jordan = seeding.create_customer("jordan@example.com", "Jordan Diaz", "pm_card_visa")
    seeding.subscribe(jordan.id, prices["starter_monthly"])
    riley = seeding.create_customer("riley@example.com", "Riley Chen", "pm_card_amex", preferred_locales=["fr"])
    seeding.subscribe(riley.id, prices["team_yearly"], quantity=5)
    morgan = seeding.create_customer("morgan@example.com", "Morgan Hale", "pm_card_visa")
    seeding.subscribe_to_several(morgan.id, [(prices["pro_monthly"], 1), (prices["team_monthly"], 4)])
    echo("  a year of renewals...")
    clock.advance(300 * DAY)
    seeding.create_customer("sam@example.com", "Sam Lee (second account)", "pm_card_visa")
    seeding.set_default_card(jordan.id, "pm_card_chargeDeclined")
    clock.set(today)
    riley_monthly = seeding.subscribe(riley.id, prices["pro_monthly"])
    seeding.cancel_at_period_end(riley_monthly.id, "too_expensive")
    activity.record("subscription.canceled", actor_type="customer", actor="riley@example.com",
                    customer_id=riley.id, subscription=riley_monthly.id, mode="at_period_end",
                    reason="too_expensive", feedback="too_expensive", comment="Only needed it for one project.")
    taylor = seeding.create_customer("taylor@example.com", "Taylor Brooks", "pm_card_visa", preferred_locales=["de"])
    seeding.subscribe(taylor.id, prices["team_monthly"], quantity=3, trial_period_days=14)
    casey = seeding.create_customer("casey@example.com", "Casey Novak", "pm_card_visa_chargeDeclinedInsufficientFunds")
    seeding.subscribe(casey.id, prices["pro_yearly"], payment_behavior="allow_incomplete")
    return ["alex@example.com", "sam@example.com (two accounts)", "jordan@example.com (past due)",
            "riley@example.com (cancels at period end)", "morgan@example.com (two products)",
            "taylor@example.com (trial)", "casey@example.com (open invoice)"]


RETENTION_COUPON = "STAY20"
PROMOTION_CODE = "WELCOME10"


def _discounts(echo):
    """A coupon offered to customers who are about to cancel, and a code anyone can redeem."""
    seeding.ensure_coupon(RETENTION_COUPON, name="Stay with us", percent_off=20, duration="repeating",
                          duration_in_months=3)
    seeding.ensure_coupon("WELCOME", name="Welcome discount", percent_off=10, duration="once")
    seeding.ensure_promotion_code(PROMOTION_CODE, "WELCOME")
    echo(f"  retention coupon {RETENTION_COUPON}, promotion code {PROMOTION_CODE}")


def _portal_settings(prices):
    settings.save({
        "branding": {"business_name": "Acme Cloud", "brand_color": "#0b5cad", "accent_color": "#146c2e"},
        "business": {"headline": "Manage your Acme Cloud subscription, cards and invoices.",
                     "privacy_policy_url": "https://example.com/privacy",
                     "terms_of_service_url": "https://example.com/terms",
                     "default_return_url": "https://example.com/",
                     "support_email": "support@example.com"},
        "features": {"subscription_update": {"allowed_prices": sorted(prices.values())},
                     "subscription_cancel": {"retention_coupon": RETENTION_COUPON,
                                             "custom_question": "What could we have done better?"},
                     "subscription_pause": {"enabled": True},
                     "promotion_codes": {"enabled": True}},
        # The merchant's own question in the demo customers' other languages (riley reads French, taylor German).
        "own_words": {"cancel_question": {"fr": "Qu'aurions-nous pu mieux faire ?",
                                          "de": "Was hätten wir besser machen können?"}},
        # Every customer email on, so advancing the emulator's clock shows them in the console.
        "customer_emails": {name: {"enabled": True} for name in notifications.KINDS},
    })


def seed(echo=print):
    base_url = current_app.config["PORTAL_BASE_URL"]
    echo("Seeding the Stripe emulator...")
    prices = _catalogue(base_url, echo)
    _discounts(echo)
    if seeding.find_customer("alex@example.com", "Alex Martin"):
        echo("  customers already there")
        emails = ["alex@example.com", "sam@example.com", "jordan@example.com", "riley@example.com",
                  "morgan@example.com", "taylor@example.com", "casey@example.com"]
    else:
        emails = _history(prices, EmulatorClock(current_app.config["STRIPE_API_BASE"]), echo)
    _portal_settings(prices)
    admin = admins.find(ADMIN_EMAIL)
    if admin:
        password = admins.reset_password(admin)
    else:
        admin, password = admins.create(ADMIN_EMAIL)
    link = login_links.activate()
    return Summary(admin_url=f"{base_url}/admin/", admin_email=admin.email, admin_password=password,
                   login_url=login_links.url(link), customer_emails=emails)
