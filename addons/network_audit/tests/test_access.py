import itertools
from datetime import date

from odoo import Command
from odoo.tests import tagged

from odoo.addons.dealer_profile.tests.market_matrix import AccessMatrixMixin

from .common import NetworkAuditCommon

MODELS = (
    "network.audit",
    "network.audit.line",
    "network.audit.action",
    "network.audit.standard",
    "network.audit.program",
)
# security/ir.model.access.csv and record rules, as letters c(reate) r(ead) w(rite) u(nlink),
# on records of market A assigned to auditor A and visible to dealer A.
EXPECTED_RIGHTS = {
    "viewer": dict.fromkeys(MODELS, "r"),
    "auditor": {
        "network.audit": "rw",
        "network.audit.line": "rw",
        "network.audit.action": "crw",
        "network.audit.standard": "r",
        "network.audit.program": "r",
    },
    # the standards library is every market's: Network Managers change it
    "officer": {**dict.fromkeys(MODELS, "crw"), "network.audit.standard": "r"},
    "manager": dict.fromkeys(MODELS, "crwu"),
    "portal": {
        "network.audit": "r",
        "network.audit.line": "r",
        "network.audit.action": "r",
        "network.audit.standard": "r",
        "network.audit.program": "",
    },
}
READ_FIELD = {
    "network.audit": "name",
    "network.audit.line": "standard_code",
    "network.audit.action": "name",
    "network.audit.standard": "code",
    "network.audit.program": "name",
}
WRITE_VALS = {
    "network.audit": {"summary": "<p>Test summary</p>"},
    # Not an answer: answers are the audit's auditors' alone (test_workflow_guard).
    "network.audit.line": {"section_name": "Test section"},
    "network.audit.action": {"description": "Test finding"},
    "network.audit.standard": {"name": "Test Renamed"},
    "network.audit.program": {"name": "Test Renamed"},
}


