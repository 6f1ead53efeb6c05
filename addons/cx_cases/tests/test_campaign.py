from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CxCommon


class CampaignCommon(CxCommon):
    """25 owners with an order in market A, and a campaign of market A selecting them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.owners = Partner.create([
            {"name": f"Sunroof owner {i:02d}", "email": f"owner{i}@owners.example.org",
             "ref": "SUNROOF-TEST"}
            for i in range(25)
        ])
        # Customers belong to a market through their orders (or cases) there.
        cls._orders(cls.owners, cls.outlet_a)
        cls.campaign = cls.env["cx.campaign"].create({
            "name": "Sunroof seal replacement", "kind": "recall",
            "company_id": cls.market_a.id, "team_id": cls.team_a.id,
            "target_model": "res.partner",
            "target_domain": "[('ref', '=', 'SUNROOF-TEST')]",
        })

    @classmethod
    def _orders(cls, partners, outlet):
        return cls.env["vehicle.order"].create([{
            "partner_id": partner.id, "outlet_id": outlet.id,
            "vehicle_model": "Test Sunroof Model",
        } for partner in partners])

    def _run_cron(self, batch_size=10):
        """Run the cron method; outside a cron _commit_progress commits, which a
        test cursor forbids: flush instead (the batches are the same)."""
        with patch.object(self.env.cr, "commit", self.env.cr.flush):
            self.env["cx.campaign"]._cron_open_cases(batch_size=batch_size)
        self.env.invalidate_all()


@tagged("post_install", "-at_install")
class TestCampaign(CampaignCommon):
    """One case per affected customer, in committed batches, resumable."""

    def test_preview_counts_customers(self):
        self.campaign.action_preview()
        self.assertEqual(self.campaign.target_count, 25)

    def test_one_case_per_customer_and_idempotent(self):
        self.campaign.action_start()
        self.assertEqual(self.campaign.state, "running")
        self._run_cron()
        self.assertEqual(self.campaign.state, "open")
        self.assertEqual(self.campaign.case_count, 25)
        self.assertEqual(self.campaign.progress, 100.0)
        self.assertEqual(self.campaign.case_ids.partner_id, self.owners)
        self.assertEqual(set(self.campaign.case_ids.mapped("campaign_outcome")), {"pending"})
        self.assertTrue(all(self.campaign.case_ids.mapped("date_due")))
        # Running again (as after a restart) adds nothing.
        self.campaign.state = "running"
        self._run_cron()
        self.assertEqual(self.campaign.case_count, 25)

    def test_database_refuses_a_second_case_for_a_customer(self):
        self.campaign._open_cases_batch(self.owners[:1].ids)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), \
                self.env.cr.savepoint():
            self.env["cx.case"].sudo().create({
                "name": "Duplicate", "campaign_id": self.campaign.id,
                "partner_id": self.owners[0].id, "team_id": self.team_a.id,
            })
            self.env.flush_all()

    def test_resume_after_crash(self):
        """Worker killed in the third batch: the two committed batches stay, the
        third is rolled back, and the next run opens exactly the missing cases."""
        self.campaign.action_start()
        cr = self.env.cr
        original = type(self.campaign)._open_cases_batch
        calls = {"count": 0}
        transaction = [cr.savepoint()]

        def commit():
            # What a commit means here: the work so far survives a later rollback.
            transaction[0].close(rollback=False)
            transaction[0] = cr.savepoint()

        def crash_on_third(campaign, partner_ids):
            calls["count"] += 1
            if calls["count"] == 3:
                original(campaign, partner_ids[:2])  # half-done, never committed
                cr.flush()
                raise RuntimeError("worker killed")
            return original(campaign, partner_ids)

        # Not assertRaises: its savepoint would be released by the simulated commits.
        crashed = False
        with patch.object(type(self.campaign), "_open_cases_batch", crash_on_third), \
                patch.object(cr, "commit", commit):
            try:
                self.env["cx.campaign"]._cron_open_cases(batch_size=10)
            except RuntimeError:
                crashed = True
        self.assertTrue(crashed)
        transaction[0].close(rollback=True)  # the crashed transaction
        self.env.invalidate_all()
        self.assertEqual(self.campaign.state, "running")
        self.assertEqual(self.campaign.case_count, 20, "two committed batches of 10")
        self.assertEqual(len(self.campaign._missing_partner_ids()), 5)
        self._run_cron()
        self.assertEqual(self.campaign.case_count, 25)
        self.assertEqual(len(self.campaign.case_ids.partner_id), 25)
        self.assertEqual(self.campaign.state, "open")

    def test_committed_batches_survive_a_crash(self):
        """With real batches committed (savepoints released), a crash keeps them."""
        self.campaign.action_start()
        self.campaign._open_cases_batch(self.campaign._missing_partner_ids(limit=10))
        self.assertEqual(len(self.campaign._missing_partner_ids()), 15)
        self._run_cron()
        self.assertEqual(self.campaign.case_count, 25)

    def test_outcomes(self):
        self.campaign.action_start()
        self._run_cron()
        cases = self.campaign.case_ids.sorted("id")
        cases[0].campaign_outcome = "not_reached"
        cases[1].campaign_outcome = "informed"
        cases[2].campaign_outcome = "appointment"
        self.campaign.invalidate_recordset(["contacted_rate", "outcome_summary"])
        self.assertAlmostEqual(self.campaign.contacted_rate, 200.0 / 25)
        self.assertEqual(self.campaign.outcome_summary["Appointment booked"], 1)

    def test_bad_target_refused(self):
        with self.assertRaises(ValidationError):
            self.campaign.target_domain = "[('ref', '=', "
        with self.assertRaises(ValidationError):
            self.campaign.vin_list = "WVWZZZ1JZXW000001\nNOT A VIN"
        empty = self.campaign.copy({"target_domain": "[('ref', '=', 'NOBODY')]"})
        with self.assertRaises(UserError):
            empty.action_start()

    def test_started_target_is_frozen(self):
        self.campaign.action_start()
        with self.assertRaises(UserError):
            self.campaign.target_domain = "[]"


@tagged("post_install", "-at_install")
class TestCampaignMarkets(CampaignCommon):
    """A campaign reaches the customers of its own market only, whoever runs it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        # A customer of market B, matched by the same domain as market A's owners.
        cls.owner_b = Partner.create({"name": "Sunroof owner B", "ref": "SUNROOF-TEST"})
        cls.order_b = cls._orders(cls.owner_b, cls.outlet_b)

    def _new_campaign(self, user, **vals):
        return self.env["cx.campaign"].with_user(user).create({
            "name": "Market recall", "company_id": self.market_a.id,
            "team_id": self.team_a.id, "target_model": "res.partner",
            "target_domain": "[('ref', '=', 'SUNROOF-TEST')]", **vals,
        })

    def test_supervisor_preview_counts_own_market_only(self):
        campaign = self._new_campaign(self.supervisor_a)
        campaign.action_preview()
        self.assertEqual(campaign.target_count, 25, "the market B owner is not counted")
        self.assertNotIn(self.owner_b.id, campaign._target_partner_ids())

    def test_order_campaign_runs_in_its_market_only(self):
        """Every order of the database matches the domain; the cases are opened for
        market A's customers, each with their market A order (an order of market B
        would bring an outlet of market B and fail the company check)."""
        campaign = self._new_campaign(
            self.supervisor_a, target_model="vehicle.order", target_domain="[]",
        )
        campaign.action_preview()
        self.assertEqual(campaign.target_count, 25)
        campaign.action_start()
        self._run_cron()
        self.assertEqual(campaign.state, "open")
        self.assertEqual(campaign.case_ids.partner_id, self.owners)
        self.assertNotIn(self.owner_b, campaign.case_ids.commercial_partner_id)
        self.assertEqual(campaign.case_ids.order_id.company_id, self.market_a)
        self.assertEqual(campaign.case_ids.outlet_id, self.outlet_a)

    def test_partner_campaign_run_skips_other_market(self):
        campaign = self._new_campaign(self.supervisor_a)
        campaign.action_start()
        self._run_cron()
        self.assertEqual(campaign.state, "open")
        self.assertEqual(campaign.case_ids.partner_id, self.owners)

    def test_empty_domain_targets_no_employee_or_company_partner(self):
        """Company partners, their contacts and internal users' partners stay out even
        when they have cases or orders in the market."""
        staff = self.env["res.partner"].create({
            "name": "Market A staff contact", "parent_id": self.market_a.partner_id.id,
        })
        for partner in (self.agent_a.partner_id, self.market_a.partner_id, staff):
            self._case(partner=partner)
        self._orders(self.supervisor_a.partner_id, self.outlet_a)
        campaign = self._new_campaign(self.supervisor_a, target_domain="[]")
        targets = self.env["res.partner"].browse(campaign._target_partner_ids())
        self.assertEqual(targets, self.owners)
        campaign.action_preview()
        self.assertEqual(campaign.target_count, 25)

    def test_partner_of_another_market_not_targeted(self):
        """A partner held by market B is not market A's, even with a case in A."""
        held = self.env["res.partner"].create({
            "name": "Held by B", "ref": "SUNROOF-TEST", "company_id": self.market_b.id,
        })
        self._case(partner=held)
        self.assertNotIn(held.id, self.campaign._target_partner_ids())

    def test_agent_cannot_preview(self):
        campaign = self._new_campaign(self.supervisor_a)
        with self.assertRaises(AccessError):
            campaign.with_user(self.agent_a).action_preview()


