"""One guard layer for cases and campaigns (dealer.workflow.mixin): the can_* flags
agree with the server, roles over JSON-RPC with every forged context key."""

from odoo.tests import tagged

from odoo.addons.dealer_profile.tests.guard_layer_common import (
    CanFlagsAgreeMixin,
    GuardHttpCase,
)

from .common import CxCommon

CASE = "cx.case"
CAMPAIGN = "cx.campaign"
# The stage kinds a case goes through to reach each kind (as the server moves it).
PATHS = {
    "new": (), "progress": ("progress",), "waiting": ("waiting",),
    "solved": ("progress", "solved"), "closed": ("progress", "solved"),
}


class CaseGuardCommon(CxCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cases = cls.env[CASE].browse()
        for kind, path in PATHS.items():
            case = cls._case(name=f"Test guard {kind}", user_id=cls.agent_a.id)
            for step in path:
                case.write({"stage_id": cls.stage[step].id})
            if kind == "closed":
                case._confirm_by_customer("portal")
            cls.cases |= case
        cls.solved = cls.cases.filtered(lambda c: c.stage_kind == "solved")
        owner = cls.env["res.partner"].create({"name": "Test guard owner", "ref": "GUARD-TEST"})
        cls.env["vehicle.order"].create({
            "partner_id": owner.id, "outlet_id": cls.outlet_a.id, "vehicle_model": "Test",
        })
        cls.campaigns = cls.env[CAMPAIGN].create([{
            "name": f"Test guard campaign {state}", "company_id": cls.market_a.id,
            "team_id": cls.team_a.id, "target_model": "res.partner",
            "target_domain": "[('ref', '=', 'GUARD-TEST')]", "state": state,
        } for state in ("draft", "running", "failed", "open", "done", "cancelled")])
        cls.draft_campaign = cls.campaigns[0]


@tagged("post_install", "-at_install")
class TestCanFlagsAgree(CanFlagsAgreeMixin, CaseGuardCommon):
    def test_case_flags(self):
        users = (self.agent_a | self.agent_b | self.supervisor_a | self.cx_manager
                 | self.customer | self.integration)
        self.assertCanFlagsAgree(self.cases, users, calls={
            "record_confirmation": lambda case: case.action_record_confirmation(
                "Test: the customer said so on the phone"
            ),
            "resolve_recovery": lambda case: case.action_resolve_recovery("Test: put right"),
        })
        self.assertTrue(self.solved.with_user(self.agent_a).can_record_confirmation)
        self.assertFalse(self.solved.with_user(self.customer).can_record_confirmation)

    def test_campaign_flags(self):
        users = self.agent_a | self.supervisor_a | self.cx_manager | self.customer
        self.assertCanFlagsAgree(self.campaigns, users)
        self.assertTrue(self.draft_campaign.with_user(self.supervisor_a).can_start)


@tagged("post_install", "-at_install")
class TestGuardOverJsonRpc(CaseGuardCommon, GuardHttpCase):
    """Each role over /web/dataset/call_kw, every forged context key sent along."""

    def test_case_closes_only_with_a_confirmation(self):
        for vals in ({"stage_id": self.stage["closed"].id},
                     {"confirmation_method": "portal"}, {"solved_date": False}):
            with self.subTest(vals=vals):
                self.assertRpcRefused("cx_agent_a", CASE, "write", [self.solved.ids, vals])
        self.assertEqual(self.solved.stage_kind, "solved")

    def test_case_moves_per_role(self):
        new = self.cases.filtered(lambda c: c.stage_kind == "new")
        self.assertRpcRefused("test_customer", CASE, "action_solve", [new.ids])
        self.assertRpcRefused("cx_agent_b", CASE, "action_solve", [new.ids])
        self.assertRpcRefused("cx_agent_a", CASE, "action_reopen", [new.ids])
        self.call_kw("cx_agent_a", CASE, "action_solve", [new.ids])
        self.assertEqual(new.stage_kind, "solved")
        self.call_kw("cx_agent_a", CASE, "action_record_confirmation", [new.ids],
                     {"note": "Test: confirmed on the phone"})
        self.assertEqual((new.stage_kind, new.confirmation_method), ("closed", "agent"))

    def test_agent_posts_in_own_name_only(self):
        """``message_post`` is public: an agent posted in the customer's name (their
        words reopened the solved case) or in their supervisor's, by ``author_id`` or
        by the customer's address as ``email_from``."""
        customer = self.solved.partner_id
        self.assertTrue(customer.email)
        for kwargs in ({"author_id": customer.id}, {"author_id": self.supervisor_a.partner_id.id},
                       {"author_id": False, "email_from": customer.email}):
            with self.subTest(kwargs=kwargs):
                self.assertRpcRefused("cx_agent_a", CASE, "message_post", [self.solved.ids], {
                    "body": "Test: all good, you may close it", "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment", **kwargs,
                })
        self.assertRpcRefused("cx_agent_a", CASE, "message_notify", [self.solved.ids], {
            "body": "Test: all good, you may close it", "author_id": customer.id,
            "partner_ids": self.agent_a.partner_id.ids,
        })
        self.assertEqual(self.solved.stage_kind, "solved")
        self.assertFalse(self.solved.message_ids.filtered(
            lambda m: "you may close it" in (m.body or "")
        ))
        self.call_kw("cx_agent_a", CASE, "message_post", [self.solved.ids], {
            "body": "Test: the agent's own reply", "author_id": self.agent_a.partner_id.id,
            "message_type": "comment", "subtype_xmlid": "mail.mt_comment",
        })
        self.assertEqual(self.solved.message_ids[:1].author_id, self.agent_a.partner_id)

    def test_sla_policy_is_the_supervisors(self):
        new = self.cases.filtered(lambda c: c.stage_kind == "new")
        self.assertRpcRefused("cx_agent_a", CASE, "write",
                              [new.ids, {"sla_policy_id": self.policy_b.id}])
        self.assertRpcRefused("cx_supervisor_a", CASE, "write",
                              [self.solved.ids, {"priority": "3"}])

    def test_campaign_moves_per_role(self):
        self.assertRpcRefused("cx_agent_a", CAMPAIGN, "action_cancel", [self.draft_campaign.ids])
        self.assertRpcRefused("cx_supervisor_a", CAMPAIGN, "write",
                              [self.draft_campaign.ids, {"state": "open"}])
        self.call_kw("cx_supervisor_a", CAMPAIGN, "action_cancel", [self.draft_campaign.ids])
        self.assertEqual(self.draft_campaign.state, "cancelled")

    def test_create_defaults_checked_as_vals(self):
        """default_<field> context keys once created a campaign done with 999 targets
        and a case confirmed "by" the customer."""
        self.assertDefaultsRefused("cx_supervisor_a", CAMPAIGN, {
            "name": "Test forged", "company_id": self.market_a.id, "team_id": self.team_a.id,
            "target_model": "res.partner", "target_domain": "[('ref', '=', 'GUARD-TEST')]",
        }, {"state": "done", "target_count": 999})
        case = self.assertDefaultsRefused("cx_agent_a", CASE, {
            "name": "Test forged", "team_id": self.team_a.id,
            "partner_id": self.customer.partner_id.id,
        }, {"confirmation_method": "portal", "confirmed_by_id": self.customer.id,
            "stage_id": self.stage["closed"].id})
        self.assertFalse(self.env[CASE].browse(case).confirmation_method)

    def test_csat_counts_only_the_customers_ratings(self):
        """Any internal user once counted a five-star answer of their own into the CSAT
        of any outlet (and so its stars): a rating of another model, created or
        written over JSON-RPC with the case in ``cx_case_id`` (stored, computed from
        res_model and res_id: Odoo stores what a write gives it), as the case's last
        answer. The case's own last rating value neither."""
        case = self.solved.with_context(active_test=False)
        csat = self.env[CASE]._csat_by([("id", "=", case.id)], "outlet_id")
        partner_model = self.env["ir.model"]._get_id("res.partner")
        foreign = self.env["rating.rating"].create({
            "res_model_id": partner_model, "res_id": self.customer.partner_id.id,
            "rating": 5, "consumed": True,
        })
        for login in ("test_officer_a", "cx_agent_a", "cx_agent_b", "cx_supervisor_a"):
            with self.subTest(login=login):
                self.assertRpcRefused(login, "rating.rating", "create", [{
                    "res_model_id": partner_model, "res_id": self.customer.partner_id.id,
                    "rating": 5, "consumed": True, "cx_case_id": case.id,
                }])
                self.assertRpcRefused(login, "rating.rating", "write",
                                      [foreign.ids, {"cx_case_id": case.id}])
        self.assertRpcRefused("cx_agent_a", CASE, "write", [case.ids,
                                                           {"rating_last_value": 5.0}])
        self.env.invalidate_all()
        self.assertFalse(foreign.cx_case_id)
        self.assertFalse(case.rating_last_value)
        self.assertEqual(self.env[CASE]._csat_by([("id", "=", case.id)], "outlet_id"), csat)
        # Ratings of other models still take the writes core's flows make.
        self.call_kw("test_officer_a", "rating.rating", "write",
                     [foreign.ids, {"feedback": "Test: still written"}])
        self.assertEqual(foreign.feedback, "Test: still written")

    def test_test_drive_customer_is_the_servers(self):
        """A supervisor once gave an outlet's test drives a customer who had just
        ordered (over JSON-RPC), and the outlet's test-drive conversion KPI counted
        them as converted. The customer and the call-back case are found and made by
        the server when the drive is reported; the drive's other fields stay editable."""
        drive = self.env["cx.test.drive"].create({
            "customer_name": "Test guard driver", "email": "guard.driver@drivers.example.org",
            "vehicle_model": "Aurora Polaris 4", "outlet_id": self.outlet_a.id,
        })
        partner, case = drive.partner_id, drive.case_id
        self.assertTrue(partner and case)
        for login in ("cx_supervisor_a", "cx_manager_all"):
            with self.subTest(login=login):
                self.assertRpcRefused(login, "cx.test.drive", "write", [
                    drive.ids, {"partner_id": self.customer2.partner_id.id},
                ])
                self.assertRpcRefused(login, "cx.test.drive", "write",
                                      [drive.ids, {"case_id": self.solved.id}])
        self.env.invalidate_all()
        self.assertEqual((drive.partner_id, drive.case_id), (partner, case))
        self.call_kw("cx_supervisor_a", "cx.test.drive", "write",
                     [drive.ids, {"vehicle_model": "Aurora Lumen"}])
        self.assertEqual(drive.vehicle_model, "Aurora Lumen")

    def test_round_robin_pointer_is_the_servers(self):
        """The team's round-robin pointer (the agent who got the last case) is moved
        by the routing only: a supervisor writing it chose who gets the next case."""
        self.assertRpcRefused("cx_supervisor_a", "cx.case.team", "write", [
            self.team_a.ids, {"last_assigned_user_id": self.agent_a.id},
        ], context={"dealer_server_values": ["last_assigned_user_id"]})
        self.env.invalidate_all()
        self.assertFalse(self.team_a.last_assigned_user_id)
        self.call_kw("cx_supervisor_a", "cx.case.team", "write",
                     [self.team_a.ids, {"name": "Test team A renamed"}])
        self.assertEqual(self.team_a.name, "Test team A renamed")

    def test_campaign_case_is_made_by_the_campaign(self):
        """An agent once created a case "of" a running recall campaign for a customer
        (over JSON-RPC, in vals or as a default_ context key): the campaign counted the
        customer as done and never opened their case. Campaigns and test drives make
        their cases themselves, and the sequence numbers them (no second case under a
        customer's case number)."""
        vals = {"name": "Forged recall case", "partner_id": self.customer2.partner_id.id,
                "team_id": self.team_a.id}
        drive = self.env["cx.test.drive"].create({
            "customer_name": "Test origin driver", "email": "origin.driver@drivers.example.org",
            "outlet_id": self.outlet_a.id,
        })
        for origin in ({"campaign_id": self.draft_campaign.id}, {"test_drive_id": drive.id},
                       {"number": self.cases[0].number}):
            with self.subTest(origin=origin):
                self.assertDefaultsRefused("cx_agent_a", CASE, vals, origin)
        self.assertEqual(self.draft_campaign.case_count, 0)

    def test_order_of_another_market_not_linked(self):
        """An agent of market A once linked a case of theirs to the same customer's
        order in market B over JSON-RPC (the customer matched): the case then showed
        that order and copied its VIN, records the agent may not read."""
        Order = self.env["vehicle.order"]
        order_b, order_a = (Order.create({
            "name": name, "partner_id": self.customer.partner_id.id, "outlet_id": outlet.id,
            "vehicle_model": "Aurora Polaris 4", "vin": vin, "order_date": "2026-01-05",
        }) for name, outlet, vin in (("T-CX-ORDER-B", self.outlet_b, "YSMFT6BA4RB000001"),
                                     ("T-CX-ORDER-A", self.outlet_a, False)))
        case = self._case(outlet_id=self.outlet_a.id)
        self.assertRpcRefused("cx_agent_a", CASE, "write", [case.ids, {"order_id": order_b.id}])
        self.assertRpcRefused("cx_agent_a", CASE, "create", [{
            "name": "Forged link", "partner_id": self.customer.partner_id.id,
            "team_id": self.team_a.id, "order_id": order_b.id,
        }])
        self.env.invalidate_all()
        self.assertFalse(case.order_id or case.vin)
        self.call_kw("cx_agent_a", CASE, "write", [case.ids, {"order_id": order_a.id}])
        self.assertEqual(case.order_id, order_a)

    def test_contact_of_another_market_not_linked(self):
        """Nor a contact of another market, whose email and phone the case copies."""
        other = self.env["res.partner"].create({
            "name": "Test B contact", "email": "b.contact@example.com",
            "phone": "+32 470 00 00 01", "company_id": self.market_b.id,
        })
        case = self._case()
        self.assertRpcRefused("cx_agent_a", CASE, "write", [case.ids, {"partner_id": other.id}])
        self.assertRpcRefused("cx_agent_a", CASE, "create", [{
            "name": "Forged customer", "team_id": self.team_a.id, "partner_id": other.id,
        }])
        self.assertRpcRefused("cx_agent_a", CASE, "create", [{
            "name": "Forged customer", "team_id": self.team_a.id,
        }], context={"default_partner_id": other.id})
        self.env.invalidate_all()
        self.assertEqual(case.partner_id, self.customer.partner_id)
        self.call_kw("cx_agent_a", CASE, "write",
                     [case.ids, {"partner_id": self.customer2.partner_id.id}])
        self.assertEqual(case.partner_id, self.customer2.partner_id)

    def test_case_origin_is_the_servers(self):
        """An agent once took a case out of its campaign (or put one into another
        campaign), renumbered it and tied it to another test drive over JSON-RPC: a
        resumed campaign then opened a second case for the customer, and its progress
        counted cases it never opened. Set when the case is made, then final."""
        case = self.cases.filtered(lambda c: c.stage_kind == "new")
        number = case.number
        for vals in ({"campaign_id": self.draft_campaign.id}, {"number": "CX-FORGED-1"},
                     {"test_drive_id": False}, {"origin_channel_id": False}):
            with self.subTest(vals=vals):
                self.assertRpcRefused("cx_agent_a", CASE, "write", [case.ids, vals])
        self.env.invalidate_all()
        self.assertEqual((case.number, case.campaign_id), (number, self.env[CAMPAIGN]))
        self.assertEqual(self.draft_campaign.case_count, 0)
        self.call_kw("cx_agent_a", CASE, "write", [case.ids, {"priority": "2"}])
        self.assertEqual(case.priority, "2")
