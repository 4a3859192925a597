"""Wire behaviour every endpoint shares: auth, error shape, Request-Id, unknown params,
idempotency, pagination, expand, events and the /_emulator/ test controls."""

import time
import uuid

import pytest
import requests
import stripe


def test_a_secret_test_key_is_required(make_client):
    for key in ("sk_live_123", "nonsense", "pk_test_123"):
        with pytest.raises(stripe.AuthenticationError) as caught:
            make_client(key).v1.products.list()
        assert caught.value.http_status == 401
        assert caught.value.json_body["error"]["type"] == "invalid_request_error"


def test_a_missing_key_is_a_401_in_stripes_error_shape(emulator_url):
    response = requests.get(f"{emulator_url}/v1/products", timeout=5)
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert "API key" in response.json()["error"]["message"]
    assert response.headers["Request-Id"].startswith("req_")


def test_basic_auth_with_the_secret_key_as_the_user_works_as_curl_u_sends_it(emulator_url, stripe_client):
    """`curl -u sk_test_...: https://api.stripe.com/v1/products -d name=Gold`"""
    created = requests.post(f"{emulator_url}/v1/products", data={"name": "Gold"},
                            auth=("sk_test_curl", ""), timeout=5)
    assert created.status_code == 200
    assert stripe_client.v1.products.retrieve(created.json()["id"]).name == "Gold"
    for auth in (("sk_live_curl", ""), ("", "sk_test_curl")):
        refused = requests.get(f"{emulator_url}/v1/products", auth=auth, timeout=5)
        assert refused.status_code == 401
    garbled = requests.get(f"{emulator_url}/v1/products", headers={"Authorization": "Basic %%%"}, timeout=5)
    assert garbled.status_code == 401


def test_every_response_carries_a_request_id(stripe_client):
    product = stripe_client.v1.products.create(params={"name": "Gold"})
    assert product.last_response.request_id.startswith("req_")


