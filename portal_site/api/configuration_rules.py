"""What a `billing_portal.configuration` may hold, and its create and update: one set of rules for the server API
and the dashboard, so both refuse the same things with the same messages (a `StripeError` naming the param).

Parameters come in Stripe's shape (nested dicts, decoded from a form or JSON). The default configuration,
`bpc_default`, is the portal settings: an update of it changes them, and what they cannot hold is refused.
"""
from typing import Any

from portal_site import activity
from portal_site.api.stripe_params import METADATA, OneOf, StripeError, Url, check, invalid, missing, no_such
from portal_site.billing.catalog import products_with_prices
from portal_site.settings import configurations
from portal_site.signin import login_links

MAX_ADJUSTABLE_QUANTITY = 99  # Stripe's ceiling for `adjustable_quantity[maximum]`

PRORATION = OneOf("always_invoice", "create_prorations", "none")
REASONS = OneOf("customer_service", "low_quality", "missing_features", "other", "switched_service", "too_complex",
                "too_expensive", "unused")
DETAILS = OneOf("address", "email", "name", "phone", "shipping", "tax_id")
CONDITIONS = OneOf("decreasing_item_amount", "shortening_interval")
FEATURES = {
    "customer_update": {"allowed_updates": [DETAILS], "enabled": bool},
    "invoice_history": {"enabled": bool},
    "payment_method_update": {"enabled": bool, "payment_method_configuration": str},
    "subscription_cancel": {"cancellation_reason": {"enabled": bool, "options": [REASONS]}, "enabled": bool,
                            "mode": OneOf("at_period_end", "immediately"), "proration_behavior": PRORATION},
    "subscription_pause": {"duration": {"interval_options": [{"interval": OneOf("day", "month", "week", "year"),
                                                              "interval_count": int}],
                                        "type": OneOf("indefinite", "interval_options")},
                           "enabled": bool},
    "subscription_update": {
        "billing_cycle_anchor": OneOf("now", "unchanged"),
        "default_allowed_updates": [OneOf("price", "promotion_code", "quantity")], "enabled": bool,
        "products": [{"adjustable_quantity": {"enabled": bool, "maximum": int, "minimum": int},
                      "prices": [str], "product": str}],
        "proration_behavior": PRORATION,
        "schedule_at_period_end": {"conditions": [{"type": CONDITIONS}]},
        "trial_update_behavior": OneOf("continue_trial", "end_trial"),
    },
}
CONFIGURATION = {"business_profile": {"headline": str, "privacy_policy_url": Url, "terms_of_service_url": Url},
                 "default_return_url": Url, "expand": [str], "features": FEATURES, "login_page": {"enabled": bool},
                 "metadata": METADATA, "name": str}
CONFIGURATION_UPDATE = {**CONFIGURATION, "active": bool}


def default_configuration() -> dict[str, Any]:
    """The portal settings as a configuration; its `login_page` is the portal's login link, when it is on."""
    products = {price.id: product.id for product in products_with_prices() for price in product.prices}
    config = configurations.default(products)
    link = login_links.active()
    config["login_page"] = {"enabled": link is not None, "url": login_links.url(link) if link else None}
    return config


def find(configuration_id: str, param: str | None = None) -> dict[str, Any]:
    """The configuration `configuration_id` (the default one included); Stripe's 404 when there is none."""
    if configuration_id == configurations.DEFAULT_ID:
        return default_configuration()
    config = configurations.get(configuration_id)
    if config is None:
        raise no_such("billing_portal.configuration", configuration_id, param)
    return config


def _check_login_page(params: dict[str, Any]) -> None:
    if (params.get("login_page") or {}).get("enabled"):
        raise invalid("The portal has one login link, for its default configuration: turn it on in the dashboard "
                      "(Login link).", "login_page[enabled]")


def _check_adjustable(entry: dict[str, Any], at: str) -> None:
    """Stripe's `adjustable_quantity`: minimum 0 and maximum 99 unless given, minimum <= maximum <= 99."""
    given = entry.get("adjustable_quantity")
    if given is None:
        return
    if given.get("enabled") is None:
        raise missing(f"{at}[adjustable_quantity][enabled]")
    quantity = {"enabled": given["enabled"], "maximum": given.get("maximum"), "minimum": given.get("minimum")}
    quantity["maximum"] = MAX_ADJUSTABLE_QUANTITY if quantity["maximum"] is None else quantity["maximum"]
    quantity["minimum"] = 0 if quantity["minimum"] is None else quantity["minimum"]
    if not 0 <= quantity["minimum"] <= MAX_ADJUSTABLE_QUANTITY:
        raise invalid(f"The minimum quantity must be between 0 and {MAX_ADJUSTABLE_QUANTITY}.",
                      f"{at}[adjustable_quantity][minimum]")
    if not 1 <= quantity["maximum"] <= MAX_ADJUSTABLE_QUANTITY:
        raise invalid(f"The maximum quantity must be between 1 and {MAX_ADJUSTABLE_QUANTITY}.",
                      f"{at}[adjustable_quantity][maximum]")
    if quantity["minimum"] > quantity["maximum"]:
        raise invalid("The minimum quantity cannot be more than the maximum.", f"{at}[adjustable_quantity][minimum]")
    entry["adjustable_quantity"] = quantity


