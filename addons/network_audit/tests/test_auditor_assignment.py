"""Who may be an audit's or a program's auditor, whatever the caller sends over
JSON-RPC: an internal user holding the auditor group (officers hold it) who works in
the market. Before, the network officer assigned any user by id: a portal user, a CX
agent without the auditor group, an auditor of another market."""

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.rpc import call_kw

from .common import NetworkAuditCommon


@tagged("post_install", "-at_install")
class TestAuditorAssignment(NetworkAuditCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls._create_audit()
        cls.program_a = cls.env["network.audit.program"].create({
            "name": "Test market A program", "company_id": cls.market_a.id,
        })
        cls.agent_a = cls._new_user("na_agent_a", "base.group_user", cls.market_a)
        cls.outsiders = {
            "portal user": cls.dealer_a,
            "internal user without the auditor group": cls.agent_a,
            "auditor of another market": cls.auditor_b,
        }

    def _assign(self, model, record, users):
        return call_kw(self, model, "write", record.ids,
                       {"auditor_ids": [Command.set(users.ids)]})

    def test_officer_cannot_assign_an_outsider(self):
        self.authenticate(self.officer.login, self.officer.login)
        for model, record in (("network.audit", self.audit),
                              ("network.audit.program", self.program_a)):
            for what, user in self.outsiders.items():
                with self.subTest(model=model, user=what), mute_logger("odoo.http"):
                    __, error = self._assign(model, record, user)
                    self.assertEqual(error and error["name"],
                                     "odoo.exceptions.ValidationError", error)
                    self.assertIn(user.name, error["message"])
        self.env.invalidate_all()
        self.assertEqual(self.audit.auditor_ids, self.auditor_a)
        self.assertFalse(self.program_a.auditor_ids)
        with mute_logger("odoo.http"):
            __, error = call_kw(self, "network.audit", "create", {
                "program_id": self.program.id, "outlet_id": self.outlet_a.id,
                "date": "2027-03-12", "auditor_ids": [Command.set(self.dealer_a.ids)],
            })
        self.assertEqual(error and error["name"], "odoo.exceptions.ValidationError", error)
        self.assertIn(self.dealer_a.name, error["message"])

    def test_auditors_of_the_market_are_assigned(self):
        self.authenticate(self.officer.login, self.officer.login)
        for model, record in (("network.audit", self.audit),
                              ("network.audit.program", self.program_a)):
            with self.subTest(model=model):
                __, error = self._assign(model, record, self.auditor_a2 | self.officer)
                self.assertIsNone(error)
                self.assertEqual(record.auditor_ids, self.auditor_a2 | self.officer)

    def test_region_program_takes_the_auditors_of_its_markets(self):
        """A region's program lists the auditors of the markets below it."""
        self.program.auditor_ids = self.auditor_a | self.auditor_b
        self.assertEqual(self.program.auditor_ids, self.auditor_a | self.auditor_b)
