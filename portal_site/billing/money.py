"""Amounts as Stripe stores them (minor units) and as people read them."""
from dataclasses import dataclass
from decimal import Decimal

ZERO_DECIMAL = frozenset(
    "bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split()
)


@dataclass(frozen=True)
class Money:
    amount: int
    currency: str

    @property
    def decimal(self) -> Decimal:
        if self.currency.lower() in ZERO_DECIMAL:
            return Decimal(self.amount)
        return Decimal(self.amount) / 100


def to_minor_units(value: str | int | Decimal, currency: str) -> int:
    """Decimal amount typed by a person to Stripe's integer minor units."""
    if currency.lower() in ZERO_DECIMAL:
        return int(Decimal(value))
    return int((Decimal(value) * 100).to_integral_value())
