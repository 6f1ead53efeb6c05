"""Every metadata block is stripped (photos carry the dealer's location and device), and
every way a file becomes audit evidence goes through the same normalization."""

import base64
import io

from PIL import Image, ImageCms, PngImagePlugin

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools import normalize_photo
from .common import NetworkAuditCommon
from .images import (
    add_jpeg_segments,
    image_of,
    jpeg_markers,
    make_gps_jpeg,
    make_image,
    png_chunks,
)

SECRET = b"52.3731N 4.8922E"
COM, APP1, APP2, APP13 = 0xFE, 0xE1, 0xE2, 0xED
XMP = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><gps>" + SECRET + b"</gps></x:xmpmeta>"
IPTC = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x12\x1c\x02\x5a\x00\x0e" + SECRET
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
# Chunks a PNG needs for its pixels; anything else is metadata.
PNG_PIXEL_CHUNKS = {"IHDR", "PLTE", "tRNS", "IDAT", "IEND"}


def loaded_jpeg():
    """A phone JPEG with every block a camera or an editor writes: EXIF (GPS), XMP,
    IPTC, an ICC profile and a comment, each carrying the position."""
    exif = image_of(make_gps_jpeg()).getexif()
    output = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(
        output, format="JPEG", comment=b"GPS " + SECRET, icc_profile=SRGB_ICC,
        exif=exif.tobytes(),
    )
    return add_jpeg_segments(output.getvalue(), [(APP1, XMP), (APP13, IPTC)])


@tagged("post_install", "-at_install")
class TestMetadataStripped(NetworkAuditCommon):
    def test_jpeg_comment_removed(self):
        """The COM segment was written back by Pillow (GPS coordinates stayed)."""
        output = io.BytesIO()
        Image.new("RGB", (64, 48), "white").save(output, format="JPEG",
                                                  comment=b"GPS " + SECRET)
        data = output.getvalue()
        self.assertIn(COM, jpeg_markers(data), "the sample has a comment")
        raw = normalize_photo(self.env, data, "shop.jpg")[0]
        self.assertNotIn(SECRET, raw)
        self.assertNotIn(COM, jpeg_markers(raw))
        self.assertNotIn("comment", image_of(raw).info)

    def test_every_jpeg_block_removed(self):
        data = loaded_jpeg()
        markers = jpeg_markers(data)
        for marker in (COM, APP1, APP2, APP13):
            self.assertIn(marker, markers, f"the sample carries block {marker:x}")
        raw = normalize_photo(self.env, data, "shop.jpg")[0]
        self.assertNotIn(SECRET, raw)
        # Only the JFIF header (APP0) is left of the application blocks.
        self.assertFalse([m for m in jpeg_markers(raw) if 0xE1 <= m <= 0xEF or m == COM])
        self.assertFalse(set(image_of(raw).info) & {"icc_profile", "exif", "comment", "xmp"})

    def test_every_png_chunk_removed(self):
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", SECRET.decode())
        info.add_itxt("XML:com.adobe.xmp", XMP.decode("latin-1"))
        info.add_text("Location", SECRET.decode(), zip=True)
        exif = Image.Exif()
        exif[0x010F] = "TestPhone"
        output = io.BytesIO()
        Image.new("RGBA", (32, 32), (255, 0, 0, 128)).save(
            output, format="PNG", pnginfo=info, icc_profile=SRGB_ICC, exif=exif.tobytes(),
        )
        data = output.getvalue()
        self.assertTrue({"tEXt", "iTXt", "zTXt", "iCCP", "eXIf"} <= set(png_chunks(data)))
        raw = normalize_photo(self.env, data, "plan.png")[0]
        self.assertLessEqual(set(png_chunks(raw)), PNG_PIXEL_CHUNKS)
        self.assertNotIn(SECRET, raw)
        self.assertEqual(image_of(raw).getpixel((0, 0)), (255, 0, 0, 128))

    def test_palette_png_keeps_transparency(self):
        image = Image.new("P", (16, 16), 1)
        image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
        output = io.BytesIO()
        image.save(output, format="PNG", transparency=0)
        raw = normalize_photo(self.env, output.getvalue(), "logo.png")[0]
        self.assertEqual(image_of(raw).convert("RGBA").getpixel((0, 0)), (255, 0, 0, 255))


