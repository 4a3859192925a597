"""Every resource the emulator serves, built through the official SDK, against Stripe's own example
object for it (fixtures3.json), field by field: a missing, mistyped or extra field fails by name."""

from fixture_fields import Comparison, compare, fixtures

MINIMUM = 0.97

# Fields Stripe's example fills in but Stripe gives null in the states built here (nothing set, not
# canceled, no trial on that object, card without a wallet...). A new null is a failure until listed.
STATE_NULLS = {
    "product": {"default_price", "package_dimensions"},
    "price": {"custom_unit_amount", "transform_quantity"},
    "customer": {"discount", "invoice_settings.rendering_options", "shipping"},
    "payment_method": {"billing_details.address.city", "billing_details.address.country", "billing_details.email",
                       "billing_details.address.line1", "billing_details.address.postal_code",
                       "billing_details.address.state", "billing_details.phone", "card.generated_from",
                       "card.wallet"},
    "setup_intent": {"automatic_payment_methods", "last_setup_error", "next_action",
                     "payment_method_configuration_details"},
    "setup_attempt": {"payment_method_details.card.three_d_secure", "payment_method_details.card.wallet",
                      "setup_error"},
    "coupon": {"currency", "redeem_by"},
    "promotion_code": {"expires_at"},
    "subscription": {"automatic_tax.liability", "billing_cycle_anchor_config", "billing_thresholds", "cancel_at",
                     "canceled_at", "ended_at", "items.data[].billing_thresholds",
                     "items.data[].plan.transform_usage", "items.data[].price.custom_unit_amount",
                     "items.data[].price.transform_quantity", "next_pending_invoice_item_invoice",
                     "pause_collection", "payment_settings.payment_method_options", "pending_invoice_item_interval",
                     "pending_update", "transfer_data", "trial_end", "trial_start"},
    "subscription_item": {"billing_thresholds", "plan.transform_usage", "price.custom_unit_amount",
                          "price.transform_quantity"},
    "invoice": {"automatic_tax.liability", "customer_shipping", "due_date", "from_invoice", "last_finalization_error",
                "lines.data[].parent.invoice_item_details",
                "lines.data[].parent.subscription_item_details.proration_details.credited_items",
                "next_payment_attempt", "parent.quote_details", "payment_settings.payment_method_options",
                "rendering", "shipping_cost", "shipping_details"},
    "line_item": {"parent.invoice_item_details", "parent.subscription_item_details.proration_details.credited_items"},
    "subscription_schedule": {"canceled_at", "completed_at", "default_settings.automatic_tax.liability",
                              "default_settings.billing_thresholds", "default_settings.transfer_data",
                              "phases[].billing_thresholds", "phases[].invoice_settings",
                              "phases[].items[].billing_thresholds", "phases[].transfer_data", "released_at"},
    "billing_portal.configuration": {"business_profile.privacy_policy_url", "business_profile.terms_of_service_url"},
    "billing_portal.session": {"flow"},
}


