"""Normalization of audit photos: what a tablet camera sends is made safe and small."""

import io
import logging
import warnings

# odoo.tools.image lets Pillow load a few formats only; tablets also send WebP.
import PIL.WebPImagePlugin  # noqa: F401
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 48 MP phone photo passes; a decompression bomb does not
MAX_SIDE = 1920
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}
BOMB_ERRORS = (Image.DecompressionBombError, Image.DecompressionBombWarning)
READ_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError)
# Modes whose pixels can be copied as they are; any other (palette, 1-bit, CMYK,
# 16-bit) is converted first.
PLAIN_MODES = ("RGB", "RGBA", "L", "LA")


def normalize_photo(env, data, filename=""):
    """Return (bytes, mimetype, extension) of the photo: EXIF orientation applied,
    longest side at most 1920 px, all metadata (GPS included) dropped.

    :raise UserError: when the data is not an image, is too large or is a
        decompression bomb; the message names the file and what is wrong.
    """
    name = filename or env._("The file")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UserError(env._(
            "%(name)s is %(size)s MB: a photo may be at most %(max)s MB.",
            name=name, size=round(len(data) / 1048576, 1), max=MAX_UPLOAD_BYTES // 1048576,
        ))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            source_format = image.format
            width, height = image.size
            if source_format in ALLOWED_FORMATS and width * height <= MAX_PIXELS:
                image.load()
    except BOMB_ERRORS as error:
        # Pillow's own limit (~89 MP) trips before ours when the header is opened.
        raise UserError(env._(
            "%(name)s is too large to be a photo: more than %(max)s megapixels.",
            name=name, max=MAX_PIXELS // 1_000_000,
        )) from error
    except READ_ERRORS as error:
        raise UserError(env._(
            "%(name)s is not a photo that can be read (%(error)s): upload a JPEG, PNG "
            "or WebP image.", name=name, error=type(error).__name__,
        )) from error
    if source_format not in ALLOWED_FORMATS:
        raise UserError(env._(
            "%(name)s is a %(format)s file: upload a JPEG, PNG or WebP photo.",
            name=name, format=source_format,
        ))
    if width * height > MAX_PIXELS:
        raise UserError(env._(
            "%(name)s is %(width)s x %(height)s pixels: too large to be a photo.",
            name=name, width=width, height=height,
        ))
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    image = pixels_only(image)
    output = io.BytesIO()
    if source_format == "PNG":
        image.save(output, format="PNG", optimize=True)
        return output.getvalue(), "image/png", "png"
    image.convert("RGB").save(output, format="JPEG", quality=85, optimize=True)
    return output.getvalue(), "image/jpeg", "jpg"


def pixels_only(image):
    """A new image holding the pixels of ``image`` and nothing else.

    Pillow carries what it read (EXIF, XMP, IPTC, the JPEG comment, PNG text
    chunks, the ICC profile) in ``image.info`` and writes some of it back on save:
    the JPEG comment (COM segment) and the PNG ICC profile among them. Copying the
    pixels into a fresh image leaves every metadata block behind. Colours described
    by an embedded ICC profile are converted to sRGB first, so that dropping the
    profile does not change how the photo looks."""
    icc = image.info.get("icc_profile")
    if image.mode not in PLAIN_MODES:
        transparent = "transparency" in image.info or image.mode.endswith("A")
        image = image.convert("RGBA" if transparent else "RGB")
    if icc and image.mode in ("RGB", "RGBA"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
            )
        except (ImageCms.PyCMSError, OSError, ValueError) as error:
            # An unreadable profile: the pixels are kept as they are.
            _logger.info("Photo colour profile ignored: %s", error)
    return Image.frombytes(image.mode, image.size, image.tobytes())
