"""Plain helpers for the billing tests: a frozen start date, a catalogue, customers with cards."""

JAN_1 = 1_767_225_600  # 2026-01-01T00:00:00Z; January has 31 days
FEB_1 = JAN_1 + 31 * 86_400
DAY = 86_400


def monthly_prices(client, *amounts, currency="usd", interval="month"):
    """One product per amount, each with a recurring price of that amount."""
    prices = []
    for amount in amounts:
        product = client.v1.products.create(params={"name": f"Plan {amount}"})
        prices.append(client.v1.prices.create(params={
            "product": product.id, "unit_amount": amount, "currency": currency,
            "recurring": {"interval": interval}}))
    return prices


def customer_with_card(client, card="pm_card_visa", default=True):
    """A customer with `card` attached (and as invoice default unless `default=False`)."""
    customer = client.v1.customers.create(params={"email": "ada@example.test", "name": "Ada"})
    payment_method = client.v1.payment_methods.attach(card, params={"customer": customer.id})
    if default:
        client.v1.customers.update(customer.id, params={
            "invoice_settings": {"default_payment_method": payment_method.id}})
    return customer, payment_method


def subscribe(client, customer, price, **params):
    return client.v1.subscriptions.create(params={
        "customer": customer.id, "items": [{"price": price.id}], "expand": ["latest_invoice"], **params})
