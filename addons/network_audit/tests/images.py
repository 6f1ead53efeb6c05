"""Small images built in memory for the photo tests (no binary fixtures)."""

import io
import struct
import zlib

from PIL import Image

EXIF_ORIENTATION = 0x0112
EXIF_MAKE = 0x010F
EXIF_GPS_IFD = 0x8825
GPS_LATITUDE_REF = 1
GPS_LATITUDE = 2


def make_image(width=64, height=48, fmt="JPEG", mode="RGB", exif=None):
    """Bytes of a plain image; ``exif`` is {tag: value} written into the file."""
    image = Image.new(mode, (width, height), color="white" if mode != "1" else 1)
    output = io.BytesIO()
    kwargs = {}
    if exif:
        exif_data = Image.Exif()
        for tag, value in exif.items():
            exif_data[tag] = value
        kwargs["exif"] = exif_data.tobytes()
    image.save(output, format=fmt, **kwargs)
    return output.getvalue()


def make_gps_jpeg(width=64, height=48):
    """A JPEG carrying a camera make and a GPS position, as phones write them."""
    image = Image.new("RGB", (width, height), color="white")
    exif = Image.Exif()
    exif[EXIF_MAKE] = "TestPhone"
    exif[EXIF_GPS_IFD] = {GPS_LATITUDE_REF: "N", GPS_LATITUDE: (52.0, 22.0, 0.0)}
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif.tobytes())
    return output.getvalue()


def make_png_header(width, height):
    """A PNG whose header claims width x height pixels but holds almost no data:
    what a decompression bomb looks like before anything is decoded."""

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b""))


def image_of(data):
    return Image.open(io.BytesIO(data))
