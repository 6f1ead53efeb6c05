import base64
import io
import json

from PIL import PngImagePlugin

from odoo import Command
from odoo.exceptions import UserError
from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..tools import normalize_photo
from ..tools.image import MAX_SIDE, MAX_UPLOAD_BYTES
from .common import NetworkAuditCommon
from .images import EXIF_ORIENTATION, image_of, make_gps_jpeg, make_image, make_png_header

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@tagged("post_install", "-at_install")
class TestNormalizePhoto(NetworkAuditCommon):
    def _normalize(self, data, name="photo.jpg"):
        return normalize_photo(self.env, data, name)

    def test_exif_orientation_applied(self):
        """A phone held upright writes a landscape JPEG with Orientation=6 (rotate
        90 degrees): the stored photo is portrait and needs no EXIF to show right."""
        data = make_image(400, 200, exif={EXIF_ORIENTATION: 6})
        self.assertEqual(image_of(data).size, (400, 200))
        raw, mimetype, extension = self._normalize(data)
        self.assertEqual(image_of(raw).size, (200, 400))
        self.assertEqual((mimetype, extension), ("image/jpeg", "jpg"))

    def test_longest_side_at_most_1920(self):
        for size, expected in (((4000, 3000), (1920, 1440)), ((3000, 4000), (1440, 1920))):
            with self.subTest(size=size):
                raw = self._normalize(make_image(*size))[0]
                self.assertEqual(image_of(raw).size, expected)
                self.assertEqual(max(expected), MAX_SIDE)

    def test_small_photo_not_enlarged(self):
        raw = self._normalize(make_image(640, 480))[0]
        self.assertEqual(image_of(raw).size, (640, 480))

    def test_exif_and_gps_removed(self):
        data = make_gps_jpeg()
        self.assertTrue(image_of(data).getexif().get_ifd(0x8825), "the sample has a GPS IFD")
        raw = self._normalize(data)[0]
        output = image_of(raw)
        self.assertFalse(output.getexif())
        self.assertNotIn("exif", output.info)
        self.assertNotIn(b"TestPhone", raw)

    def test_png_stays_png(self):
        raw, mimetype, extension = self._normalize(make_image(3000, 1000, fmt="PNG"),
                                                   "plan.png")
        self.assertEqual((mimetype, extension), ("image/png", "png"))
        self.assertEqual(image_of(raw).format, "PNG")
        self.assertEqual(image_of(raw).size, (1920, 640))

    def test_png_metadata_removed(self):
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "secret location")
        image = image_of(make_image(32, 32, fmt="PNG"))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", pnginfo=info)
        raw = self._normalize(buffer.getvalue(), "plan.png")[0]
        self.assertNotIn(b"secret location", raw)

    def test_webp_becomes_jpeg(self):
        raw, mimetype, extension = self._normalize(make_image(fmt="WEBP"), "photo.webp")
        self.assertEqual((mimetype, extension), ("image/jpeg", "jpg"))
        self.assertEqual(image_of(raw).format, "JPEG")

    def test_text_file_refused(self):
        with self.assertRaisesRegex(UserError, "notes.txt is not a photo that can be read"):
            self._normalize(b"Opening hours: 9-18\n", "notes.txt")

    def test_pdf_refused(self):
        with self.assertRaises(UserError) as error:
            self._normalize(PDF, "licence.pdf")
        self.assertIn("licence.pdf", error.exception.args[0])
        self.assertIn("upload a JPEG, PNG or WebP", error.exception.args[0])

    def test_other_image_format_refused(self):
        with self.assertRaisesRegex(UserError, "anim.gif is a GIF file"):
            self._normalize(make_image(fmt="GIF", mode="P"), "anim.gif")

    def test_oversized_upload_refused(self):
        data = b"\xff\xd8" + b"\0" * MAX_UPLOAD_BYTES
        with self.assertRaisesRegex(UserError, "huge.jpg is 20.0 MB: a photo may be at most 20"):
            self._normalize(data, "huge.jpg")

    def test_decompression_bomb_refused(self):
        """Headers claiming more pixels than a photo has are refused before anything is
        decoded: above our 50 MP limit, above Pillow's warning (~89 MP) and error
        (~179 MP) limits."""
        for width, height in ((8000, 8000), (10000, 10000), (100000, 100000)):
            with self.subTest(size=(width, height)):
                data = make_png_header(width, height)
                self.assertLess(len(data), 200)
                with self.assertRaisesRegex(UserError, "bomb.png is .*too large to be a photo"):
                    self._normalize(data, "bomb.png")

    def test_real_bomb_refused(self):
        """A real 1-bit PNG of 10000 x 10000 pixels: 12 kB on disk, 100 MP decoded."""
        data = make_image(10000, 10000, fmt="PNG", mode="1")
        self.assertLess(len(data), 100_000)
        with self.assertRaisesRegex(UserError, "too large to be a photo"):
            self._normalize(data, "bomb.png")


