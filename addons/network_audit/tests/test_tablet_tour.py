from odoo.tests import HttpCase, tagged

from .common import NetworkAuditCommon


@tagged("post_install", "-at_install")
class TestAuditorTabletTour(NetworkAuditCommon, HttpCase):
    def test_auditor_answers_in_the_backend(self):
        """The audit form renders for an auditor, one tap answers, guidance and the
        camera input are in the standard's dialog (run at a tablet's size)."""
        audit = self._create_audit()
        audit.with_user(self.auditor_a).action_start()
        self.browser_size = "1280x800"
        self.start_tour(
            f"/odoo/action-network_audit.network_audit_action/{audit.id}",
            "network_audit_auditor_answers",
            login=self.auditor_a.login,
        )
        greeting = audit.line_ids.filtered(lambda line: line.standard_id == self.std_greeting)
        self.assertEqual(greeting.answer_yes_no, "no")
        self.assertTrue(greeting.is_failed)

    def test_auditor_walks_standards_with_next_and_previous(self):
        """One standard per screen: Next and Previous save the answer and move on."""
        audit = self._create_audit()
        audit.with_user(self.auditor_a).action_start()
        self.browser_size = "1280x800"
        self.start_tour(
            f"/odoo/action-network_audit.network_audit_action/{audit.id}",
            "network_audit_auditor_next_previous",
            login=self.auditor_a.login,
        )
        answers = {line.standard_id: line for line in audit.line_ids}
        self.assertEqual(answers[self.std_greeting].answer_yes_no, "yes")
        self.assertEqual(answers[self.std_clean].answer_scale, "1")
        self.assertTrue(answers[self.std_clean].evidence_missing)
