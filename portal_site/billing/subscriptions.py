"""Customers' subscriptions at Stripe: read them as cards; cancel, renew, pause (discounts: `subscription_discounts`).

Every function that takes a `subscription_id` from a browser goes through `owned()` first,
which retrieves it and refuses (NotFound) one that belongs to another customer. Every write
carries an idempotency key from the form nonce and expands what a card needs, so the view
renders the card from the write's response without reading it again. Every read expands the
subscription's schedule with its phases' prices, so a plan change waiting for the period end
(see `plan_changes`) is on the card without another round trip. Plan and quantity changes,
with their previews, are in `plan_changes`.
"""
import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from portal_site.billing.client import call, idempotency_options, plain, read, read_all, v1
from portal_site.billing.errors import BillingError, NotFound
from portal_site.billing.money import Money
from portal_site.billing.payment_methods import Card, card_of

CARD_EXPAND = ["items.data.price.product", "schedule.phases.items.price",
               "discounts.source.coupon", "discounts.promotion_code", "default_payment_method"]
SCHEDULED_NAME = "portal_plan_name"
SCHEDULED_PRICE = "portal_plan_price"
INTERVAL_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


@dataclass(frozen=True)
class Plan:
    """A recurring price as a customer sees it."""

    price_id: str
    product_id: str
    product_name: str
    product_image: str | None
    amount: Money
    interval: str
    interval_count: int
    unit_label: str | None
    nickname: str | None = None
    description: str | None = None  # the product's, written by the merchant for customers

    def cost(self, quantity: int) -> Money:
        """What `quantity` units cost for one period."""
        return Money(self.amount.amount * quantity, self.amount.currency)

    @property
    def interval_days(self) -> int:
        return INTERVAL_DAYS.get(self.interval, 30) * self.interval_count

    def costs_less_than(self, current: "Plan") -> bool:
        """A lower amount per billing period than `current` (Stripe's `decreasing_item_amount`)."""
        return self.amount.amount < current.amount.amount


@dataclass(frozen=True)
class Upcoming:
    """The next invoice Stripe will create for a subscription."""

    amount: Money
    date: int | None


@dataclass(frozen=True)
class Item:
    """One line of a subscription: a price and how many of it."""

    id: str
    plan: Plan
    quantity: int

    @property
    def amount(self) -> Money:
        return Money(self.plan.amount.amount * self.quantity, self.plan.amount.currency)


@dataclass(frozen=True)
class Schedule:
    """The subscription schedule attached to a subscription: its id and current phase."""

    id: str
    phase_start: int | None
    items: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class PendingChange:
    """The plan a subscription's schedule moves it to when the current phase ends."""

    plan: Plan
    quantity: int
    date: int


@dataclass(frozen=True)
class Discount:
    """A discount in effect on a subscription, named by its promotion code, else its coupon's name.
    `end` is when a repeating one stops (None for once and forever)."""

    id: str
    name: str
    percent_off: float | None
    amount_off: Money | None
    duration: str
    end: int | None


@dataclass(frozen=True)
class Subscription:
    """A subscription as its card shows it. `items` has one entry per price (Stripe keeps their
    currency and interval the same); `plan`, `item_id` and `quantity` are those of the first,
    which is the only one when the customer may switch plan or change the quantity."""

    id: str
    customer_id: str
    status: str
    items: tuple[Item, ...]
    current_period_end: int | None
    trial_end: int | None
    cancel_at_period_end: bool
    cancel_at: int | None
    paused: bool
    resumes_at: int | None
    discounts: tuple[Discount, ...] = ()
    schedule: Schedule | None = None
    pending: PendingChange | None = None
    upcoming: Upcoming | None = None
    paid_with: Card | None = None  # the subscription's own card, which Stripe charges before the customer's default
    open_invoices: int = 0  # its invoices still unpaid, when the page read them (see `with_open_invoices`)

    @property
    def plan(self) -> Plan:
        return self.items[0].plan

    @property
    def item_id(self) -> str:
        return self.items[0].id

    @property
    def quantity(self) -> int:
        return self.items[0].quantity

    @property
    def name(self) -> str:
        """The card's title: the product names, each once."""
        return ", ".join(dict.fromkeys(item.plan.product_name for item in self.items))

    @property
    def several_items(self) -> bool:
        """Several prices: like Stripe's hosted portal, the customer may not switch plan or quantity."""
        return len(self.items) > 1

    @property
    def total(self) -> Money:
        """What one period of all the items costs before discounts."""
        return Money(sum(item.amount.amount for item in self.items), self.plan.amount.currency)

    @property
    def state(self) -> str:
        """The one status a customer reads: trialing, past_due, canceling, paused, canceled, active..."""
        if self.status in ("canceled", "incomplete_expired"):
            return "canceled"
        if self.paused:
            return "paused"
        if self.cancel_at_period_end or self.cancel_at:
            return "canceling"
        if self.status == "active" and self.open_invoices:
            return "past_due"
        return self.status

    @property
    def bills_next(self) -> bool:
        """Will Stripe charge a next invoice? Not when it ends, is paused (voided) or never started."""
        return self.state not in ("canceled", "canceling", "incomplete", "paused")

    @property
    def cancels_on(self) -> int | None:
        return self.cancel_at or (self.current_period_end if self.cancel_at_period_end else None)


