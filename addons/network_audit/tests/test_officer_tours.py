"""The network officer's main jobs in the Network Audit backend, clicked in Chromium."""

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import NetworkAuditCommon


@tagged("post_install", "-at_install")
class TestOfficerVerifiesFixesTour(NetworkAuditCommon, HttpCase):

    def test_officer_verifies_and_rejects_reported_fixes(self):
        """The outlet's Space manager reported two fixes; the officer finds them under
        *To Verify*, verifies one, and rejects the other: refused without a reason,
        rejected with it, and the reason reaches the Space manager."""
        audit = self._create_audit()
        audit.with_user(self.auditor_a).action_start()
        self._answer(audit.with_user(self.auditor_a), {
            self.std_greeting: "no", self.std_clean: "5", self.std_safety: "no",
            self.std_paperwork: "yes",
        })
        audit.with_user(self.auditor_a).action_submit()
        audit.with_user(self.officer).action_validate()
        items = {item.standard_id: item for item in audit.action_ids}
        greeting, safety = items[self.std_greeting], items[self.std_safety]
        for item, comment in ((greeting, "Greeter at the door from opening time"),
                              (safety, "Cabinet locked")):
            # As the portal reports it: the dealer, in sudo after the portal's checks.
            item.with_user(self.dealer_a).sudo().action_mark_done(comment)
        self.assertEqual((greeting | safety).mapped("state"), ["done", "done"])

        self.start_tour("/odoo/action-network_audit.network_audit_action_action",
                        "network_audit_officer_verifies_fixes", login=self.officer.login)
        self.assertRecordValues(greeting, [{
            "state": "verified", "verified_by_id": self.officer.id,
        }])
        self.assertRecordValues(safety, [{
            "state": "rejected", "verified_by_id": False,
            "rejection_reason": "The cabinet is still unlocked on the photo: lock it and "
                                "send a new photo.",
        }])
        told = safety.message_ids.filtered(
            lambda m: "The fix was not accepted" in (m.body or ""))
        self.assertEqual(len(told), 1)
        self.assertEqual(told.author_id, self.officer.partner_id)
        self.assertIn(self.dealer_a.partner_id, told.partner_ids)


@tagged("post_install", "-at_install")
class TestOfficerPlansAuditsTour(NetworkAuditCommon, HttpCase):

    def test_officer_plans_a_program_and_schedules_its_audit(self):
        """The officer of market A creates a monthly program in the form (a section
        picked from the standards library, its auditor), starts it, plans the month
        and reschedules the planned audit: one audit of the market's outlet, with
        the program's auditor, on the agreed day."""
        self.start_tour("/odoo/action-network_audit.network_audit_program_action/new",
                        "network_audit_officer_plans_audits", login=self.officer.login)
        program = self.env["network.audit.program"].search(
            [("name", "=", "Tour: Amsterdam welcome check")])
        self.assertRecordValues(program, [{
            "company_id": self.market_a.id, "frequency": "monthly", "state": "running",
            "auditor_ids": self.auditor_a2.ids, "create_uid": self.officer.id,
        }])
        self.assertEqual(program.section_ids.mapped("name"), ["Welcome"])
        self.assertEqual(program.section_ids.standard_ids, self.std_greeting)
        audit = self.env["network.audit"].search([("program_id", "=", program.id)])
        today = fields.Date.context_today(audit)
        self.assertRecordValues(audit, [{
            "outlet_id": self.outlet_a.id, "auditor_ids": self.auditor_a2.ids,
            "state": "planned", "date": today.replace(day=22),
            "period_start": today.replace(day=1),
        }])
        self.assertEqual(audit.line_ids.standard_id, self.std_greeting)


