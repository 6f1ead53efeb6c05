from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CxCommon


@tagged("post_install", "-at_install")
class TestCampaign(CxCommon):
    """One case per affected customer, in committed batches, resumable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.owners = Partner.create([
            {"name": f"Sunroof owner {i:02d}", "email": f"owner{i}@owners.example.org",
             "ref": "SUNROOF-TEST"}
            for i in range(25)
        ])
        cls.campaign = cls.env["cx.campaign"].create({
            "name": "Sunroof seal replacement", "kind": "recall",
            "company_id": cls.market_a.id, "team_id": cls.team_a.id,
            "target_model": "res.partner",
            "target_domain": "[('ref', '=', 'SUNROOF-TEST')]",
        })

    def _run_cron(self, batch_size=10):
        """Run the cron method; outside a cron _commit_progress commits, which a
        test cursor forbids: flush instead (the batches are the same)."""
        with patch.object(self.env.cr, "commit", self.env.cr.flush):
            self.env["cx.campaign"]._cron_open_cases(batch_size=batch_size)
        self.env.invalidate_all()

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