@tagged("post_install", "-at_install")
class TestNormalizationPaths(NetworkAuditCommon):
    """Each path below once stored the file as it was sent: each must normalize it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls._create_audit()
        cls.line = cls.audit.line_ids[0]
        cls.Attachment = cls.env["ir.attachment"]

    def assertNormalized(self, attachment, size=(64, 48)):
        attachment.invalidate_recordset()
        self.assertNotIn(b"TestPhone", attachment.raw)
        self.assertEqual(attachment.mimetype, "image/jpeg")
        self.assertFalse(image_of(attachment.raw).getexif())
        self.assertEqual(image_of(attachment.raw).size, size)
        self.assertEqual(attachment.file_size, len(attachment.raw))

    def _stray(self, name, **vals):
        """An attachment that is not evidence yet, with its GPS metadata (small: Odoo
        itself re-encodes images above 1920 px on create)."""
        stray = self.Attachment.create({"name": name, "raw": make_gps_jpeg(), **vals})
        self.assertIn(b"TestPhone", stray.raw)
        return stray

    def _photo(self, **vals):
        return self.Attachment.create({
            "name": "wall.jpg", "raw": make_image(64, 48),
            "res_model": "network.audit.line", "res_id": self.line.id, **vals,
        })

    def test_write_datas_of_a_photo(self):
        photo = self._photo()
        photo.write({"datas": base64.b64encode(make_gps_jpeg())})
        self.assertNormalized(photo)

    def test_write_raw_of_a_photo(self):
        photo = self._photo()
        photo.raw = make_gps_jpeg()
        self.assertNormalized(photo)

    def test_write_text_into_a_photo_refused(self):
        photo = self._photo()
        with self.assertRaisesRegex(UserError, "wall.jpg is not a photo"):
            photo.write({"raw": b"not an image"})

    def test_created_without_model_then_linked_by_res_model(self):
        stray = self._stray("IMG_1.JPG")
        stray.write({"res_model": "network.audit.line", "res_id": self.line.id})
        self.assertNormalized(stray)
        self.assertEqual(stray.name, "IMG_1.jpg")

    def test_moved_from_another_model(self):
        stray = self._stray("IMG_2.jpg", res_model="res.partner",
                            res_id=self.dealer_a.partner_id.id)
        stray.write({"res_model": "network.audit.line", "res_id": self.line.id})
        self.assertNormalized(stray)

    def test_new_data_and_model_in_one_write(self):
        stray = self.Attachment.create({"name": "notes.txt", "raw": b"text"})
        stray.write({"res_model": "network.audit.line", "res_id": self.line.id,
                     "raw": make_gps_jpeg(), "name": "IMG_3.jpg"})
        self.assertNormalized(stray)

    def test_linked_through_photo_ids(self):
        stray = self._stray("IMG_4.jpg")
        self.line.photo_ids = [Command.link(stray.id)]
        self.assertNormalized(stray)
        self.assertEqual((stray.res_model, stray.res_id), ("network.audit.line", self.line.id))

    def test_set_through_photo_ids(self):
        stray = self._stray("IMG_5.jpg")
        self.line.write({"photo_ids": [Command.set(stray.ids)]})
        self.assertNormalized(stray)

    def test_linked_through_evidence_ids(self):
        self.audit.action_start()
        self._answer(self.audit, {self.std_greeting: "no", self.std_clean: "5",
                                  self.std_safety: "yes"})
        self.audit.action_submit()
        item = self.audit.action_ids[:1]
        stray = self._stray("IMG_6.jpg")
        item.sudo().evidence_ids = [Command.link(stray.id)]
        self.assertNormalized(stray)
        self.assertEqual(stray.res_model, "network.audit.action")

    def test_text_file_linked_refused(self):
        stray = self.Attachment.create({"name": "minutes.pdf", "raw": b"%PDF-1.4 minutes"})
        with self.assertRaisesRegex(UserError, "minutes.pdf is not a photo"):
            self.line.photo_ids = [Command.link(stray.id)]

    def test_url_attachment_refused(self):
        link = self.Attachment.create({"name": "shop", "type": "url",
                                       "url": "https://example.com/shop.jpg"})
        with self.assertRaisesRegex(UserError, "is a link, not a photo"):
            link.write({"res_model": "network.audit.line", "res_id": self.line.id})

    def test_photo_normalized_once(self):
        """Re-linking an evidence photo does not re-encode it (no quality loss)."""
        photo = self._photo(raw=make_gps_jpeg())
        before = photo.raw
        photo.write({"res_model": "network.audit.line", "res_id": self.line.id})
        self.line.photo_ids = [Command.link(photo.id)]
        self.assertEqual(photo.raw, before)

    def test_other_models_untouched(self):
        note = self.Attachment.create({"name": "notes.txt", "raw": b"text"})
        note.write({"raw": b"new text", "res_model": "res.partner",
                    "res_id": self.dealer_a.partner_id.id})
        self.assertEqual(note.raw, b"new text")

    def test_nul_in_file_name_refused(self):
        """A NUL byte in a photo's name was a PostgreSQL error (HTTP 500)."""
        with self.assertRaisesRegex(UserError, "U\\+0000"):
            self._photo(name="wall\x00.jpg")
