"""Billing arithmetic: billing periods from an anchor, proration fractions, discount amounts, money text."""

import calendar
import datetime
from typing import Any

UTC = datetime.UTC
FIXED_SECONDS = {"day": 86_400, "week": 7 * 86_400}


def add_months(anchor: int, months: int) -> int:
    """`anchor` moved by whole months, the day clamped to the month's end (Jan 31 + 1 month = Feb 28)."""
    start = datetime.datetime.fromtimestamp(anchor, UTC)
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return int(start.replace(year=year, month=month, day=day).timestamp())


def period_boundary(anchor: int, recurring: dict[str, Any], cycles: int) -> int:
    """The instant `cycles` billing intervals after `anchor` (always counted from the anchor)."""
    interval, count = recurring["interval"], recurring.get("interval_count") or 1
    if interval in FIXED_SECONDS:
        return anchor + FIXED_SECONDS[interval] * count * cycles
    months = count * cycles * (12 if interval == "year" else 1)
    return add_months(anchor, months)


def prorated(amount: int, start: int, end: int, at: int) -> int:
    """`amount` for the unused part [at, end) of the period [start, end), rounded to the minor unit."""
    if end <= start or at >= end:
        return 0
    at = max(at, start)
    return round(amount * (end - at) / (end - start))


def allocate_discount(line_amounts: list[int], coupon: dict[str, Any], currency: str) -> list[int]:
    """How much of each line a coupon takes off (percent per line; a fixed amount spread pro rata)."""
    if coupon.get("percent_off") is not None:
        return [round(amount * coupon["percent_off"] / 100) for amount in line_amounts]
    if coupon.get("amount_off") is None or (coupon.get("currency") or "").lower() != currency:
        return [0] * len(line_amounts)
    positive = sum(amount for amount in line_amounts if amount > 0)
    budget = min(coupon["amount_off"], positive)
    shares, remaining = [], budget
    for index, amount in enumerate(line_amounts):
        if amount <= 0 or positive == 0:
            shares.append(0)
            continue
        last = all(later <= 0 for later in line_amounts[index + 1:])
        share = remaining if last else round(budget * amount / positive)
        shares.append(share)
        remaining -= share
    return shares


def money(amount: int, currency: str) -> str:
    """`$12.34`, `€5.00` or `12.34 SEK` for an amount in minor units."""
    symbols = {"usd": "$", "eur": "€", "gbp": "£", "aud": "A$", "cad": "CA$"}
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount) / 100:,.2f}"
    symbol = symbols.get(currency.lower())
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency.upper()}"


def day_text(timestamp: int) -> str:
    """`24 Nov 2026`, as Stripe words dates in line descriptions."""
    moment = datetime.datetime.fromtimestamp(timestamp, UTC)
    return f"{moment.day} {moment.strftime('%b %Y')}"
