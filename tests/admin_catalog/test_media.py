"""The image service: only real JPEG/PNG/WEBP under 2 MB, no bombs, no metadata; served for ever."""
import io

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from admin_catalog.helpers import image_bytes, noisy_image_bytes, png_declaring
from portal_site.storage import media

TWO_MB = 2 * 1024 * 1024


def upload(data, filename="image.png", content_type="image/png"):
    return FileStorage(stream=io.BytesIO(data), filename=filename, content_type=content_type)


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def stored(key):
    from portal_site.extensions import db
    from portal_site.models import Media

    return db.session.get(Media, key)


@pytest.mark.parametrize("fmt,content_type", [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")])
def test_good_images_are_kept_in_their_format(ctx, fmt, content_type):
    key = media.store(upload(image_bytes(fmt), filename="photo.bin", content_type="application/octet-stream"))
    row = stored(key)
    assert row.content_type == content_type
    assert (row.width, row.height) == (64, 48)
    assert Image.open(io.BytesIO(row.data)).format == fmt


def test_the_same_image_twice_is_stored_once(ctx):
    assert media.store(upload(image_bytes())) == media.store(upload(image_bytes()))


def test_an_image_just_under_2_mb_is_accepted(ctx):
    data = image_bytes()
    media.store(upload(data + b"\0" * (TWO_MB - 1 - len(data))))


def test_2_mb_and_one_byte_is_refused_as_too_large(ctx):
    data = image_bytes()
    with pytest.raises(media.ImageTooLarge) as refused:
        media.store(upload(data + b"\0" * (TWO_MB + 1 - len(data))))
    assert refused.value.status == 413
    assert "smaller than 2 MB" in refused.value.message


@pytest.mark.parametrize("data", [
    image_bytes("GIF"),
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    b"MZ\x90\x00 definitely not an image",
], ids=["gif", "svg", "binary"])
def test_other_formats_renamed_png_are_refused(ctx, data):
    with pytest.raises(media.ImageRejected) as refused:
        media.store(upload(data, filename="innocent.png", content_type="image/png"))
    assert "not a JPEG, PNG or WEBP image" in refused.value.message


@pytest.mark.parametrize("width,height", [(50_000, 50_000), (10_000, 10_000), (7_000, 7_000)],
                         ids=["pillow-error", "pillow-warning", "portal-cap"])
def test_decompression_bombs_are_refused_without_decoding(ctx, width, height):
    with pytest.raises(media.ImageRejected) as refused:
        media.store(upload(png_declaring(width, height)))
    assert "megapixels" in refused.value.message


def test_empty_files_are_refused(ctx):
    with pytest.raises(media.ImageRejected, match="empty"):
        media.store(upload(b""))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_images_are_refused(ctx, fmt):
    data = noisy_image_bytes(fmt)
    with pytest.raises(media.ImageRejected) as refused:
        media.store(upload(data[: len(data) // 2]))
    assert "damaged or incomplete" in refused.value.message


def test_exif_is_removed_and_the_orientation_applied(ctx):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "Secret Camera Co"
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}
    data = image_bytes("JPEG", size=(80, 20), exif=exif.tobytes())
    assert b"Secret Camera Co" in data
    row = stored(media.store(upload(data, filename="photo.jpg")))
    cleaned = Image.open(io.BytesIO(row.data))
    assert not cleaned.getexif()
    assert b"Secret Camera Co" not in row.data
    assert cleaned.size == (20, 80)


def test_png_text_chunks_are_removed(ctx):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Somebody private")
    row = stored(media.store(upload(image_bytes("PNG", pnginfo=info))))
    assert b"Somebody private" not in row.data


def test_media_is_served_with_its_type_nosniff_and_a_long_cache(app, client):
    with app.test_request_context():
        key = media.store(upload(image_bytes("WEBP")))
        url = media.public_url(key)
    assert url == f"http://localhost/media/{key}"
    response = client.get(f"/media/{key}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/webp"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert Image.open(io.BytesIO(response.data)).format == "WEBP"
    again = client.get(f"/media/{key}", headers={"If-None-Match": f'"{key}"'})
    assert again.status_code == 304


@pytest.mark.parametrize("key", ["0" * 64, "nope", "../etc/passwd"])
def test_unknown_media_is_404(client, key):
    assert client.get(f"/media/{key}").status_code == 404


PEAK_MEMORY = """
import resource, sys
from portal_site.storage import media
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    cleaned, size, fmt = media.cleaned(data)
    outcome = f"{fmt} {size[0]}x{size[1]}"
except media.ImageRejected as refused:
    outcome = refused.message
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024, outcome, sep="|")
"""


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_the_largest_accepted_image_is_decoded_within_a_memory_budget(tmp_path, fmt):
    """A small file of 6300 × 6300 pixels (40 MP, 119 MB decoded): refused, or decoded smaller and stored smaller.

    Measured in a process of its own, whose peak resident memory grows by what cleaning the image took.
    """
    import subprocess
    import sys

    path = tmp_path / f"large.{fmt.lower()}"
    path.write_bytes(image_bytes(fmt, size=(6300, 6300), color=(20, 120, 200)))
    assert path.stat().st_size < 2 * 1024 * 1024
    done = subprocess.run([sys.executable, "-c", PEAK_MEMORY, str(path)], capture_output=True, text=True,
                          check=True, timeout=120)
    grown_mb, outcome = done.stdout.strip().split("|")
    assert int(grown_mb) < 100, (grown_mb, outcome)
    if fmt == "JPEG":
        assert outcome == "JPEG 2560x2560"
    else:
        assert outcome == "The image is too large in pixels (6300 × 6300). Use an image of at most 12 megapixels, such as 4000 × 3000."