@tagged("post_install", "-at_install")
class TestAccessCommon(AccessMatrixMixin, NetworkAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit_a = cls._create_audit()  # auditor A, market A
        cls.audit_a2 = cls._create_audit(auditor=cls.auditor_a2, date="2026-11-10")
        cls.audit_b = cls._create_audit(outlet=cls.outlet_b, auditor=cls.auditor_b)
        # validated, as the portal dealer sees them; an open action item on each
        for audit in cls.audit_a | cls.audit_b:
            audit.state = "validated"
            audit.action_ids = [Command.create({
                "name": "Test item", "due_date": "2026-11-30", "state": "open",
                "responsible_user_id": audit.outlet_id.manager_user_id.id,
                "line_id": audit.line_ids[0].id, "standard_id": audit.line_ids[0].standard_id.id,
            })]


@tagged("post_install", "-at_install")
class TestAccessMatrix(TestAccessCommon):
    """Every role against every model and operation, on records of market A that
    every user of the matrix may see, so that the rights and rules of the role decide.
    Staff work on an audit being conducted (a validated one is locked for everybody,
    see test_workflow_guard); the portal dealer reads a validated one and sent items."""

    MODELS = MODELS
    EXPECTED_RIGHTS = EXPECTED_RIGHTS
    READ_FIELD = READ_FIELD
    _counter = itertools.count(1)
    portal_stage = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit_conducted = cls._create_audit(date="2026-12-10")  # auditor A
        cls.audit_conducted.action_start()

    def _matrix_audit(self):
        return self.audit_a if self.portal_stage else self.audit_conducted

    def _matrix_record(self, model, record):
        if self.portal_stage and model == "network.audit":
            record.state = "validated"  # as the superuser: the dealer's view of it
        if self.portal_stage and model == "network.audit.action":
            record.state = "open"
        return record

    def _create_vals(self, model):
        n = next(self._counter)
        return {
            "network.audit": lambda: {
                "program_id": self.program.id, "outlet_id": self.outlet_a.id,
                "date": date(2031 + n // 12, n % 12 + 1, 10),
                "auditor_ids": [Command.set(self.auditor_a.ids)],
            },
            "network.audit.line": lambda: {
                "audit_id": self._matrix_audit().id, "standard_id": self.std_greeting.id,
                "sequence": 100 + n,
            },
            "network.audit.action": lambda: {
                "audit_id": self._matrix_audit().id, "name": f"Test item {n}",
                "due_date": "2026-12-31", "responsible_user_id": self.dealer_a.id,
            },
            "network.audit.standard": lambda: {
                "code": f"T-MX-{n}", "name": f"Test standard {n}",
                "category_id": self.category.id, "requirement": "<p>Test.</p>",
            },
            "network.audit.program": lambda: {
                "name": f"Test program {n}", "company_id": self.market_a.id,
            },
        }[model]()

    def _write_vals(self, model):
        return WRITE_VALS[model]

    def test_viewer_rights(self):
        self._check_matrix("viewer", self.audit_viewer)

    def test_auditor_rights(self):
        self._check_matrix("auditor", self.auditor_a)

    def test_officer_rights(self):
        self._check_matrix("officer", self.officer)

    def test_manager_rights(self):
        self._check_matrix("manager", self.manager)

    def test_portal_dealer_rights(self):
        self.portal_stage = True
        self._check_matrix("portal", self.dealer_a)


@tagged("post_install", "-at_install")
class TestAuditRecordRules(TestAccessCommon):
    def _search(self, user, model="network.audit"):
        ids = (self.audit_a | self.audit_a2 | self.audit_b).ids
        field = "id" if model == "network.audit" else "audit_id"
        return self.env[model].with_user(user).search([(field, "in", ids)])

    def test_viewer_reads_every_market_writes_none(self):
        audits = self.audit_a | self.audit_a2 | self.audit_b
        self.assertEqual(self._search(self.audit_viewer), audits.with_user(self.audit_viewer))
        self.assertEqual(self._search(self.audit_viewer, "network.audit.action").audit_id,
                         self.audit_a | self.audit_b)
        for audit in audits:
            with self.subTest(audit=audit.name):
                audit.with_user(self.audit_viewer).read(["score"])
                self.assertNoAccess(audit.with_user(self.audit_viewer).write, {"summary": "x"})
                self.assertNoAccess(audit.line_ids[:1].with_user(self.audit_viewer).write,
                                    {"comment": "x"})

    def test_auditor_sees_only_assigned_audits(self):
        as_auditor = self._search(self.auditor_a)
        self.assertEqual(as_auditor, self.audit_a.with_user(self.auditor_a))
        self.assertEqual(self._search(self.auditor_a, "network.audit.line").audit_id,
                         self.audit_a)
        self.assertEqual(self._search(self.auditor_a, "network.audit.action").audit_id,
                         self.audit_a)

    def test_auditor_cannot_touch_another_auditors_audit(self):
        """Same market, another auditor's audit: no read, no write, not its answers."""
        other = self.audit_a2.with_user(self.auditor_a)
        self.assertNoAccess(other.read, ["name"])
        self.assertNoAccess(other.write, {"summary": "x"})
        self.assertNoAccess(self.audit_a2.line_ids[:1].with_user(self.auditor_a).read,
                            ["score"])
        self.assertNoAccess(
            self.audit_a2.line_ids[:1].with_user(self.auditor_a).write, {"answer_yes_no": "no"}
        )
        self.assertNoAccess(other.action_start)

    def test_auditor_cannot_create_audits(self):
        self.assertNoAccess(self.env["network.audit"].with_user(self.auditor_a).create, {
            "program_id": self.program.id, "outlet_id": self.outlet_a.id, "date": "2026-12-10",
            "auditor_ids": [Command.set(self.auditor_a.ids)],
        })

    def test_auditor_conducts_and_submits_own_audit(self):
        audit = self._create_audit(date="2026-12-10").with_user(self.auditor_a)
        audit.action_start()
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "5",
                             self.std_safety: "yes"})
        audit.action_submit()
        self.assertEqual(audit.state, "submitted")
        self.assertEqual(audit.action_ids.create_uid, self.auditor_a)

    def test_auditor_cannot_review_own_audit(self):
        """Validating, reopening, cancelling and judging fixes are for officers, even
        though the auditor may write the audit."""
        audit = self._create_audit(date="2026-12-10").with_user(self.auditor_a)
        audit.action_start()
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "5",
                             self.std_safety: "yes"})
        self.assertNoAccess(audit.action_cancel)
        audit.action_submit()
        for method in ("action_validate", "action_reopen", "action_send_action_plan"):
            with self.subTest(method=method):
                self.assertNoAccess(getattr(audit, method))
        self.assertEqual(audit.state, "submitted")
        item = audit.action_ids
        self.assertNoAccess(item.action_send)  # sending the plan is the review
        item.with_user(self.officer).action_send()
        item.sudo().write({"state": "done", "dealer_comment": "Fixed",
                           "rejection_reason": "No"})
        self.assertNoAccess(item.action_verify)
        self.assertNoAccess(item.action_reject)
        audit.with_user(self.officer).action_validate()
        self.assertEqual(audit.state, "validated")

    def test_officer_sees_own_market_only(self):
        officer = self.officer
        self.assertEqual(self._search(officer),
                         (self.audit_a | self.audit_a2).with_user(officer))
        self.assertEqual(self._search(officer, "network.audit.line").audit_id,
                         self.audit_a | self.audit_a2)
        self.assertNoAccess(self.audit_b.with_user(officer).read, ["name"])
        self.assertNoAccess(self.audit_b.with_user(officer).write, {"summary": "x"})
        self.assertNoAccess(self.audit_b.line_ids[:1].with_user(officer).read, ["score"])
        self.assertNoAccess(self.audit_b.action_ids.with_user(officer).read, ["name"])

    def test_officer_cannot_enable_other_market(self):
        audit = self.audit_b.with_user(self.officer).with_context(
            allowed_company_ids=[self.market_a.id, self.market_b.id]
        )
        self.assertNoAccess(audit.read, ["name"])

    def test_officer_writes_any_audit_of_the_market(self):
        """Not assigned to the audit, the officer of its market still edits it."""
        self.audit_a2.with_user(self.officer).write({"summary": "<p>Reviewed</p>"})
        self.assertIn("Reviewed", self.audit_a2.summary)
        self.assertNotIn(self.officer, self.audit_a2.auditor_ids)

    def test_manager_sees_all_markets_and_deletes(self):
        audits = self._search(self.manager)
        self.assertEqual(audits, (self.audit_a | self.audit_a2 | self.audit_b).with_user(
            self.manager))
        self.audit_a2.with_user(self.manager).unlink()
        self.assertFalse(self.audit_a2.exists())

    def test_officer_cannot_delete(self):
        self.assertNoAccess(self.audit_a2.with_user(self.officer).unlink)

    def test_program_of_the_region_visible_in_its_markets(self):
        """The program belongs to the region; users of its markets read it."""
        for user in (self.auditor_a, self.officer, self.auditor_b, self.audit_viewer):
            with self.subTest(user=user.login):
                self.assertEqual(self.program.with_user(user).read(["name"])[0]["name"],
                                 self.program.name)

    def test_program_of_another_market_invisible(self):
        program_b = self.env["network.audit.program"].create({
            "name": "Test program B", "company_id": self.market_b.id,
        })
        self.assertNoAccess(program_b.with_user(self.officer).read, ["name"])


