"""The sign-in flow through the test client: login link, email, code, session."""
from portal_site import customer_sessions
from portal_site.models import ActivityLog, CustomerSession

from .helpers import ask_for_code, code_from, enter_code, wrong


def test_unknown_or_inactive_link_shows_the_branded_not_active_page(client, app, token):
    assert "This link is not active" in client.get("/p/login/nope").get_data(as_text=True)
    assert client.get("/p/login/nope").status_code == 404
    with app.app_context():
        from portal_site import login_links
        login_links.rotate()
    response = client.get(f"/p/login/{token}")
    assert response.status_code == 404
    assert "This link is not active" in response.get_data(as_text=True)


def test_prefilled_email_is_escaped_editable_and_sends_nothing(client, token, mailbox, make_customer):
    make_customer("ann@example.test")
    response = client.get(f'/p/login/{token}?prefilled_email=ann@example.test"><script>x</script>')
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="ann@example.test&#34;&gt;&lt;script&gt;x&lt;/script&gt;"' in body
    assert "<script>x" not in body
    assert 'readonly' not in body
    response = client.get(f"/p/login/{token}?prefilled_email=ann@example.test")
    assert 'value="ann@example.test"' in response.get_data(as_text=True)
    assert mailbox.messages == []


def test_a_customer_signs_in_with_the_emailed_code(client, app, token, mailbox, make_customer):
    customer = make_customer("ann@example.test", name="Ann")
    response = ask_for_code(client, token, "ann@example.test")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/p/login/{token}/code"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    [message] = mailbox.wait(1)
    assert message["To"] == "ann@example.test"
    code = code_from(message)
    response = enter_code(client, token, f"{code[:3]} {code[3:]}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/account/"
    with app.test_request_context():
        pass
    with app.app_context():
        [row] = CustomerSession.query.all()
        assert row.customer_id == customer.id and row.revoked_at is None
        actions = [(a.action, a.customer_id) for a in ActivityLog.query.order_by(ActivityLog.id)]
        assert actions == [("signin.succeeded", customer.id)]
        assert all(code not in str(a.detail) for a in ActivityLog.query)
