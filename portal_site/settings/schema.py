"""The portal settings as typed, frozen dataclasses, and their one mapping to storage and to Stripe.

Storage is the JSON of `to_storage()`: nested dicts named after the attributes, so a
stored row reads like `settings.features.subscription_cancel.enabled` (a `dict` field is a mapping of its own, such as
`own_words.cancel_question` = {locale: text}). `from_storage()`
checks every value against the field's annotation; an unknown key or a value of the
wrong kind is logged and replaced by its default (strict=True raises instead, for code
that writes settings). `to_stripe_configuration()` is the same settings in the shape of
Stripe's `billing_portal.configuration` object. Fields are addressed by dotted paths
("features.subscription_cancel.mode"); `field_type()` refuses a path that does not exist.
"""
import dataclasses
import logging
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

logger = logging.getLogger(__name__)

# The literals are written out (a type checker reads no Literal built from a tuple); the tuples are taken from them.
Reason = Literal[
    "too_expensive",
    "missing_features",
    "switched_service",
    "unused",
    "customer_service",
    "too_complex",
    "low_quality",
    "other",
]
Detail = Literal["name", "address", "shipping", "phone", "tax_id"]
CANCELLATION_REASONS: tuple[Reason, ...] = typing.get_args(Reason)
CUSTOMER_DETAILS: tuple[Detail, ...] = typing.get_args(Detail)
QUANTITY_LIMIT = 9999


class InvalidSettings(ValueError):
    """A value that does not fit its setting (raised only when loading strictly)."""


@dataclass(frozen=True)
class Toggle:
    enabled: bool = True


def _toggle(enabled: bool) -> Toggle:
    return field(default_factory=lambda: Toggle(enabled))


@dataclass(frozen=True)
class CustomerUpdate:
    enabled: bool = True
    allowed_updates: tuple[Detail, ...] = CUSTOMER_DETAILS


@dataclass(frozen=True)
class CancellationReason:
    enabled: bool = True
    options: tuple[Reason, ...] = CANCELLATION_REASONS


@dataclass(frozen=True)
class SubscriptionCancel:
    enabled: bool = True
    mode: Literal["at_period_end", "immediately"] = "at_period_end"
    proration_behavior: Literal["none", "create_prorations", "always_invoice"] = "none"
    cancellation_reason: CancellationReason = field(default_factory=CancellationReason)
    custom_question: str = ""
    retention_coupon: str = ""


@dataclass(frozen=True)
class Quantity:
    enabled: bool = True
    minimum: int = 1
    maximum: int = 100

    def __post_init__(self) -> None:
        if not 1 <= self.minimum <= self.maximum <= QUANTITY_LIMIT:
            raise InvalidSettings(f"quantity bounds {self.minimum}..{self.maximum} are not within 1..{QUANTITY_LIMIT}")


@dataclass(frozen=True)
class ProductQuantity:
    """Stripe's `products[].adjustable_quantity` of one product: it decides that product's quantity control."""
    product: str = ""
    enabled: bool = False
    minimum: int = 0
    maximum: int = 99


@dataclass(frozen=True)
class SubscriptionUpdate:
    enabled: bool = True
    allowed_prices: tuple[str, ...] = ()
    quantity: Quantity = field(default_factory=Quantity)
    proration_behavior: Literal["none", "create_prorations", "always_invoice"] = "create_prorations"
    downgrades_at_period_end: bool = False
    shorter_intervals_at_period_end: bool = False
    billing_cycle_anchor: Literal["", "now", "unchanged"] = ""
    product_quantities: tuple[ProductQuantity, ...] = ()

    def quantity_for(self, product_id: str | None) -> Quantity:
        """The quantity control for a subscription to `product_id`: its product's own, else the general one."""
        for entry in self.product_quantities:
            if entry.product == product_id:
                maximum = max(1, min(entry.maximum, QUANTITY_LIMIT))
                return Quantity(entry.enabled, min(max(1, entry.minimum), maximum), maximum)
        return self.quantity


@dataclass(frozen=True)
class PauseOption:
    """One preset pause length of Stripe's `subscription_pause.duration.interval_options` (at most three years)."""
    interval: Literal["day", "week", "month", "year"] = "month"
    interval_count: int = 1


@dataclass(frozen=True)
class SubscriptionPause:
    """Pausing payments. `duration` "indefinite": the customer picks any resume date, or none; "interval_options":
    one of the resume dates that `interval_options` give from today (Stripe's `duration`)."""
    enabled: bool = False
    duration: Literal["indefinite", "interval_options"] = "indefinite"
    interval_options: tuple[PauseOption, ...] = ()


