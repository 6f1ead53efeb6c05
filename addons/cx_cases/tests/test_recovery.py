from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.dealer_profile.tests.guard_layer_common import CanFlagsAgreeMixin
from odoo.addons.dealer_profile.tests.test_i18n import load_language

from .common import CxCommon, at


@tagged("post_install", "-at_install")
class TestRecovery(CanFlagsAgreeMixin, CxCommon):

    def _rated_case(self, score, outlet=None, feedback=None):
        with freeze_time(at(0, 9)):
            case = self._case(user_id=self.agent_a.id, outlet_id=(outlet or self.env[
                "dealer.outlet"]).id)
            case.action_start()
            case.action_solve()
            case.sudo()._confirm_by_customer("email")
            # As the rating page does once the customer's token is checked.
            case.sudo().rating_apply(score, token=case._rating_get_access_token(),
                                     feedback=feedback)
        return case

    def _run(self, when):
        with freeze_time(when), patch.object(self.env.cr, "commit", self.env.cr.flush):
            self.env["cx.case"]._cron_followup()

    def test_poor_rating_opens_recovery(self):
        case = self._rated_case(2, outlet=self.outlet_a, feedback="Nobody called back")
        recovery = case.recovery_case_ids
        self.assertEqual(len(recovery), 1)
        self.assertEqual(recovery.team_id, self.team_a)
        self.assertEqual(recovery.outlet_id, self.outlet_a)
        self.assertEqual(recovery.partner_id, case.partner_id)
        self.assertEqual(recovery.type_id, self.env.ref("cx_cases.cx_case_type_recovery"))
        self.assertIn("Nobody called back", recovery.description)
        # Monday 9:00 + one average working day of market A (7 h 20): Tuesday morning.
        self.assertEqual(recovery.date_due, self.calendar_nl._working_deadline(
            at(0, 9), self.calendar_nl.hours_per_day))
        self.assertTrue(at(1, 8) < recovery.date_due < at(1, 9))
        self.assertIn(self.dealer_a.partner_id, recovery.message_partner_ids,
                      "the outlet's Space manager follows the recovery")
        portal_cases = self.env["cx.case"].with_user(self.dealer_a).search([])
        self.assertIn(recovery, portal_cases, "and sees it on the portal")
        self.assertTrue(case.message_ids.filtered(
            lambda m: "recovery case opened" in (m.body or "")
        ))

    def test_recovery_subject_in_customer_language(self):
        """A Dutch customer's recovery case reads Dutch (portal, mails), whoever
        triggers it: built in the customer's language, as test drives' call-backs."""
        load_language(self.env, "nl_NL", ["cx_cases"])
        self.customer.partner_id.lang = "nl_NL"
        case = self._rated_case(1)
        self.assertEqual(case.partner_id, self.customer.partner_id)
        self.assertEqual(case.recovery_case_ids.name, f"Herstel: {case.name}")
        self.assertIn("Beoordeeld met 1/5.", case.recovery_case_ids.description)

    def test_good_rating_opens_nothing(self):
        case = self._rated_case(4)
        self.assertFalse(case.recovery_case_ids)

    def test_second_poor_answer_opens_no_second_recovery(self):
        case = self._rated_case(1)
        case.sudo().rating_apply(2, rating=case.rating_ids[:1])
        self.assertEqual(len(case.recovery_case_ids), 1)

    def test_agent_flags_a_comment(self):
        case = self._rated_case(3, feedback="Fine, but the outlet was rude")
        self.assertFalse(case.recovery_case_ids)
        action = case.with_user(self.agent_a).action_open_recovery()
        self.assertEqual(action["res_id"], case.recovery_case_ids.id)
        with self.assertRaises(AccessError):
            case.with_user(self.agent_b).action_open_recovery()

    def test_closes_only_when_resolved(self):
        case = self._rated_case(1)
        recovery = case.recovery_case_ids.with_user(self.agent_a)
        recovery.action_start()
        self.assertFalse(recovery.can_solve, "resolved, not solved")
        with self.assertRaises(UserError):
            recovery.action_solve()
        with self.assertRaises(UserError):
            recovery.write({"stage_id": self.stage["closed"].id})
        with self.assertRaises(UserError):
            recovery.sudo().write({"stage_id": self.stage["solved"].id})
        with self.assertRaises(UserError):
            recovery.action_resolve_recovery("  ")
        with self.assertRaises(AccessError):
            recovery.with_user(self.agent_b).action_resolve_recovery("Done")
        self.assertTrue(recovery.can_resolve_recovery)
        with freeze_time(at(1, 10)):
            recovery.action_resolve_recovery("New cable delivered, goodwill voucher")
        self.assertEqual(recovery.stage_kind, "closed")
        self.assertEqual(recovery.recovery_rating_due, at(11, 10))
        self.assertFalse(recovery.rating_ids, "no rating request when it closes")
        self.assertFalse(case.recovery_case_ids.filtered(lambda c: c.stage_kind != "closed"))

    def test_can_flags_agree(self):
        """The Resolve button shows exactly when the server resolves."""
        case = self._rated_case(2)
        recovery = case.recovery_case_ids
        self.assertCanFlagsAgree(recovery | case, self.agent_a | self.agent_b | self.customer
                                 | self.supervisor_a, calls={
            "record_confirmation": lambda c: c.action_record_confirmation("Test: said so"),
            "resolve_recovery": lambda c: c.action_resolve_recovery("Test: fixed"),
        })

    def test_follow_up_rating_ten_days_later(self):
        case = self._rated_case(2)
        recovery = case.recovery_case_ids.with_user(self.agent_a)
        with freeze_time(at(1, 10)):
            recovery.action_resolve_recovery("Called, apologised, fixed")
        self._run(at(10, 10))
        self.assertFalse(recovery.rating_ids)
        self._run(at(11, 11))
        self.assertEqual(len(recovery.rating_ids), 1)
        self.assertEqual(recovery.rating_ids.partner_id, case.partner_id)
        self.assertTrue(recovery.recovery_rating_sent)
        self._run(at(12, 11))
        self.assertEqual(len(recovery.rating_ids), 1, "asked once")

    def test_recovery_in_case_analysis(self):
        resolved = self._rated_case(1, outlet=self.outlet_a)
        pending = self._rated_case(2, outlet=self.outlet_a)
        with freeze_time(at(0, 13)):
            resolved.recovery_case_ids.with_user(self.agent_a).action_resolve_recovery("Fixed")
        self.env.flush_all()
        Report = self.env["cx.case.report"]
        rows = Report._read_group(
            [("recovery_count", "=", 1), ("team_id", "=", self.team_a.id)],
            ["team_id", "outlet_id", "date_open:month"],
            ["recovery_count:sum", "recovery_rate:avg", "recovery_hours:avg"],
        )
        self.assertEqual(len(rows), 1)
        _team, outlet, _month, count, rate, hours = rows[0]
        self.assertEqual(outlet, self.outlet_a)
        self.assertEqual(count, 2)
        self.assertAlmostEqual(rate, 50.0)
        self.assertAlmostEqual(hours, 4.0)
        self.assertTrue(pending.recovery_case_ids)
        with self.assertRaises(AccessError):
            Report.with_user(self.agent_a).search([])