def _check_products(params: dict[str, Any]) -> None:
    """`features[subscription_update][products]` name products that exist, each with prices of its own."""
    products = ((params.get("features") or {}).get("subscription_update") or {}).get("products")
    if not products:
        return
    known = {product.id: {price.id for price in product.prices} for product in products_with_prices()}
    for index, entry in enumerate(products):
        at = f"features[subscription_update][products][{index}]"
        if not entry.get("product"):
            raise missing(f"{at}[product]")
        if entry["product"] not in known:
            raise no_such("product", entry["product"], f"{at}[product]")
        if not entry.get("prices"):
            raise missing(f"{at}[prices]")
        for number, price in enumerate(entry["prices"]):
            if price not in known[entry["product"]]:
                raise invalid(f"The price '{price}' is not a price of the product '{entry['product']}'.",
                              f"{at}[prices][{number}]")
        _check_adjustable(entry, at)


# Stripe's ceiling for a preset pause: three years, in each interval.
MAX_PAUSE = {"day": 3 * 365, "week": 3 * 52, "month": 3 * 12, "year": 3}


def _check_pause(params: dict[str, Any]) -> None:
    """`features[subscription_pause][duration]`: a type; preset options (each at most three years) when it asks for
    them, none when it is indefinite. Counts default to 1."""
    duration = ((params.get("features") or {}).get("subscription_pause") or {}).get("duration")
    if duration is None:
        return
    at = "features[subscription_pause][duration]"
    if not duration.get("type"):
        raise missing(f"{at}[type]")
    if duration["type"] == "indefinite":
        duration["interval_options"] = []
        return
    options = duration.get("interval_options")
    if not options:
        raise missing(f"{at}[interval_options]")
    for index, option in enumerate(options):
        if not option.get("interval"):
            raise missing(f"{at}[interval_options][{index}][interval]")
        option["interval_count"] = 1 if option.get("interval_count") is None else option["interval_count"]
        if not 1 <= option["interval_count"] <= MAX_PAUSE[option["interval"]]:
            raise invalid(f"A pause lasts at most three years: interval_count must be from 1 to "
                          f"{MAX_PAUSE[option['interval']]} for '{option['interval']}'.",
                          f"{at}[interval_options][{index}][interval_count]")


def _refuse_what_settings_cannot_hold(params: dict[str, Any]) -> None:
    """The default configuration is the portal settings: parameters they have no place for are refused."""
    for name in ("name", "metadata", "login_page"):
        if name in params:
            raise invalid(f"The default configuration is the portal's own settings, which have no `{name}`.", name)
    if params.get("active") is False:
        raise invalid("The default configuration cannot be deactivated.", "active")
    features = params.get("features") or {}
    at = "features[customer_update][allowed_updates]"
    for index, detail in enumerate((features.get("customer_update") or {}).get("allowed_updates") or []):
        if detail == "email":
            raise invalid("The portal does not let customers change their email address.", f"{at}[{index}]")
    if (features.get("payment_method_update") or {}).get("payment_method_configuration"):
        raise invalid("The portal shows the card form of its own.",
                      "features[payment_method_update][payment_method_configuration]")
    update = features.get("subscription_update") or {}
    at = "features[subscription_update]"
    if update.get("trial_update_behavior") not in (None, "end_trial"):
        raise invalid("The portal ends a trial when the plan changes.", f"{at}[trial_update_behavior]")
    if "default_allowed_updates" in update and "price" not in update["default_allowed_updates"]:
        raise invalid("The portal always lets customers change their price when plan changes are on.",
                      f"{at}[default_allowed_updates]")


def create(raw: dict[str, Any]) -> dict[str, Any]:
    """A new configuration from Stripe's create parameters."""
    params = check(CONFIGURATION, raw)
    if not params.get("features"):
        raise missing("features")
    _check_products(params)
    _check_pause(params)
    _check_login_page(params)
    return configurations.create(params)


def update(configuration_id: str, raw: dict[str, Any], *, actor_type: str, actor: str) -> dict[str, Any]:
    """The configuration with Stripe's update parameters applied; the default one changes the portal settings
    (recorded as `settings.saved` by `actor`)."""
    params = check(CONFIGURATION_UPDATE, raw)
    _check_products(params)
    _check_pause(params)
    _check_login_page(params)
    if configuration_id == configurations.DEFAULT_ID:
        _refuse_what_settings_cannot_hold(params)
        changed = configurations.save_default(configurations.apply(default_configuration(), params))
        if changed:
            activity.record("settings.saved", actor_type=actor_type, actor=actor, changed=changed)
        return default_configuration()
    if params.get("active") is False and configurations.default_id() == configuration_id:
        raise invalid("The default configuration cannot be deactivated: make another one the default first.",
                      "active")
    config = configurations.update(configuration_id, params)
    if config is None:
        raise no_such("billing_portal.configuration", configuration_id, None)
    return config


def make_default(configuration_id: str) -> dict[str, Any]:
    """Make an active configuration the default one (the login link's)."""
    config = find(configuration_id)
    if not config["active"]:
        raise StripeError(400, "An inactive configuration cannot be the default: activate it first.",
                          param="is_default", code="parameter_invalid")
    configurations.make_default(configuration_id)
    return find(configuration_id)
