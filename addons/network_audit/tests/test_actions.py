from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.dealer_profile.tests.guard_layer_common import GuardHttpCase
from odoo.addons.dealer_profile.tests.test_i18n import load_language

from .common import NetworkAuditCommon
from .images import make_image


@tagged("post_install", "-at_install")
class TestActionCommon(NetworkAuditCommon):
    def _submitted_audit(self, answers=None, outlet=None, auditor=None, day="2026-10-10",
                         program=None):
        """Greeting failed (major, no photo needed), the rest passed, by default."""
        audit = self.env["network.audit"].create({
            "program_id": (program or self.program).id,
            "outlet_id": (outlet or self.outlet_a).id,
            "date": day,
            "auditor_ids": [Command.set((auditor or self.auditor_a).ids)],
        })
        audit.action_start()
        self._answer(audit, answers or {self.std_greeting: "no", self.std_clean: "4",
                                        self.std_safety: "yes", self.std_paperwork: "yes"})
        for line in audit.line_ids.filtered("evidence_missing"):
            self._attach(line)
        audit.action_submit()
        return audit

    def _attach(self, record):
        field = "photo_ids" if record._name == "network.audit.line" else "evidence_ids"
        record[field] = [Command.create({
            "name": "photo.jpg", "raw": make_image(), "res_model": record._name,
            "res_id": record.id,
        })]

    def _item(self, standard=None, state="open", day="2026-10-10"):
        """An action item of outlet A's audit of the day's month, in the given state."""
        audit = self._submitted_audit({self.std_greeting: "no", self.std_clean: "1",
                                       self.std_safety: "yes"}, day=day)
        item = audit.action_ids.filtered(
            lambda a: a.standard_id == (standard or self.std_greeting)
        )
        self.assertEqual(item.state, "draft")
        steps = {
            "open": [item.action_send],
            "in_progress": [item.action_send, item.action_start],
            "done": [item.action_send, lambda: self._attach(item),
                     lambda: item.action_mark_done("Fixed")],
            "verified": [item.action_send, lambda: self._attach(item),
                         lambda: item.action_mark_done("Fixed"), item.action_verify],
            "rejected": [item.action_send, lambda: self._attach(item),
                         lambda: item.action_mark_done("Fixed"),
                         lambda: item.write({"rejection_reason": "Not fixed"}),
                         item.action_reject],
        }
        for step in steps.get(state, []):
            step()
        self.assertEqual(item.state, state)
        return item