def _get(obj: Mapping[str, Any] | None, key: str, default: Any = None) -> Any:
    value = obj.get(key) if obj is not None else None
    return default if value is None else value


def plan_from_price(price: Mapping[str, Any]) -> Plan:
    product: Any = price.get("product")  # a product id, or the product expanded
    if isinstance(product, str):
        product_id, name, image, unit_label, description = product, "", None, None, None
    else:
        product_id = product["id"]
        name = _get(product, "name", "")
        images = _get(product, "images", [])
        image = images[0] if images else None
        unit_label = product.get("unit_label") or None
        description = product.get("description") or None
    recurring = _get(price, "recurring", {})
    return Plan(
        price_id=price["id"],
        product_id=product_id,
        product_name=name,
        product_image=image,
        amount=Money(int(_get(price, "unit_amount", 0)), price["currency"]),
        interval=_get(recurring, "interval", "month"),
        interval_count=int(_get(recurring, "interval_count", 1)),
        unit_label=unit_label,
        nickname=price.get("nickname"),
        description=description,
    )


def _price_id(price: str | Mapping[str, Any]) -> str:
    return price if isinstance(price, str) else price["id"]


def _scheduled_plan(price: Mapping[str, Any], schedule: Mapping[str, Any], current: Plan) -> Plan:
    """The plan of a phase's price, named from the current product or what the portal noted on the schedule."""
    plan = plan_from_price(price)
    metadata = _get(schedule, "metadata", {})
    if plan.product_id == current.product_id:
        name = current.product_name
    elif metadata.get(SCHEDULED_PRICE) == plan.price_id:
        name = metadata.get(SCHEDULED_NAME) or ""
    else:
        name = plan.nickname or ""
    return dataclasses.replace(plan, product_name=name)


def schedule_parts(schedule: str | Mapping[str, Any] | None, current: Plan,
                   quantity: int) -> tuple[Schedule | None, PendingChange | None]:
    """(Schedule, PendingChange or None) of an active schedule (with `phases.items.price` expanded)."""
    if not schedule or isinstance(schedule, str) or schedule.get("status") != "active":
        return (Schedule(schedule, None) if isinstance(schedule, str) else None), None
    phase = _get(schedule, "current_phase", {})
    phases = _get(schedule, "phases", [])
    now: Mapping[str, Any] = next((p for p in phases if p["start_date"] == phase.get("start_date")), {"items": []})
    info = Schedule(schedule["id"], phase.get("start_date"),
                    tuple((_price_id(i["price"]), int(_get(i, "quantity", 1))) for i in now["items"]))
    following = next((p for p in phases if p["start_date"] == phase.get("end_date") and p["items"]), None)
    if following is None or isinstance(following["items"][0]["price"], str):
        return info, None
    item = following["items"][0]
    plan, new_quantity = _scheduled_plan(item["price"], schedule, current), int(_get(item, "quantity", 1))
    if (plan.price_id, new_quantity) == (current.price_id, quantity):
        return info, None
    return info, PendingChange(plan, new_quantity, following["start_date"])


def discount_from_stripe(discount: Mapping[str, Any]) -> Discount:
    """A discount (with `source.coupon` and `promotion_code` expanded) as the card names it."""
    coupon = discount["source"]["coupon"]
    promotion_code = discount.get("promotion_code")
    amount_off = coupon.get("amount_off")
    return Discount(
        id=discount["id"],
        name=(promotion_code or {}).get("code") or coupon.get("name") or coupon["id"],
        percent_off=coupon.get("percent_off"),
        amount_off=Money(int(amount_off), coupon["currency"]) if amount_off else None,
        duration=coupon.get("duration") or "once",
        end=discount.get("end"),
    )


def from_stripe(obj: Any) -> Subscription:
    """A Stripe subscription (with `CARD_EXPAND` expanded) as a card's data."""
    obj = plain(obj)
    item = obj["items"]["data"][0]
    pause = obj.get("pause_collection")
    customer = obj["customer"]
    plan, quantity = plan_from_price(item["price"]), int(_get(item, "quantity", 1))
    schedule, pending = schedule_parts(obj.get("schedule"), plan, quantity)
    return Subscription(
        id=obj["id"],
        customer_id=customer if isinstance(customer, str) else customer["id"],
        status=obj["status"],
        items=tuple(Item(entry["id"], plan_from_price(entry["price"]), int(_get(entry, "quantity", 1)))
                    for entry in obj["items"]["data"]),
        current_period_end=item.get("current_period_end"),
        trial_end=obj.get("trial_end") if obj["status"] == "trialing" else None,
        cancel_at_period_end=bool(obj.get("cancel_at_period_end")),
        cancel_at=obj.get("cancel_at"),
        paused=bool(pause),
        resumes_at=pause.get("resumes_at") if pause else None,
        discounts=tuple(map(discount_from_stripe, _get(obj, "discounts", []))),
        schedule=schedule,
        pending=pending,
        paid_with=card_of(obj.get("default_payment_method")),
    )