@tagged("post_install", "-at_install")
class TestCampaignState(CampaignCommon):
    """state and target_count are the campaign's own: set by its methods only."""

    def test_state_fields_refused_over_rpc(self):
        self.campaign.action_start()
        for user in (self.supervisor_a, self.cx_manager):
            campaign = self.campaign.with_user(user)
            for vals in ({"state": "draft"}, {"target_count": 1}, {"state": "done"}):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    campaign.write(vals)
            with self.assertRaises(UserError):
                campaign.target_domain = "[]"
            with self.assertRaises(UserError):
                campaign.action_preview()
        self.assertEqual(self.campaign.state, "running")
        self.assertEqual(self.campaign.target_count, 25)

    def test_create_in_another_state_refused(self):
        for vals in ({"state": "running"}, {"target_count": 3}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.campaign.with_user(self.supervisor_a).copy(vals)
        # The default values are fine (what an import or a form may send).
        self.campaign.with_user(self.supervisor_a).copy({"state": "draft", "target_count": 0})

    def test_transitions_checked(self):
        supervisor_campaign = self.campaign.with_user(self.supervisor_a)
        with self.assertRaises(UserError):
            supervisor_campaign.action_done()
        supervisor_campaign.action_start()
        with self.assertRaises(UserError):
            supervisor_campaign.action_start()
        supervisor_campaign.action_cancel()
        self.assertEqual(self.campaign.state, "cancelled")
        with self.assertRaises(UserError):
            supervisor_campaign.action_cancel()

    def test_failing_batch_stops_the_campaign(self):
        """A subject longer than a case accepts fails every batch of this campaign: it
        stops with the error in its chatter instead of a traceback every hour, and the
        other running campaigns still get their cases."""
        other = self.campaign.copy({"name": "Other recall"})
        other.action_start()
        self.campaign.name = "Sunroof " * 80
        self.campaign.action_start()
        with mute_logger("odoo.addons.cx_cases.models.cx_campaign"):
            self._run_cron()
        self.assertEqual(self.campaign.state, "failed")
        self.assertFalse(self.campaign.case_ids)
        self.assertTrue(self.campaign.message_ids.filtered(
            lambda m: "stopped on an error" in m.body and "too long" in m.body
        ))
        self.assertEqual(other.state, "open")
        self.assertEqual(other.case_count, 25)
        # Fixed, it resumes through the same transition as a start.
        self.campaign.name = "Sunroof seal replacement"
        self.campaign.with_user(self.supervisor_a).action_start()
        self._run_cron()
        self.assertEqual(self.campaign.state, "open")
        self.assertEqual(self.campaign.case_count, 25)

    def test_cancel_while_opening_stops_the_job(self):
        """A supervisor cancels the campaign while the job opens its cases: the job
        stops after the committed batch and leaves it cancelled."""
        self.campaign.action_start()
        original = type(self.campaign)._open_cases_batch
        supervisor = self.supervisor_a

        def cancel_after_first(campaign, partner_ids):
            cases = original(campaign, partner_ids)
            campaign.with_user(supervisor).action_cancel()
            return cases

        with patch.object(type(self.campaign), "_open_cases_batch", cancel_after_first):
            self._run_cron()
        self.assertEqual(self.campaign.state, "cancelled")
        self.assertEqual(self.campaign.case_count, 10)


@tagged("post_install", "-at_install")
class TestCampaignCustomerUnique(CampaignCommon):
    """One case per customer entity (commercial partner) and campaign."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.fleet = Partner.create({
            "name": "Sunroof Fleet BV", "is_company": True, "ref": "SUNROOF-TEST",
        })
        cls.fleet_contact = Partner.create({
            "name": "Fleet manager", "parent_id": cls.fleet.id,
        })
        cls._orders(cls.fleet, cls.outlet_a)

    def test_database_refuses_a_second_case_for_a_contact_of_the_customer(self):
        self.campaign._open_cases_batch(self.fleet.ids)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), \
                self.env.cr.savepoint():
            self.env["cx.case"].sudo().create({
                "name": "Duplicate", "campaign_id": self.campaign.id,
                "partner_id": self.fleet_contact.id, "team_id": self.team_a.id,
            })
            self.env.flush_all()
        self.assertEqual(len(self.campaign._missing_partner_ids()), 25)
        # The resume after the refused attempt opens the others, none twice.
        self.campaign.action_start()
        self._run_cron()
        self.assertEqual(self.campaign.case_count, 26)
        self.assertEqual(len(self.campaign.case_ids.commercial_partner_id), 26)

    def test_resume_after_case_moved_to_a_contact(self):
        """An agent files the case on the fleet manager (a contact of the customer):
        a resume opens no second case for the customer."""
        self.campaign.action_start()
        self._run_cron()
        self.assertEqual(self.campaign.case_count, 26)
        case = self.campaign.case_ids.filtered(lambda c: c.partner_id == self.fleet)
        case.with_user(self.agent_a).partner_id = self.fleet_contact
        self.campaign.state = "running"  # as after a crash before the end
        self.assertFalse(self.campaign._missing_partner_ids())
        self._run_cron()
        self.assertEqual(self.campaign.case_count, 26)
        self.assertEqual(self.campaign.state, "open")

    def test_case_cannot_pass_to_another_customer(self):
        """Over RPC as in the form: a campaign case stays with its customer; a resume
        would otherwise miss the new customer while their old case moved away."""
        self.campaign.action_start()
        self._run_cron()
        case = self.campaign.case_ids.filtered(lambda c: c.partner_id == self.fleet)
        other = self.campaign.case_ids.filtered(lambda c: c.partner_id != self.fleet)[:1]
        with self.assertRaises(UserError):
            case.with_user(self.agent_a).write({"partner_id": other.partner_id.id})
        self.assertEqual(case.partner_id, self.fleet)
