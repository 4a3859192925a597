"""What a session's configuration says is what its customer can do: a product's `adjustable_quantity`, the two
`schedule_at_period_end` conditions each on its own, and `billing_cycle_anchor` on a plan change."""
import secrets
import time

import requests


def _price(stripe_v1, product, amount, interval):
    return stripe_v1.prices.create(params={"product": product.id, "unit_amount": amount, "currency": "usd",
                                           "recurring": {"interval": interval}})


def _subscribed(stripe_v1, price, quantity=1, email="ada@example.com"):
    customer = stripe_v1.customers.create(params={"email": email, "name": "Ada"})
    card = stripe_v1.payment_methods.attach("pm_card_visa", params={"customer": customer.id})
    stripe_v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": card.id}})
    subscription = stripe_v1.subscriptions.create(params={"customer": customer.id,
                                                          "items": [{"price": price.id, "quantity": quantity}]})
    return customer, subscription


def _open(portal, customer, configuration):
    """A browser signed in through a session created with `configuration`."""
    session = portal.billing_portal.sessions.create(params={"customer": customer.id,
                                                            "configuration": configuration.id})
    browser = requests.Session()
    assert browser.get(session.url, timeout=10).status_code == 200
    return browser


def _config(portal, product, prices, product_extra=None, **update):
    entry = {"product": product.id, "prices": [price.id for price in prices], **(product_extra or {})}
    return portal.billing_portal.configurations.create(params={"features": {"subscription_update": {
        "enabled": True, "default_allowed_updates": ["price"], "proration_behavior": "none", **update,
        "products": [entry]}}})


def _item(stripe_v1, subscription):
    return stripe_v1.subscriptions.retrieve(subscription.id)["items"].data[0]


def test_a_products_adjustable_quantity_bounds_the_quantity_control(portal, stripe_v1, live_server):
    product = stripe_v1.products.create(params={"name": "Seats"})
    monthly = _price(stripe_v1, product, 1000, "month")
    config = _config(portal, product, [monthly],
                     product_extra={"adjustable_quantity": {"enabled": True, "minimum": 2, "maximum": 5}})
    assert config.features.subscription_update.products[0].adjustable_quantity.to_dict() == {
        "enabled": True, "minimum": 2, "maximum": 5}
    customer, subscription = _subscribed(stripe_v1, monthly, quantity=3)
    browser = _open(portal, customer, config)
    page = f"{live_server}/account/subscriptions/{subscription.id}/quantity"

    form = browser.get(page, timeout=10)
    assert form.status_code == 200 and 'min="2"' in form.text and 'max="5"' in form.text
    for typed in ("1", "6"):
        refused = browser.post(page, data={"quantity": typed, "nonce": secrets.token_urlsafe(12)}, timeout=10)
        assert refused.status_code == 422 and "Choose a number from 2 to 5." in refused.text
    assert _item(stripe_v1, subscription).quantity == 3
    done = browser.post(page, data={"quantity": "4", "nonce": secrets.token_urlsafe(12)}, allow_redirects=False,
                        timeout=10)
    assert done.status_code == 303
    assert _item(stripe_v1, subscription).quantity == 4


def test_a_product_without_adjustable_quantity_hides_the_control_even_when_quantity_is_a_default_update(
        portal, stripe_v1, live_server):
    product = stripe_v1.products.create(params={"name": "Seats"})
    monthly = _price(stripe_v1, product, 1000, "month")
    config = _config(portal, product, [monthly], product_extra={"adjustable_quantity": {"enabled": False}},
                     default_allowed_updates=["price", "quantity"])
    customer, subscription = _subscribed(stripe_v1, monthly, quantity=3)
    browser = _open(portal, customer, config)
    card = browser.get(f"{live_server}/account/subscriptions/{subscription.id}", timeout=10).text
    assert "Change quantity" not in card
    refused = browser.post(f"{live_server}/account/subscriptions/{subscription.id}/quantity",
                           data={"quantity": "4", "nonce": secrets.token_urlsafe(12)}, allow_redirects=False,
                           timeout=10)
    assert refused.status_code >= 400
    assert _item(stripe_v1, subscription).quantity == 3


