"""Product pictures for the demo, drawn with Pillow so no image files ship in the repository."""
import io

from PIL import Image, ImageDraw
from werkzeug.datastructures import FileStorage


def tile(label, background, size=480):
    """A square PNG with a coloured background and a white monogram, as an upload."""
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((size // 6, size // 6, size * 5 // 6, size * 5 // 6), radius=size // 10,
                           outline="white", width=size // 40)
    draw.text((size // 2, size // 2), label, fill="white", anchor="mm", font_size=size // 4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    buffer.seek(0)
    return FileStorage(buffer, filename=f"{label.lower()}.png", content_type="image/png")
