"""Workflows only through their methods: what the buttons refuse,
write/create/unlink refuse too, for every role, as JSON-RPC would call them."""

import base64

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.rpc import call_kw

from .common import NetworkAuditCommon
from .images import make_image


@tagged("post_install", "-at_install")
class TestWorkflowGuardCommon(NetworkAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.passing = {cls.std_greeting: "yes", cls.std_clean: "5", cls.std_safety: "yes"}
        cls.failing = {cls.std_greeting: "no", cls.std_clean: "5", cls.std_safety: "yes"}

    def _conducted(self, answers=None, day="2026-10-10"):
        """An audit of outlet A started by auditor A, answered (all by default)."""
        audit = self._create_audit(date=day).with_user(self.auditor_a)
        audit.action_start()
        self._answer(audit, self.passing if answers is None else answers)
        return audit

    def _validated(self, answers=None, day="2026-10-10"):
        audit = self._conducted(answers or self.failing, day=day)
        audit.action_submit()
        audit.with_user(self.officer).action_validate()
        self.assertEqual(audit.state, "validated")
        return audit

    def _photo_vals(self, line):
        return {"name": "photo.jpg", "raw": make_image(), "res_model": line._name,
                "res_id": line.id}

    def assertRefused(self, func, *args, exception=UserError):
        with self.assertRaises(exception), mute_logger("odoo.models"):
            func(*args)


@tagged("post_install", "-at_install")
class TestAuditWorkflowFields(TestWorkflowGuardCommon):
    def test_auditor_cannot_write_workflow_fields(self):
        """What an auditor did over JSON-RPC: validate, pick a validator, lower the
        threshold, set a score. Each is refused; nothing changes."""
        audit = self._conducted()
        for vals in (
            {"state": "validated"},
            {"validated_by_id": self.officer.id},
            {"validation_date": fields.Datetime.now()},
            {"pass_threshold": 0.0},
            {"score": 100.0},
            {"result": "pass"},
            {"period_start": "2026-01-01"},
            {"name": "AUD-FAKE"},
        ):
            with self.subTest(vals=vals):
                self.assertRefused(audit.write, vals)
        self.assertRecordValues(audit, [{
            "state": "in_progress", "validated_by_id": False, "pass_threshold": 80.0,
        }])

    def test_officer_and_manager_use_the_buttons_too(self):
        audit = self._conducted()
        audit.action_submit()
        for user in (self.officer, self.manager):
            with self.subTest(user=user.login):
                self.assertRefused(audit.with_user(user).write,
                                   {"state": "validated", "validated_by_id": user.id})
        self.assertEqual(audit.state, "submitted")
        audit.with_user(self.officer).action_validate()
        self.assertRecordValues(audit, [{
            "state": "validated", "validated_by_id": self.officer.id,
        }])

    def test_context_from_a_caller_does_not_open_the_fields(self):
        """The workflow's context key is useless to a JSON-RPC caller: its value is a
        server-side object no JSON value can equal."""
        audit = self._conducted()
        for value in (True, 1, "1", "__token__", {"token": 1}):
            with self.subTest(value=value):
                forged = audit.with_context(dealer_workflow_write=value)
                self.assertRefused(forged.write, {"state": "validated"})
        self.assertEqual(audit.state, "in_progress")

    def test_viewer_and_portal_get_access_errors(self):
        audit = self._conducted()
        for user in (self.audit_viewer, self.dealer_a):
            with self.subTest(user=user.login):
                self.assertRefused(audit.with_user(user).write, {"state": "cancel"},
                                   exception=AccessError)

    def test_half_answered_audit_cannot_be_submitted_through_write(self):
        audit = self._conducted({self.std_greeting: "yes"})
        self.assertRefused(audit.write, {"state": "submitted"})
        self.assertRefused(audit.action_submit)  # the button says what is missing
        self.assertEqual(audit.state, "in_progress")

    def test_threshold_frozen_whatever_create_says(self):
        """A pass threshold given at creation is the program's, not the caller's."""
        audit = self.env["network.audit"].with_user(self.officer).create({
            "program_id": self.program.id, "outlet_id": self.outlet_a.id,
            "date": "2026-10-10", "pass_threshold": 0.0,
        })
        self.assertEqual(audit.pass_threshold, 80.0)

    def test_create_refuses_workflow_values(self):
        Audit = self.env["network.audit"]
        base = {"program_id": self.program.id, "outlet_id": self.outlet_a.id,
                "date": "2026-10-10"}
        for user in (self.officer, self.manager):
            for vals in ({"state": "validated"}, {"validated_by_id": user.id},
                         {"period_start": "2026-01-01"}, {"score": 99.0}):
                with self.subTest(user=user.login, vals=vals):
                    self.assertRefused(Audit.with_user(user).create, {**base, **vals})
        self.assertFalse(Audit.search([("outlet_id", "=", self.outlet_a.id)]))
        planned = Audit.with_user(self.officer).create({**base, "state": "planned"})
        self.assertEqual(planned.state, "planned")

    def test_outlet_and_program_fixed_once_started(self):
        audit = self._conducted()
        other_outlet = self.env["dealer.outlet"].create({
            "name": "Test Space A2", "code": "TSA2", "company_id": self.market_a.id,
        })
        self.assertRefused(audit.with_user(self.officer).write,
                           {"outlet_id": other_outlet.id})
        self.assertEqual(audit.outlet_id, self.outlet_a)
        planned = self._create_audit(date="2026-12-10").with_user(self.officer)
        planned.write({"outlet_id": other_outlet.id})
        self.assertEqual(planned.outlet_id, other_outlet)


@tagged("post_install", "-at_install")
class TestValidatedAuditLocked(TestWorkflowGuardCommon):
    """A validated audit, its answers, photos and action plan are locked for everybody;
    only messages go in, and only a manager's tracked reopen opens it again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls._create_audit()
        cls.audit.action_start()
        cls._answer(cls.audit, {cls.std_greeting: "no", cls.std_clean: "5",
                                cls.std_safety: "yes"})
        cls.line = cls.audit.line_ids.filtered(lambda line: line.standard_id == cls.std_clean)
        cls.photo = cls.env["ir.attachment"].create({
            "name": "photo.jpg", "raw": make_image(), "res_model": cls.line._name,
            "res_id": cls.line.id,
        })
        cls.line.photo_ids = cls.photo
        cls.audit.action_submit()
        cls.audit.with_user(cls.officer).action_validate()
        cls.item = cls.audit.action_ids

    def test_header_locked_for_every_role(self):
        score = self.audit.score
        for user in (self.auditor_a, self.officer, self.manager):
            for vals in ({"date": "2026-10-20"}, {"summary": "<p>Rewritten</p>"},
                         {"auditor_ids": [Command.set(user.ids)]}, {"active": False}):
                with self.subTest(user=user.login, vals=vals):
                    self.assertRefused(self.audit.with_user(user).write, vals)
        self.assertRecordValues(self.audit, [{"date": fields.Date.to_date("2026-10-10"),
                                              "summary": False, "score": score}])

    def test_answers_locked_for_every_role(self):
        """What moved the score from 94.0 to 96.7: rewriting answers afterwards."""
        score = self.audit.score
        greeting = self.audit.line_ids.filtered(lambda line: line.standard_id == self.std_greeting)
        for user in (self.auditor_a, self.officer, self.manager):
            as_user = greeting.with_user(user)
            with self.subTest(user=user.login):
                self.assertRefused(as_user.write, {"answer_yes_no": "yes"})
                self.assertRefused(as_user.write, {"comment": "Changed my mind"})
                self.assertRefused(self.audit.with_user(user).write, {
                    "line_ids": [Command.update(greeting.id, {"answer_yes_no": "yes"})],
                })
        self.assertRefused(greeting.with_user(self.officer).unlink)
        self.assertRefused(greeting.with_user(self.manager).unlink)
        self.assertRefused(self.env["network.audit.line"].with_user(self.officer).create,
                           {"audit_id": self.audit.id, "standard_id": self.std_greeting.id})
        self.assertEqual(greeting.answer_yes_no, "no")
        self.assertEqual(self.audit.score, score)

    def test_photos_locked(self):
        for user in (self.auditor_a, self.officer, self.manager):
            with self.subTest(user=user.login):
                self.assertRefused(self.line.with_user(user).write,
                                   {"photo_ids": [Command.clear()]})
                self.assertRefused(self.photo.with_user(user).write,
                                   {"raw": make_image(32, 32)})
                self.assertRefused(self.photo.with_user(user).unlink)
                self.assertRefused(self.env["ir.attachment"].with_user(user).create,
                                   self._photo_vals(self.line))
        self.assertEqual(self.line.photo_ids, self.photo)

    def test_action_plan_locked(self):
        for user in (self.auditor_a, self.officer, self.manager):
            with self.subTest(user=user.login):
                self.assertRefused(self.item.with_user(user).write, {"name": "Something else"})
                self.assertRefused(self.item.with_user(user).write, {"criticality": "minor"})
                self.assertRefused(self.env["network.audit.action"].with_user(user).create, {
                    "audit_id": self.audit.id, "name": "Late addition",
                    "due_date": "2026-12-31",
                })
        self.assertRefused(self.item.with_user(self.manager).unlink)
        self.assertEqual(self.audit.action_ids, self.item)

    def test_follow_up_of_the_plan_goes_on(self):
        """The officer reschedules (tracked), the dealer works on the item."""
        self.item.with_user(self.officer).write({"due_date": "2027-01-31"})
        self.assertEqual(self.item.due_date, fields.Date.to_date("2027-01-31"))
        self.item.with_user(self.dealer_a).sudo().action_start()
        self.assertEqual(self.item.state, "in_progress")

    def test_messages_still_go_in(self):
        for user in (self.auditor_a, self.officer):
            self.audit.with_user(user).message_post(body="Seen", message_type="comment")
        self.assertIn("Seen", self.audit.message_ids[0].body)

    def test_validated_audit_cannot_be_deleted(self):
        self.assertRefused(self.audit.with_user(self.manager).unlink)
        self.assertTrue(self.audit.exists())

    def test_reopen_needs_a_manager_and_a_reason(self):
        self.assertRefused(self.audit.with_user(self.auditor_a).action_reopen, "Typo",
                           exception=AccessError)
        self.assertRefused(self.audit.with_user(self.officer).action_reopen, "Typo",
                           exception=AccessError)
        self.assertRefused(self.audit.with_user(self.manager).action_reopen)
        self.assertRefused(self.audit.with_user(self.manager).action_reopen, "   ")
        self.assertEqual(self.audit.state, "validated")

    def test_reopen_is_tracked_and_unlocks(self):
        self.audit.with_user(self.manager).action_reopen(reason="Wrong outlet photo")
        self.assertRecordValues(self.audit, [{
            "state": "in_progress", "validated_by_id": False, "validation_date": False,
        }])
        note = self.audit.message_ids[0]
        self.assertIn("Wrong outlet photo", note.body)
        self.assertIn(self.manager.name, note.body)
        self.assertEqual(note.author_id, self.manager.partner_id)
        greeting = self.audit.line_ids.filtered(lambda line: line.standard_id == self.std_greeting)
        greeting.with_user(self.auditor_a).write({"answer_yes_no": "yes"})
        self.assertEqual(self.audit.failed_count, 0)
        self.assertEqual(self.item.state, "open", "the sent item stays with the dealer")


    def test_reopen_wizard_of_the_form(self):
        Wizard = self.env["network.audit.reopen"]
        vals = {"audit_id": self.audit.id, "reason": "Photo of another outlet"}
        self.assertRefused(Wizard.with_user(self.officer).create, vals,
                           exception=AccessError)
        Wizard.with_user(self.manager).create(vals).action_confirm()
        self.assertEqual(self.audit.state, "in_progress")
        self.assertIn("Photo of another outlet", self.audit.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestSubmittedAudit(TestWorkflowGuardCommon):
    def test_answers_locked_until_the_reviewer_reopens(self):
        audit = self._conducted()
        audit.action_submit()
        line = audit.line_ids[:1]
        self.assertRefused(line.write, {"comment": "After submission"})
        audit.with_user(self.officer).action_reopen()
        line.write({"comment": "After reopening"})
        self.assertEqual(line.comment, "After reopening")


@tagged("post_install", "-at_install")
class TestActionItemGuard(TestWorkflowGuardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls._create_audit()
        cls.audit.action_start()
        cls._answer(cls.audit, {cls.std_greeting: "no", cls.std_clean: "5",
                                cls.std_safety: "yes"})
        cls.audit.action_submit()
        cls.draft = cls.audit.action_ids

    def _vals(self, **vals):
        return {"audit_id": self.audit.id, "name": "Test extra item",
                "due_date": "2026-12-31", "responsible_user_id": self.dealer_a.id, **vals}

    def test_auditor_items_start_in_review(self):
        """An auditor's item cannot reach the dealer without review."""
        Action = self.env["network.audit.action"].with_user(self.auditor_a)
        for state in ("open", "in_progress", "done", "verified"):
            with self.subTest(state=state):
                self.assertRefused(Action.create, self._vals(state=state))
        item = Action.create(self._vals())
        self.assertEqual(item.state, "draft")
        self.assertRefused(item.action_send, exception=AccessError)
        self.assertRefused(item.write, {"state": "open"})
        self.assertEqual(item.state, "draft")

    def test_officer_items_start_in_review_too(self):
        Action = self.env["network.audit.action"].with_user(self.officer)
        self.assertRefused(Action.create, self._vals(state="open"))
        Action.create(self._vals()).action_send()

    def test_manager_creates_a_sent_item_through_send(self):
        item = self.env["network.audit.action"].with_user(self.manager).create(
            self._vals(state="open")
        )
        self.assertEqual(item.state, "open")
        self.assertIn(self.dealer_a.partner_id, item.message_partner_ids)
        self.assertRefused(self.env["network.audit.action"].with_user(self.manager).create,
                           self._vals(state="verified"))

    def test_state_and_stamps_only_through_the_buttons(self):
        self.draft.with_user(self.officer).action_send()
        for user in (self.auditor_a, self.officer, self.manager):
            for vals in ({"state": "verified"}, {"state": "done"},
                         {"verified_by_id": user.id}, {"done_date": fields.Datetime.now()},
                         {"reminder_sent": True}, {"escalated": True}):
                with self.subTest(user=user.login, vals=vals):
                    self.assertRefused(self.draft.with_user(user).write, vals)
        self.assertRecordValues(self.draft, [{
            "state": "open", "verified_by_id": False, "escalated": False,
        }])
        self.assertRefused(self.draft.with_user(self.dealer_a).write, {"state": "done"},
                           exception=AccessError)

    def test_item_cannot_move_to_another_audit(self):
        other = self._conducted(day="2026-11-10")
        self.assertRefused(self.draft.with_user(self.officer).write,
                           {"audit_id": other.id})

    def test_sent_items_are_not_deleted(self):
        self.draft.with_user(self.officer).action_send()
        self.assertRefused(self.draft.with_user(self.manager).unlink)
        extra = self.env["network.audit.action"].create(self._vals())
        extra.with_user(self.manager).unlink()
        self.assertFalse(extra.exists())


@tagged("post_install", "-at_install")
class TestProgramGuard(TestWorkflowGuardCommon):
    def test_state_only_through_the_buttons(self):
        program = self.env["network.audit.program"].create(
            {"name": "Test market program", "company_id": self.market_a.id}
        ).with_user(self.officer)
        self.assertRefused(program.write, {"state": "running"})
        program.action_start()
        self.assertRefused(program.action_start)
        self.assertRefused(program.write, {"state": "stopped"})
        program.action_stop()
        self.assertEqual(program.state, "stopped")

    def test_program_created_as_draft(self):
        Program = self.env["network.audit.program"].with_user(self.officer)
        self.assertRefused(Program.create, {"name": "Test running", "state": "running",
                                            "company_id": self.market_a.id})
        self.assertEqual(Program.create({"name": "Test draft",
                                         "company_id": self.market_a.id}).state, "draft")

    def test_running_program_not_deleted(self):
        program = self.env["network.audit.program"].create(
            {"name": "Test market program", "company_id": self.market_a.id}
        )
        program.action_start()
        self.assertRefused(program.with_user(self.manager).unlink)
        program.action_stop()
        program.with_user(self.manager).unlink()
        self.assertFalse(program.exists())


@tagged("post_install", "-at_install")
class TestWorkflowOverJsonRpc(TestWorkflowGuardCommon, HttpCase):
    """The path of the report: /web/dataset/call_kw as a signed-in auditor."""

    def _call(self, method, args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/network.audit/{method}",
            {"model": "network.audit", "method": method, "args": args, "kwargs": kwargs},
        )

    def test_auditor_cannot_validate_over_json_rpc(self):
        audit = self._conducted()
        self.authenticate("na_auditor_a", "na_auditor_a")
        vals = {"state": "validated", "validated_by_id": self.auditor_a.id}
        for context in ({}, {"dealer_workflow_write": True}):
            with self.subTest(context=context), mute_logger("odoo.http"), \
                    self.assertRaises(JsonRpcException) as refused:
                self._call("write", [[audit.id], vals], context=context)
            self.assertEqual(str(refused.exception), "odoo.exceptions.UserError")
        audit.invalidate_recordset()
        self.assertEqual(audit.state, "in_progress")
        self._call("action_submit", [[audit.id]])
        audit.invalidate_recordset()
        self.assertEqual(audit.state, "submitted")


@tagged("post_install", "-at_install")
class TestAuditConductors(TestWorkflowGuardCommon, HttpCase):
    """The red-team report: an officer (officers are auditors too, and write every
    audit of their markets) started, answered, submitted and validated alone an audit
    assigned to another auditor. The audit's auditors conduct it; a second person
    validates it. Through /web/dataset/call_kw, as the report did."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer_2 = cls._new_user(
            "test_officer_a_2", "dealer_profile.group_network_officer", cls.market_a
        )

    def _rpc(self, user, model, method, *args, **kwargs):
        self.authenticate(user.login, user.login)
        with mute_logger("odoo.http", "odoo.sql_db"):
            result, error = call_kw(self, model, method, *args, **kwargs)
        self.env.invalidate_all()
        return result, error

    def assertRpcRefused(self, user, model, method, *args, name="AccessError"):
        __, error = self._rpc(user, model, method, *args)
        self.assertEqual(error and error["name"], f"odoo.exceptions.{name}", error)
        return error

    def test_officer_cannot_conduct_an_auditors_audit(self):
        audit = self._create_audit()
        self.assertRpcRefused(self.officer, "network.audit", "action_start", audit.ids)
        self.assertEqual(audit.state, "planned")
        audit.with_user(self.auditor_a).action_start()
        line = audit.line_ids.filtered(lambda line: line.standard_id == self.std_greeting)
        self.assertRpcRefused(self.officer, "network.audit.line", "write", line.ids,
                              {"answer_yes_no": "no"})
        self.assertRpcRefused(self.officer, "network.audit.line", "write", line.ids,
                              {"comment": "Seen by the officer"})
        image = base64.b64encode(make_image()).decode()
        self.assertRpcRefused(self.officer, "ir.attachment", "create", {
            "name": "photo.jpg", "datas": image, "res_model": line._name, "res_id": line.id,
        })
        self.assertRpcRefused(self.officer, "network.audit", "write", audit.ids,
                              {"auditor_signature": image})
        self.assertFalse(line.answer_yes_no)
        self.assertFalse(line.photo_ids)
        self._answer(audit.with_user(self.auditor_a), self.passing)
        self.assertRpcRefused(self.officer, "network.audit", "action_submit", audit.ids)
        self.assertEqual(audit.state, "in_progress")
        __, error = self._rpc(self.auditor_a, "network.audit", "action_submit", audit.ids)
        self.assertIsNone(error)
        __, error = self._rpc(self.officer, "network.audit", "action_validate", audit.ids)
        self.assertIsNone(error)
        self.assertRecordValues(audit, [{
            "state": "validated", "validated_by_id": self.officer.id,
            "auditor_ids": self.auditor_a.ids,
        }])

    def test_auditor_never_validates_their_own_audit(self):
        """An officer who conducted the audit (assigned, or who started an audit nobody
        was assigned) does not validate it, nor leaves its auditors once submitted: a
        second officer does."""
        assigned = self._create_audit(auditor=self.officer)
        unassigned = self._create_audit(date="2026-09-10")
        unassigned.auditor_ids = False
        for audit in (assigned, unassigned):
            with self.subTest(audit=audit.auditor_ids.login or "unassigned"):
                __, error = self._rpc(self.officer, "network.audit", "action_start", audit.ids)
                self.assertIsNone(error)
                self.assertEqual(audit.auditor_ids, self.officer)
                self._answer(audit.with_user(self.officer), self.passing)
                audit.with_user(self.officer).action_submit()
                self.assertRpcRefused(self.officer, "network.audit", "action_validate",
                                      audit.ids)
                for user in (self.officer, self.manager):
                    self.assertRpcRefused(user, "network.audit", "write", audit.ids, {
                        "auditor_ids": [(6, 0, self.auditor_a.ids)]}, name="UserError")
                self.assertFalse(audit.with_user(self.officer).can_validate)
                self.assertTrue(audit.with_user(self.officer_2).can_validate)
                __, error = self._rpc(self.officer_2, "network.audit", "action_validate",
                                      audit.ids)
                self.assertIsNone(error)
                self.assertRecordValues(audit, [{
                    "state": "validated", "validated_by_id": self.officer_2.id,
                }])

    def test_officer_who_answered_does_not_validate_after_leaving_the_auditors(self):
        """Auditors are reassigned until the submission: an officer who answered the
        whole audit, then handed it to another auditor who submitted it, was no longer
        one of its auditors and validated their own answers."""
        audit = self._create_audit(auditor=self.officer)
        audit.with_user(self.officer).action_start()
        self._answer(audit.with_user(self.officer), self.passing)
        __, error = self._rpc(self.officer, "network.audit", "write", audit.ids,
                              {"auditor_ids": [(6, 0, self.auditor_a.ids)]})
        self.assertIsNone(error)
        audit.with_user(self.auditor_a).action_submit()
        self.assertRpcRefused(self.officer, "network.audit", "action_validate", audit.ids)
        self.assertEqual(audit.state, "submitted")
        self.assertFalse(audit.with_user(self.officer).can_validate)
        self.assertTrue(audit.with_user(self.officer_2).can_validate)
        __, error = self._rpc(self.officer_2, "network.audit", "action_validate", audit.ids)
        self.assertIsNone(error)
        self.assertEqual(audit.validated_by_id, self.officer_2)

    def test_managers_reassign_before_the_audit_is_submitted(self):
        audit = self._create_audit()
        __, error = self._rpc(self.manager, "network.audit", "write", audit.ids,
                              {"auditor_ids": [(6, 0, self.auditor_a2.ids)]})
        self.assertIsNone(error)
        self.assertRpcRefused(self.auditor_a, "network.audit", "action_start", audit.ids)
        audit.with_user(self.auditor_a2).action_start()
        __, error = self._rpc(self.officer, "network.audit", "write", audit.ids,
                              {"auditor_ids": [(6, 0, self.auditor_a.ids)]})
        self.assertIsNone(error)
        self._answer(audit.with_user(self.auditor_a), self.passing)
        audit.with_user(self.auditor_a).action_submit()
        self.assertEqual(audit.state, "submitted")
