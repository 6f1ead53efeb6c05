"""mail.message over JSON-RPC on a case: nobody creates a message in another person's
name, nor rewrites or deletes another person's message. Before, an agent created
messages in a case's chatter as its customer, as their supervisor and as the outlet's
dealer, and rewrote the customer's message (core lets whoever writes the document
write every message of it)."""

import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.rpc import call_kw

from .common import CxCommon


@tagged("post_install", "-at_install")
class TestMessageAuthorsOverJsonRpc(CxCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case(name="Test impersonation")
        cls.receipt = cls.env["ir.attachment"].create({
            "name": "receipt.txt", "raw": b"Paid 500 for the rattle", "res_model": "cx.case",
            "res_id": cls.case.id,
        })
        cls.customer_message = cls.case.sudo().message_post(
            body="My car rattles", author_id=cls.customer.partner_id.id,
            message_type="comment", subtype_xmlid="mail.mt_comment",
            attachment_ids=cls.receipt.ids,
        )

    def _create(self, author):
        return call_kw(self, "mail.message", "create", {
            "model": "cx.case", "res_id": self.case.id, "body": "All is fine, close it",
            "author_id": author.partner_id.id, "message_type": "comment",
        })

    def test_agent_cannot_write_as_someone_else(self):
        self.authenticate(self.agent_a.login, self.agent_a.login)
        before = set(self.case.message_ids.ids)
        for author in (self.customer, self.supervisor_a, self.agent_a_other, self.dealer_a):
            with self.subTest(author=author.login), mute_logger("odoo.http"):
                __, error = self._create(author)
                self.assertEqual(error and error["name"], "odoo.exceptions.AccessError", error)
        self.env.invalidate_all()
        self.assertEqual(set(self.case.message_ids.ids), before)
        # In their own name, as before.
        message_id, error = self._create(self.agent_a)
        self.assertIsNone(error)
        self.assertEqual(self.env["mail.message"].browse(message_id).author_id,
                         self.agent_a.partner_id)

    def test_agent_cannot_rewrite_or_delete_the_customers_message(self):
        self.authenticate(self.agent_a.login, self.agent_a.login)
        for method, args in (("write", [{"body": "I confirm, close it"}]),
                             ("write", [{"author_id": self.agent_a.partner_id.id}]),
                             ("unlink", [])):
            with self.subTest(method=method, args=args), mute_logger("odoo.http"):
                __, error = call_kw(self, "mail.message", method,
                                    self.customer_message.ids, *args)
                self.assertEqual(error and error["name"], "odoo.exceptions.AccessError", error)
        self.env.invalidate_all()
        self.assertIn("My car rattles", str(self.customer_message.body))
        self.assertEqual(self.customer_message.author_id, self.customer.partner_id)

    def test_own_message_still_edited(self):
        self.authenticate(self.agent_a.login, self.agent_a.login)
        message_ids, error = call_kw(self, "cx.case", "message_post", [self.case.id],
                                     body="First answer", message_type="comment",
                                     subtype_xmlid="mail.mt_note")
        self.assertIsNone(error)
        message_id = message_ids[0] if isinstance(message_ids, list) else message_ids
        __, error = call_kw(self, "mail.message", "write", [message_id],
                            {"body": "First answer (corrected)"})
        self.assertIsNone(error)
        self.assertIn("corrected", str(self.env["mail.message"].browse(message_id).body))

    def test_agent_cannot_rewrite_or_delete_the_customers_attachment(self):
        """The file sent with the customer's message is the message's: its attachment
        is not rewritten nor deleted either (JSON-RPC, the chatter's delete route)."""
        self.authenticate(self.agent_a.login, self.agent_a.login)
        for method, args in (("write", [{"raw": "Paid 0"}]),
                             ("write", [{"res_id": self._case(name="Other").id}]),
                             ("unlink", [])):
            with self.subTest(method=method, args=args), mute_logger("odoo.http"):
                __, error = call_kw(self, "ir.attachment", method, self.receipt.ids, *args)
                self.assertEqual(error and error["name"], "odoo.exceptions.AccessError", error)
        with mute_logger("odoo.http"):
            response = self.url_open("/mail/attachment/delete", data=json.dumps({
                "jsonrpc": "2.0", "method": "call", "id": 1,
                "params": {"attachment_id": self.receipt.id},
            }), headers={"Content-Type": "application/json"})
        self.assertIn("error", response.json())
        self.env.invalidate_all()
        self.assertRecordValues(self.receipt, [{"res_id": self.case.id}])
        self.assertEqual(self.receipt.raw, b"Paid 500 for the rattle")
        self.assertEqual(self.customer_message.attachment_ids, self.receipt)

    def test_own_attachment_still_removed(self):
        self.authenticate(self.agent_a.login, self.agent_a.login)
        attachment_ids, error = call_kw(self, "ir.attachment", "create", [{
            "name": "draft.txt", "raw": "oops", "res_model": "cx.case",
            "res_id": self.case.id,
        }])
        self.assertIsNone(error)
        __, error = call_kw(self, "ir.attachment", "unlink", attachment_ids)
        self.assertIsNone(error)
        self.assertFalse(self.env["ir.attachment"].browse(attachment_ids).exists())
