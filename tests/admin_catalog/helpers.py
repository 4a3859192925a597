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
