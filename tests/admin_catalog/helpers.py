"""Plain helpers for the dashboard tests (fixtures live in conftest.py)."""
import io

from PIL import Image

ADMIN_EMAIL = "owner@example.test"
ADMIN_PASSWORD = "correct horse battery staple"


def sign_in(client, email=ADMIN_EMAIL, password=ADMIN_PASSWORD, **extra):
    return client.post("/admin/login", data={"email": email, "password": password, **extra})


def image_bytes(fmt="PNG", size=(64, 48), color=(200, 30, 30), **save):
    """An image made by Pillow, as the bytes of a file in `fmt`."""
    mode = "RGBA" if fmt == "PNG" else "RGB"
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save)
    return buffer.getvalue()


def png_declaring(width, height):
    """A tiny, valid-looking PNG whose header declares `width` x `height` pixels."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def noisy_image_bytes(fmt, size=(300, 300)):
    """An image that does not compress well, so cutting it leaves it truncated mid-data."""
    import os

    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, fmt)
    return buffer.getvalue()


def stripe_client(emulator):
    """The official SDK pointed at the emulator: what Stripe holds, read independently of the portal."""
    import stripe

    return stripe.StripeClient("sk_test_portal", base_addresses={"api": emulator})


def product_form(**overrides):
    """A complete, valid product form; `overrides` replace or (with None) remove fields."""
    data = {
        "name": "Team plan",
        "description": "Everything a small team needs.",
        "tax_code": "txcd_10103001",
        "statement_descriptor": "ACME TEAM PLAN",
        "unit_label": "seat",
        "active": "y",
        "nonce": "nonce-" + overrides.pop("nonce", "1"),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def upload(data, filename="image.png"):
    from werkzeug.datastructures import FileStorage

    return FileStorage(stream=io.BytesIO(data), filename=filename, content_type="application/octet-stream")


def multipart(fields):
    """Keyword arguments for the test client posting `fields` as multipart/form-data.

    Encoded in memory: the client's own encoder spools big bodies to a temporary file it
    never closes (a ResourceWarning, an error in this suite).
    """
    from werkzeug.test import encode_multipart

    boundary, body = encode_multipart(fields)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}
