"""What the fuzz test sends: every route of the app's url_map, its form fields, as each role, with Hypothesis.

A `Target` is one route and method; `requests_for(targets, fields, ids)` is the Hypothesis strategy of
one request to any of them. Field names and the values worth trying come from the forms the app itself
renders (`FormHarvest`), so a new form is fuzzed without a line here.
"""
import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import quote

from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from werkzeug.routing import AnyConverter, PathConverter

ROLES = ("visitor", "customer", "merchant", "api")
WEBHOOK_SECRET = b"whsec_test_portal"
# Values that broke the portal before (issue 17) or that parsers treat specially.
NASTY = ["", " ", "0", "-1", "1e309", "9" * 400, "²", "٣", "nan", "inf", "-0", "1.5", "0x10", "true", "null",
         "\x00", "a\x00b", "\r\n", "%00", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --",
         "{{7*7}}", "x" * 5000, "é" * 300, "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
         "//evil.example", "https://evil.example/", "javascript:alert(1)", "a@b", "ada@example.test",
         "sub_", "pm_", "in_", "price_", "prod_", "cus_", "txi_", "[]", "{}", "a[b]", "a[0][1]"]


@dataclass(frozen=True)
class Target:
    rule: str
    endpoint: str
    method: str
    arguments: tuple[tuple[str, tuple[str, ...] | None, bool], ...]  # (name, allowed values or None, is a path)


def targets(app):
    """Every (rule, method) of the app, with what each path argument accepts."""
    found = []
    for rule in app.url_map.iter_rules():
        arguments = []
        for name, converter in rule._converters.items():
            allowed = tuple(converter.items) if isinstance(converter, AnyConverter) else None
            arguments.append((name, allowed, isinstance(converter, PathConverter)))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append(Target(rule.rule, rule.endpoint, method, tuple(sorted(arguments))))
    return sorted(found, key=lambda target: (target.rule, target.method))


class FormHarvest(HTMLParser):
    """The names of the fields in a page's forms, and the values the page offers for them."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self.values: set[str] = set()
        self.links: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            self.names.add(attrs["name"])
        if tag in ("input", "option", "button") and attrs.get("value"):
            self.values.add(attrs["value"][:200])
        for name in ("href", "action", "hx-get", "hx-post"):
            if (attrs.get(name) or "").startswith("/"):
                self.links.add(attrs[name])


@dataclass
class Harvest:
    names: set[str] = field(default_factory=set)
    values: set[str] = field(default_factory=set)

    def add(self, html):
        parser = FormHarvest()
        parser.feed(html)
        self.names |= parser.names
        self.values |= parser.values
        self.values |= {part for link in parser.links for part in link.split("/") if "_" in part}


def fill(rule, name, value):
    """`rule` with its argument `name` (`<name>`, `<path:name>`, `<any(a, b):name>`) replaced by `value`."""
    return re.sub(rf"<(?:[^<>]*:)?{name}>", lambda _match: value, rule)


def _text(alphabet_max=0x2FFF):
    return st.text(st.characters(max_codepoint=alphabet_max, exclude_categories=("Cs",)), max_size=40)


def values(known):
    return st.one_of(
        st.sampled_from(sorted(known)),
        st.sampled_from(NASTY),
        _text(),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
    )


def path_value(known, allowed, is_path):
    if allowed:
        return st.one_of(st.sampled_from(allowed), _text(0x7F).filter(bool).map(lambda value: quote(value, safe="")))
    text = st.one_of(st.sampled_from(sorted(known)), st.sampled_from([n for n in NASTY if n]), _text().filter(bool))
    return text.map(lambda value: quote(value, safe="/" if is_path else ""))


def _signed_webhook(payload):
    timestamp = int(time.time())
    signature = hmac.new(WEBHOOK_SECRET, f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return {"Stripe-Signature": f"t={timestamp},v1={signature}", "Content-Type": "application/json"}


@dataclass
class Request:
    role: str
    target: Target
    path: str
    query: list[tuple[str, str]]
    body: dict
    headers: dict

    def describe(self):
        body = {key: list(value.items(multi=True)) if isinstance(value, MultiDict) else value
                for key, value in self.body.items()}
        return f"{self.role} {self.target.method} {self.path} query={self.query!r} body={body!r} headers={self.headers!r}"


def _json_value():
    return st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), _text(), st.floats(allow_nan=False)),
                        lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                st.dictionaries(_text(), inner, max_size=3)), max_leaves=8)


@st.composite
def requests_for(draw, all_targets, harvest):
    target = draw(st.sampled_from(all_targets))
    role = draw(st.sampled_from(ROLES))
    path = target.rule
    for name, allowed, is_path in target.arguments:
        value = draw(path_value(harvest.values, allowed, is_path))
        path = fill(path, name, value)
    names = st.one_of(st.sampled_from(sorted(harvest.names)), _text(), st.sampled_from(["a\nb", "x\r\ny", 'q"x']))
    pairs = st.lists(st.tuples(names, values(harvest.values)), max_size=6)
    query = draw(pairs) if draw(st.integers(0, 3)) == 0 else []
    headers = {}
    body: dict = {}
    if target.method != "GET":
        kind = draw(st.sampled_from(["form", "form", "form", "multipart", "json", "raw"]))
        if target.endpoint == "webhooks.receive" and draw(st.booleans()):
            event = {"id": draw(st.one_of(st.sampled_from(["evt_1", ""]), _text())), "object": "event",
                     "type": draw(st.one_of(st.sampled_from(["customer.updated", "invoice.paid"]), _text())),
                     "data": {"object": draw(_json_value())}}
            payload = json.dumps(event)
            headers.update(_signed_webhook(payload))
            body = {"data": payload}
        elif kind == "form":
            body = {"data": MultiDict(draw(pairs))}
        elif kind == "multipart":
            form = MultiDict(draw(pairs))
            for name in draw(st.lists(names, max_size=2)):
                content = draw(st.one_of(st.binary(max_size=64), st.sampled_from([b"\x89PNG\r\n\x1a\n" + b"0" * 40,
                                                                                   b"GIF89a", b""])))
                filename = draw(st.one_of(st.just("a.png"), _text()))
                form.add(name, (BytesIO(content), filename))
            body = {"data": form, "content_type": "multipart/form-data"}
        elif kind == "json":
            body = {"json": draw(_json_value())}
        else:
            body = {"data": draw(st.binary(max_size=200)),
                    "content_type": draw(st.sampled_from(["application/x-www-form-urlencoded", "text/plain",
                                                          "multipart/form-data; boundary=x", "application/json"]))}
    if draw(st.booleans()):
        headers["HX-Request"] = "true"
    extra = draw(st.sampled_from([{}, {}, {"X-Forwarded-For": "1" * 80}, {"Accept-Language": "zz-ZZ;q=x, *"},
                                  {"HX-Boosted": "true"}, {"X-Forwarded-For": "2001:db8::1, 10.0.0.1"},
                                  {"Authorization": "Bearer bpk_nope"}, {"Authorization": "Basic Zm9vOg=="}]))
    headers.update(extra)
    return Request(role, target, path, query, body, headers)
