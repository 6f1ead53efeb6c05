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

    def test_planned_audit_shows_its_outlet_whole(self):
        """A planned audit's outlet (an input until it starts) reads whole on a portrait
        tablet ("[T..] Rotterdam Ha..." before)."""
        self.outlet_a.sudo().name = "Rotterdam Handover Hub"
        audit = self._create_audit()
        self.browser_size = "800x1280"
        self.start_tour(
            f"/odoo/action-network_audit.network_audit_action/{audit.id}",
            "network_audit_form_outlet_whole",
            login=self.auditor_a.login,
        )

    def test_standard_screen_in_reach_on_a_portrait_tablet(self):
        """At 800 px the answers scroll sideways: the button that opens a standard's
        screen is in reach without scrolling (it was the row's last column)."""
        audit = self._create_audit()
        audit.with_user(self.auditor_a).action_start()
        self.browser_size = "800x1280"
        self.start_tour(
            f"/odoo/action-network_audit.network_audit_action/{audit.id}",
            "network_audit_standard_screen_in_reach",
            login=self.auditor_a.login,
        )

    def test_kanban_dates_on_one_line(self):
        """The audits' kanban on a portrait tablet: a card's date reads on one line
        beside a long outlet name."""
        self.outlet_a.sudo().name = "Rotterdam Handover Hub Waalhaven"
        self._create_audit(date="2026-12-24")
        self.browser_size = "800x1280"
        self.start_tour("/odoo/action-network_audit.network_audit_action",
                        "network_audit_kanban_dates_whole", login=self.auditor_a.login)

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

    def test_auditor_sees_sections_and_empty_measures(self):
        """The answers are grouped under their sections and a measure not taken yet is
        empty, not 0.00; a measured 0 is an answer."""
        waiting = self.env["network.audit.standard"].create({
            "code": "T-MS-01", "name": "Waiting time", "category_id": self.category.id,
            "requirement": "<p>Minutes before a visitor is greeted.</p>",
            "answer_type": "numeric", "numeric_target": 5, "numeric_higher_is_better": False,
            "evidence_rule": "never",
        })
        program = self.env["network.audit.program"].create({
            "name": "Test measures program", "company_id": self.region.id, "audit_type": "cx",
            "frequency": "monthly", "pass_threshold": 80,
            "section_ids": [
                (0, 0, {"name": "Welcome", "sequence": 1,
                        "standard_ids": [(6, 0, self.std_greeting.ids)]}),
                (0, 0, {"name": "Measures", "sequence": 2,
                        "standard_ids": [(6, 0, waiting.ids)]}),
            ],
        })
        program.action_start()
        audit = self.env["network.audit"].create({
            "program_id": program.id, "outlet_id": self.outlet_a.id, "date": "2026-10-10",
            "auditor_ids": [(6, 0, self.auditor_a.ids)],
        })
        audit.with_user(self.auditor_a).action_start()
        line = audit.line_ids.filtered(lambda line: line.standard_id == waiting)
        self.assertFalse(line.is_answered)
        self.browser_size = "1280x800"
        self.start_tour(
            f"/odoo/action-network_audit.network_audit_action/{audit.id}",
            "network_audit_auditor_sections",
            login=self.auditor_a.login,
        )
        self.assertTrue(line.numeric_answered)
        self.assertTrue(line.is_answered)
        self.assertEqual(line.score, 100.0)


@tagged("post_install", "-at_install")
class TestOfficerValidatesTour(NetworkAuditCommon, HttpCase):
    def test_officer_validates_a_submitted_audit(self):
        """The officer's main job in the backend: open the submitted audit, Validate;
        the score then counts and the failed answer's action item reaches the outlet."""
        audit = self._create_audit()
        audit.with_user(self.auditor_a).action_start()
        self._answer(audit.with_user(self.auditor_a), {
            self.std_greeting: "no", self.std_clean: "5", self.std_safety: "yes",
            self.std_paperwork: "yes",
        })
        audit.with_user(self.auditor_a).action_submit()
        self.start_tour(
            f"/odoo/action-network_audit.network_audit_action/{audit.id}",
            "network_audit_officer_validates",
            login=self.officer.login,
        )
        self.assertEqual(audit.state, "validated")
        self.assertEqual(audit.validated_by_id, self.officer)
        self.assertEqual(set(audit.action_ids.mapped("state")), {"open"})