@tagged("post_install", "-at_install")
class TestManagerReopensAuditTour(NetworkAuditCommon, HttpCase):

    def test_manager_reopens_a_validated_audit_with_a_reason(self):
        """A network manager reopens a validated audit from its form: the reason is
        asked, kept in the chatter and the answer history; the audit is in progress
        again for its auditor and its score no longer counts."""
        audit = self._create_audit()
        audit.with_user(self.auditor_a).action_start()
        self._answer(audit.with_user(self.auditor_a), {
            self.std_greeting: "yes", self.std_clean: "5", self.std_safety: "yes",
            self.std_paperwork: "yes",
        })
        audit.with_user(self.auditor_a).action_submit()
        audit.with_user(self.officer).action_validate()
        self.start_tour(f"/odoo/action-network_audit.network_audit_action/{audit.id}",
                        "network_audit_manager_reopens_audit", login=self.manager.login)
        self.assertRecordValues(audit, [{
            "state": "in_progress", "validated_by_id": False,
            "auditor_ids": self.auditor_a.ids,
        }])
        reopened = audit.message_ids.filtered(
            lambda m: "Validated audit reopened by" in (m.body or ""))
        self.assertEqual(len(reopened), 1)
        self.assertIn("audited the Haarlem site, not Amsterdam", reopened.body)
        self.assertEqual(reopened.author_id, self.manager.partner_id)
        self.assertRecordValues(audit.history_ids.filtered(lambda h: h.kind == "reopen"), [{
            "old_value": "Validated", "user_id": self.manager.id,
            "new_value": "The auditor audited the Haarlem site, not Amsterdam.",
        }])


@tagged("post_install", "-at_install")
class TestOfficerSendsActionPlanTour(NetworkAuditCommon, HttpCase):

    def test_officer_rewords_and_sends_the_action_plan(self):
        """The officer rewords the draft item of a submitted audit on its Action Plan
        tab and sends the plan: the item, reworded, is open for the outlet's Space
        manager, who is told; the audit stays submitted (to be validated)."""
        audit = self._create_audit()
        audit.with_user(self.auditor_a).action_start()
        self._answer(audit.with_user(self.auditor_a), {
            self.std_greeting: "no", self.std_clean: "5", self.std_safety: "yes",
            self.std_paperwork: "yes",
        })
        audit.with_user(self.auditor_a).action_submit()
        item = audit.action_ids
        self.assertEqual(item.state, "draft")
        self.start_tour(f"/odoo/action-network_audit.network_audit_action/{audit.id}",
                        "network_audit_officer_sends_action_plan", login=self.officer.login)
        self.assertRecordValues(item, [{
            "name": "Staff a greeter at the door during opening hours", "state": "open",
            "responsible_user_id": self.dealer_a.id,
        }])
        self.assertTrue(item.sent_date)
        self.assertEqual(audit.state, "submitted")
        told = item.message_ids.filtered(lambda m: "New action item" in (m.body or ""))
        self.assertIn(self.dealer_a.partner_id, told.partner_ids)


@tagged("post_install", "-at_install")
class TestViewerReadsChangesTour(NetworkAuditCommon, HttpCase):

    def test_viewer_reads_an_audits_changes(self):
        """A read-only viewer opens a submitted audit: no button, no edit; *Changes*
        lists the auditor's change of an answer after the start. The visit writes
        nothing."""
        audit = self._create_audit()
        as_auditor = audit.with_user(self.auditor_a)
        as_auditor.action_start()
        self._answer(as_auditor, {self.std_greeting: "no"})
        self._answer(as_auditor, {
            self.std_greeting: "yes", self.std_clean: "5", self.std_safety: "yes",
            self.std_paperwork: "yes",
        })
        as_auditor.action_submit()
        self.env.flush_all()
        before = (audit.write_date, audit.line_ids.mapped("write_date"),
                  len(audit.history_ids), len(audit.message_ids))
        self.start_tour(f"/odoo/action-network_audit.network_audit_action/{audit.id}",
                        "network_audit_viewer_reads_changes", login=self.audit_viewer.login)
        self.env.invalidate_all()
        self.assertEqual(before, (audit.write_date, audit.line_ids.mapped("write_date"),
                                  len(audit.history_ids), len(audit.message_ids)))
        self.assertEqual(audit.state, "submitted")
