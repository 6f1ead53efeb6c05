"""ir.attachment over JSON-RPC is no way around an audit's rules (seventh security pass).

Core lets whoever may write a record create, rewrite and delete its attachments. An
officer signed a validated audit as its auditor by creating the attachment of its
``auditor_signature`` field, and deleted the photo a dealer had sent as evidence of a
fix the network team had verified."""

import base64
import json

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.guard_layer_common import GuardHttpCase

from .images import make_image
from .test_actions import TestActionCommon
from .test_signatures import SIGNATURE, SignatureCommon

PHOTO = base64.b64encode(make_image(64, 64, fmt="PNG")).decode()


@tagged("post_install", "-at_install")
class TestSignatureAttachments(SignatureCommon, GuardHttpCase):
    def _signed_and_validated(self):
        audit = self._answered()
        audit.write({"auditor_signature": SIGNATURE,
                     "manager_signature_missing_reason": "Manager away"})
        audit.action_submit()
        audit.with_user(self.officer).action_validate()
        self.assertEqual(audit.state, "validated")
        return audit

    def _signature_attachment(self, audit, field="auditor_signature"):
        return self.env["ir.attachment"].search([
            ("res_model", "=", "network.audit"), ("res_id", "=", audit.id),
            ("res_field", "=", field),
        ])

    def test_officer_does_not_sign_through_the_attachment(self):
        """The manager's signature of a validated audit nobody signed for the outlet."""
        audit = self._signed_and_validated()
        self.assertFalse(audit.manager_signature)
        self.assertRpcRefused(self.officer.login, "ir.attachment", "create", [{
            "name": "manager_signature", "res_model": "network.audit", "res_id": audit.id,
            "res_field": "manager_signature", "datas": SIGNATURE,
        }])
        audit.invalidate_recordset()
        self.assertFalse(audit.manager_signature)
        self.assertFalse(self._signature_attachment(audit, "manager_signature"))

    def test_signature_not_replaced_moved_or_deleted(self):
        audit = self._signed_and_validated()
        attachment = self._signature_attachment(audit)
        self.assertEqual(len(attachment), 1)
        checksum = attachment.checksum
        other = self._answered(day="2026-11-10")
        for login in (self.officer.login, self.auditor_a.login, self.manager.login):
            for method, args in (("write", [{"datas": PHOTO}]),
                                 ("write", [{"res_id": other.id}]),
                                 ("unlink", [])):
                with self.subTest(login=login, method=method, args=args):
                    self.assertRpcRefused(login, "ir.attachment", method,
                                          [attachment.ids, *args])
        attachment.invalidate_recordset()
        self.assertRecordValues(attachment, [{"res_id": audit.id, "checksum": checksum}])
        other.invalidate_recordset()
        self.assertFalse(other.auditor_signature)

    def test_validated_audit_keeps_its_attachments(self):
        """A validated audit takes new files as it takes messages; the files it holds
        stay: the officer does not delete the auditor's. Their own upload no message
        carries yet (the composer's) they still remove."""
        audit = self._signed_and_validated()
        ids = self.call_kw(self.auditor_a.login, "ir.attachment", "create", [{
            "name": "checklist.txt", "raw": "Signed checklist", "res_model": "network.audit",
            "res_id": audit.id,
        }])
        auditors_file = self.env["ir.attachment"].browse(ids)
        for method, args in (("unlink", []), ("write", [{"raw": "Blank"}]),
                             ("write", [{"res_model": False, "res_id": False}])):
            with self.subTest(method=method, args=args):
                self.assertRpcRefused(self.officer.login, "ir.attachment", method,
                                      [auditors_file.ids, *args])
        auditors_file.invalidate_recordset()
        self.assertRecordValues(auditors_file, [{"res_id": audit.id, "name": "checklist.txt"}])
        self.assertEqual(auditors_file.raw, b"Signed checklist")
        own = self.call_kw(self.officer.login, "ir.attachment", "create", [{
            "name": "wrong.txt", "raw": "Wrong file", "res_model": "network.audit",
            "res_id": audit.id,
        }])
        self.call_kw(self.officer.login, "ir.attachment", "unlink", [own])
        self.assertFalse(self.env["ir.attachment"].browse(own).exists())

    def test_signature_still_given_on_the_audit(self):
        """The field itself, by its auditor while the audit is conducted."""
        audit = self._answered()
        self.call_kw(self.auditor_a.login, "network.audit", "write",
                     [audit.ids, {"auditor_signature": SIGNATURE}])
        audit.invalidate_recordset()
        self.assertTrue(audit.auditor_signature)
        self.assertEqual(audit.auditor_signed_by_id, self.auditor_a)


