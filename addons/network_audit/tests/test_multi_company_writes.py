"""Multi-company writes: a market's users read the programs of
their region and head office but change only their own; nothing moves to a market
the user does not hold."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.module import load_script
from odoo.tests import tagged
from odoo.tools import file_path, mute_logger

from .common import NetworkAuditCommon


@tagged("post_install", "-at_install")
class TestProgramCompanyWrites(NetworkAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_asia_region()
        cls.program_region = cls.program  # Europe-wide: owned by the region
        Program = cls.env["network.audit.program"]
        cls.program_global = Program.create({"name": "Test global program",
                                             "company_id": cls.hq.id})
        cls.program_global.action_start()
        cls.program_market = Program.create({"name": "Test market A program",
                                             "company_id": cls.market_a.id})
        cls.program_market.action_start()

    def assertNoAccess(self, func, *args):
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            func(*args)

    def test_officer_reads_but_cannot_change_region_and_global_programs(self):
        for program in (self.program_region, self.program_global):
            as_officer = self._as(self.officer_ab, program)
            with self.subTest(program=program.name):
                self.assertEqual(as_officer.read(["name"])[0]["name"], program.name)
                self.assertNoAccess(as_officer.write, {"pass_threshold": 10.0})
                self.assertNoAccess(as_officer.action_stop)
                self.assertNoAccess(as_officer.unlink)
                self.assertEqual(program.pass_threshold, 80.0)
                self.assertEqual(program.state, "running")

    def test_officer_changes_programs_of_own_markets(self):
        as_officer = self._as(self.officer_ab, self.program_market)
        as_officer.write({"pass_threshold": 75.0})
        as_officer.action_stop()
        self.assertRecordValues(self.program_market, [{"pass_threshold": 75.0,
                                                       "state": "stopped"}])

    def test_officer_cannot_move_a_program_up_or_abroad(self):
        as_officer = self._as(self.officer_ab, self.program_market)
        for company in (self.region, self.hq, self.market_asia):
            with self.subTest(company=company.name):
                self.assertNoAccess(as_officer.write, {"company_id": company.id})
        self.assertEqual(self.program_market.company_id, self.market_a)
        as_officer.write({"company_id": self.market_b.id})  # between own markets
        self.assertEqual(self.program_market.company_id, self.market_b)

    def test_officer_cannot_create_region_program(self):
        Program = self._as(self.officer_ab, self.env["network.audit.program"])
        self.assertNoAccess(Program.create, {"name": "Test regional",
                                             "company_id": self.region.id})
        self.assertTrue(Program.create({"name": "Test local", "company_id": self.market_b.id}))

    def test_manager_of_the_head_office_changes_them(self):
        for program in (self.program_region, self.program_global):
            as_manager = self._as(self.manager_hq, program)
            with self.subTest(program=program.name):
                as_manager.write({"pass_threshold": 85.0})
                as_manager.action_stop()
                self.assertRecordValues(program, [{"pass_threshold": 85.0,
                                                   "state": "stopped"}])

    def test_read_and_write_rules_differ(self):
        read_rule = self.env.ref("network_audit.network_audit_program_rule_company")
        write_rule = self.env.ref("network_audit.network_audit_program_rule_company_write")
        self.assertRecordValues(read_rule | write_rule, [
            {"perm_read": True, "perm_write": False, "perm_create": False,
             "perm_unlink": False, "global": True},
            {"perm_read": False, "perm_write": True, "perm_create": True,
             "perm_unlink": True, "global": True},
        ])


    def test_upgrade_narrows_the_read_rule_of_an_existing_database(self):
        """A database installed before 19.0.1.1.0 kept the rule granting every
        permission (noupdate): the version's migration script narrows it to read."""
        read_rule = self.env.ref("network_audit.network_audit_program_rule_company")
        read_rule.write({"perm_write": True, "perm_create": True, "perm_unlink": True})
        script = file_path("network_audit/migrations/19.0.1.1.0/post-migrate.py")
        load_script(script, "network_audit_post_migrate_19_0_1_1_0").migrate(
            self.env.cr, "19.0.1.0.0")
        self.assertRecordValues(read_rule, [{
            "perm_read": True, "perm_write": False, "perm_create": False,
            "perm_unlink": False,
        }])
        as_officer = self._as(self.officer_ab, self.program_region)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            as_officer.write({"pass_threshold": 0.0})

@tagged("post_install", "-at_install")
class TestAuditCompanyWrites(NetworkAuditCommon):
    def test_officer_cannot_move_a_planned_audit_to_another_market(self):
        """Its market follows its outlet: an outlet of a market the officer does not
        hold is refused even when its id is known."""
        audit = self._create_audit(date="2026-12-10")
        # Refused for the market (AccessError) or, first, for its auditor of market A
        # (ValidationError: test_auditor_assignment).
        for vals in ({"outlet_id": self.outlet_b.id},
                     {"outlet_id": self.outlet_b.id, "auditor_ids": self.auditor_b.ids}):
            with self.subTest(vals=vals), self.assertRaises(UserError), \
                    mute_logger("odoo.models"):
                audit.with_user(self.officer).write(vals)
        self.assertEqual(audit.outlet_id, self.outlet_a)
        with self.assertRaises(ValidationError):
            audit.with_user(self.manager).write({"outlet_id": self.outlet_b.id})
        audit.with_user(self.manager).write({"outlet_id": self.outlet_b.id,
                                             "auditor_ids": self.auditor_b.ids})
        self.assertEqual(audit.company_id, self.market_b)
