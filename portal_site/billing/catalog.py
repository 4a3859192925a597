"""The merchant's catalogue in Stripe: products and their prices, as small dataclasses.

Every write carries an idempotency key derived from the dashboard form's nonce, so a
double submit creates one product or one price.
"""
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import stripe

from portal_site.billing.client import call, idempotency_options, parallel, v1
from portal_site.billing.errors import NotFound
from portal_site.billing.money import Money

LIST_LIMIT = 100


@dataclass(frozen=True)
class Price:
    id: str
    product_id: str
    amount: Money
    nickname: str
    interval: str | None
    interval_count: int
    active: bool


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    description: str
    active: bool
    images: tuple[str, ...]
    tax_code: str
    statement_descriptor: str
    unit_label: str
    prices: tuple[Price, ...] = ()

    @property
    def image_url(self) -> str | None:
        return self.images[0] if self.images else None

    @property
    def active_prices(self) -> tuple[Price, ...]:
        return tuple(price for price in self.prices if price.active)


@dataclass(frozen=True)
class ProductFields:
    """What the dashboard sets on a product; `images` None leaves the images as they are."""

    name: str
    description: str
    tax_code: str
    statement_descriptor: str
    unit_label: str
    active: bool
    images: list[str] | None = None


def _price(obj: stripe.Price) -> Price:
    recurring = obj.recurring
    return Price(
        id=obj.id,
        product_id=obj.product if isinstance(obj.product, str) else obj.product.id,
        amount=Money(obj.unit_amount or 0, obj.currency),
        nickname=obj.nickname or "",
        interval=recurring.interval if recurring else None,
        interval_count=recurring.interval_count if recurring else 1,
        active=bool(obj.active),
    )


def _product(obj: stripe.Product, prices: Iterable[Price] = ()) -> Product:
    tax_code = obj.tax_code
    return Product(
        id=obj.id,
        name=obj.name,
        description=obj.description or "",
        active=bool(obj.active),
        images=tuple(obj.images or ()),
        tax_code=(tax_code if isinstance(tax_code, str) else getattr(tax_code, "id", "")) or "",
        statement_descriptor=obj.statement_descriptor or "",
        unit_label=obj.unit_label or "",
        prices=tuple(prices),
    )


def _all(list_method: Callable[..., Any], params: Mapping[str, Any]) -> list[Any]:
    return call(lambda: list(list_method(params={**params, "limit": LIST_LIMIT}).auto_paging_iter()))


def products_with_prices() -> list[Product]:
    """Every product (active first, newest first) with its active prices."""
    products, prices = parallel(
        lambda: _all(v1().products.list, {}),
        lambda: _all(v1().prices.list, {"active": True}),
    )
    by_product: dict[str, list[Price]] = {}
    for price in prices:
        item = _price(price)
        by_product.setdefault(item.product_id, []).append(item)
    items = [_product(obj, by_product.get(obj.id, ())) for obj in products]
    return sorted(items, key=lambda product: not product.active)


def product(product_id: str) -> Product:
    """One product with all its prices, active ones first; NotFound for an unknown id."""
    obj, prices = parallel(
        lambda: call(v1().products.retrieve, product_id),
        lambda: _all(v1().prices.list, {"product": product_id}),
    )
    items = sorted((_price(price) for price in prices), key=lambda price: not price.active)
    return _product(obj, items)


def _product_params(fields: ProductFields, *, creating: bool) -> dict[str, Any]:
    params: dict[str, Any] = {
        "name": fields.name,
        "description": fields.description,
        "tax_code": fields.tax_code,
        "statement_descriptor": fields.statement_descriptor,
        "unit_label": fields.unit_label,
        "active": fields.active,
    }
    if creating:
        params = {key: value for key, value in params.items() if value != ""}
    if fields.images is not None:
        params["images"] = fields.images if fields.images or creating else ""
    return params


def create_product(fields: ProductFields, nonce: str | None) -> Product:
    obj = call(
        v1().products.create,
        params=_product_params(fields, creating=True),
        options=idempotency_options("catalog", "create-product", nonce),
    )
    return _product(obj)


def update_product(product_id: str, fields: ProductFields, nonce: str | None) -> Product:
    obj = call(
        v1().products.update,
        product_id,
        params=_product_params(fields, creating=False),
        options=idempotency_options(product_id, "update-product", nonce),
    )
    return _product(obj)


def add_price(product_id: str, *, unit_amount: int, currency: str, interval: str, interval_count: int,
              nickname: str, nonce: str | None) -> Price:
    params: dict[str, Any] = {
        "product": product_id,
        "unit_amount": unit_amount,
        "currency": currency,
        "recurring": {"interval": interval, "interval_count": interval_count},
    }
    if nickname:
        params["nickname"] = nickname
    obj = call(v1().prices.create, params=params, options=idempotency_options(product_id, "add-price", nonce))
    return _price(obj)


def archive_price(product_id: str, price_id: str, nonce: str | None) -> Price:
    """Make a price unavailable to new subscriptions (Stripe never deletes prices)."""
    existing = call(v1().prices.retrieve, price_id)
    if _price(existing).product_id != product_id:
        raise NotFound()
    obj = call(
        v1().prices.update,
        price_id,
        params={"active": False},
        options=idempotency_options(price_id, "archive-price", nonce),
    )
    return _price(obj)