@tagged("post_install", "-at_install")
class TestAuditAttachments(NetworkAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls._create_audit()
        cls.line = cls.audit.line_ids[0]

    def _create(self, data, name, model="network.audit.line", res_id=None):
        return self.env["ir.attachment"].create({
            "name": name, "datas": base64.b64encode(data), "res_model": model,
            "res_id": res_id or self.line.id,
        })

    def test_line_photo_normalized(self):
        attachment = self._create(make_image(4000, 3000, exif={EXIF_ORIENTATION: 6}),
                                  "IMG_0001.JPEG")
        self.assertEqual(attachment.name, "IMG_0001.jpg")
        self.assertEqual(attachment.mimetype, "image/jpeg")
        self.assertEqual(image_of(attachment.raw).size, (1440, 1920))
        self.assertEqual(attachment.file_size, len(attachment.raw))

    def test_line_photo_from_raw(self):
        attachment = self.env["ir.attachment"].create({
            "name": "shelf.png", "raw": make_image(fmt="PNG"),
            "res_model": "network.audit.line", "res_id": self.line.id,
        })
        self.assertEqual((attachment.name, attachment.mimetype), ("shelf.png", "image/png"))

    def test_action_evidence_normalized(self):
        self.audit.action_start()
        self._answer(self.audit, {self.std_greeting: "no", self.std_clean: "5",
                                  self.std_safety: "yes"})
        self.audit.action_submit()
        item = self.audit.action_ids
        attachment = self._create(make_gps_jpeg(), "fix.jpeg", "network.audit.action", item.id)
        self.assertEqual(attachment.name, "fix.jpg")
        self.assertFalse(image_of(attachment.raw).getexif())

    def test_line_attachment_refused(self):
        Attachment = self.env["ir.attachment"]
        with self.assertRaisesRegex(UserError, "minutes.pdf"):
            self._create(PDF, "minutes.pdf")
        self.assertFalse(Attachment.search([("res_model", "=", "network.audit.line"),
                                            ("res_id", "=", self.line.id)]))

    def test_photo_linked_through_the_line(self):
        """The tablet form links photos with a command on photo_ids."""
        self.line.photo_ids = [Command.create({
            "name": "wall.jpg", "raw": make_gps_jpeg(4000, 3000),
            "res_model": "network.audit.line", "res_id": self.line.id,
        })]
        self.assertEqual(image_of(self.line.photo_ids.raw).size, (1920, 1440))

    def test_other_models_untouched(self):
        attachment = self._create(b"plain text", "notes.txt", "res.partner",
                                  self.dealer_a.partner_id.id)
        self.assertEqual(attachment.raw, b"plain text")
        self.assertEqual(attachment.name, "notes.txt")


@tagged("post_install", "-at_install")
class TestPhotoUploadRoute(NetworkAuditCommon, HttpCase):
    """/web/binary/upload_attachment, as the web client's camera field calls it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls._create_audit()
        cls.audit.action_start()
        cls.line = cls.audit.line_ids[0]

    def _upload(self, files, model="network.audit.line", res_id=None):
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        response = self.url_open(
            "/web/binary/upload_attachment",
            files=[("ufile", file) for file in files],
            data={"csrf_token": Request.csrf_token(self), "model": model,
                  "id": res_id or self.line.id},
        )
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        return json.loads(response.text)

    def _line_attachments(self):
        return self.env["ir.attachment"].search([
            ("res_model", "=", "network.audit.line"), ("res_id", "=", self.line.id),
        ])

    def test_bad_file_returns_its_error(self):
        result = self._upload([("opening-hours.txt", b"9-18", "text/plain")])
        self.assertEqual(len(result), 1)
        self.assertEqual(result[0]["filename"], "opening-hours.txt")
        self.assertIn("opening-hours.txt is not a photo", result[0]["error"])
        self.assertNotIn("id", result[0])
        self.assertFalse(self._line_attachments())

    def test_good_photo_is_normalized(self):
        result = self._upload([("IMG_2040.JPG", make_gps_jpeg(4000, 3000), "image/jpeg")])
        attachment = self._line_attachments()
        self.assertEqual(len(attachment), 1)
        self.assertEqual(result, [{
            "filename": "IMG_2040.jpg", "mimetype": "image/jpeg", "id": attachment.id,
            "size": attachment.file_size,
        }])
        self.assertEqual(image_of(attachment.raw).size, (1920, 1440))
        self.assertFalse(image_of(attachment.raw).getexif())
        self.assertEqual(attachment.create_uid, self.auditor_a)

    def test_nul_in_file_name_reported(self):
        result = self._upload([("IMG\x00.jpg", make_image(), "image/jpeg")])
        self.assertIn("U+0000", result[0]["error"])
        self.assertFalse(self._line_attachments())

    def test_mixed_upload(self):
        """One refused file does not stop the others of the same upload."""
        result = self._upload([
            ("scan.pdf", PDF, "application/pdf"),
            ("shelf.png", make_image(fmt="PNG"), "image/png"),
        ])
        self.assertIn("scan.pdf", result[0]["error"])
        attachment = self._line_attachments()
        self.assertEqual(attachment.name, "shelf.png")
        self.assertEqual(result[1]["id"], attachment.id)

    def test_malformed_record_id_is_a_400(self):
        """A record id that is no number was a server error (500) through the photo
        upload, where the web client's own route reports an error; so were a
        superscript digit ("²", a digit to str.isdigit, not to int) and an id beyond
        PostgreSQL's integer."""
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        for res_id in ("abc", "1e3", "12\x00", "-1", "9" * 40, "\u00b2", "9999999999"):
            with self.subTest(res_id=res_id):
                response = self.url_open(
                    "/web/binary/upload_attachment",
                    files=[("ufile", ("shelf.png", make_image(fmt="PNG"), "image/png"))],
                    data={"csrf_token": Request.csrf_token(self),
                          "model": "network.audit.line", "id": res_id},
                )
                self.assertEqual(response.status_code, 400)
        self.assertFalse(self._line_attachments())

    def test_other_models_keep_the_standard_upload(self):
        """A file attached to the audit itself is no evidence photo: kept as is."""
        with mute_logger("odoo.addons.web.controllers.binary"):
            result = self._upload([("notes.txt", b"plain text", "text/plain")],
                                  model="network.audit", res_id=self.audit.id)
        self.assertEqual(result[0]["filename"], "notes.txt")
        attachment = self.env["ir.attachment"].browse(result[0]["id"])
        self.assertEqual(attachment.raw, b"plain text")