@tagged("post_install", "-at_install")
class TestEvidenceOfReportedFix(TestActionCommon, GuardHttpCase):
    def test_evidence_of_a_verified_fix_stays(self):
        item = self._item(standard=self.std_clean, state="verified")
        photo = item.evidence_ids
        self.assertEqual(len(photo), 1)
        checksum = photo.checksum
        for login in (self.officer.login, self.manager.login):
            for model, method, args in (
                ("ir.attachment", "unlink", [photo.ids]),
                ("ir.attachment", "write", [photo.ids, {"datas": PHOTO}]),
                ("network.audit.action", "write", [item.ids, {"evidence_ids": [
                    Command.clear()]}]),
                ("network.audit.action", "write", [item.ids, {"evidence_ids": [
                    Command.delete(photo.id)]}]),
            ):
                with self.subTest(login=login, model=model, method=method):
                    self.assertRpcRefused(login, model, method, args)
        self.env.invalidate_all()
        self.assertEqual(item.evidence_ids, photo)
        self.assertEqual(photo.checksum, checksum)

    def test_reported_fix_keeps_its_evidence_until_judged(self):
        item = self._item(standard=self.std_clean, state="done")
        photo = item.evidence_ids
        self.assertRpcRefused(self.officer.login, "ir.attachment", "unlink", [photo.ids])
        self.assertRpcRefused(self.officer.login, "network.audit.action", "write",
                              [item.ids, {"evidence_ids": [Command.unlink(photo.id)]}])
        self.env.invalidate_all()
        self.assertEqual(item.evidence_ids, photo)

    def test_rejected_fix_takes_new_evidence(self):
        item = self._item(standard=self.std_clean, state="rejected")
        self._attach(item.with_user(self.dealer_a).sudo())
        self.assertEqual(len(item.evidence_ids), 2)
        item.with_user(self.dealer_a).sudo().action_mark_done("Cleaned again")
        self.assertEqual(item.state, "done")


@tagged("post_install", "-at_install")
class TestAnswerPhotoDeleteRoute(TestActionCommon, GuardHttpCase):
    def test_auditor_does_not_delete_their_photo_of_a_submitted_audit(self):
        """The chatter's delete route deletes in sudo the attachments a user may write:
        the auditor deleted the photo they had taken of an answer once the audit was
        submitted (JSON-RPC's unlink refused it already)."""
        audit = self._create_audit(auditor=self.auditor_a)
        audit.action_start()
        line = audit.line_ids[0]
        photo = self.env["ir.attachment"].with_user(self.auditor_a).create({
            "name": "shelf.jpg", "raw": make_image(), "res_model": line._name,
            "res_id": line.id,
        })
        line.with_user(self.auditor_a).photo_ids = [Command.link(photo.id)]
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "4",
                             self.std_safety: "yes", self.std_paperwork: "yes"})
        for missing in audit.line_ids.filtered("evidence_missing"):
            self._attach(missing)
        audit.action_submit()
        self.assertEqual(audit.state, "submitted")
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        with mute_logger("odoo.http"):
            response = self.url_open("/mail/attachment/delete", data=json.dumps({
                "jsonrpc": "2.0", "method": "call", "id": 1,
                "params": {"attachment_id": photo.id},
            }), headers={"Content-Type": "application/json"})
        self.assertIn("error", response.json())
        self.assertTrue(photo.exists())
        self.assertIn(photo, line.photo_ids)