@tagged("post_install", "-at_install")
class TestPortalAccess(TestAccessCommon):
    def test_portal_reads_validated_audit_of_own_outlet(self):
        audit = self.audit_a.with_user(self.dealer_a)
        self.assertEqual(audit.read(["name"])[0]["name"], self.audit_a.name)
        self.assertEqual(len(audit.line_ids.read(["score"])), 3)
        self.assertEqual(audit.action_ids.read(["name"])[0]["name"], "Test item")

    def test_portal_cannot_read_non_validated_audit(self):
        for state in ("planned", "in_progress", "submitted"):
            with self.subTest(state=state):
                self.audit_a.state = state
                self.assertNoAccess(self.audit_a.with_user(self.dealer_a).read, ["name"])
                self.assertNoAccess(self.audit_a.line_ids[:1].with_user(self.dealer_a).read,
                                    ["score"])
        self.assertFalse(self.env["network.audit"].with_user(self.dealer_a).search(
            [("id", "=", self.audit_a.id)]
        ))

    def test_portal_cannot_read_draft_action_items(self):
        item = self.audit_a.action_ids
        item.state = "draft"
        self.assertNoAccess(item.with_user(self.dealer_a).read, ["name"])

    def test_portal_cannot_read_other_outlet(self):
        for record in (self.audit_b, self.audit_b.line_ids[:1], self.audit_b.action_ids):
            with self.subTest(model=record._name):
                self.assertNoAccess(record.with_user(self.dealer_a).read, ["id"])
        self.assertFalse(self.env["network.audit"].with_user(self.dealer_a).search(
            [("outlet_id", "=", self.outlet_b.id)]
        ))

    def test_portal_writes_nothing(self):
        for record, vals in ((self.audit_a, {"summary": "x"}),
                             (self.audit_a.line_ids[:1], {"comment": "x"}),
                             (self.audit_a.action_ids, {"dealer_comment": "x"})):
            with self.subTest(model=record._name):
                self.assertNoAccess(record.with_user(self.dealer_a).write, vals)


@tagged("post_install", "-at_install")
class TestMultiCompany(TestAccessCommon):
    def test_company_rules_are_global(self):
        for xmlid in ("network_audit_rule_company", "network_audit_line_rule_company",
                      "network_audit_action_rule_company", "network_audit_program_rule_company"):
            with self.subTest(rule=xmlid):
                self.assertTrue(self.env.ref(f"network_audit.{xmlid}")["global"])

    def test_assigned_auditor_of_other_market_still_blocked(self):
        """An auditor of another market is not assigned (test_auditor_assignment), and
        an assignment written past the ORM does not open the market either."""
        self.env.cr.execute(
            "INSERT INTO network_audit_res_users_rel (network_audit_id, res_users_id) "
            "VALUES (%s, %s)", [self.audit_a2.id, self.auditor_b.id],
        )
        self.env.invalidate_all()
        self.assertIn(self.auditor_b, self.audit_a2.auditor_ids)
        self.assertNoAccess(self.audit_a2.with_user(self.auditor_b).read, ["name"])

    def test_market_users_see_their_market_only(self):
        for user, own, other in ((self.auditor_a, self.audit_a, self.audit_b),
                                 (self.auditor_b, self.audit_b, self.audit_a)):
            with self.subTest(user=user.login):
                found = self.env["network.audit"].with_user(user).search(
                    [("id", "in", (own | other).ids)]
                )
                self.assertEqual(found, own.with_user(user))
                self.assertNoAccess(other.with_user(user).read, ["name"])

    def test_viewer_of_one_market(self):
        viewer_a = self._new_user(
            "na_viewer_market_a", "network_audit.group_audit_viewer", self.market_a
        )
        self.audit_a.with_user(viewer_a).read(["name"])
        self.assertNoAccess(self.audit_b.with_user(viewer_a).read, ["name"])
