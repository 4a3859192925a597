"""Fidelity to the installed SDK: every param the emulator accepts is one the SDK's params
TypedDict for that call declares. (Every returned object is checked against the SDK's
resource classes after each test, by the `fresh_emulator` fixture in conftest.py.)"""

import functools
import re
import sys

import pytest
import stripe.params
from stripe._request_options import RequestOptions

from stripe_emulator import resources
from stripe_emulator.endpoints import ENDPOINTS
from stripe_emulator.params import METADATA, OneOf

resources.load_all()
REQUEST_OPTIONS = set(RequestOptions.__annotations__)


def _nested_typed_dicts(annotation, module) -> list[type]:
    """The TypedDict classes an annotation such as `NotRequired["Literal['']|XParamsAddress"]` names."""
    names = re.findall(r"\b([A-Z]\w*Params\w*)\b", str(annotation))
    return [getattr(module, name) for name in names if hasattr(getattr(module, name, None), "__annotations__")]


def spec_problems(spec, typed_dict, path: str) -> list[str]:
    declared = set(typed_dict.__annotations__) - REQUEST_OPTIONS
    module = sys.modules[typed_dict.__module__]
    problems = []
    for key, sub_spec in spec.items():
        where = f"{path}[{key}]" if path else key
        if key not in declared:
            problems.append(f"{where} is not declared by {typed_dict.__name__}")
            continue
        if isinstance(sub_spec, OneOf):
            sub_spec = next((s for s in sub_spec.specs if isinstance(s, dict)), None)
        if isinstance(sub_spec, list):
            sub_spec = sub_spec[0]
        if isinstance(sub_spec, dict):
            nested = _nested_typed_dicts(typed_dict.__annotations__[key], module)
            if not nested:
                problems.append(f"{where} is a hash here but not in {typed_dict.__name__}")
            else:
                problems += spec_problems(sub_spec, nested[0], where)
        elif sub_spec is METADATA and "Dict[str, str]" not in str(typed_dict.__annotations__[key]):
            problems.append(f"{where} is metadata here but not in {typed_dict.__name__}")
    return problems


@pytest.mark.parametrize("ep", ENDPOINTS, ids=lambda ep: f"{ep.method} {ep.rule}")
def test_every_accepted_param_is_declared_by_the_sdk(ep):
    assert ep.sdk_params, "every endpoint names the SDK params type of its call"
    typed_dict = functools.reduce(getattr, ep.sdk_params.split("."), stripe.params)
    assert spec_problems(ep.params, typed_dict, "") == []


def test_browser_only_params_are_few_and_known():
    extras = {name for ep in ENDPOINTS for name in ep.browser_params}
    assert extras <= {"client_secret"}
    assert all(ep.publishable for ep in ENDPOINTS if ep.browser_params)
