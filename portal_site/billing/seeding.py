"""Demo data in Stripe: create-if-missing calls used only by `flask demo seed`."""
from collections.abc import Iterable
from typing import Any

import stripe

from portal_site.billing.client import call, v1
from portal_site.billing.errors import NotFound


def ensure_product(product_id: str, **fields: Any) -> stripe.Product:
    """The product with this id, created with `fields` if it does not exist yet."""
    try:
        return call(v1().products.retrieve, product_id)
    except NotFound:
        return call(v1().products.create, params={"id": product_id, **fields})


def ensure_price(lookup_key: str, **fields: Any) -> stripe.Price:
    found = call(v1().prices.list, params={"lookup_keys": [lookup_key], "limit": 1}).data
    if found:
        return found[0]
    return call(v1().prices.create, params={"lookup_key": lookup_key, **fields})


def ensure_coupon(coupon_id: str, **fields: Any) -> stripe.Coupon:
    """The coupon with this id, created with `fields` if it does not exist yet."""
    try:
        return call(v1().coupons.retrieve, coupon_id)
    except NotFound:
        return call(v1().coupons.create, params={"id": coupon_id, **fields})


def ensure_promotion_code(code: str, coupon_id: str) -> stripe.PromotionCode:
    """The active promotion code `code`, created for `coupon_id` if there is none."""
    found = call(v1().promotion_codes.list, params={"code": code, "active": True, "limit": 1}).data
    if found:
        return found[0]
    return call(v1().promotion_codes.create, params={"code": code, "promotion": {"type": "coupon", "coupon": coupon_id}})


def set_default_price(product_id: str, price_id: str) -> None:
    call(v1().products.update, product_id, params={"default_price": price_id})


def find_customer(email: str, name: str) -> stripe.Customer | None:
    for customer in call(v1().customers.list, params={"email": email, "limit": 100}).data:
        if customer.name == name:
            return customer
    return None


def create_customer(email: str, name: str, card: str, **fields: Any) -> stripe.Customer:
    """A customer whose default payment method is the test card `card` (e.g. `pm_card_visa`)."""
    customer = call(v1().customers.create, params={"email": email, "name": name, **fields})
    set_default_card(customer.id, card)
    return customer


def set_default_card(customer_id: str, card: str) -> stripe.PaymentMethod:
    method = call(v1().payment_methods.attach, card, params={"customer": customer_id})
    call(v1().customers.update, customer_id,
         params={"invoice_settings": {"default_payment_method": method.id}})
    return method


def subscribe(customer_id: str, price_id: str, quantity: int = 1, **fields: Any) -> stripe.Subscription:
    return subscribe_to_several(customer_id, [(price_id, quantity)], **fields)


def subscribe_to_several(customer_id: str, items: Iterable[tuple[str, int]], **fields: Any) -> stripe.Subscription:
    """One subscription with an item per (price id, quantity) in `items`."""
    return call(v1().subscriptions.create, params={
        "customer": customer_id, "items": [{"price": price_id, "quantity": quantity} for price_id, quantity in items],
        **fields,
    })


def cancel_at_period_end(subscription_id: str, feedback: str) -> None:
    call(v1().subscriptions.update, subscription_id, params={
        "cancel_at_period_end": True, "cancellation_details": {"feedback": feedback},
    })
