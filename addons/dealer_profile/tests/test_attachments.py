"""An attachment of a binary field is the field's value (seventh security pass): a user
does not create, rewrite, move or delete it through ir.attachment, which skipped the
document's own checks (an officer signed a validated audit by creating the attachment of
its signature field). The field is written on the document, as core's fields do."""

import base64

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DealerProfileCommon

CONTRACT = base64.b64encode(b"%PDF-1.4 signed contract").decode()
FORGED = base64.b64encode(b"%PDF-1.4 another contract").decode()


@tagged("post_install", "-at_install")
class TestFieldAttachments(DealerProfileCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = cls.env["dealer.outlet.document"].create({
            "name": "Dealer contract", "outlet_id": cls.outlet_a.id, "file": CONTRACT,
            "file_name": "contract.pdf",
        })
        cls.attachment = cls.env["ir.attachment"].search([
            ("res_model", "=", "dealer.outlet.document"), ("res_id", "=", cls.document.id),
            ("res_field", "=", "file"),
        ])

    def test_field_attachment_not_changed_directly(self):
        Attachment = self.env["ir.attachment"].with_user(self.officer)
        other = self.document.copy({"file": False})
        with self.assertRaises(UserError) as caught:
            Attachment.create({
                "name": "file", "res_model": "dealer.outlet.document", "res_id": other.id,
                "res_field": "file", "datas": FORGED,
            })
        self.assertIn("changed on the record itself", caught.exception.args[0])
        attachment = self.attachment.with_user(self.officer)
        for vals in ({"datas": FORGED}, {"res_id": other.id}, {"res_field": False}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                attachment.write(vals)
        with self.assertRaises(UserError):
            attachment.unlink()
        self.env.invalidate_all()
        self.assertEqual(self.document.file.decode(), CONTRACT)
        self.assertFalse(other.file)

    def test_field_still_written_on_the_document(self):
        self.document.with_user(self.officer).file = FORGED
        self.assertEqual(self.document.file.decode(), FORGED)
        self.document.with_user(self.officer).file = False
        self.assertFalse(self.document.file)
