"""Photos for public pages: re-encoded by Pillow so that nothing but the picture leaves the portal (a
phone's photo carries EXIF metadata: where it was taken, when, and on which device)."""

import io

from PIL import Image, ImageOps

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
# A decompression bomb is refused rather than expanded: no real photo is bigger than this.
Image.MAX_IMAGE_PIXELS = 60_000_000


def without_metadata(file) -> tuple[bytes, str]:
    """The picture in `file` as JPEG or PNG bytes with no metadata, turned upright first (phones record
    the rotation only in the metadata), and its content type. Raises OSError or ValueError for a file
    that is not a JPEG or PNG picture."""
    with file.open("rb") as handle, Image.open(handle) as image:
        if image.format not in FORMATS:
            raise ValueError(f"Not a JPEG or PNG picture: {image.format}")
        kind = image.format
        upright = ImageOps.exif_transpose(image)
        if upright.mode not in ("RGB", "RGBA", "L", "LA"):  # a palette would not survive the copy below
            upright = upright.convert("RGBA")
        # A new image from the pixels alone: no EXIF, ICC or text chunks come with it.
        clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
        out = io.BytesIO()
        if kind == "JPEG":
            clean.convert("RGB").save(out, format="JPEG", quality=85)
        else:
            clean.save(out, format="PNG")
    return out.getvalue(), FORMATS[kind]
