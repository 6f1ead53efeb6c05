from odoo.tests import tagged

from .common import NetworkAuditCommon


@tagged("post_install", "-at_install")
class TestAuditFlow(NetworkAuditCommon):
    def test_full_flow(self):
        """Plan, conduct, submit, send plan, fix, verify, validate, KPI pushed."""
        audits = self.program._plan_audits(day=__import__("datetime").date(2026, 10, 5))
        audit_a = audits.filtered(lambda a: a.outlet_id == self.outlet_a)
        self.assertEqual(len(audit_a), 1)
        self.assertEqual(len(audit_a.line_ids), 3, "paperwork standard is for dealerships only")
        self.assertEqual(self.program._plan_audits(day=__import__("datetime").date(2026, 10, 20)),
                         self.env["network.audit"])
        audit = audit_a.with_user(audit_a.auditor_ids[:1])
        audit.action_start()
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "4",
                             self.std_safety: "yes"})
        audit.action_submit()
        self.assertAlmostEqual(audit.score, (2 * 0 + 1 * 80 + 1 * 100) / 4, places=1)
        self.assertEqual(audit.result, "fail")
        self.assertEqual(len(audit.action_ids), 1)
        audit.with_user(self.officer).action_send_action_plan()
        item = audit.action_ids.with_user(self.dealer_a).sudo()
        item.action_mark_done("Greeter desk staffed")
        item.with_user(self.officer).action_verify()
        audit.with_user(self.officer).action_validate()
        value = self.env["dealer.kpi.value"].search(
            [("outlet_id", "=", self.outlet_a.id), ("kpi_id.code", "=", "audit_cx")]
        )
        self.assertAlmostEqual(value.value, 45.0, places=1)
        self.assertFalse(self.outlet_a.rating_stars, "October is not published yet")
        self.env["dealer.rating.month"].search(
            [("month", "=", value.month)]
        ).with_user(self.manager).action_publish()
        self.assertTrue(self.outlet_a.rating_stars)