def build_every_resource(client) -> dict[str, list[dict]]:
    """One of each resource (several where states differ), in the state a billing integration sees."""
    v1 = client.v1
    product = v1.products.create(params={"name": "Gold", "description": "The gold plan"})
    price = v1.prices.create(params={"product": product.id, "unit_amount": 1500, "currency": "usd",
                                     "recurring": {"interval": "month"}, "lookup_key": "gold"})
    customer = v1.customers.create(params={"email": "ada@example.test", "name": "Ada",
                                           "address": {"country": "DE", "city": "Berlin"}})
    tax_id = v1.customers.tax_ids.create(customer.id, params={"type": "eu_vat", "value": "DE123456789"})
    setup_intent = v1.setup_intents.create(params={
        "customer": customer.id, "payment_method": "pm_card_visa", "confirm": True, "usage": "off_session",
        "allowed_payment_method_types": ["card"], "expand": ["latest_attempt"]})
    payment_method = v1.payment_methods.retrieve(setup_intent.payment_method)
    v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": payment_method.id}})
    coupon = v1.coupons.create(params={"percent_off": 20, "duration": "repeating", "duration_in_months": 3,
                                       "name": "Welcome"})
    promotion_code = v1.promotion_codes.create(params={"promotion": {"type": "coupon", "coupon": coupon.id},
                                                       "code": "WELCOME"})
    subscription = v1.subscriptions.create(params={
        "customer": customer.id, "items": [{"price": price.id}], "discounts": [{"promotion_code": promotion_code.id}],
        "expand": ["latest_invoice", "discounts"]})
    trialing = v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": price.id}],
                                               "trial_period_days": 14})
    schedule = v1.subscription_schedules.create(params={"from_subscription": trialing.id})
    configuration = v1.billing_portal.configurations.create(params={
        "business_profile": {"headline": "Gold plans"},
        "features": {"invoice_history": {"enabled": True}, "payment_method_update": {"enabled": True}}})
    session = v1.billing_portal.sessions.create(params={"customer": customer.id,
                                                        "return_url": "https://example.test/account"})
    invoice = body(subscription)["latest_invoice"]
    spare_customer = v1.customers.create(params={"name": "Spare"})
    deleted = {
        "deleted_product": v1.products.delete(v1.products.create(params={"name": "Spare"}).id),
        "deleted_coupon": v1.coupons.delete(v1.coupons.create(params={"percent_off": 5}).id),
        "deleted_tax_id": v1.customers.tax_ids.delete(customer.id, v1.customers.tax_ids.create(
            customer.id, params={"type": "us_ein", "value": "12-3456789"}).id),
        "deleted_customer": v1.customers.delete(spare_customer.id),
    }
    return {
        **{name: [body(obj)] for name, obj in deleted.items()},
        "product": [body(product)], "price": [body(price)], "customer": [body(v1.customers.retrieve(customer.id))],
        "tax_id": [body(tax_id)], "payment_method": [body(payment_method)], "setup_intent": [body(setup_intent)],
        "setup_attempt": [body(setup_intent)["latest_attempt"]], "coupon": [body(coupon)],
        "promotion_code": [body(promotion_code)],
        "subscription": [body(subscription), body(v1.subscriptions.retrieve(trialing.id))],
        "subscription_item": [body(v1.subscription_items.retrieve(subscription["items"].data[0].id))],
        "discount": body(subscription)["discounts"], "invoice": [invoice], "line_item": invoice["lines"]["data"],
        "subscription_schedule": [body(schedule)], "billing_portal.configuration": [body(configuration)],
        "billing_portal.session": [body(session)], "event": body(v1.events.list(params={"limit": 5}))["data"],
    }


def body(obj) -> dict:
    """The JSON the emulator answered with for this SDK call (not the SDK's typed view of it)."""
    return obj.last_response.data


def comparisons(client) -> dict[str, Comparison]:
    examples = fixtures()
    results = {}
    for name, found in build_every_resource(client).items():
        result = Comparison()
        for obj in found:
            compare(obj, examples[name], None, result)
        results[name] = result
    return results


def test_every_resource_carries_stripes_fields_with_stripes_types(stripe_client):
    results = comparisons(stripe_client)
    matched = sum(len(result.matched) for result in results.values())
    total = matched + sum(len(result.problems) for result in results.values())
    report = [f"overall {matched / total:.1%} of {total} fields"] + [
        f"{name} {result.coverage:.1%}: " + ", ".join(
            [f"{path} ({problem})" for path, problem in sorted(result.problems.items())]
            + [f"{path} (extra)" for path in sorted(result.extras)]
            + [f"{path} (null here, Stripe fills it)" for path in sorted(unexpected_nulls(name, result))])
        for name, result in sorted(results.items())
        if result.problems or result.extras or unexpected_nulls(name, result)]
    assert matched / total >= MINIMUM and all(
        result.coverage >= MINIMUM and not result.extras and not unexpected_nulls(name, result)
        for name, result in results.items()), "\n".join(report)


def unexpected_nulls(name: str, result: Comparison) -> set[str]:
    return result.nulls - STATE_NULLS.get(name, set())
