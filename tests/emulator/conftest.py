"""Fixtures for the emulator suite: one emulator per session, emptied per test, SDK clients
that record every response so each returned object is checked against the SDK's classes."""

import json

import pytest
import requests
import stripe
from stripe._error_object import ErrorObject
from stripe._object_classes import OBJECT_CLASSES, get_object_class

from stripe_emulator.testing import running_emulator

SECRET_KEY = "sk_test_emulator_suite"
PUBLISHABLE_KEY = "pk_test_emulator_suite"


def declared_fields(cls) -> set[str]:
    """Field names the SDK declares on a StripeObject class (its annotations, inherited too)."""
    names: set[str] = set()
    for klass in cls.__mro__:
        names.update(klass.__dict__.get("__annotations__", {}))
    return {name for name in names if not name.startswith("_") and name != "OBJECT_NAME"}


def undeclared_fields(value, cls, path: str) -> list[str]:
    """Every key in `value` (recursively) that the SDK class for it does not declare."""
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in undeclared_fields(item, cls, f"{path}[{i}]")]
    if not isinstance(value, dict):
        return []
    object_name = value.get("object") if isinstance(value.get("object"), str) else None
    if object_name in OBJECT_CLASSES:
        cls = get_object_class("V1", object_name)
    if cls is None:
        return []
    allowed = declared_fields(cls) | ({"object"} if object_name in OBJECT_CLASSES else set())
    problems = [f"{path}.{key} is not declared by {cls.__name__}" for key in value if key not in allowed]
    inner = getattr(cls, "_inner_class_types", {})
    for key, item in value.items():
        problems += undeclared_fields(item, inner.get(key), f"{path}.{key}")
    return problems


def response_problems(body) -> list[str]:
    if isinstance(body, dict) and set(body) == {"error"}:
        return undeclared_fields(body["error"], ErrorObject, "error")
    if not isinstance(body, dict) or body.get("object") not in OBJECT_CLASSES:
        return [f"response is not a Stripe object: {str(body)[:200]}"]
    return undeclared_fields(body, None, body.get("object"))


class RecordingHTTPClient(stripe.RequestsClient):
    """The SDK's own requests client, keeping every JSON body the emulator answered with."""

    def __init__(self, bodies: list, **kwargs):
        super().__init__(**kwargs)
        self.bodies = bodies

    def request(self, method, url, headers, post_data=None):
        content, status, response_headers = super().request(method, url, headers, post_data)
        self.bodies.append((f"{method.upper()} {url} -> {status}", json.loads(content)))
        return content, status, response_headers


@pytest.fixture(scope="session")
def emulator_url():
    with running_emulator() as base_url:
        yield base_url


@pytest.fixture
def responses():
    """(request, JSON body) of every SDK call made in this test."""
    return []


@pytest.fixture(autouse=True)
def fresh_emulator(emulator_url, responses):
    """Empty the emulator before each test; afterwards check every returned object's fields."""
    requests.post(f"{emulator_url}/_emulator/reset", timeout=5).raise_for_status()
    yield
    problems = [f"{call}: {problem}" for call, body in responses for problem in response_problems(body)]
    assert not problems, "emulator returned fields the SDK does not declare:\n" + "\n".join(problems)


@pytest.fixture
def make_client(emulator_url, responses):
    """`make_client(key)` builds a StripeClient for the emulator with another API key."""

    def build(api_key: str = SECRET_KEY, max_network_retries: int = 2) -> stripe.StripeClient:
        return stripe.StripeClient(
            api_key,
            base_addresses={"api": emulator_url},
            http_client=RecordingHTTPClient(responses, timeout=10),
            max_network_retries=max_network_retries,
        )

    return build


@pytest.fixture
def stripe_client(make_client) -> stripe.StripeClient:
    return make_client()


@pytest.fixture
def controls(emulator_url):
    """`controls("advance", seconds=60)` posts to /_emulator/<name> and returns its JSON."""

    def post(name: str, **values):
        response = requests.post(f"{emulator_url}/_emulator/{name}", data=values, timeout=5)
        response.raise_for_status()
        return response.json()

    return post
