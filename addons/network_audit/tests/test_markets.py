import itertools
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.market_matrix import MarketMatrixMixin

from .common import NetworkAuditCommon

LIBRARY = ("network.audit.standard", "network.audit.standard.option",
           "network.audit.category")
LIBRARY_READ = dict.fromkeys(LIBRARY, "r")
# Per role: letters on a record of market A / of market B (see dealer_profile's
# market_matrix.py); the library of standards is shared by every market. Officer B
# stands for the German officer; the auditor of A is assigned the audits of market A.
MARKET_RIGHTS = {
    "viewer_a": {
        "network.audit": "r/", "network.audit.line": "r/", "network.audit.action": "r/",
        "network.audit.program": "r/", "network.audit.program.section": "r/",
        **LIBRARY_READ,
    },
    "auditor_a": {
        "network.audit": "rw/", "network.audit.line": "rw/", "network.audit.action": "crw/",
        "network.audit.program": "r/", "network.audit.program.section": "r/",
        **LIBRARY_READ,
    },
    "officer_a": {
        "network.audit": "crw/", "network.audit.line": "crw/",
        "network.audit.action": "crw/", "network.audit.program": "crw/",
        "network.audit.program.section": "crwu/", **LIBRARY_READ,
    },
    "officer_b": {
        "network.audit": "/crw", "network.audit.line": "/crw",
        "network.audit.action": "/crw", "network.audit.program": "/crw",
        "network.audit.program.section": "/crwu", **LIBRARY_READ,
    },
    "manager": {
        "network.audit": "crwu/crwu", "network.audit.line": "crwu/crwu",
        "network.audit.action": "crwu/crwu", "network.audit.program": "crwu/crwu",
        "network.audit.program.section": "crwu/crwu", **dict.fromkeys(LIBRARY, "crwu"),
    },
    # portal: validated audits and sent items of the outlets they manage (A)
    "dealer": {
        "network.audit": "r/", "network.audit.line": "r/", "network.audit.action": "r/",
        "network.audit.program": "", "network.audit.program.section": "",
        "network.audit.standard": "r", "network.audit.standard.option": "r",
        "network.audit.category": "",
    },
    "customer": {
        "network.audit": "", "network.audit.line": "", "network.audit.action": "",
        "network.audit.program": "", "network.audit.program.section": "",
        "network.audit.standard": "r", "network.audit.standard.option": "r",
        "network.audit.category": "",
    },
}


