"""Prices as customers read them: the product's unit label ("$15.00 per seat per month", "5 seats"), its
description, and previews that say what a quantity of the new plan bills."""
import pytest

from account_subscriptions.helpers import text
from portal_site.i18n import date as format_date


@pytest.fixture
def described(catalog, stripe_v1):
    """The catalogue, with the descriptions the merchant wrote for customers."""
    stripe_v1.products.update(catalog["pro_monthly"].product, params={"description": "For growing teams."})
    stripe_v1.products.update(catalog["basic_monthly"].product, params={"description": "Just the essentials."})
    return catalog


def test_the_card_shows_the_price_per_unit_the_quantity_in_units_and_the_description(
        signed_in, customer, described, subscribe):
    subscribe(customer, described["pro_monthly"], quantity=5)
    page = text(signed_in.get("/account/"))
    assert "$15.00 per seat per month" in page
    assert "Quantity: 5 seats" in page and "× seat" not in page
    assert "For growing teams." in page


def test_one_unit_reads_in_the_singular(signed_in, customer, described, subscribe):
    subscribe(customer, described["pro_monthly"], quantity=1)
    assert "Quantity: 1 seat<" in text(signed_in.get("/account/"))


def test_the_plan_picker_shows_each_plans_description_and_its_price_per_unit(
        signed_in, customer, described, subscribe):
    sub = subscribe(customer, described["basic_monthly"])
    page = text(signed_in.get(f"/account/subscriptions/{sub.id}/plan"))
    assert "$150.00 per seat per year" in page and "$15.00 per seat per month" in page
    assert "For growing teams." in page and "$5.00 per month" in page


def test_in_french_the_sentence_around_the_merchants_unit_label_is_french(
        signed_in, customer, described, subscribe):
    sub = subscribe(customer, described["basic_monthly"])
    page = text(signed_in.get(f"/account/subscriptions/{sub.id}/plan?locale=fr"))
    assert "150,00\N{NO-BREAK SPACE}$US par seat et par an" in page


def test_a_downgrade_for_several_seats_previews_what_it_will_bill(
        app, signed_in, customer, described, subscribe, configure):
    configure(subscription_update={"downgrades_at_period_end": True})
    sub = subscribe(customer, described["pro_monthly"], quantity=5)
    with app.test_request_context():
        when = format_date(sub["items"].data[0].current_period_end)
    page = text(signed_in.get(f"/account/subscriptions/{sub.id}/plan",
                              query_string={"price": described["basic_monthly"].id}))
    assert (f"Basic (5 × $5.00 per month, billed $25.00 per month) starts on {when}, "
            "at the end of your current billing period.") in page


def test_a_switch_now_for_several_seats_previews_price_times_quantity(signed_in, customer, described, subscribe):
    sub = subscribe(customer, described["pro_monthly"], quantity=5)
    page = text(signed_in.get(f"/account/subscriptions/{sub.id}/plan",
                              query_string={"price": described["pro_yearly"].id}))
    assert ("New plan: Pro, 5 seats × $150.00 per seat per year, billed $750.00 per year.") in page