def test_unknown_parameters_are_rejected_like_stripe(stripe_client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.products.create(params={"name": "Gold", "colour": "gold"})
    assert caught.value.http_status == 400
    assert caught.value.code == "parameter_unknown"
    assert caught.value.param == "colour"
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.products.create(params={"name": "Gold", "tax_details": {"zone": "x"}})
    assert caught.value.param == "tax_details[zone]"


def test_a_bad_integer_is_rejected(stripe_client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.products.list(params={"limit": "many"})
    assert caught.value.code == "parameter_invalid_integer"
    assert caught.value.param == "limit"


def test_a_missing_object_is_a_404_resource_missing(stripe_client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.products.retrieve("prod_missing")
    assert caught.value.http_status == 404
    assert caught.value.code == "resource_missing"
    assert caught.value.param == "id"
    assert "No such product: 'prod_missing'" in caught.value.user_message


def test_an_unknown_url_is_a_404(make_client, emulator_url):
    response = requests.get(f"{emulator_url}/v1/nothing_here",
                            headers={"Authorization": "Bearer sk_test_1"}, timeout=5)
    assert response.status_code == 404
    assert "Unrecognized request URL" in response.json()["error"]["message"]


def test_an_idempotent_replay_returns_the_first_response(stripe_client):
    key = str(uuid.uuid4())
    first = stripe_client.v1.products.create(params={"name": "Gold"}, options={"idempotency_key": key})
    again = stripe_client.v1.products.create(params={"name": "Gold"}, options={"idempotency_key": key})
    assert again.id == first.id
    assert again.last_response.headers["Idempotent-Replayed"] == "true"
    assert len(stripe_client.v1.products.list().data) == 1


def test_an_idempotent_replay_returns_the_first_error_too(stripe_client):
    key = str(uuid.uuid4())
    for _ in range(2):
        with pytest.raises(stripe.InvalidRequestError) as caught:
            stripe_client.v1.products.create(params={"name": "Gold", "statement_descriptor": "x"},
                                             options={"idempotency_key": key})
        assert caught.value.param == "statement_descriptor"


def test_reusing_a_key_with_other_params_is_an_idempotency_error(stripe_client):
    key = str(uuid.uuid4())
    stripe_client.v1.products.create(params={"name": "Gold"}, options={"idempotency_key": key})
    with pytest.raises(stripe.IdempotencyError) as caught:
        stripe_client.v1.products.create(params={"name": "Silver"}, options={"idempotency_key": key})
    assert caught.value.http_status == 400
    assert caught.value.json_body["error"]["type"] == "idempotency_error"


def test_a_key_rejected_by_validation_can_be_used_again(stripe_client):
    key = str(uuid.uuid4())
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.products.create(params={"name": "Gold", "colour": "x"}, options={"idempotency_key": key})
    product = stripe_client.v1.products.create(params={"name": "Gold"}, options={"idempotency_key": key})
    assert product.name == "Gold"


def test_pagination_walks_newest_first_with_cursors(stripe_client):
    ids = [stripe_client.v1.products.create(params={"name": f"P{i}"}).id for i in range(5)]
    newest_first = list(reversed(ids))
    page = stripe_client.v1.products.list(params={"limit": 2})
    assert [p.id for p in page.data] == newest_first[:2]
    assert page.has_more is True
    assert page.url == "/v1/products"
    page = stripe_client.v1.products.list(params={"limit": 2, "starting_after": newest_first[1]})
    assert [p.id for p in page.data] == newest_first[2:4]
    page = stripe_client.v1.products.list(params={"limit": 2, "ending_before": newest_first[3]})
    assert [p.id for p in page.data] == newest_first[1:3]
    assert page.has_more is True
    assert [p.id for p in stripe_client.v1.products.list(params={"limit": 2}).auto_paging_iter()] == newest_first


def test_limit_must_be_between_1_and_100(stripe_client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.products.list(params={"limit": 101})
    assert caught.value.param == "limit"


def test_events_are_listed_newest_first_and_filtered_by_type(stripe_client):
    product = stripe_client.v1.products.create(params={"name": "Gold"})
    stripe_client.v1.products.update(product.id, params={"name": "Platinum"})
    events = stripe_client.v1.events.list()
    assert [e.type for e in events.data] == ["product.updated", "product.created"]
    updated = stripe_client.v1.events.list(params={"type": "product.updated"}).data
    assert len(updated) == 1
    assert updated[0].data.object.name == "Platinum"
    assert updated[0].data.previous_attributes.to_dict() == {"name": "Gold"}
    assert updated[0].request.idempotency_key
    assert stripe_client.v1.events.retrieve(updated[0].id).type == "product.updated"
    assert len(stripe_client.v1.events.list(params={"types": ["product.*"]}).data) == 2


def test_a_no_op_update_creates_no_event(stripe_client):
    product = stripe_client.v1.products.create(params={"name": "Gold"})
    stripe_client.v1.products.update(product.id, params={"name": "Gold"})
    assert [e.type for e in stripe_client.v1.events.list().data] == ["product.created"]


def test_reset_wipes_everything(stripe_client, controls):
    stripe_client.v1.products.create(params={"name": "Gold"})
    controls("reset")
    assert stripe_client.v1.products.list().data == []
    assert stripe_client.v1.events.list().data == []


def test_the_clock_can_be_frozen_and_advanced(stripe_client, controls, emulator_url):
    assert controls("clock", frozen_time=1_800_000_000)["now"] == 1_800_000_000
    assert stripe_client.v1.products.create(params={"name": "Gold"}).created == 1_800_000_000
    assert controls("advance", seconds=3600)["now"] == 1_800_003_600
    assert requests.get(f"{emulator_url}/_emulator/clock", timeout=5).json()["now"] == 1_800_003_600
    assert stripe_client.v1.products.create(params={"name": "Silver"}).created == 1_800_003_600


def test_bad_control_values_are_rejected(emulator_url):
    response = requests.post(f"{emulator_url}/_emulator/advance", data={"seconds": "soon"}, timeout=5)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "seconds"


def test_latency_is_added_to_api_calls(stripe_client, controls):
    controls("latency", ms=120)
    started = time.perf_counter()
    stripe_client.v1.products.list()
    assert time.perf_counter() - started >= 0.12
    controls("latency", ms=0)


def test_cors_preflight_is_answered_for_browser_calls(emulator_url):
    response = requests.options(f"{emulator_url}/v1/payment_methods", timeout=5,
                                headers={"Origin": "http://127.0.0.1:5000",
                                         "Access-Control-Request-Method": "POST"})
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in response.headers["Access-Control-Allow-Headers"]


def test_metadata_keys_may_be_numbers(stripe_client):
    product = stripe_client.v1.products.create(params={"name": "Gold", "metadata": {"0": "a", "7": "b"}})
    assert product.metadata.to_dict() == {"0": "a", "7": "b"}


def test_metadata_is_limited_like_stripe(stripe_client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.products.create(params={"name": "Gold", "metadata": {"k" * 41: "v"}})
    assert caught.value.param.startswith("metadata[")