def _switch(browser, live_server, subscription, price):
    return browser.post(f"{live_server}/account/subscriptions/{subscription.id}/plan",
                        data={"price": price.id, "nonce": secrets.token_urlsafe(12)}, allow_redirects=False,
                        timeout=10)


def test_shortening_interval_and_decreasing_item_amount_are_separate_conditions(portal, stripe_v1, live_server):
    product = stripe_v1.products.create(params={"name": "Plan"})
    yearly = _price(stripe_v1, product, 15000, "year")
    monthly = _price(stripe_v1, product, 20000, "month")  # a shorter interval, a higher amount
    shortening = _config(portal, product, [yearly, monthly],
                         schedule_at_period_end={"conditions": [{"type": "shortening_interval"}]})
    decreasing = _config(portal, product, [yearly, monthly],
                         schedule_at_period_end={"conditions": [{"type": "decreasing_item_amount"}]})

    waits, subscription = _subscribed(stripe_v1, yearly, email="waits@example.com")
    assert _switch(_open(portal, waits, shortening), live_server, subscription, monthly).status_code == 303
    held = stripe_v1.subscriptions.retrieve(subscription.id)
    assert held["items"].data[0].price.id == yearly.id and held.schedule is not None

    now, other = _subscribed(stripe_v1, yearly, email="now@example.com")
    assert _switch(_open(portal, now, decreasing), live_server, other, monthly).status_code == 303
    changed = stripe_v1.subscriptions.retrieve(other.id)
    assert changed["items"].data[0].price.id == monthly.id and changed.schedule is None


def test_billing_cycle_anchor_now_restarts_the_cycle_and_unchanged_keeps_it(portal, stripe_v1, live_server, emulator):
    product = stripe_v1.products.create(params={"name": "Plan"})
    basic = _price(stripe_v1, product, 1000, "month")
    pro = _price(stripe_v1, product, 3000, "month")
    restart = _config(portal, product, [basic, pro], billing_cycle_anchor="now")
    keep = _config(portal, product, [basic, pro], billing_cycle_anchor="unchanged")
    assert restart.features.subscription_update.billing_cycle_anchor == "now"
    first, restarted = _subscribed(stripe_v1, basic, email="first@example.com")
    second, kept = _subscribed(stripe_v1, basic, email="second@example.com")
    started = _item(stripe_v1, restarted).current_period_start
    requests.post(f"{emulator}/_emulator/advance", json={"seconds": 10 * 86400}, timeout=10).raise_for_status()

    assert _switch(_open(portal, first, restart), live_server, restarted, pro).status_code == 303
    assert _switch(_open(portal, second, keep), live_server, kept, pro).status_code == 303
    now_item, kept_item = _item(stripe_v1, restarted), _item(stripe_v1, kept)
    assert now_item.price.id == pro.id and kept_item.price.id == pro.id
    assert now_item.current_period_start >= started + 10 * 86400 - 60
    assert kept_item.current_period_start < started + 86400
    assert abs(stripe_v1.subscriptions.retrieve(restarted.id).billing_cycle_anchor - time.time() - 10 * 86400) < 120


def test_the_default_configuration_serves_sessions_made_without_one_and_login_link_sign_ins(
        portal, stripe_v1, app, subscriber):
    from portal_site.api import configuration_rules
    from portal_site.auth import flow
    from portal_site.billing.customers import Customer
    from portal_site.extensions import db
    from portal_site.models import CustomerSession

    customer, _subscription = subscriber()
    config = portal.billing_portal.configurations.create(params={"features": {"invoice_history": {"enabled": True}}})
    with app.app_context():
        configuration_rules.make_default(config.id)
    session = portal.billing_portal.sessions.create(params={"customer": customer.id})
    assert session.configuration == config.id
    with app.test_request_context("/"):
        flow.start(Customer(id=customer.id, email=customer.email, name=None, created=customer.created), customer.email)
        assert db.session.query(CustomerSession).one().configuration_id == config.id

    portal.billing_portal.configurations.update(config.id, params={"name": "Kept"})  # still the default
    assert portal.billing_portal.configurations.retrieve(config.id).is_default
