"""A configuration's `features[subscription_pause][duration]`: preset pause lengths are what its customers may choose."""
import html
from datetime import UTC, date, datetime

import pytest
import requests
import stripe

from portal_site.account.subscription_forms import resume_dates
from portal_site.settings.schema import PauseOption


def _pausing(portal, duration=None):
    pause = {"enabled": True, **({"duration": duration} if duration else {})}
    return portal.billing_portal.configurations.create(params={"features": {"subscription_pause": pause}})


def test_a_duration_round_trips_and_stripes_default_is_one_month(portal):
    options = [{"interval": "month", "interval_count": 1}, {"interval": "week", "interval_count": 2}]
    config = _pausing(portal, {"type": "interval_options", "interval_options": options})
    again = portal.billing_portal.configurations.retrieve(config.id)
    assert again.features.subscription_pause.duration.to_dict(recursive=True) == {
        "type": "interval_options", "interval_options": options}
    assert _pausing(portal).features.subscription_pause.duration.interval_options[0].to_dict() == {
        "interval": "month", "interval_count": 1}
    indefinite = portal.billing_portal.configurations.update(config.id, params={"features": {"subscription_pause": {
        "duration": {"type": "indefinite"}}}})
    assert indefinite.features.subscription_pause.duration.to_dict(recursive=True) == {
        "type": "indefinite", "interval_options": []}


def test_the_default_configuration_holds_a_duration_in_the_portal_settings(portal):
    updated = portal.billing_portal.configurations.update("bpc_default", params={"features": {"subscription_pause": {
        "enabled": True, "duration": {"type": "interval_options", "interval_options": [{"interval": "year"}]}}}})
    assert updated.features.subscription_pause.duration.interval_options[0].to_dict() == {
        "interval": "year", "interval_count": 1}
    assert portal.billing_portal.configurations.retrieve("bpc_default").features.subscription_pause.duration.type == \
        "interval_options"


@pytest.mark.parametrize("duration, param", [
    ({"interval_options": [{"interval": "month"}]}, "[type]"),
    ({"type": "interval_options"}, "[interval_options]"),
    ({"type": "interval_options", "interval_options": [{"interval_count": 2}]}, "[interval_options][0][interval]"),
    ({"type": "interval_options", "interval_options": [{"interval": "month", "interval_count": 37}]},
     "[interval_options][0][interval_count]"),
    ({"type": "interval_options", "interval_options": [{"interval": "day", "interval_count": 0}]},
     "[interval_options][0][interval_count]"),
])
def test_a_duration_stripe_would_refuse_is_refused_naming_the_param(portal, duration, param):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        _pausing(portal, duration)
    assert refused.value.param == "features[subscription_pause][duration]" + param


def test_resume_dates_count_calendar_months_and_weeks():
    options = [PauseOption("month", 1), PauseOption("week", 2), PauseOption("year", 1), PauseOption("month", 1)]
    assert resume_dates(options, date(2026, 1, 31)) == [date(2026, 2, 14), date(2026, 2, 28), date(2027, 1, 31)]


def test_a_customer_pauses_for_one_of_the_preset_lengths_only(portal, subscriber, live_server, stripe_v1):
    customer, subscription = subscriber()
    config = _pausing(portal, {"type": "interval_options", "interval_options": [
        {"interval": "month", "interval_count": 1}, {"interval": "month", "interval_count": 3}]})
    session = portal.billing_portal.sessions.create(params={"customer": customer.id, "configuration": config.id})
    browser = requests.Session()
    browser.get(session.url, timeout=10)
    pause = f"{live_server}/account/subscriptions/{subscription.id}/pause"
    one, three = resume_dates([PauseOption("month", 1), PauseOption("month", 3)])

    form = html.unescape(browser.get(pause, timeout=10).text)
    assert "Resume payments on" in form and "(optional)" not in form
    assert f'value="{one.isoformat()}" checked' in form and f'value="{three.isoformat()}"' in form
    for typed in ("", date.fromordinal(one.toordinal() + 1).isoformat()):
        refused = browser.post(pause, data={"resumes_on": typed, "nonce": f"pause-{typed}"}, timeout=10)
        assert refused.status_code == 422 and "Choose one of the dates." in refused.text
    assert stripe_v1.subscriptions.retrieve(subscription.id).pause_collection is None

    done = browser.post(pause, data={"resumes_on": three.isoformat(), "nonce": "pause-3"}, timeout=10)
    assert done.status_code == 200
    held = stripe_v1.subscriptions.retrieve(subscription.id).pause_collection
    assert held.resumes_at == int(datetime(three.year, three.month, three.day, tzinfo=UTC).timestamp())


def test_an_indefinite_duration_keeps_the_free_date_or_none(portal, subscriber, live_server, stripe_v1):
    customer, subscription = subscriber()
    config = _pausing(portal, {"type": "indefinite"})
    session = portal.billing_portal.sessions.create(params={"customer": customer.id, "configuration": config.id})
    browser = requests.Session()
    browser.get(session.url, timeout=10)
    pause = f"{live_server}/account/subscriptions/{subscription.id}/pause"
    assert "Resume payments on (optional)" in browser.get(pause, timeout=10).text
    browser.post(pause, data={"resumes_on": "", "nonce": "pause-none"}, timeout=10)
    held = stripe_v1.subscriptions.retrieve(subscription.id).pause_collection
    assert held.behavior == "void" and held.resumes_at is None