def with_open_invoices(subscriptions: Iterable[Subscription], invoices: Iterable[Any]) -> list[Subscription]:
    """The subscriptions, each knowing how many of `invoices` are its own and still to pay: Stripe makes a
    subscription active again when its latest invoice is paid, while older ones may still be open."""
    owing = Counter(invoice.subscription_id for invoice in invoices if invoice.payable)
    return [dataclasses.replace(sub, open_invoices=owing[sub.id]) if owing[sub.id] else sub for sub in subscriptions]


def replace_upcoming(subscription: Subscription, upcoming: Upcoming | None) -> Subscription:
    return dataclasses.replace(subscription, upcoming=upcoming)


def list_for_customer(customer_id: str) -> list[Subscription]:
    """All the customer's subscriptions that are not canceled, newest first, without previews
    (pages of 100: one round trip for nearly every customer)."""
    return [from_stripe(obj) for obj in read_all("/v1/subscriptions", {
        "customer": customer_id, "limit": 100, "expand": ["data." + path for path in CARD_EXPAND],
    })]


def upcoming(customer_id: str, subscription_id: str) -> Upcoming | None:
    """The next invoice of one subscription, or None when there will be none (ending, canceled)."""
    try:
        invoice = read("/v1/invoices/create_preview", {"customer": customer_id, "subscription": subscription_id},
                       method="post")
    except BillingError as error:
        if error.status >= 500:
            raise
        return None
    date = invoice.get("next_payment_attempt") or invoice.get("period_end") or invoice.get("created")
    return Upcoming(Money(int(_get(invoice, "amount_due", 0)), invoice["currency"]), date)


def owned(customer_id: str, subscription_id: str | None) -> Subscription:
    """The subscription, if it belongs to `customer_id`; NotFound otherwise (also for malformed ids)."""
    if not subscription_id or not subscription_id.startswith("sub_") or len(subscription_id) > 255:
        raise NotFound()
    obj = call(v1().subscriptions.retrieve, subscription_id, params={"expand": CARD_EXPAND})
    subscription = from_stripe(obj)
    if subscription.customer_id != customer_id:
        raise NotFound()
    return subscription


def update(subscription: Subscription, action: str, nonce: str | None, params: Mapping[str, Any]) -> Subscription:
    """One write to the subscription, keyed by the customer's form, answered with the card's data."""
    obj = call(
        v1().subscriptions.update, subscription.id,
        params={**params, "expand": CARD_EXPAND},
        options=idempotency_options(subscription.customer_id, f"{action}-{subscription.id}", nonce),
    )
    return from_stripe(obj)


def release_schedule(subscription: Subscription, action: str, nonce: str | None) -> Subscription:
    """Detach the subscription's schedule (its pending plan change is dropped); the subscription stays as it is."""
    assert subscription.schedule is not None, "callers release only a subscription that has a schedule"
    call(v1().subscription_schedules.release, subscription.schedule.id,
         options=idempotency_options(subscription.customer_id, f"{action}-{subscription.id}", nonce))
    return dataclasses.replace(subscription, schedule=None, pending=None)


def cancel(subscription: Subscription, *, immediately: bool, proration_behavior: str, feedback: str | None,
           comment: str | None, nonce: str | None) -> Subscription:
    """Cancel now or at period end, with the customer's reason in `cancellation_details`.

    Stripe refuses a period-end cancellation on a subscription a schedule manages, so a
    scheduled plan change is released first (it would never start anyway).
    """
    details: dict[str, str] = {}
    if feedback:
        details["feedback"] = feedback
    if comment:
        details["comment"] = comment[:500]
    if immediately:
        params: dict[str, Any] = {
            "prorate": proration_behavior != "none",
            "invoice_now": proration_behavior == "always_invoice",
            "expand": CARD_EXPAND,
        }
        if details:
            params["cancellation_details"] = details
        obj = call(v1().subscriptions.cancel, subscription.id, params=params,
                   options=idempotency_options(subscription.customer_id, f"cancel-{subscription.id}", nonce))
        return from_stripe(obj)
    if subscription.schedule:
        subscription = release_schedule(subscription, "cancel-release", nonce)
    params = {"cancel_at_period_end": True}
    if details:
        params["cancellation_details"] = details
    return update(subscription, "cancel", nonce, params)


def renew(subscription: Subscription, nonce: str | None) -> Subscription:
    """Undo a pending cancellation before the period ends."""
    return update(subscription, "renew", nonce, {"cancel_at_period_end": False})


def pause(subscription: Subscription, resumes_at: int | None, nonce: str | None) -> Subscription:
    """Stop collecting payment (invoices are voided) until `resumes_at` or until resumed."""
    pause_collection: dict[str, Any] = {"behavior": "void"}
    if resumes_at:
        pause_collection["resumes_at"] = int(resumes_at)
    return update(subscription, "pause", nonce, {"pause_collection": pause_collection})


def resume(subscription: Subscription, nonce: str | None) -> Subscription:
    return update(subscription, "resume", nonce, {"pause_collection": ""})
