"""`flask demo seed` fills the emulator with realistic data, and running it twice changes nothing."""
from portal_site import settings


def test_seed_builds_the_demo_and_is_idempotent(runner, stripe_v1):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    assert "Dashboard:   http://localhost/admin/" in first.output
    assert "Login link:  http://localhost/p/login/" in first.output

    products = stripe_v1.products.list(params={"limit": 100}).data
    assert {p.name for p in products} == {"Starter", "Pro", "Team"}
    assert all(p.images and "/media/" in p.images[0] for p in products)
    assert len(stripe_v1.prices.list(params={"limit": 100}).data) == 6

    sam = stripe_v1.customers.list(params={"email": "sam@example.com"}).data
    assert len(sam) == 2
    statuses = {s.status for s in stripe_v1.subscriptions.list(params={"status": "all", "limit": 100}).data}
    assert {"active", "past_due", "trialing", "incomplete"} <= statuses
    alex = stripe_v1.customers.list(params={"email": "alex@example.com"}).data[0]
    invoices = stripe_v1.invoices.list(params={"customer": alex.id, "limit": 100}).data
    assert len(invoices) >= 12
    morgan = stripe_v1.customers.list(params={"email": "morgan@example.com"}).data[0]
    [two_products] = stripe_v1.subscriptions.list(params={"customer": morgan.id}).data
    assert sorted((i.price.lookup_key, i.quantity) for i in two_products["items"].data) == [
        ("pro_monthly", 1), ("team_monthly", 4)]

    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0, second.output
    assert len(stripe_v1.customers.list(params={"limit": 100}).data) == 8
    assert len(stripe_v1.products.list(params={"limit": 100}).data) == 3
    assert sorted(c.id for c in stripe_v1.coupons.list().data) == ["STAY20", "WELCOME"]
    [code] = stripe_v1.promotion_codes.list().data
    assert (code.code, code.promotion.coupon, code.active) == ("WELCOME10", "WELCOME", True)
    with runner.app.test_request_context():
        features = settings.current().features
        assert features.subscription_cancel.retention_coupon == "STAY20" and features.promotion_codes.enabled
        assert settings.current().business.contact_url == "mailto:support@example.com"
        assert settings.current().own_words.cancel_question["fr"] == "Qu'aurions-nous pu mieux faire ?"
    password = second.output.split("password:")[1].split()[0]
    login = runner.app.test_client().post("/admin/login", data={"email": "admin@example.com", "password": password})
    assert login.status_code == 302
