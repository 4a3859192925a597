"""The active recurring prices, grouped by product: what customers may switch between."""
from dataclasses import dataclass

from stripe.params import PriceListParams

from portal_site.billing.client import call, v1
from portal_site.billing.money import Money


@dataclass(frozen=True)
class PriceOption:
    id: str
    nickname: str
    amount: Money
    interval: str
    interval_count: int


@dataclass(frozen=True)
class ProductPrices:
    product_id: str
    product_name: str
    prices: tuple[PriceOption, ...]


def active_by_product() -> list[ProductPrices]:
    """Active products with their active recurring prices, in the order Stripe lists them."""
    params: PriceListParams = {"active": True, "type": "recurring", "limit": 100, "expand": ["data.product"]}
    prices = call(lambda: list(v1().prices.list(params=params).auto_paging_iter()))
    groups: dict[str, tuple[str, list[PriceOption]]] = {}
    for price in prices:
        product = price.product
        if isinstance(product, str) or not getattr(product, "active", True) or getattr(product, "deleted", None):
            continue
        recurring = price.recurring
        assert recurring is not None, "only recurring prices are listed"
        option = PriceOption(
            id=price.id,
            nickname=getattr(price, "nickname", None) or "",
            amount=Money(getattr(price, "unit_amount", None) or 0, price.currency),
            interval=recurring.interval,
            interval_count=getattr(recurring, "interval_count", None) or 1,
        )
        groups.setdefault(product.id, (product.name, []))[1].append(option)
    return [ProductPrices(pid, name, tuple(prices)) for pid, (name, prices) in groups.items()]
