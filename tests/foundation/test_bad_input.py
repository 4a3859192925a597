"""Every route, fed nonsense, answers with a page or a 4xx and never a 500: for a visitor, a signed-in
customer (with a subscription, cards and invoices) and a signed-in merchant."""
import pytest
from werkzeug.routing import AnyConverter

NONSENSE = "x'\"<script>%00../\u202e"
PATH_VALUES = [NONSENSE, "sub_does_not_exist", "pm_" + "9" * 300, "-1"]
FORMS = [
    {},
    {"nonce": NONSENSE, "email": "not-an-email", "code": "abcdef", "quantity": "-3", "price": "price_nope",
     "price_id": NONSENSE, "reason": "no_such_reason", "resume_at": "2999-99-99", "code-code": "12",
     "amount": "1e400", "currency": "zzz", "interval": "decade", "name": "x" * 5000, "url": "javascript:alert(1)",
     "brand_color": "#12345g", "page": "-1", "starting_after": NONSENSE, "type": "xx_vat", "value": "\x00"},
]
SKIPPED = {"static"}


def _paths(app, real_ids):
    """Each rule once per nonsense value and per real id, with the choices of `any()` parts kept valid."""
    adapter = app.url_map.bind("localhost")
    signing_out_last = sorted(app.url_map.iter_rules(), key=lambda rule: rule.endpoint.endswith("logout"))
    for rule in signing_out_last:
        if rule.endpoint in SKIPPED:
            continue
        for value in [*PATH_VALUES, *real_ids] if rule.arguments else [None]:
            values = {}
            for name in rule.arguments:
                converter = rule._converters[name]
                values[name] = next(iter(converter.items)) if isinstance(converter, AnyConverter) else value
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, adapter.build(rule.endpoint, values, method=method)


def _sweep(client, app, real_ids=()):
    """Every server error met (answered as the 500 page, so one sweep lists them all)."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    failures = []
    for method, path in _paths(app, real_ids):
        for form in FORMS if method == "POST" else [None]:
            for headers in ({}, {"HX-Request": "true"}):
                response = client.open(path, method=method, data=form, headers=headers)
                if response.status_code >= 500:
                    failures.append(f"{method} {path} {sorted(form or {})[:3]} {headers}: {response.status_code}")
    return failures


@pytest.fixture
def subscriber(app, stripe_v1, sign_in_customer):
    customer = stripe_v1.customers.create(params={"email": "sweep@example.test"})
    card = stripe_v1.payment_methods.attach("pm_card_visa", params={"customer": customer.id})
    stripe_v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": card.id}})
    product = stripe_v1.products.create(params={"name": "Sweep"})
    price = stripe_v1.prices.create(params={"product": product.id, "unit_amount": 900, "currency": "usd",
                                            "recurring": {"interval": "month"}})
    subscription = stripe_v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": price.id}]})
    client = app.test_client()
    sign_in_customer(client, customer.id, "sweep@example.test")
    return client, (subscription.id, card.id, subscription.latest_invoice, product.id, price.id)


def test_a_visitor_never_meets_a_server_error(app, client):
    assert _sweep(client, app) == []


def test_a_signed_in_customer_never_meets_a_server_error(app, subscriber):
    client, real_ids = subscriber
    assert _sweep(client, app, real_ids) == []


def test_a_signed_in_merchant_never_meets_a_server_error(app, merchant, subscriber):
    _client, real_ids = subscriber
    assert _sweep(merchant, app, real_ids) == []
