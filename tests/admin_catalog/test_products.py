"""Products: the gate, the list, creating and editing through to Stripe, images on the way."""
import re

import pytest

from admin_catalog.helpers import (
    image_bytes,
    multipart,
    product_form,
    sign_in,
    stripe_client,
    upload,
)

TWO_MB = 2 * 1024 * 1024


@pytest.mark.parametrize("method,path", [
    ("get", "/admin/"),
    ("get", "/admin/products"),
    ("get", "/admin/products/new"),
    ("post", "/admin/products/new"),
    ("get", "/admin/products/prod_123"),
    ("post", "/admin/products/prod_123"),
    ("post", "/admin/products/prod_123/prices"),
    ("post", "/admin/products/prod_123/prices/price_123/archive"),
    ("post", "/admin/logout"),
])
def test_every_dashboard_page_needs_a_signed_in_merchant(client, emulator, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login?next=")
    assert stripe_client(emulator).v1.products.list().data == []


def test_a_product_is_created_in_stripe_with_every_field(signed_in, emulator):
    form = product_form(image=upload(image_bytes("JPEG"), "team.jpg"))
    response = signed_in.post("/admin/products/new", **multipart(form))
    assert response.status_code == 303
    [product] = stripe_client(emulator).v1.products.list().data
    assert response.headers["Location"] == f"/admin/products/{product.id}"
    assert product.name == "Team plan"
    assert product.description == "Everything a small team needs."
    assert product.tax_code == "txcd_10103001"
    assert product.statement_descriptor == "ACME TEAM PLAN"
    assert product.unit_label == "seat"
    assert product.active is True
    [image_url] = product.images
    assert image_url.startswith("http://localhost/media/")
    served = signed_in.get(image_url.removeprefix("http://localhost"))
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/jpeg"
    page = signed_in.get(response.headers["Location"])
    assert "Product “Team plan” created." in page.text
    assert 'value="ACME TEAM PLAN"' in page.text


def test_optional_fields_may_be_left_empty(signed_in, emulator):
    data = product_form(description="", tax_code="", statement_descriptor="", unit_label="", active=None)
    assert signed_in.post("/admin/products/new", data=data).status_code == 303
    [product] = stripe_client(emulator).v1.products.list().data
    assert (product.description, product.tax_code, product.statement_descriptor, product.unit_label) == (
        None, None, None, None)
    assert product.images == []
    assert product.active is False


def test_a_double_submit_creates_one_product(signed_in, emulator):
    first = signed_in.post("/admin/products/new", data=product_form(nonce="same"))
    second = signed_in.post("/admin/products/new", data=product_form(nonce="same"))
    assert first.headers["Location"] == second.headers["Location"]
    assert len(stripe_client(emulator).v1.products.list().data) == 1


def test_htmx_create_redirects_on_the_client(signed_in, emulator):
    response = signed_in.post("/admin/products/new", data=product_form(), headers={"HX-Request": "true"})
    assert response.status_code == 200
    [product] = stripe_client(emulator).v1.products.list().data
    assert response.headers["HX-Redirect"] == f"/admin/products/{product.id}"


def test_editing_changes_stripe_and_can_clear_fields_and_the_image(signed_in, emulator):
    signed_in.post("/admin/products/new", **multipart(product_form(image=upload(image_bytes()))))
    [product] = stripe_client(emulator).v1.products.list().data
    assert product.images
    edit = signed_in.get(f"/admin/products/{product.id}")
    assert 'value="Team plan"' in edit.text and "Remove the current image" in edit.text
    response = signed_in.post(f"/admin/products/{product.id}", data=product_form(
        name="Team plan (2024)", statement_descriptor="", unit_label="", remove_image="y", active=None, nonce="2"))
    assert response.status_code == 303
    updated = stripe_client(emulator).v1.products.retrieve(product.id)
    assert updated.name == "Team plan (2024)"
    assert updated.statement_descriptor is None and updated.unit_label is None
    assert updated.images == [] and updated.active is False


def test_editing_a_product_with_a_new_image_replaces_it(signed_in, emulator):
    """The product is read (in parallel reads) before the upload: those reads must not close the upload."""
    signed_in.post("/admin/products/new", **multipart(product_form(image=upload(image_bytes()))))
    [product] = stripe_client(emulator).v1.products.list().data
    response = signed_in.post(f"/admin/products/{product.id}", **multipart(product_form(
        image=upload(image_bytes("JPEG", color=(10, 200, 10)), "new.jpg"), nonce="2")))
    assert response.status_code == 303
    [image_url] = stripe_client(emulator).v1.products.retrieve(product.id).images
    assert image_url != product.images[0]
    assert signed_in.get(image_url.removeprefix("http://localhost")).headers["Content-Type"] == "image/jpeg"


def test_an_unknown_product_is_404(signed_in, emulator):
    assert signed_in.get("/admin/products/prod_missing").status_code == 404


def test_the_list_shows_thumbnail_name_prices_and_status(signed_in, emulator):
    signed_in.post("/admin/products/new", **multipart(product_form(image=upload(image_bytes("WEBP")))))
    [product] = stripe_client(emulator).v1.products.list().data
    signed_in.post(f"/admin/products/{product.id}/prices",
                   data={"amount": "12.50", "currency": "usd", "interval": "month", "interval_count": "1",
                         "nickname": "Monthly", "nonce": "p1"})
    signed_in.post("/admin/products/new", data=product_form(name="Old plan", active=None, nonce="2"))
    page = signed_in.get("/admin/products")
    assert page.status_code == 200
    assert f'<img src="{product.images[0]}"' in page.text
    assert "Team plan" in page.text and "Old plan" in page.text
    assert "$12.50 every month" in page.text
    assert "Archived" in page.text and "Active" in page.text


def test_an_image_of_2_mb_and_one_byte_is_refused_and_the_form_kept(signed_in, emulator):
    data = image_bytes()
    too_big = data + b"\0" * (TWO_MB + 1 - len(data))
    response = signed_in.post("/admin/products/new", **multipart(product_form(image=upload(too_big))))
    assert response.status_code == 413
    assert "The image must be smaller than 2 MB." in response.text
    for kept in ('value="Team plan"', "Everything a small team needs.", 'value="ACME TEAM PLAN"', 'value="seat"',
                 'value="txcd_10103001"'):
        assert kept in response.text
    assert stripe_client(emulator).v1.products.list().data == []


def test_htmx_gets_the_refused_form_fragment(signed_in, emulator):
    data = image_bytes()
    form = product_form(image=upload(data + b"\0" * TWO_MB))
    response = signed_in.post("/admin/products/new", **multipart(form), headers={"HX-Request": "true"})
    assert response.status_code == 413
    assert response.text.lstrip().startswith("<form")
    assert "The image must be smaller than 2 MB." in response.text
    assert 'value="Team plan"' in response.text


def test_a_request_over_the_upload_limit_gets_the_branded_413(signed_in, app, emulator):
    big = b"\0" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = signed_in.post("/admin/products/new", **multipart(product_form(image=upload(big))))
    assert response.status_code == 413
    assert "That file is too large" in response.text
    htmx = signed_in.post("/admin/products/new", **multipart(product_form(image=upload(big))),
                          headers={"HX-Request": "true"})
    assert htmx.status_code == 413
    assert htmx.headers["HX-Retarget"] == "#alerts"


@pytest.mark.parametrize("data,filename", [
    (image_bytes("GIF"), "logo.png"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "logo.png"),
])
def test_disguised_images_are_refused_with_a_message(signed_in, emulator, data, filename):
    response = signed_in.post("/admin/products/new", **multipart(product_form(image=upload(data, filename))))
    assert response.status_code == 422
    assert "The file is not a JPEG, PNG or WEBP image." in response.text
    assert 'value="Team plan"' in response.text
    assert stripe_client(emulator).v1.products.list().data == []


def test_an_accepted_image_survives_a_form_error(signed_in, emulator):
    response = signed_in.post("/admin/products/new", **multipart(product_form(name="", image=upload(image_bytes()))))
    assert response.status_code == 422
    assert "A new image is ready" in response.text
    key = re.search(r'name="image_key" type="hidden" value="([0-9a-f]{64})"', response.text).group(1)
    assert signed_in.post("/admin/products/new", data=product_form(image_key=key)).status_code == 303
    [product] = stripe_client(emulator).v1.products.list().data
    assert product.images == [f"http://localhost/media/{key}"]


@pytest.mark.csrf
def test_the_product_form_needs_its_csrf_token(client, admin, emulator):
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/admin/login").text).group(1)
    assert sign_in(client, csrf_token=token).status_code == 302
    refused = client.post("/admin/products/new", data=product_form())
    assert refused.status_code == 400
    assert stripe_client(emulator).v1.products.list().data == []
    page = client.get("/admin/products/new")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    assert client.post("/admin/products/new", data=product_form(csrf_token=token)).status_code == 303


def _admin_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin.") and rule.endpoint != "admin.login":
            path = rule.rule
            for argument in rule.arguments:
                path = path.replace(f"<{argument}>", "x1").replace(f"<string:{argument}>", "x1")
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, re.sub(r"<[^>]+>", "1", path)


def test_every_admin_route_in_the_app_needs_a_signed_in_merchant(app, client):
    routes = list(_admin_routes(app))
    assert ("GET", "/admin/products") in routes
    for method, path in routes:
        response = client.open(path, method=method)
        assert response.status_code == 302, (method, path)
        assert response.headers["Location"].startswith("/admin/login"), (method, path)
        htmx = client.open(path, method=method, headers={"HX-Request": "true"})
        assert htmx.status_code == 401 and "HX-Redirect" in htmx.headers, (method, path)


@pytest.fixture
def stripe_down(app_config):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app_config["STRIPE_API_BASE"] = f"http://127.0.0.1:{port}"


def test_when_stripe_is_down_the_merchant_is_told_and_keeps_the_form(stripe_down, signed_in):
    listing = signed_in.get("/admin/products")
    assert listing.status_code == 503
    assert "Temporarily unavailable" in listing.text
    response = signed_in.post("/admin/products/new", data=product_form(), headers={"HX-Request": "true"})
    assert response.status_code == 503
    assert response.headers["HX-Retarget"] == "#alerts"
    assert "Nothing was changed" in response.text


def test_an_unknown_image_key_is_ignored(signed_in, emulator):
    assert signed_in.post("/admin/products/new", data=product_form(image_key="f" * 64)).status_code == 303
    [product] = stripe_client(emulator).v1.products.list().data
    assert product.images == []