@dataclass(frozen=True)
class Features:
    customer_update: CustomerUpdate = field(default_factory=CustomerUpdate)
    invoice_history: Toggle = _toggle(True)
    payment_method_update: Toggle = _toggle(True)
    subscription_cancel: SubscriptionCancel = field(default_factory=SubscriptionCancel)
    subscription_update: SubscriptionUpdate = field(default_factory=SubscriptionUpdate)
    subscription_pause: SubscriptionPause = field(default_factory=SubscriptionPause)
    promotion_codes: Toggle = _toggle(False)
    account_picker: Toggle = _toggle(False)


@dataclass(frozen=True)
class Business:
    headline: str = ""
    privacy_policy_url: str = ""
    terms_of_service_url: str = ""
    default_return_url: str = ""
    support_email: str = ""
    support_url: str = ""

    @property
    def contact_url(self) -> str:
        """Where "Contact us" leads: the support page, else a mail to support, else nowhere ("")."""
        if self.support_url:
            return self.support_url
        return f"mailto:{self.support_email}" if self.support_email else ""


@dataclass(frozen=True)
class Branding:
    business_name: str = "Billing portal"
    brand_color: str = "#0b5cad"
    accent_color: str = "#1a7f37"
    icon_key: str | None = None
    logo_key: str | None = None


@dataclass(frozen=True)
class CustomerEmails:
    """The emails the portal sends customers about Stripe events (see portal_site/notifications/).

    Off until the merchant turns them on: an upgrade never starts emailing customers on its own.
    """

    payment_failed: Toggle = _toggle(False)
    trial_ending: Toggle = _toggle(False)
    renewal_upcoming: Toggle = _toggle(False)
    card_expiring: Toggle = _toggle(False)


@dataclass(frozen=True)
class ProductWords:
    """A product's words per language ({locale: text}): its description, and its unit label as
    {plural category ("one", "few", "other"...): word}. The product's own (in Stripe) is the default."""

    description: dict[str, str] = field(default_factory=dict)
    unit_label: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class OwnWords:
    """The merchant's own words in other languages, each falling back to the default where a language has none:
    the custom cancellation question ({locale: question}) and the products' words ({product id: ProductWords})."""

    cancel_question: dict[str, str] = field(default_factory=dict)
    products: dict[str, ProductWords] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    features: Features = field(default_factory=Features)
    business: Business = field(default_factory=Business)
    branding: Branding = field(default_factory=Branding)
    customer_emails: CustomerEmails = field(default_factory=CustomerEmails)
    default_locale: str = "en"
    own_words: OwnWords = field(default_factory=OwnWords)
    default_configuration: str = ""  # a stored configuration's id made the default; "" is these settings


