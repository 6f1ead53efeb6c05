from datetime import date

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import NetworkAuditCommon

OCT = date(2026, 10, 5)


@tagged("post_install", "-at_install")
class TestScheduling(NetworkAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Audit = cls.env["network.audit"]

    def _ref(self, xmlid):
        return self.env.ref(f"network_audit.{xmlid}")

    def _outlets_a(self, count):
        """More Spaces in market A, active."""
        outlets = self.env["dealer.outlet"].create([
            {"name": f"Test Space A{n}", "code": f"TSA{n}", "company_id": self.market_a.id,
             "kind": "space", "sales_model": "agency", "state": "onboarding"}
            for n in range(count)
        ])
        outlets.action_activate()
        return outlets

    def test_plan_one_audit_per_outlet(self):
        audits = self.program._plan_audits(day=OCT)
        self.assertEqual(audits.outlet_id, self.outlet_a | self.outlet_b)
        self.assertEqual(len(audits), 2)
        self.assertRecordValues(audits.sorted("outlet_id"), [
            {"state": "planned", "period_start": date(2026, 10, 1), "date": date(2026, 10, 15),
             "program_id": self.program.id, "pass_threshold": 80.0}
        ] * 2)

    def test_dealership_only_standard(self):
        """The paperwork standard is for the dealership sales model only."""
        audits = self.program._plan_audits(day=OCT)
        audit_a = audits.filtered(lambda a: a.outlet_id == self.outlet_a)
        audit_b = audits.filtered(lambda a: a.outlet_id == self.outlet_b)
        self.assertNotIn(self.std_paperwork, audit_a.line_ids.standard_id)
        self.assertIn(self.std_paperwork, audit_b.line_ids.standard_id)
        self.assertEqual(len(audit_a.line_ids), 3)
        self.assertEqual(len(audit_b.line_ids), 4)
        self.assertEqual(audit_b.line_ids.mapped("sequence"), [1, 2, 3, 4])
        self.assertEqual(audit_b.line_ids.mapped("section_name"),
                         ["Welcome", "Welcome", "Safety and paperwork", "Safety and paperwork"])

    def test_program_for_outlet_kinds(self):
        self.program.kind_ids = self._ref("outlet_kind_space")
        self.assertEqual(self.program._plan_audits(day=OCT).outlet_id, self.outlet_a)

    def test_program_for_sales_models(self):
        self.program.sales_model_ids = self._ref("sales_model_dealership")
        self.assertEqual(self.program._plan_audits(day=OCT).outlet_id, self.outlet_b)

    def test_program_for_markets(self):
        self.program.market_ids = self.market_b
        self.assertEqual(self.program._plan_audits(day=OCT).outlet_id, self.outlet_b)

    def test_program_for_region_covers_its_markets(self):
        self.program.market_ids = self.region
        self.assertEqual(self.program._plan_audits(day=OCT).outlet_id,
                         self.outlet_a | self.outlet_b)

    def test_program_of_a_market(self):
        """Without markets set, a program audits the outlets of its own company."""
        self.program.company_id = self.market_a
        self.assertEqual(self.program._plan_audits(day=OCT).outlet_id, self.outlet_a)

    def test_standard_for_markets(self):
        self.std_clean.market_ids = self.market_b
        audits = self.program._plan_audits(day=OCT)
        for outlet, expected in ((self.outlet_a, False), (self.outlet_b, True)):
            with self.subTest(outlet=outlet.name):
                audit = audits.filtered(lambda a, o=outlet: a.outlet_id == o)
                self.assertEqual(self.std_clean in audit.line_ids.standard_id, expected)

    def test_inactive_outlets_not_planned(self):
        self.outlet_b.write({"state": "suspended", "state_reason": "Test: renovation"})
        self.assertEqual(self.program._plan_audits(day=OCT).outlet_id, self.outlet_a)

    def test_planning_twice_plans_nothing_new(self):
        first = self.program._plan_audits(day=OCT)
        self.assertEqual(len(first), 2)
        self.assertFalse(self.program._plan_audits(day=date(2026, 10, 28)))
        self.assertEqual(self.Audit.search_count([("program_id", "=", self.program.id)]), 2)

    def test_cancelled_audit_not_replanned(self):
        """Cancelling is a decision for the period: planning does not undo it."""
        audits = self.program._plan_audits(day=OCT)
        audits[0].action_cancel()
        self.assertFalse(self.program._plan_audits(day=OCT))

    def test_new_period_plans_again(self):
        self.program._plan_audits(day=OCT)
        november = self.program._plan_audits(day=date(2026, 11, 2))
        self.assertEqual(len(november), 2)
        self.assertEqual(set(november.mapped("period_start")), {date(2026, 11, 1)})

    def test_quarterly_period(self):
        self.program.frequency = "quarterly"
        audits = self.program._plan_audits(day=date(2026, 11, 20))
        self.assertEqual(set(audits.mapped("period_start")), {date(2026, 10, 1)})
        self.assertFalse(self.program._plan_audits(day=date(2026, 12, 31)))
        self.assertEqual(self.program._period_end(date(2026, 10, 1)), date(2026, 12, 31))

    def test_cron_plans_running_programs_once(self):
        today = fields.Date.context_today(self.program)
        period = self.program._period_start(today)
        Program = self.env["network.audit.program"]
        planned = Program._cron_plan_audits()
        ours = planned.filtered(lambda a: a.program_id == self.program)
        self.assertEqual(ours.outlet_id, self.outlet_a | self.outlet_b)
        self.assertEqual(set(ours.mapped("period_start")), {period})
        self.assertFalse(Program._cron_plan_audits())

    def test_cron_skips_stopped_programs(self):
        self.program.action_stop()
        planned = self.env["network.audit.program"]._cron_plan_audits()
        self.assertFalse(planned.filtered(lambda a: a.program_id == self.program))

    def test_cron_skips_draft_programs(self):
        draft = self.program.copy({"name": "Test draft program", "state": "draft"})
        planned = self.env["network.audit.program"]._cron_plan_audits()
        self.assertFalse(planned.filtered(lambda a: a.program_id == draft))

    def test_auditor_of_the_outlet_market(self):
        self.program.auditor_ids = self.auditor_a | self.auditor_b
        audits = self.program._plan_audits(day=OCT)
        for outlet, auditor in ((self.outlet_a, self.auditor_a), (self.outlet_b, self.auditor_b)):
            with self.subTest(outlet=outlet.name):
                audit = audits.filtered(lambda a, o=outlet: a.outlet_id == o)
                self.assertEqual(audit.auditor_ids, auditor)

    def test_auditor_from_group_when_program_has_none(self):
        """Without auditors on the program, any auditor allowed in the market."""
        audit_b = self.program._plan_audits(day=OCT).filtered(
            lambda a: a.outlet_id == self.outlet_b
        )
        self.assertEqual(audit_b.auditor_ids, self.auditor_b)

    def test_auditors_balanced_by_load(self):
        self.program.auditor_ids = self.auditor_a | self.auditor_a2
        self._outlets_a(6)
        audits = self.program._plan_audits(day=OCT).filtered(
            lambda a: a.company_id == self.market_a
        )
        self.assertEqual(len(audits), 7)
        counts = [len(audits.filtered(lambda a, u=user: a.auditor_ids == u))
                  for user in (self.auditor_a, self.auditor_a2)]
        self.assertEqual(sum(counts), 7, "every audit has one auditor")
        self.assertLessEqual(abs(counts[0] - counts[1]), 1, counts)

    def test_open_audits_count_in_the_load(self):
        """An auditor already busy with open audits gets the new ones last."""
        other = self.program.copy({"name": "Test other program"})
        other.action_start()
        busy = self._outlets_a(2)
        other.auditor_ids = self.auditor_a
        other._plan_audits(day=OCT)  # auditor_a: 3 open audits (outlet_a + 2)
        self.program.auditor_ids = self.auditor_a | self.auditor_a2
        self.program.market_ids = self.market_a
        audits = self.program._plan_audits(day=OCT)
        self.assertEqual(audits.outlet_id, self.outlet_a | busy)
        self.assertEqual(len(audits.filtered(lambda a: a.auditor_ids == self.auditor_a2)), 3)

    def test_done_audits_do_not_count_in_the_load(self):
        self.assertFalse(self.Audit._auditor_load().get(self.auditor_a.id))
        audit = self._create_audit()
        self.assertEqual(self.Audit._auditor_load()[self.auditor_a.id], 1)
        audit.action_cancel()
        self.assertFalse(self.Audit._auditor_load().get(self.auditor_a.id))

    def test_no_auditor_allowed_in_market(self):
        self.program.auditor_ids = self.auditor_b
        audits = self.program._plan_audits(day=OCT)
        audit_a = audits.filtered(lambda a: a.outlet_id == self.outlet_a)
        self.assertTrue(audit_a, "the audit is planned, for an auditor to be set by hand")
        self.assertFalse(audit_a.auditor_ids)
        self.assertEqual(audits.filtered(lambda a: a.outlet_id == self.outlet_b).auditor_ids,
                         self.auditor_b)

    def test_archived_auditor_not_assigned(self):
        self.program.auditor_ids = self.auditor_a | self.auditor_a2
        self.auditor_a.active = False
        audits = self.program._plan_audits(day=OCT)
        self.assertEqual(audits.filtered(lambda a: a.outlet_id == self.outlet_a).auditor_ids,
                         self.auditor_a2)

    def test_unique_audit_per_program_outlet_period(self):
        self._create_audit(date="2026-10-10")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), \
                self.env.cr.savepoint():
            self._create_audit(date="2026-10-25")

    def test_duplicate_allowed_once_cancelled(self):
        first = self._create_audit(date="2026-10-10")
        first.action_cancel()
        first.flush_recordset(["state"])  # the index is checked by PostgreSQL
        second = self._create_audit(date="2026-10-25")
        self.assertEqual(second.period_start, first.period_start)
        self.assertEqual(second.state, "planned")

    def test_same_outlet_other_program_or_period(self):
        self._create_audit(date="2026-10-10")
        self._create_audit(date="2026-11-10")
        other = self.program.copy({"name": "Test other program"})
        audit = self.Audit.create({
            "program_id": other.id, "outlet_id": self.outlet_a.id, "date": "2026-10-12",
            "auditor_ids": [Command.set(self.auditor_a.ids)],
        })
        self.assertEqual(audit.period_start, date(2026, 10, 1))
