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
