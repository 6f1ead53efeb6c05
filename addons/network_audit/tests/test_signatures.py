import base64

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.dealer_profile.tests.guard_layer_common import GuardHttpCase

from .common import NetworkAuditCommon
from .images import make_image

SIGNATURE = base64.b64encode(make_image(120, 40, fmt="PNG")).decode()


class SignatureCommon(NetworkAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.signature_rule = "auditor_manager"

    def _answered(self, day="2026-10-10"):
        audit = self._create_audit(date=day)
        audit.with_user(self.auditor_a).action_start()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "5",
                             self.std_safety: "yes"})
        return audit.with_user(self.auditor_a)


@tagged("post_install", "-at_install")
class TestSignatureRules(SignatureCommon):
    def test_manager_signature_required_by_the_program(self):
        audit = self._answered()
        with self.assertRaisesRegex(UserError, "auditor's signature is missing"):
            audit.action_submit()
        audit.auditor_signature = SIGNATURE
        with self.assertRaisesRegex(UserError, "outlet manager's name and signature"):
            audit.action_submit()
        audit.manager_signature = SIGNATURE
        with self.assertRaisesRegex(UserError, "outlet manager's name", msg="a name too"):
            audit.action_submit()
        audit.manager_signer_name = "Eva de Vries"
        audit.action_submit()
        self.assertEqual(audit.state, "submitted")

    def test_reason_instead_of_the_manager_signature(self):
        audit = self._answered()
        audit.write({"auditor_signature": SIGNATURE, "manager_signature_missing_reason": "  "})
        with self.assertRaises(UserError):
            audit.action_submit()
        audit.manager_signature_missing_reason = "Manager on leave; deputy refused to sign."
        audit.action_submit()
        self.assertEqual(audit.state, "submitted")

    def test_auditor_only_rule_and_no_rule(self):
        self.program.signature_rule = "auditor"
        audit = self._answered()
        with self.assertRaisesRegex(UserError, "auditor's signature"):
            audit.action_submit()
        audit.auditor_signature = SIGNATURE
        audit.action_submit()
        self.program.signature_rule = "none"
        other = self._answered(day="2026-11-10")
        other.action_submit()
        self.assertEqual(other.state, "submitted")

    def test_signing_stamped_by_the_server(self):
        audit = self._answered()
        audit.write({"auditor_signature": SIGNATURE, "manager_signature": SIGNATURE,
                     "manager_signer_name": "Eva de Vries"})
        self.assertEqual(audit.auditor_signed_by_id, self.auditor_a)
        self.assertTrue(audit.auditor_signed_on and audit.manager_signed_on)
        with self.assertRaises(UserError):
            audit.write({"auditor_signed_by_id": self.officer.id})

    def test_signed_only_while_in_progress(self):
        audit = self._answered()
        audit.write({"auditor_signature": SIGNATURE,
                     "manager_signature_missing_reason": "Not on site"})
        audit.action_submit()
        with self.assertRaisesRegex(UserError, "not in progress"):
            audit.write({"manager_signature": SIGNATURE})
        with self.assertRaises(UserError):
            audit.with_user(self.officer).write({"manager_signer_name": "Someone"})

    def test_reopen_asks_for_new_signatures(self):
        audit = self._answered()
        audit.write({"auditor_signature": SIGNATURE,
                     "manager_signature_missing_reason": "Not on site"})
        audit.action_submit()
        audit.with_user(self.officer).action_reopen()
        self.assertFalse(audit.auditor_signature or audit.manager_signature_missing_reason)
        with self.assertRaises(UserError):
            audit.action_submit()

    def test_not_an_image_refused(self):
        audit = self._answered()
        with self.assertRaises(UserError):
            audit.auditor_signature = base64.b64encode(b"\x00\x01 not an image").decode()

    def test_pdf_shows_both_signatures(self):
        audit = self._answered()
        audit.write({"auditor_signature": SIGNATURE, "manager_signature": SIGNATURE,
                     "manager_signer_name": "Eva de Vries"})
        audit.action_submit()
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "network_audit.report_network_audit", audit.ids)
        self.assertIn(b'name="signatures"', html)
        self.assertIn(b'alt="Auditor&#39;s signature"', html)
        self.assertIn(b'alt="Manager&#39;s signature"', html)
        self.assertIn(b"Eva de Vries", html)
        self.assertIn(self.auditor_a.name.encode(), html)


@tagged("post_install", "-at_install")
class TestSignatureRpc(SignatureCommon, GuardHttpCase):

    def test_submit_refused_over_json_rpc_without_signatures(self):
        audit = self._answered()
        self.assertRpcRefused(self.auditor_a.login, "network.audit", "action_submit",
                              [audit.ids])
        self.assertEqual(audit.state, "in_progress")
        self.assertRpcRefused(self.auditor_a.login, "network.audit", "write",
                              [audit.ids, {"auditor_signed_by_id": self.manager.id}])
        self.call_kw(self.auditor_a.login, "network.audit", "write", [audit.ids, {
            "auditor_signature": SIGNATURE,
            "manager_signature_missing_reason": "Manager away",
        }])
        self.call_kw(self.auditor_a.login, "network.audit", "action_submit", [audit.ids])
        audit.invalidate_recordset()
        self.assertEqual(audit.state, "submitted")
        self.assertEqual(audit.auditor_signed_by_id, self.auditor_a)
