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


def add_jpeg_segments(data, segments):
    """The JPEG ``data`` with ``segments`` ([(marker, payload)]) inserted after SOI,
    as cameras and editors write EXIF, XMP (APP1), IPTC (APP13) and comments (COM)."""
    assert data[:2] == b"\xff\xd8"
    blocks = b"".join(
        bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload
        for marker, payload in segments
    )
    return data[:2] + blocks + data[2:]


def jpeg_markers(data):
    """Markers of the segments before the image data (SOS) of a JPEG."""
    markers, pos = [], 2
    while pos < len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        pos += 2 + length
    return markers


def png_chunks(data):
    """Chunk types of a PNG, in order."""
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        chunks.append(data[pos + 4:pos + 8].decode("latin-1"))
        pos += 12 + length
    return chunks