@tagged("post_install", "-at_install")
class TestActionLifecycle(TestActionCommon):
    def test_send_opens_item_for_the_space_manager(self):
        audit = self._submitted_audit()
        item = audit.action_ids
        self.assertEqual(item.responsible_user_id, self.dealer_a)
        audit.action_send_action_plan()
        self.assertEqual(item.state, "open")
        self.assertIn(self.dealer_a.partner_id, item.message_partner_ids)
        message = item.message_ids.filtered(lambda m: "New action item" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn("New action item for Test Outlet Amsterdam", message.body)
        self.assertIn(self.dealer_a.partner_id, message.partner_ids)

    def test_send_needs_a_responsible(self):
        self.outlet_a.contact_ids.unlink()
        item = self._submitted_audit().action_ids
        self.assertFalse(item.responsible_user_id)
        with self.assertRaisesRegex(UserError, "has no responsible.*Test Outlet Amsterdam"):
            item.action_send()
        self.assertEqual(item.state, "draft")
        item.responsible_user_id = self.officer  # staff of the market, by hand
        item.action_send()
        self.assertEqual(item.state, "open")

    def test_full_lifecycle(self):
        item = self._item()
        item.action_start()
        self.assertEqual(item.state, "in_progress")
        item.action_mark_done("Greeter desk staffed")
        self.assertRecordValues(item, [{"state": "done",
                                        "dealer_comment": "Greeter desk staffed"}])
        self.assertTrue(item.done_date)
        item.with_user(self.officer).action_verify()
        self.assertRecordValues(item, [{"state": "verified",
                                        "verified_by_id": self.officer.id}])
        self.assertTrue(item.verified_date)

    def test_done_needs_a_comment(self):
        item = self._item()
        for comment in (None, "", "   "):
            with self.subTest(comment=comment), \
                    self.assertRaisesRegex(UserError, "Say what was done"):
                item.action_mark_done(comment)
        self.assertEqual(item.state, "open")
        item.dealer_comment = "Written in the form"
        item.action_mark_done()
        self.assertEqual(item.state, "done")
        self.assertEqual(item.dealer_comment, "Written in the form")

    def test_done_needs_evidence_unless_never(self):
        """The showroom item (photo evidence 'on failure') needs a photo of the fix;
        the greeting item (evidence 'never') does not."""
        item = self._item(standard=self.std_clean)
        with self.assertRaisesRegex(UserError, "needs a photo of the fix"):
            item.action_mark_done("Cleaned")
        self.assertEqual(item.state, "open")
        self._attach(item)
        item.action_mark_done("Cleaned")
        self.assertEqual(item.state, "done")
        greeting = item.audit_id.action_ids - item
        greeting.action_send()
        greeting.action_mark_done("Staffed")
        self.assertEqual(greeting.state, "done")

    def test_done_needs_evidence_always(self):
        self.std_greeting.evidence_rule = "always"
        audit = self._submitted_audit()
        audit.action_send_action_plan()
        with self.assertRaises(UserError):
            audit.action_ids.action_mark_done("Staffed")

    def test_evidence_is_a_normalized_photo(self):
        item = self._item(standard=self.std_clean)
        self._attach(item)
        self.assertEqual(item.evidence_ids.mimetype, "image/jpeg")
        self.assertEqual(item.evidence_ids.res_model, "network.audit.action")

    def test_reject_needs_a_reason(self):
        item = self._item(state="done")
        with self.assertRaisesRegex(UserError, "Write why the fix"):
            item.action_reject()
        self.assertEqual(item.state, "done")
        item.rejection_reason = "The desk is still empty at opening"
        item.action_reject()
        self.assertEqual(item.state, "rejected")
        message = item.message_ids.filtered(
            lambda m: "The desk is still empty at opening" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertIn(self.dealer_a.partner_id, message.partner_ids)

    def test_rejection_in_the_dealers_language(self):
        """The verifier reads English, the Dutch Space manager reads the rejection in
        Dutch around the verifier's own words."""
        load_language(self.env, "nl_NL", ["network_audit"])
        self.dealer_a.partner_id.lang = "nl_NL"
        item = self._item(state="done")
        item.rejection_reason = "De balie is bij opening nog leeg"
        item.with_context(lang="en_US").action_reject()
        message = item.message_ids.filtered(lambda m: "De balie" in (m.body or ""))
        self.assertIn("De oplossing is niet geaccepteerd: De balie is bij opening nog leeg",
                      message.body)

    def test_sent_item_in_the_dealers_language(self):
        """An officer reading English sends an item to a Dutch Space manager: the
        message is Dutch around the Dutch date (it was English around a Dutch date)."""
        load_language(self.env, "nl_NL", ["network_audit"])
        self.dealer_a.partner_id.lang = "nl_NL"
        item = self._item(state="draft")
        item.with_context(lang="en_US").action_send()
        self.assertTrue(item.message_ids.filtered(
            lambda m: "Nieuw actiepunt voor Test Outlet Amsterdam" in (m.body or "")))

    def test_dealer_starts_again_after_rejection(self):
        item = self._item(state="rejected")
        item.action_start()
        self.assertEqual(item.state, "in_progress")
        item.action_mark_done("Really fixed now")
        self.assertEqual(item.state, "done")

    def test_rejected_item_can_be_done_again_directly(self):
        item = self._item(state="rejected")
        item.action_mark_done("Fixed again")
        self.assertEqual(item.state, "done")

    def test_wrong_transitions(self):
        forbidden = {
            "draft": ("action_start", "action_mark_done", "action_verify", "action_reject"),
            "open": ("action_send", "action_verify", "action_reject"),
            "in_progress": ("action_send", "action_start", "action_verify", "action_reject"),
            "done": ("action_send", "action_start", "action_mark_done"),
            "verified": ("action_send", "action_start", "action_mark_done", "action_verify",
                         "action_reject"),
            "rejected": ("action_send", "action_verify", "action_reject"),
        }
        for month, (state, methods) in enumerate(forbidden.items(), start=1):
            item = self._item(state=state, day=f"2026-{month:02d}-10")
            item.write({"dealer_comment": "Fixed", "rejection_reason": "No"})
            if state not in ("done", "verified"):  # a reported fix's evidence is final
                self._attach(item)
            for method in methods:
                with self.subTest(state=state, method=method), \
                        self.assertRaisesRegex(UserError, "it cannot be"):
                    getattr(item, method)()
                self.assertEqual(item.state, state)

    def test_overdue(self):
        item = self._item()
        today = fields.Date.context_today(item)
        item.due_date = today - timedelta(days=1)
        self.assertTrue(item.is_overdue)
        Action = self.env["network.audit.action"]
        self.assertIn(item, Action.search([("is_overdue", "=", True)]))
        self.assertNotIn(item, Action.search([("is_overdue", "=", False)]))
        item.due_date = today
        self.assertFalse(item.is_overdue)
        self.assertIn(item, Action.search([("is_overdue", "!=", True)]))


@tagged("post_install", "-at_install")
class TestActionFixReportedByResponsible(TestActionCommon):
    """The fix of an action item is reported by its responsible (the outlet's manager,
    on the portal) and verified by the head office: an officer does not report it in
    the dealer's name over JSON-RPC, nor verify a fix they reported themselves."""

    def test_officer_cannot_report_the_fix_for_the_dealer(self):
        item = self._item()
        officer_item = item.with_user(self.officer)
        for attempt in (officer_item.action_start,
                        lambda: officer_item.action_mark_done("Fixed, trust me")):
            with self.assertRaises(AccessError):
                attempt()
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            officer_item.write({"dealer_comment": "Fixed, trust me"})
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            officer_item.write({"done_by_id": self.dealer_a.id})
        self.assertRecordValues(item, [{"state": "open", "dealer_comment": False,
                                        "done_by_id": False}])

    def test_reporter_does_not_verify_own_fix(self):
        item = self._item()
        item.with_user(self.officer).responsible_user_id = self.officer
        item.with_user(self.officer).action_mark_done("Fixed it myself")
        self.assertRecordValues(item, [{"state": "done", "done_by_id": self.officer.id}])
        self.assertFalse(item.with_user(self.officer).can_verify)
        item.with_user(self.officer).rejection_reason = "Not good enough"
        for method in ("action_verify", "action_reject"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(item.with_user(self.officer), method)()
        self.assertEqual(item.state, "done")
        item.with_user(self.manager).action_verify()
        self.assertRecordValues(item, [{"state": "verified", "verified_by_id": self.manager.id}])

    def test_portal_update_reports_as_the_dealer(self):
        """The portal writes as the dealer after its own check (sudo): the dealer is
        the reporter."""
        item = self._item()
        item.with_user(self.dealer_a).sudo().action_mark_done("Greeter desk staffed")
        self.assertRecordValues(item, [{"state": "done", "done_by_id": self.dealer_a.id}])
        item.with_user(self.officer).action_verify()
        self.assertEqual(item.state, "verified")


@tagged("post_install", "-at_install")
class TestActionResponsible(TestActionCommon, GuardHttpCase):
    """The responsible of an item is sent its findings and reports its fix: an officer
    does not make a customer, another outlet's dealer or another market's staff the
    responsible over JSON-RPC (a customer of another market was sent the outlet's
    findings)."""

    def test_responsible_is_the_outlets_contact_or_the_markets_staff(self):
        item = self._item()
        for user in (self.customer, self.dealer_b, self.auditor_b):
            with self.subTest(user=user.login):
                self.assertRpcRefused(self.officer.login, "network.audit.action", "write",
                                      [item.ids, {"responsible_user_id": user.id}])
        item.invalidate_recordset()
        self.assertEqual(item.responsible_user_id, self.dealer_a)
        for user in (self.officer, self.auditor_a, self.manager, self.dealer_a):
            with self.subTest(user=user.login):
                self.call_kw(self.officer.login, "network.audit.action", "write",
                             [item.ids, {"responsible_user_id": user.id}])
                item.invalidate_recordset()
                self.assertEqual(item.responsible_user_id, user)


    def test_auditor_does_not_take_over_a_sent_item(self):
        """The follow-up of a sent item is the officers': its auditor does not make
        themselves responsible (then report the dealer's fix), move its due date or
        write a rejection over JSON-RPC. They still edit the items they draft."""
        item = self._item()
        due = item.due_date
        for vals in ({"responsible_user_id": self.auditor_a.id}, {"due_date": "2030-01-01"},
                     {"rejection_reason": "Not done"}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(self.auditor_a.login, "network.audit.action", "write",
                                      [item.ids, vals])
        self.assertRpcRefused(self.auditor_a.login, "network.audit.action",
                              "action_mark_done", [item.ids, "Fixed"])
        item.invalidate_recordset()
        self.assertRecordValues(item, [{"responsible_user_id": self.dealer_a.id,
                                        "due_date": due, "rejection_reason": False,
                                        "state": "open"}])
        self.call_kw(self.officer.login, "network.audit.action", "write",
                     [item.ids, {"due_date": "2030-01-01"}])
        draft = self._submitted_audit(day="2026-11-10").action_ids
        self.assertEqual(draft.state, "draft")
        self.call_kw(self.auditor_a.login, "network.audit.action", "write",
                     [draft.ids, {"due_date": "2030-01-01",
                                  "responsible_user_id": self.auditor_a.id}])
        draft.invalidate_recordset()
        self.assertEqual(draft.responsible_user_id, self.auditor_a)


@tagged("post_install", "-at_install")
class TestActionReminders(TestActionCommon):
    def setUp(self):
        super().setUp()
        self.today = fields.Date.context_today(self.env["network.audit.action"])
        self.Action = self.env["network.audit.action"]

    def _reminders(self, item):
        return item.message_ids.filtered(lambda m: "Reminder:" in (m.body or ""))

    def _escalations(self, item):
        return item.activity_ids.filtered(
            lambda a: "Overdue action item" in (a.summary or "")
        )

    def test_reminder_before_due_date_once(self):
        item = self._item()
        item.due_date = self.today + timedelta(days=2)  # reminder 3 days before, by default
        self.Action._cron_remind_and_escalate()
        reminder = self._reminders(item)
        self.assertEqual(len(reminder), 1)
        self.assertIn(self.dealer_a.partner_id, reminder.partner_ids)
        self.assertTrue(item.reminder_sent)
        self.assertFalse(item.escalated)
        self.Action._cron_remind_and_escalate()
        self.assertEqual(len(self._reminders(item)), 1, "one reminder only")

    def test_reminder_in_the_dealers_language(self):
        """The job runs in no one's language: a Dutch Space manager read 'Reminder: ...
        is due on 2 juli 2026' (English around a Dutch date)."""
        load_language(self.env, "nl_NL", ["network_audit"])
        self.dealer_a.partner_id.lang = "nl_NL"
        item = self._item()
        item.due_date = self.today + timedelta(days=2)
        self.Action.with_context(lang="en_US")._cron_remind_and_escalate()
        reminder = item.message_ids.filtered(lambda m: "Herinnering:" in (m.body or ""))
        self.assertEqual(len(reminder), 1)
        self.assertIn(f"'{item.with_context(lang='nl_NL').name}'", reminder.body)

    def test_escalation_in_the_officers_language(self):
        """The overdue item's to-do for the network officer reads in their language,
        the due date as they write it (the job wrote English)."""
        load_language(self.env, "nl_NL", ["network_audit"])
        item = self._item()
        item.due_date = date(2026, 11, 2)
        officer = item.outlet_id.user_id or item.audit_id.program_id.create_uid
        officer.lang = "nl_NL"
        with freeze_time("2026-11-05"):
            self.Action.with_context(lang="en_US")._cron_remind_and_escalate()
        todo = item.activity_ids.filtered(lambda a: a.user_id == officer)
        self.assertEqual(todo.summary, f"Te laat actiepunt bij {item.outlet_id.name}")
        self.assertIn("2 november 2026", todo.note)

    def test_dealer_reads_what_they_were_told_on_the_portal(self):
        """The item's conversation on the dealer's portal page (core's portal chatter
        reads website_message_ids) holds the message that sent the item, the rejection
        and the reminder: it said 'the conversation is empty' under a rejected fix."""
        item = self._item(state="rejected")
        item.due_date = self.today + timedelta(days=2)
        self.Action._cron_remind_and_escalate()
        told = item.website_message_ids.mapped("body")
        self.assertTrue(any("New action item" in str(body) for body in told))
        self.assertTrue(any("The fix was not accepted: Not fixed" in str(body) for body in told))
        self.assertTrue(any("Reminder:" in str(body) for body in told))

    def test_migration_shows_what_the_dealer_was_sent(self):
        """19.0.1.5.0: the messages sent before (notifications) reach the portal page."""
        from ..tools.migration import show_dealer_messages_on_the_portal  # noqa: PLC0415

        item = self._item(state="rejected")
        told = item.message_ids.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_comment"))
        self.assertEqual(len(told), 2)
        told.write({"message_type": "notification"})
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertFalse(told & item.website_message_ids)
        show_dealer_messages_on_the_portal(self.env.cr)
        self.env.invalidate_all()
        self.assertEqual(told & item.website_message_ids, told)

    def test_no_reminder_too_early(self):
        item = self._item()
        item.due_date = self.today + timedelta(days=4)
        self.Action._cron_remind_and_escalate()
        self.assertFalse(self._reminders(item))
        self.assertFalse(item.reminder_sent)

    def test_reminder_days_of_the_market(self):
        self.market_a.audit_reminder_days = 10
        item = self._item()
        item.due_date = self.today + timedelta(days=9)
        self.Action._cron_remind_and_escalate()
        self.assertEqual(len(self._reminders(item)), 1)

    def test_no_reminder_for_draft_or_done_items(self):
        for month, state in enumerate(("draft", "done", "verified"), start=1):
            with self.subTest(state=state):
                item = self._item(state=state, day=f"2026-{month:02d}-10")
                item.due_date = self.today - timedelta(days=1)
                self.Action._cron_remind_and_escalate()
                self.assertFalse(self._reminders(item))
                self.assertFalse(self._escalations(item))
                self.assertFalse(item.reminder_sent or item.escalated)

    def test_escalation_when_overdue_once(self):
        item = self._item(state="in_progress")
        item.due_date = self.today - timedelta(days=1)
        self.Action._cron_remind_and_escalate()
        activity = self._escalations(item)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.officer, "the outlet's network officer")
        self.assertIn("Test Outlet Amsterdam", activity.summary)
        self.assertTrue(item.escalated)
        self.assertFalse(self._reminders(item), "an overdue item is escalated, not reminded")
        self.Action._cron_remind_and_escalate()
        self.assertEqual(len(self._escalations(item)), 1, "one escalation only")

    def test_rejected_overdue_item_is_escalated(self):
        item = self._item(state="rejected")
        item.due_date = self.today - timedelta(days=3)
        self.Action._cron_remind_and_escalate()
        self.assertTrue(item.escalated)

    def test_new_due_date_resets_reminder_and_escalation(self):
        item = self._item()
        item.due_date = self.today - timedelta(days=1)
        self.Action._cron_remind_and_escalate()
        self.assertTrue(item.escalated)
        item.due_date = self.today + timedelta(days=1)
        self.assertFalse(item.escalated)
        self.assertFalse(item.reminder_sent)
        self.Action._cron_remind_and_escalate()
        self.assertEqual(len(self._reminders(item)), 1)
        self.assertTrue(item.reminder_sent)
        self.assertFalse(item.escalated)
        item.due_date = self.today - timedelta(days=2)
        self.Action._cron_remind_and_escalate()
        self.assertEqual(len(self._escalations(item)), 2, "escalated again for the new date")

    def test_reminder_and_escalation_follow_the_clock(self):
        """Same item, the cron run on successive days."""
        item = self._item()
        item.due_date = date(2026, 12, 10)
        for day, reminded, escalated in (("2026-12-01", False, False),
                                         ("2026-12-07", True, False),
                                         ("2026-12-10", True, False),
                                         ("2026-12-11", True, True)):
            with self.subTest(day=day):
                with freeze_time(day):
                    self.Action._cron_remind_and_escalate()
                self.assertEqual(item.reminder_sent, reminded)
                self.assertEqual(item.escalated, escalated)
        self.assertEqual(len(self._reminders(item)), 1)
        self.assertEqual(len(self._escalations(item)), 1)


@tagged("post_install", "-at_install")
class TestActionKpi(TestActionCommon):
    def _kpi_value(self, outlet=None, code="audit_cx", month=date(2026, 10, 1)):
        return self.env["dealer.kpi.value"].search([
            ("outlet_id", "=", (outlet or self.outlet_a).id), ("kpi_id.code", "=", code),
            ("month", "=", month),
        ])

    def _rating(self, outlet=None, month=date(2026, 10, 1)):
        return self.env["dealer.outlet.rating"].search([
            ("outlet_id", "=", (outlet or self.outlet_a).id), ("month", "=", month),
        ])

    def test_validation_pushes_the_score(self):
        audit = self._submitted_audit()
        self.assertEqual(audit.score, 45.0)
        self.assertFalse(self._kpi_value(), "nothing pushed before validation")
        audit.with_user(self.officer).action_validate()
        self.assertRecordValues(audit, [{"state": "validated",
                                         "validated_by_id": self.officer.id}])
        value = self._kpi_value()
        self.assertEqual(value.value, 45.0)
        self.assertEqual(value.source, "network_audit")

    def test_validation_sends_the_remaining_drafts(self):
        audit = self._submitted_audit()
        audit.action_validate()
        self.assertEqual(audit.action_ids.state, "open")

    def test_score_averaged_per_outlet_and_month(self):
        second = self.program.copy({"name": "Test second CX program"})
        first_audit = self._submitted_audit()
        second_audit = self._submitted_audit(
            {self.std_greeting: "yes", self.std_clean: "5", self.std_safety: "yes"},
            day="2026-10-20", program=second,
        )
        first_audit.action_validate()
        self.assertEqual(self._kpi_value().value, 45.0)
        second_audit.action_validate()
        self.assertEqual(self._kpi_value().value, 72.5)  # (45 + 100) / 2

    def test_archived_audits_do_not_count(self):
        """The push reads the audits as rows: an archived validated audit stays out of
        the average, as the ORM's search left it out."""
        second = self.program.copy({"name": "Test second CX program"})
        archived = self._submitted_audit(
            {self.std_greeting: "yes", self.std_clean: "5", self.std_safety: "yes"},
            day="2026-10-20", program=second,
        )
        archived.action_validate()
        self.assertEqual(self._kpi_value().value, 100.0)
        archived._workflow().active = False
        self._submitted_audit().action_validate()
        self.assertEqual(self._kpi_value().value, 45.0)

    def test_only_validated_audits_count(self):
        second = self.program.copy({"name": "Test second CX program"})
        self._submitted_audit(
            {self.std_greeting: "yes", self.std_clean: "5", self.std_safety: "yes"},
            day="2026-10-20", program=second,
        )
        self._submitted_audit().action_validate()
        self.assertEqual(self._kpi_value().value, 45.0)

    def test_kpi_per_audit_type_month_and_outlet(self):
        facility = self.program.copy({"name": "Test facility program",
                                      "audit_type": "facility"})
        self._submitted_audit().action_validate()
        self._submitted_audit(
            {self.std_greeting: "yes", self.std_clean: "5", self.std_safety: "yes"},
            program=facility,
        ).action_validate()
        self._submitted_audit(
            {self.std_greeting: "yes", self.std_clean: "3", self.std_safety: "yes"},
            day="2026-11-03",
        ).action_validate()
        self._submitted_audit(
            {self.std_greeting: "yes", self.std_clean: "5", self.std_safety: "no",
             self.std_paperwork: "yes"}, outlet=self.outlet_b, auditor=self.auditor_b,
        ).action_validate()
        self.assertEqual(self._kpi_value().value, 45.0)
        self.assertEqual(self._kpi_value(code="audit_facility").value, 100.0)
        self.assertEqual(self._kpi_value(month=date(2026, 11, 1)).value, 90.0)
        self.assertEqual(self._kpi_value(outlet=self.outlet_b).value, 80.0)

    def test_rating_follows(self):
        """audit_cx is the only KPI of outlet A: 45% of a 90% target is a 50 score,
        1 star (below the 60 % of two stars); a second audit at 100% brings the month
        to 72.5%, a score of 80.6: 3 stars."""
        self._submitted_audit().action_validate()
        rating = self._rating()
        self.assertRecordValues(rating, [{"score": 50.0, "stars": "1", "kpi_count": 1}])
        month = rating.rating_month_id
        month.with_user(self.manager).action_publish()  # rebuilt, then published
        self.assertEqual(self.outlet_a.latest_rating_id, self._rating())
        self.assertEqual(self.outlet_a.rating_stars, "1")
        second = self.program.copy({"name": "Test second CX program"})
        self._submitted_audit(
            {self.std_greeting: "yes", self.std_clean: "5", self.std_safety: "yes"},
            day="2026-10-20", program=second,
        ).action_validate()
        self.assertEqual(self.outlet_a.rating_stars, "1", "published: waits for a recompute")
        month.with_user(self.manager).action_recompute()
        self.assertRecordValues(self._rating(), [{"score": 80.6, "stars": "3"}])
        self.assertEqual(self.outlet_a.rating_stars, "3")

    def test_score_valid_until_the_next_audit_is_due(self):
        """Monthly program: an October audit counts in October and November; quarterly:
        until the end of the next quarter (March), when the next audit is due."""
        self._submitted_audit().action_validate()
        self.assertEqual(self._kpi_value().valid_until, date(2026, 11, 1))
        quarterly = self.program.copy({"name": "Test quarterly facility program",
                                       "audit_type": "facility", "frequency": "quarterly"})
        self._submitted_audit(program=quarterly).action_validate()
        self.assertEqual(self._kpi_value(code="audit_facility").valid_until,
                         date(2027, 3, 1))

    def test_reopened_audit_withdraws_its_score(self):
        """A validated audit reopened by a manager no longer counts: alone in its month,
        its KPI value goes and the rating of the month loses the KPI; the published
        month is flagged for a recompute instead of changing under its readers."""
        audit = self._submitted_audit()
        audit.action_validate()
        month = self._rating().rating_month_id
        month.with_user(self.manager).action_publish()
        self.assertEqual(self._rating().kpi_count, 1)
        audit.with_user(self.manager).action_reopen(reason="Wrong outlet audited")
        self.assertFalse(self._kpi_value(), "the reopened audit's score is withdrawn")
        self.assertTrue(month.needs_recompute)
        self.assertEqual(self._rating().kpi_count, 1, "published: unchanged until recomputed")
        month.with_user(self.manager).action_recompute()
        self.assertFalse(self._rating(), "no KPI left for outlet A in October")

    def test_reopened_audit_leaves_the_others_of_its_month(self):
        """Two validated audits of one outlet, type and month: reopening one leaves the
        other's score, averaged anew; validating it again restores the average."""
        second = self.program.copy({"name": "Test second CX program"})
        first_audit = self._submitted_audit()
        second_audit = self._submitted_audit(
            {self.std_greeting: "yes", self.std_clean: "5", self.std_safety: "yes"},
            day="2026-10-20", program=second,
        )
        (first_audit | second_audit).action_validate()
        self.assertEqual(self._kpi_value().value, 72.5)
        second_audit.with_user(self.manager).action_reopen(reason="Photos missing")
        self.assertEqual(self._kpi_value().value, 45.0)
        second_audit.action_submit()
        second_audit.action_validate()
        self.assertEqual(self._kpi_value().value, 72.5)

    def test_other_sources_survive_a_reopen(self):
        """Only the audit's own KPI value is withdrawn: a value of the same KPI, outlet
        and month fed by another source (e.g. an import) is kept."""
        audit = self._submitted_audit()
        audit.action_validate()
        self._kpi_value().source = "import"
        audit.with_user(self.manager).action_reopen(reason="Re-audit")
        self.assertEqual(self._kpi_value().value, 45.0)

    def test_outlets_audited_in_different_months_rated_on_the_same_kpis(self):
        """Outlet A audited in September, B in October: both October ratings include the
        audit KPI; a newer audit replaces the older score."""
        self._submitted_audit(day="2026-09-15").action_validate()
        self._submitted_audit(
            {self.std_greeting: "yes", self.std_clean: "5", self.std_safety: "no",
             self.std_paperwork: "yes"}, outlet=self.outlet_b, auditor=self.auditor_b,
        ).action_validate()
        self.assertEqual(
            [self._rating(outlet).kpi_count for outlet in (self.outlet_a, self.outlet_b)],
            [1, 1],
        )
        self.assertEqual(self._rating().score, 50.0, "September's 45 % in October")
        self._submitted_audit(
            {self.std_greeting: "yes", self.std_clean: "5", self.std_safety: "yes"},
            day="2026-10-20",
        ).action_validate()
        self.assertEqual(self._rating().score, 100.0, "October's own audit replaces it")
