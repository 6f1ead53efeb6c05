"""One guard layer for audits, action items and programs (dealer.workflow.mixin): the
can_* flags agree with the server, roles over JSON-RPC, and no forged context key
(audit_standard_freezing, _force_unlink...) skips a rule."""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.dealer_profile.tests.guard_layer_common import (
    CanFlagsAgreeMixin,
    GuardHttpCase,
)

from .common import NetworkAuditCommon

AUDIT = "network.audit"


class AuditGuardCommon(NetworkAuditCommon):
    """Audits, action items and programs in every state of their workflows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.passing = {cls.std_greeting: "yes", cls.std_clean: "5", cls.std_safety: "yes"}
        cls.planned = cls._create_audit(date="2026-01-10")
        cls.conducted = cls._audit_in("in_progress", "2026-02-10")
        cls.submitted = cls._audit_in("submitted", "2026-03-10")
        cls.validated = cls._audit_in("validated", "2026-04-10")
        cls.cancelled = cls._create_audit(date="2026-05-10")
        cls.cancelled.action_cancel()
        cls.audits = (cls.planned | cls.conducted | cls.submitted | cls.validated
                      | cls.cancelled)
        # On an audit of their own: submitting an audit deletes its draft items.
        items_audit = cls._audit_in("in_progress", "2026-06-10")
        cls.items = cls.env["network.audit.action"].browse()
        for state in ("draft", "open", "in_progress", "done", "verified", "rejected"):
            cls.items |= cls.env["network.audit.action"].create({
                "name": f"Test fix {state}", "audit_id": items_audit.id, "due_date": "2026-12-31",
                "responsible_user_id": cls.dealer_a.id, "state": state,
                "dealer_comment": "Fixed", "rejection_reason": "Not yet",
            })
        Program = cls.env["network.audit.program"]
        cls.programs = cls.program | Program.create([
            {"name": "Test draft program", "company_id": cls.market_a.id},
            {"name": "Test stopped program", "company_id": cls.market_a.id, "state": "stopped"},
        ])

    @classmethod
    def _audit_in(cls, state, day):
        audit = cls._create_audit(date=day)
        audit.action_start()
        cls._answer(audit, cls.passing)
        if state in ("submitted", "validated"):
            audit.action_submit()
        if state == "validated":
            audit.action_validate()
        return audit


@tagged("post_install", "-at_install")
class TestCanFlagsAgree(CanFlagsAgreeMixin, AuditGuardCommon):
    """Per model, state and role: can_* is True exactly when the button passes."""

    def _users(self):
        return self.audit_viewer | self.auditor_a | self.officer | self.manager | self.dealer_a

    def test_audit_flags(self):
        checked = self.assertCanFlagsAgree(self.audits, self._users(), calls={
            "reopen": lambda audit: audit.action_reopen(reason="Test: a second look"),
        })
        self.assertEqual(checked, 5 * 5 * 6)
        self.assertTrue(self.validated.with_user(self.manager).can_reopen)
        self.assertFalse(self.validated.with_user(self.officer).can_reopen)

    def test_action_item_flags(self):
        self.assertCanFlagsAgree(self.items, self._users())

    def test_program_flags(self):
        self.assertCanFlagsAgree(self.programs, self._users())


@tagged("post_install", "-at_install")
class TestGuardOverJsonRpc(AuditGuardCommon, GuardHttpCase):
    """Each role over /web/dataset/call_kw, every forged context key sent along."""

    def test_audit_moves_per_role(self):
        # Write: nobody writes the state; the button: the role it belongs to.
        for login in ("na_auditor_a", "test_officer_a", "test_manager"):
            with self.subTest(login=login):
                self.assertRpcRefused(login, AUDIT, "write",
                                      [self.submitted.ids, {"state": "validated"}])
        self.assertRpcRefused("na_auditor_a", AUDIT, "action_validate", [self.submitted.ids])
        self.assertRpcRefused("na_viewer", AUDIT, "action_start", [self.planned.ids])
        self.assertRpcRefused("test_officer_a", AUDIT, "action_reopen", [self.validated.ids],
                              {"reason": "Forged"})
        self.call_kw("na_auditor_a", AUDIT, "action_start", [self.planned.ids])
        self.call_kw("test_officer_a", AUDIT, "action_validate", [self.submitted.ids])
        self.assertEqual((self.planned.state, self.submitted.state),
                         ("in_progress", "validated"))

    def test_action_item_moves_per_role(self):
        done = self.items.filtered(lambda item: item.state == "done")
        self.assertRpcRefused("na_auditor_a", "network.audit.action", "action_verify", [done.ids])
        self.assertRpcRefused("test_officer_a", "network.audit.action", "write",
                              [done.ids, {"state": "verified"}])
        self.call_kw("test_officer_a", "network.audit.action", "action_verify", [done.ids])
        self.assertEqual(done.state, "verified")

    def test_program_moves_per_role(self):
        for login in ("na_auditor_a", "test_officer_a"):
            with self.subTest(login=login):
                self.assertRpcRefused(login, "network.audit.program", "action_stop",
                                      [self.program.ids])
        self.call_kw("test_manager", "network.audit.program", "action_stop", [self.program.ids])
        self.assertEqual(self.program.state, "stopped")

    def test_standard_change_always_versioned(self):
        """audit_standard_freezing once let a client rewrite the scoring of answers
        already given, without freezing a version for the audits that used it."""
        self.call_kw("test_manager", "network.audit.standard", "write",
                     [self.std_clean.ids, {"weight": 7}])
        self.assertEqual(self.std_clean.version, 2)
        frozen = self.std_clean.previous_version_ids
        self.assertEqual((frozen.version, frozen.weight), (1, 1.0))

    def test_force_unlink_keeps_answered_options(self):
        """_force_unlink once deleted an option a started audit's answer was scored with:
        Odoo skips ondelete(at_uninstall=False) methods for that key, whoever sends it."""
        standard = self.env["network.audit.standard"].create({
            "code": "T-CH-GUARD", "name": "Test brochures", "category_id": self.category.id,
            "requirement": "<p>Current brochures.</p>", "answer_type": "choice",
            "evidence_rule": "never",
            "option_ids": [Command.create({"name": "All", "score": 100}),
                           Command.create({"name": "None", "score": 0})],
        })
        line = self.env["network.audit.line"].create({
            "audit_id": self.conducted.id, "standard_id": standard.id,
            "option_id": standard.option_ids[0].id, "sequence": 99,
        })
        self.assertRpcRefused("test_manager", "network.audit.standard.option", "unlink",
                              [line.option_id.ids])
        self.assertTrue(line.option_id.exists())

    def test_force_unlink_skips_no_lock(self):
        """Odoo skips at_uninstall=False guards for a ``_force_unlink`` context."""
        self.assertRpcRefused("test_manager", AUDIT, "unlink", [self.validated.ids])
        sent = self.items.filtered(lambda item: item.state == "open")
        self.assertRpcRefused("test_manager", "network.audit.action", "unlink", [sent.ids])
        self.assertTrue(self.validated.exists() and sent.exists())

    def test_create_defaults_checked_as_vals(self):
        """default_state and default_verified_by_id once created an item verified "by"
        an officer; a manager's default_state "open" sends the item as "open" in vals
        does (action_send)."""
        vals = {"name": "Test forged", "audit_id": self.items.audit_id.id,
                "due_date": "2026-12-31", "responsible_user_id": self.dealer_a.id}
        self.assertDefaultsRefused("na_auditor_a", "network.audit.action", vals, {
            "state": "verified", "verified_by_id": self.officer.id,
            "verified_date": "2026-01-01 00:00:00",
        })
        sent = self.call_kw("test_manager", "network.audit.action", "create", [vals],
                            context={"default_state": "open"})
        sent = self.env["network.audit.action"].browse(sent)
        self.assertEqual(sent.state, "open")
        self.assertTrue(sent.sent_date)

    def test_computed_fields_never_written_by_a_client(self):
        """The auditor of an audit in progress once moved it to another month (the
        month its validated score feeds the outlet's KPI and stars for) and its
        answers to another outlet, over JSON-RPC: stored computed fields store what a
        write gives them. The audit's date, which the month follows, still moves it."""
        audit, line = self.conducted, self.conducted.line_ids[:1]
        month = audit.month
        for login in ("na_auditor_a", "test_officer_a"):
            with self.subTest(login=login):
                self.assertRpcRefused(login, AUDIT, "write",
                                      [audit.ids, {"month": "2026-04-01"}])
                self.assertRpcRefused(login, "network.audit.line", "write",
                                      [line.ids, {"outlet_id": self.outlet_b.id}])
                self.assertRpcRefused(login, "network.audit.line", "write",
                                      [line.ids, {"month": "2026-04-01"}])
        self.env.invalidate_all()
        self.assertEqual((audit.month, line.outlet_id, line.month),
                         (month, self.outlet_a, month))
        self.call_kw("na_auditor_a", AUDIT, "write", [audit.ids, {"date": "2026-03-20"}])
        self.assertEqual(str(audit.month), "2026-03-01")