def to_storage(value: Any) -> Any:
    """The JSON-ready form of settings (or of one section): dicts and lists."""
    if dataclasses.is_dataclass(value):
        return {item.name: to_storage(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [to_storage(item) for item in value]
    if isinstance(value, dict):
        return {key: to_storage(item) for key, item in value.items()}
    return value


def _coerce(kind: Any, value: Any) -> Any:
    """`value` as `kind` (a field annotation); raises InvalidSettings when it does not fit."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is Literal:
        if value in args:
            return value
    elif origin is tuple:
        if isinstance(value, list | tuple):
            return tuple(_coerce(args[0], item) for item in value)
    elif origin is dict:
        if isinstance(value, dict) and all(isinstance(key, str) for key in value):
            return {key: _coerce(args[1], item) for key, item in value.items()}
    elif isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if isinstance(value, dict):
            return _load(kind(), value, "", strict=True)
    elif origin in (typing.Union, types.UnionType):
        for option in args:
            try:
                return _coerce(option, value)
            except InvalidSettings:
                continue
    elif kind is type(None):
        if value is None:
            return value
    elif dataclasses.is_dataclass(kind) and isinstance(kind, type):
        if isinstance(value, dict):
            return _load(kind(), value, f"{kind.__name__}.", True)
    elif kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(value, kind):
        return value
    expected = f"one of {args}" if origin is Literal else getattr(kind, "__name__", str(kind))
    raise InvalidSettings(f"{value!r} is not {expected}")


def _problem(path: str, message: str, strict: bool) -> None:
    if strict:
        raise InvalidSettings(f"{path}: {message}")
    logger.warning("Stored portal setting %s ignored (%s); using the default.", path, message)


def _load(default: Any, raw: Any, path: str, strict: bool) -> Any:
    """`default` with the valid values of `raw` applied; everything else logged (or raised)."""
    if not isinstance(raw, dict):
        _problem(path.rstrip(".") or "settings", f"expected an object, got {raw!r}", strict)
        return default
    hints = typing.get_type_hints(type(default))
    names = {item.name for item in dataclasses.fields(default)}
    for unknown in sorted(set(raw) - names):
        _problem(f"{path}{unknown}", "unknown setting", strict)
    values: dict[str, Any] = {}
    for name in names & set(raw):
        current = getattr(default, name)
        try:
            if dataclasses.is_dataclass(current):
                values[name] = _load(current, raw[name], f"{path}{name}.", strict)
            else:
                values[name] = _coerce(hints[name], raw[name])
        except InvalidSettings as error:
            _problem(f"{path}{name}", str(error), strict)
    try:
        return dataclasses.replace(default, **values)
    except InvalidSettings as error:
        _problem(path.rstrip(".") or "settings", str(error), strict)
        return default


def from_storage(raw: Mapping[str, Any] | None, *, strict: bool = False) -> Settings:
    """Settings from stored JSON, over the defaults (see the module docstring)."""
    return _load(Settings(), raw or {}, "", strict)


def field_type(path: str) -> Any:
    """The annotation of the setting at dotted `path`; KeyError naming the path when there is none."""
    kind: Any = Settings
    for name in path.split("."):
        hints = typing.get_type_hints(kind) if dataclasses.is_dataclass(kind) else {}
        if name not in hints:
            raise KeyError(f"There is no setting {path!r} ({name!r} is not a field of {kind.__name__}).")
        kind = hints[name]
    return kind


def get(settings: Settings, path: str) -> Any:
    """The value at dotted `path`."""
    value: Any = settings
    for name in path.split("."):
        value = getattr(value, name)
    return value


def with_values(settings: Settings, changes: Mapping[str, Any]) -> Settings:
    """New settings with `changes` ({dotted path: value}) applied; InvalidSettings when one does not fit."""
    stored = to_storage(settings)
    for path, value in changes.items():
        field_type(path)
        *parents, name = path.split(".")
        section = stored
        for parent in parents:
            section = section[parent]
        section[name] = value
    return from_storage(stored, strict=True)


def _adjustable(entry: ProductQuantity) -> dict[str, Any]:
    return {"enabled": entry.enabled, "maximum": entry.maximum, "minimum": entry.minimum}


def to_stripe_configuration(settings: Settings, price_products: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The settings as Stripe's `billing_portal.configuration` (its `business_profile`, `default_return_url`, `features`).

    Stripe lists switchable prices by product; `price_products` ({price id: product id})
    supplies the products, and prices it does not know are left out.
    """
    features, business = settings.features, settings.business
    cancel, update = features.subscription_cancel, features.subscription_update
    products: dict[str, list[str]] = {}
    for price in update.allowed_prices:
        if (product := (price_products or {}).get(price)) is not None:
            products.setdefault(product, []).append(price)
    quantities = {entry.product: entry for entry in update.product_quantities}
    allowed = ["price"]
    if update.quantity.enabled:
        allowed.append("quantity")
    if features.promotion_codes.enabled:
        allowed.append("promotion_code")
    return {
        "business_profile": {
            "headline": business.headline or None,
            "privacy_policy_url": business.privacy_policy_url or None,
            "terms_of_service_url": business.terms_of_service_url or None,
        },
        "default_return_url": business.default_return_url or None,
        "features": {
            "customer_update": {
                "enabled": features.customer_update.enabled,
                "allowed_updates": list(features.customer_update.allowed_updates),
            },
            "invoice_history": {"enabled": features.invoice_history.enabled},
            "payment_method_update": {"enabled": features.payment_method_update.enabled},
            "subscription_cancel": {
                "enabled": cancel.enabled,
                "mode": cancel.mode,
                "proration_behavior": cancel.proration_behavior,
                "cancellation_reason": {
                    "enabled": cancel.cancellation_reason.enabled,
                    "options": list(cancel.cancellation_reason.options),
                },
            },
            "subscription_pause": {
                "enabled": features.subscription_pause.enabled,
                "duration": {"type": features.subscription_pause.duration,
                             "interval_options": [{"interval": option.interval, "interval_count": option.interval_count}
                                                  for option in features.subscription_pause.interval_options]},
            },
            "subscription_update": {
                "enabled": update.enabled,
                "default_allowed_updates": allowed,
                "proration_behavior": update.proration_behavior,
                "products": [{"product": product, "prices": prices,
                              **({"adjustable_quantity": _adjustable(quantities[product])}
                                 if product in quantities else {})}
                             for product, prices in products.items()],
                "billing_cycle_anchor": update.billing_cycle_anchor or None,
                "schedule_at_period_end": {
                    "conditions": [{"type": kind} for kind, on in (
                        ("decreasing_item_amount", update.downgrades_at_period_end),
                        ("shortening_interval", update.shorter_intervals_at_period_end)) if on],
                },
            },
        },
    }
