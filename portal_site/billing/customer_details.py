"""A customer's billing details: name, billing and shipping address, phone, tax IDs."""
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

import stripe
from flask_babel import lazy_gettext as _l

from portal_site.billing.client import call, idempotency_options, v1
from portal_site.billing.errors import BillingError, Message, NotFound
from portal_site.billing.payment_methods import default_of

# Tax ID types offered in the form, with what people call them; Stripe validates the value.
TAX_ID_TYPES = {
    "eu_vat": _l("EU VAT number"),
    "gb_vat": _l("UK VAT number"),
    "ch_vat": _l("Swiss VAT number"),
    "no_vat": _l("Norwegian VAT number"),
    "us_ein": _l("US EIN"),
    "ca_bn": _l("Canadian BN"),
    "ca_gst_hst": _l("Canadian GST/HST number"),
    "au_abn": _l("Australian ABN"),
    "nz_gst": _l("New Zealand GST number"),
    "in_gst": _l("Indian GST number"),
    "jp_cn": _l("Japanese corporate number"),
    "br_cnpj": _l("Brazilian CNPJ"),
    "mx_rfc": _l("Mexican RFC"),
    "sg_uen": _l("Singapore UEN"),
    "za_vat": _l("South African VAT number"),
}


@dataclass(frozen=True)
class Address:
    line1: str = ""
    line2: str = ""
    city: str = ""
    postal_code: str = ""
    state: str = ""
    country: str = ""

    @classmethod
    def from_stripe(cls, value: Any) -> "Address | None":
        if not value:
            return None
        return cls(**{f.name: getattr(value, f.name, None) or "" for f in fields(cls)})


@dataclass(frozen=True)
class Shipping:
    name: str
    phone: str
    address: Address | None


@dataclass(frozen=True)
class TaxId:
    id: str
    type: str
    value: str
    verification: str | None

    @property
    def label(self) -> Message:
        return TAX_ID_TYPES.get(self.type, self.type)


@dataclass(frozen=True)
class CustomerDetails:
    id: str
    email: str
    name: str
    phone: str
    address: Address | None
    shipping: Shipping | None
    default_payment_method: str | None
    tax_ids: tuple[TaxId, ...] = ()


class InvalidTaxId(BillingError):
    status = 422


def _tax_id(value: stripe.TaxId) -> TaxId:
    verification = getattr(value, "verification", None)
    return TaxId(value.id, value.type, value.value, verification.status if verification else None)


def _details(customer: stripe.Customer, tax_ids: Iterable[TaxId] = ()) -> CustomerDetails:
    shipping = customer.shipping
    return CustomerDetails(
        id=customer.id,
        email=customer.email or "",
        name=customer.name or "",
        phone=customer.phone or "",
        address=Address.from_stripe(customer.address),
        shipping=Shipping(shipping.name or "", shipping.phone or "", Address.from_stripe(shipping.address))
        if shipping else None,
        default_payment_method=default_of(customer),
        tax_ids=tuple(tax_ids),
    )


# What `details()` expands; a customer read elsewhere with it (sign-in) yields the same details.
DETAILS_EXPAND = ["tax_ids"]


def details_of(customer: Any) -> CustomerDetails:
    """The details of a customer object read with `tax_ids` expanded."""
    tax_ids = customer.tax_ids.data if getattr(customer, "tax_ids", None) else []
    return _details(customer, [_tax_id(t) for t in tax_ids])


def details(customer_id: str) -> CustomerDetails:
    return details_of(call(v1().customers.retrieve, customer_id, params={"expand": DETAILS_EXPAND}))


def _address_param(address: Mapping[str, str] | None) -> dict[str, str] | str:
    return {key: value for key, value in address.items() if value} if address else ""


UPDATERS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "name": lambda data: {"name": data["name"]},
    "phone": lambda data: {"phone": data["phone"]},
    "address": lambda data: {"address": _address_param(data["address"])},
    "shipping": lambda data: {"shipping": {
        "name": data["name"], "phone": data.get("phone", ""), "address": _address_param(data["address"]),
    }},
}


def update(customer_id: str, section: str, data: Mapping[str, Any], nonce: str | None) -> CustomerDetails:
    """Change one section (`name`, `phone`, `address`, `shipping`) with one write; return the result."""
    customer = call(
        v1().customers.update, customer_id,
        params=UPDATERS[section](data),
        options=idempotency_options(customer_id, f"update-{section}", nonce),
    )
    return _details(customer)


def tax_ids(customer_id: str) -> tuple[TaxId, ...]:
    listing = call(v1().customers.tax_ids.list, customer_id, params={"limit": 100})
    return tuple(_tax_id(t) for t in listing.data)


def _tax_id_refusal(error: BillingError, kind: Message) -> InvalidTaxId | None:
    """The portal's words for Stripe refusing a tax ID (its value, or its type), else None."""
    if error.status >= 500 or isinstance(error, NotFound):
        return None
    param = (error.param or "").rsplit("[", 1)[-1].rstrip("]")
    if param == "type":
        message = _l("This type of tax ID (%(kind)s) cannot be added here. Choose another type, or contact us.",
                     kind=kind)
    elif error.code in ("tax_id_invalid", "parameter_invalid_empty", "parameter_missing") or param == "value":
        message = _l("That is not a valid %(kind)s. Check the number and its format, then try again.", kind=kind)
    else:
        return None
    return InvalidTaxId(message, code=error.code, param=param or "value", detail=error.detail)


def add_tax_id(customer_id: str, type_: str, value: str, nonce: str | None) -> tuple[TaxId, ...]:
    """Add a tax ID; Stripe validates the value. Returns the customer's tax IDs after the change."""
    existing = tax_ids(customer_id)
    try:
        created = call(
            v1().customers.tax_ids.create, customer_id,
            params={"type": type_, "value": value},
            options=idempotency_options(customer_id, "add-tax-id", nonce),
        )
    except BillingError as error:
        refusal = _tax_id_refusal(error, TAX_ID_TYPES.get(type_, type_))
        if refusal is None:
            raise
        raise refusal from error
    added = _tax_id(created)
    return tuple(t for t in existing if t.id != added.id) + (added,)


def remove_tax_id(customer_id: str, tax_id: str, nonce: str | None) -> tuple[TaxId, ...]:
    existing = tax_ids(customer_id)
    if not any(t.id == tax_id for t in existing):
        raise NotFound()
    call(v1().customers.tax_ids.delete, customer_id, tax_id,
         options=idempotency_options(customer_id, "remove-tax-id", nonce))
    return tuple(t for t in existing if t.id != tax_id)
