from odoo.tests import HttpCase, tagged

from .test_checklist_logic import ChecklistCommon


@tagged("post_install", "-at_install")
class TestChecklistTour(ChecklistCommon, HttpCase):
    def test_gate_question_and_signatures(self):
        """In the browser: a gate answer hides and shows the standard after it in the
        one-standard dialog, both signatures are drawn and the audit is submitted."""
        self.program.signature_rule = "auditor_manager"
        audit = self._started()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "5",
                             self.std_safety: "yes", self.std_bay: "yes"})
        self.browser_size = "1280x800"
        self.start_tour(
            f"/odoo/action-network_audit.network_audit_action/{audit.id}",
            "network_audit_checklist_and_signatures",
            login=self.auditor_a.login,
        )
        self.assertEqual(audit.state, "submitted")
        self.assertFalse(self._line(audit, self.std_bay).is_skipped)
        self.assertEqual(audit.manager_signer_name, "Eva de Vries")
        self.assertTrue(audit.manager_signature and audit.auditor_signature)
        self.assertEqual(audit.auditor_signed_by_id, self.auditor_a)
        self.assertEqual(
            [(h.standard_code, h.old_value, h.new_value) for h in audit.history_ids.sorted("id")
             if h.standard_code == "T-HO-00"],
            [("T-HO-00", "", "No"), ("T-HO-00", "No", "Yes")],
        )
