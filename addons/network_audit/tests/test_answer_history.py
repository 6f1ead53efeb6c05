from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.guard_layer_common import GuardHttpCase

from .common import NetworkAuditCommon
from .images import make_image

HISTORY = "network.audit.answer.history"


class HistoryCommon(NetworkAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env, login="na_admin",
            groups="base.group_system,dealer_profile.group_network_manager",
            company_id=cls.market_a.id,
            company_ids=[(6, 0, (cls.region | cls.market_a | cls.market_b).ids)],
        )
        cls.audit = cls._create_audit()
        cls.audit.with_user(cls.auditor_a).action_start()
        cls.line = cls.audit.line_ids.filtered(
            lambda line: line.standard_id == cls.std_greeting).with_user(cls.auditor_a)
        cls.line.answer_yes_no = "no"
        cls.entry = cls.audit.history_ids

    def _entries(self, audit=None):
        return (audit or self.audit).history_ids.sorted("id")


@tagged("post_install", "-at_install")
class TestHistoryRecorded(HistoryCommon):
    def test_answer_change_kept_with_who_and_when(self):
        self.assertRecordValues(self.entry, [{
            "kind": "answer", "old_value": "", "new_value": "No", "user_id": self.auditor_a.id,
            "line_id": self.line.id, "standard_code": "T-CX-01", "company_id": self.market_a.id,
        }])
        self.assertTrue(self.entry.date)

    def test_auditor_corrections_kept(self):
        self.line.answer_yes_no = "yes"
        self.line.write({"comment": "Greeted at once", "answer_yes_no": "yes"})
        self.line.comment = "Greeted within a minute"
        self.assertEqual(
            [(e.kind, e.old_value, e.new_value) for e in self._entries()],
            [("answer", "", "No"), ("answer", "No", "Yes"), ("comment", "", "Greeted at once"),
             ("comment", "Greeted at once", "Greeted within a minute")],
            "the unchanged answer of the second write is not a change",
        )

    def test_na_scale_and_photos_kept(self):
        clean = self.audit.line_ids.filtered(
            lambda line: line.standard_id == self.std_clean).with_user(self.auditor_a)
        clean.answer_scale = "2"
        clean.not_applicable = True
        clean.photo_ids = [Command.create({
            "name": "floor.png", "raw": make_image(fmt="PNG"),
            "res_model": "network.audit.line", "res_id": clean.id,
        })]
        entries = self._entries().filtered(lambda e: e.line_id == clean)
        self.assertEqual([(e.kind, e.old_value) for e in entries],
                         [("answer", ""), ("na", ""), ("photos", "")])
        self.assertEqual(entries[0].new_value, "2")
        self.assertEqual(entries[1].new_value, "N.A.")
        self.assertTrue(entries[2].new_value.startswith("floor"))

    def test_nothing_kept_before_the_start(self):
        planned = self._create_audit(date="2026-11-10")
        planned.line_ids[0].answer_yes_no = "yes"
        self.assertFalse(planned.history_ids)

    def test_reopen_kept(self):
        line = self.line
        self._answer(self.audit, {self.std_greeting: "yes", self.std_clean: "5",
                                  self.std_safety: "yes"})
        self.audit.with_user(self.auditor_a).action_submit()
        self.audit.with_user(self.officer).action_validate()
        self.audit.with_user(self.manager).action_reopen(reason="Wrong outlet manager quoted")
        reopen = self._entries()[-1]
        self.assertRecordValues(reopen, [{
            "kind": "reopen", "old_value": "Validated", "new_value": "Wrong outlet manager quoted",
            "user_id": self.manager.id, "line_id": False,
        }])
        line.answer_yes_no = "no"
        self.assertEqual(self._entries()[-1].old_value, "Yes")

    def test_audit_with_history_is_not_deleted(self):
        with self.assertRaisesRegex(UserError, "cancel it instead"):
            self.audit.with_user(self.manager).unlink()

    def test_history_page_and_report(self):
        self.assertEqual(self.audit.history_count, 1)
        action = self.audit.with_user(self.officer).action_view_history()
        self.assertEqual(action["res_model"], HISTORY)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "network_audit.report_network_audit_with_history", self.audit.ids)
        self.assertIn(b'name="answer_history"', html)
        self.assertIn(b"T-CX-01", html)
        plain, _type = self.env["ir.actions.report"]._render_qweb_html(
            "network_audit.report_network_audit", self.audit.ids)
        self.assertNotIn(b'name="answer_history"', plain)


@tagged("post_install", "-at_install")
class TestHistoryImmutable(HistoryCommon):
    def test_nobody_edits_creates_or_deletes(self):
        vals = {"audit_id": self.audit.id, "kind": "answer", "user_id": self.auditor_a.id}
        for user in (self.auditor_a, self.officer, self.manager, self.admin, self.audit_viewer,
                     self.dealer_a):
            with self.subTest(user=user.login), mute_logger("odoo.models"):
                entry = self.entry.with_user(user)
                with self.assertRaises(UserError):
                    entry.write({"new_value": "Yes"})
                with self.assertRaises(UserError):
                    entry.unlink()
                with self.assertRaises(UserError):
                    self.env[HISTORY].with_user(user).create(vals)
        with self.assertRaises(UserError):
            self.entry.sudo().write({"new_value": "Yes"})
        with self.assertRaises(UserError):
            self.entry.sudo().unlink()
        self.assertEqual(self.entry.new_value, "No")

    def test_who_reads(self):
        for user in (self.auditor_a, self.officer, self.manager, self.admin, self.audit_viewer):
            self.assertEqual(self.entry.with_user(user).new_value, "No")
        for user in (self.auditor_b, self.dealer_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.entry.with_user(user).check_access("read")


@tagged("post_install", "-at_install")
class TestHistoryRpc(HistoryCommon, GuardHttpCase):
    """Over /web/dataset/call_kw, as each role, forged context keys sent along."""


    def test_every_role_refused_to_change_history(self):
        vals = {"audit_id": self.audit.id, "kind": "answer", "user_id": self.auditor_a.id,
                "new_value": "Forged"}
        for user in (self.auditor_a, self.officer, self.manager, self.admin, self.dealer_a):
            with self.subTest(user=user.login):
                self.assertRpcRefused(user.login, HISTORY, "write",
                                      [self.entry.ids, {"new_value": "Yes"}])
                self.assertRpcRefused(user.login, HISTORY, "unlink", [self.entry.ids])
                self.assertRpcRefused(user.login, HISTORY, "create", [vals])
                self.assertRpcRefused(user.login, "network.audit", "write",
                                      [self.audit.ids, {"history_ids": [Command.clear()]}])
        self.entry.invalidate_recordset()
        self.assertEqual(self.entry.new_value, "No")
        self.assertEqual(self.audit.history_ids, self.entry)

    def test_internal_roles_read_portal_does_not(self):
        for user in (self.auditor_a, self.officer, self.manager, self.admin):
            rows = self.call_kw(user.login, HISTORY, "search_read",
                                [[("audit_id", "=", self.audit.id)], ["new_value"]])
            self.assertEqual([row["new_value"] for row in rows], ["No"], user.login)
        self.assertRpcRefused(self.dealer_a.login, HISTORY, "search_read", [[], ["new_value"]])

    def test_answer_change_over_rpc_is_kept(self):
        self.call_kw(self.auditor_a.login, "network.audit.line", "write",
                     [self.line.ids, {"answer_yes_no": "yes"}])
        entry = self._entries()[-1]
        self.assertEqual((entry.old_value, entry.new_value, entry.user_id),
                         ("No", "Yes", self.auditor_a))