class AuditMarketsCommon(NetworkAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer_b = cls._new_user(
            "na_officer_b", "dealer_profile.group_network_officer", cls.market_b
        )
        cls.viewer_a = cls._new_user(
            "na_viewer_a", "network_audit.group_audit_viewer", cls.market_a
        )
        cls.std_choice = cls.env["network.audit.standard"].create({
            "code": "T-CH-01", "name": "Brochures on display", "category_id": cls.category.id,
            "requirement": "<p>Current brochures.</p>", "answer_type": "choice",
            "evidence_rule": "never",
            "option_ids": [Command.create({"name": "All", "score": 100}),
                           Command.create({"name": "Some", "score": 50}),
                           Command.create({"name": "None", "score": 0})],
        })

    @classmethod
    def _answered_choice(cls, state):
        """A line of a started audit answered with the choice standard's second option,
        its audit then brought to the state (as the workflow would)."""
        audit = cls._create_audit(date="2026-09-10")
        audit.action_start()
        line = cls.env["network.audit.line"].create({
            "audit_id": audit.id, "standard_id": cls.std_choice.id,
            "option_id": cls.std_choice.option_ids[1].id, "sequence": 99,
        })
        audit.state = state
        return line


@tagged("post_install", "-at_install")
class TestAuditMarketMatrix(MarketMatrixMixin, AuditMarketsCommon):
    """Each role against each model and operation, on a record of market A and on one
    of market B, and on the shared library."""

    MARKET_RIGHTS = MARKET_RIGHTS
    READ_FIELD = {
        "network.audit": "name", "network.audit.line": "standard_code",
        "network.audit.action": "name", "network.audit.program": "name",
        "network.audit.program.section": "name", "network.audit.standard": "code",
        "network.audit.standard.option": "name", "network.audit.category": "name",
    }
    _counter = itertools.count(1)
    portal_stage = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Program = cls.env["network.audit.program"]
        cls.program_a = Program.create({"name": "Test program of A",
                                        "company_id": cls.market_a.id})
        cls.program_b = Program.create({"name": "Test program of B",
                                        "company_id": cls.market_b.id})
        cls.conducted = {}
        for market, outlet, auditor in (("A", cls.outlet_a, cls.auditor_a),
                                        ("B", cls.outlet_b, cls.auditor_b)):
            audit = cls._create_audit(outlet=outlet, auditor=auditor, date="2026-12-10")
            audit.action_start()
            cls.conducted[market] = audit

    def _matrix_users(self):
        return {
            "viewer_a": self.viewer_a, "auditor_a": self.auditor_a,
            "officer_a": self.officer, "officer_b": self.officer_b,
            "manager": self.manager, "dealer": self.dealer_a, "customer": self.customer,
        }

    def _matrix_vals(self, model, market):
        n = next(self._counter)
        audit = self.conducted[market]
        company = self.market_a if market == "A" else self.market_b
        return {
            "network.audit": lambda: {
                "program_id": self.program.id,
                "outlet_id": (self.outlet_a if market == "A" else self.outlet_b).id,
                "date": date(2031 + n // 12, n % 12 + 1, 10),
                "auditor_ids": [Command.set(
                    (self.auditor_a if market == "A" else self.auditor_b).ids)],
            },
            "network.audit.line": lambda: {
                "audit_id": audit.id, "standard_id": self.std_greeting.id,
                "sequence": 100 + n,
            },
            "network.audit.action": lambda: {
                "audit_id": audit.id, "name": f"Test item {n}", "due_date": "2026-12-31",
                # The outlet's own dealer: a responsible is a contact of its outlet.
                "responsible_user_id": (self.dealer_a if market == "A" else self.dealer_b).id,
            },
            "network.audit.program": lambda: {
                "name": f"Test program {n}", "company_id": company.id,
            },
            "network.audit.program.section": lambda: {
                "name": f"Test section {n}",
                "program_id": (self.program_a if market == "A" else self.program_b).id,
            },
            "network.audit.standard": lambda: {
                "code": f"T-MM-{n}", "name": f"Test standard {n}",
                "category_id": self.category.id, "requirement": "<p>Test.</p>",
            },
            "network.audit.standard.option": lambda: {
                "standard_id": self.std_choice.id, "name": f"Option {n}", "score": 10,
            },
            "network.audit.category": lambda: {"name": f"Test category {n}", "code": f"TMC{n}"},
        }[model]()

    def _matrix_record(self, model, market):
        record = super()._matrix_record(model, market)
        if self.portal_stage and model == "network.audit":
            record.state = "validated"
        if self.portal_stage and model == "network.audit.action":
            record.state = "open"
        if self.portal_stage and model == "network.audit.line":
            record.audit_id.state = "validated"
        return record

    def _matrix_write_vals(self, model):
        return {
            "network.audit": {"summary": "<p>Test summary</p>"},
            # Not an answer: answers are the audit's auditors' (test_workflow_guard).
            "network.audit.line": {"section_name": "Test section"},
            "network.audit.action": {"description": "Test finding"},
            "network.audit.program": {"name": "Test Renamed"},
            "network.audit.program.section": {"name": "Test Renamed"},
            "network.audit.standard": {"code": "T-MM-RENAMED"},
            "network.audit.standard.option": {"score": 20.0},
            "network.audit.category": {"name": "Test Renamed"},
        }[model]

    def test_staff_matrix(self):
        self._check_market_matrix(["viewer_a", "auditor_a", "officer_a", "officer_b",
                                   "manager"])

    def test_portal_matrix(self):
        self.portal_stage = True
        self._check_market_matrix(["dealer", "customer"])


@tagged("post_install", "-at_install")
class TestStandardsLibrary(AuditMarketsCommon):
    """The library is every market's: only Network Managers change it."""

    def test_officer_cannot_change_the_library(self):
        standard = self.std_greeting.with_user(self.officer)
        option = self.std_choice.option_ids[:1].with_user(self.officer)
        attempts = {
            "write standard": lambda: standard.write({"weight": 10}),
            "create standard": lambda: standard.create({
                "code": "T-OFF-1", "name": "Mine", "category_id": self.category.id,
                "requirement": "<p>x</p>"}),
            "unlink standard": standard.unlink,
            "write option": lambda: option.write({"score": 0}),
            "create option": lambda: option.create(
                {"standard_id": self.std_choice.id, "name": "Mine", "score": 100}),
            "unlink option": option.unlink,
        }
        for name, attempt in attempts.items():
            with self.subTest(name), self.assertRaises(AccessError), \
                    mute_logger("odoo.models"):
                attempt()
        self.assertEqual(self.std_greeting.weight, 2)
        self.assertEqual(len(self.std_choice.option_ids), 3)

    def test_officer_and_auditor_read_the_library(self):
        for user in (self.officer, self.auditor_b, self.viewer_a):
            with self.subTest(user=user.login):
                self.assertEqual(self.std_choice.with_user(user).option_ids.mapped("score"),
                                 [100, 50, 0])

    def test_manager_changes_the_library(self):
        self.std_greeting.with_user(self.manager).weight = 3
        self.assertEqual(self.std_greeting.weight, 3)


@tagged("post_install", "-at_install")
class TestAnsweredOptions(AuditMarketsCommon):
    """An option answered in an audit stays with its answer."""

    def test_option_of_validated_audit_cannot_be_deleted(self):
        line = self._answered_choice("validated")
        option = line.option_id
        for user in (self.manager, self.env.user):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                option.with_user(user).unlink()
        self.assertEqual(line.option_id, option)
        self.assertEqual(line.score, 50)

    def test_option_of_submitted_audit_cannot_be_deleted(self):
        line = self._answered_choice("submitted")
        with self.assertRaises(UserError):
            line.option_id.with_user(self.manager).unlink()
        self.assertTrue(line.option_id)

    def test_removing_option_on_the_form_versions_the_standard(self):
        """The standard's form drops the option from the live version; the audit keeps
        its answer on the frozen version."""
        line = self._answered_choice("validated")
        option = line.option_id
        self.std_choice.with_user(self.manager).option_ids = [Command.delete(option.id)]
        self.assertEqual(len(self.std_choice.option_ids), 2)
        self.assertEqual(line.option_id.name, "Some")
        self.assertEqual(line.standard_id.current_standard_id, self.std_choice)
        self.assertEqual(line.score, 50)

    def test_changing_answered_option_versions_the_standard(self):
        """The validated audit keeps the option it was answered with, and its score."""
        line = self._answered_choice("validated")
        option = line.option_id
        option.with_user(self.manager).write({"score": 0})
        self.assertEqual(option.score, 0)
        self.assertNotEqual(line.option_id, option)
        self.assertRecordValues(line.option_id, [{"name": "Some", "score": 50}])
        self.assertEqual(line.standard_id.current_standard_id, self.std_choice)
        self.assertEqual(line.score, 50)

    def test_unused_option_can_be_deleted(self):
        self._answered_choice("validated")
        unused = self.std_choice.option_ids[2]
        unused.with_user(self.manager).unlink()
        self.assertFalse(unused.exists())


@tagged("post_install", "-at_install")
class TestProgramSectionMarkets(AuditMarketsCommon):
    """A program's sections follow the program: read where it is read, changed where
    it may be changed."""

    def test_officer_reads_but_cannot_change_region_program_sections(self):
        section = self.program.section_ids[:1].with_user(self.officer)
        self.assertTrue(section.read(["name"]))
        for name, attempt in (
            ("write", lambda: section.write({"name": "Mine"})),
            ("unlink", section.unlink),
            ("create", lambda: section.create(
                {"program_id": self.program.id, "name": "Mine"})),
        ):
            with self.subTest(name), self.assertRaises(AccessError), \
                    mute_logger("odoo.models"):
                attempt()
        self.assertEqual(len(self.program.section_ids), 2)

    def test_officer_cannot_read_other_market_program_sections(self):
        program_b = self.env["network.audit.program"].create({
            "name": "Test program B", "company_id": self.market_b.id,
            "section_ids": [Command.create({"name": "B only"})],
        })
        section = program_b.section_ids.with_user(self.officer)
        self.assertFalse(section.search([("id", "=", section.id)]))
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            section.read(["name"])


@tagged("post_install", "-at_install")
class TestLibraryJsonRpc(AuditMarketsCommon, HttpCase):
    """The same refusals over /web/dataset/call_kw."""

    def _call(self, model, method, args):
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": args, "kwargs": {},
        })

    def test_officer_writes_standard_over_rpc(self):
        self.authenticate(self.officer.login, self.officer.login)
        with self.assertRaises(JsonRpcException) as caught, \
                mute_logger("odoo.http", "odoo.models"):
            self._call("network.audit.standard", "write",
                       [[self.std_greeting.id], {"weight": 10}])
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
        self.assertEqual(self.std_greeting.weight, 2)

    def test_manager_deletes_answered_option_over_rpc(self):
        line = self._answered_choice("validated")
        self.authenticate(self.manager.login, self.manager.login)
        with self.assertRaises(JsonRpcException) as caught, mute_logger("odoo.http"):
            self._call("network.audit.standard.option", "unlink", [[line.option_id.id]])
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.UserError")
        self.assertTrue(line.option_id)
