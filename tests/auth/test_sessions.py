"""Customer sessions: a new id at each sign-in, idle and absolute limits, sign-out revokes, htmx redirect."""
from datetime import timedelta

from portal_site.extensions import db
from portal_site.models import ActivityLog, CustomerSession
from portal_site.models._columns import utcnow


def _only_session(app):
    with app.app_context():
        [row] = CustomerSession.query.all()
        return row.id


def _age(app, session_id, **changes):
    with app.app_context():
        row = db.session.get(CustomerSession, session_id)
        for name, delta in changes.items():
            setattr(row, name, utcnow() - delta)
        db.session.commit()


def test_a_signed_in_customer_reaches_customer_pages(client, sign_in, whoami):
    customer = sign_in()
    response = client.get(whoami)
    assert response.status_code == 200
    assert response.get_data(as_text=True) == customer.id


def test_each_sign_in_gets_a_new_session_id(app, client, sign_in):
    sign_in()
    first = _only_session(app)
    sign_in("bob@example.test")
    with app.app_context():
        ids = {row.id for row in CustomerSession.query}
    assert len(ids) == 2 and first in ids


def test_a_session_idle_for_more_than_30_minutes_has_ended(app, client, sign_in, whoami):
    sign_in()
    session_id = _only_session(app)
    _age(app, session_id, last_seen_at=timedelta(minutes=29))
    assert client.get(whoami).status_code == 200
    _age(app, session_id, last_seen_at=timedelta(minutes=31))
    response = client.get(whoami)
    assert response.status_code == 302
    assert response.headers["Location"] == "/p/signed-out"


def test_page_views_move_the_idle_clock_at_most_once_a_minute(app, client, sign_in, whoami):
    """A page view within a minute of the last move writes nothing (one database write less per page)."""
    sign_in()
    session_id = _only_session(app)

    def last_seen():
        with app.app_context():
            return db.session.get(CustomerSession, session_id).last_seen_at

    _age(app, session_id, last_seen_at=timedelta(seconds=30))
    before = last_seen()
    assert client.get(whoami).status_code == 200
    assert last_seen() == before
    _age(app, session_id, last_seen_at=timedelta(seconds=90))
    before = last_seen()
    assert client.get(whoami).status_code == 200
    assert last_seen() > before


def test_a_session_ends_12_hours_after_sign_in_even_when_active(app, client, sign_in, whoami):
    sign_in()
    session_id = _only_session(app)
    _age(app, session_id, created_at=timedelta(hours=12, minutes=1), last_seen_at=timedelta(minutes=1))
    assert client.get(whoami).status_code == 302


def test_an_expired_session_on_an_htmx_request_redirects_the_whole_page(app, client, sign_in, whoami):
    sign_in()
    _age(app, _only_session(app), last_seen_at=timedelta(minutes=31))
    response = client.get(whoami, headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/p/signed-out"


def test_sign_out_revokes_the_session_on_the_server(app, client, sign_in, whoami):
    customer = sign_in()
    stolen = client.get_cookie("session").value
    response = client.post("/p/logout")
    assert response.status_code == 303
    assert response.headers["Location"] == "/p/signed-out"
    assert "You are signed out" in client.get("/p/signed-out").get_data(as_text=True)
    assert client.get(whoami).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get(whoami).status_code == 302
    with app.app_context():
        assert CustomerSession.query.one().revoked_at is not None
        assert ActivityLog.query.filter_by(action="signout").one().customer_id == customer.id


def test_sign_out_with_htmx_redirects_the_whole_page(client, sign_in):
    sign_in()
    response = client.post("/p/logout", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == "/p/signed-out"
