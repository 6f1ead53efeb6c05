"""The demo's story reads true in every language and on every calendar."""

import random
from datetime import date, datetime, timedelta

from odoo import fields
from odoo.tests import tagged

from .common import NetworkAuditCommon
from .test_actions import TestActionCommon


@tagged("post_install", "-at_install")
class TestDemoStory(NetworkAuditCommon):
    def test_planned_audits_skip_public_holidays(self):
        """An audit still to do is planned on a working day of the outlet's market:
        the demo planned the Rotterdam audit on Christmas Day."""
        # Imported here: the demo package is loaded by the demo's hook, not the addon.
        from ..demo.audit_history import _schedule_planned  # noqa: PLC0415

        audit = self._create_audit(date="2026-12-10")
        self.assertEqual(audit.state, "planned")
        today = date(2026, 12, 21)  # a Monday; the period ends on the 31st
        closed = {today + timedelta(days=n) for n in range(1, 11)} - {date(2026, 12, 23)}
        for seed in range(10):
            _schedule_planned(self.env["network.audit"], self.program, random.Random(seed),
                              today, holidays={self.outlet_a.company_id: closed})
            self.assertEqual(audit.date, date(2026, 12, 23))

    def test_demo_action_items_in_every_language(self):
        """The mystery visits' sections and action items (demo XML, loaded before the
        translations) read in the shopper's and the dealer's language, as every other
        audit (a German shopper read 'WELCOME', 'TEST DRIVE AND FOLLOW-UP')."""
        visit = self.env.ref("network_audit.visit_ams01_validated", raise_if_not_found=False)
        if not visit:
            self.skipTest("demo data not installed")
        visits = self.env["network.audit"].search([("audit_type", "=", "mystery")])
        for line in visits.line_ids.filtered("section_id"):
            self.assertEqual(line.with_context(lang="de_DE").section_name,
                             line.section_id.with_context(lang="de_DE").name)
        items = visit.action_ids.filtered("standard_id")
        self.assertTrue(items)
        for item in items:
            for lang in ("de_DE", "sv_SE"):
                self.assertEqual(item.with_context(lang=lang).name,
                                 item.standard_id.with_context(lang=lang).name)

    def test_findings_in_the_markets_language(self):
        """An auditor in the Netherlands, Germany or Malaysia writes the findings, and the
        dealer the replies, in the market's language: the Dutch, German and Malay demo
        read English comments next to translated standards. The same random choices in
        every language: the story stays the same."""
        from ..demo import audit_history, audit_texts  # noqa: PLC0415

        audit = self._create_audit()
        for lang in ("nl_NL", "de_DE", "ms_MY"):
            with self.subTest(lang=lang):
                self.outlet_a.company_id.partner_id.lang = lang
                self.assertEqual(audit_history._market_lang(audit), lang)
                finding = audit_history._demo_finding("CX-12", random.Random(3), lang)
                self.assertTrue(finding.startswith(audit_texts.FINDINGS[lang]["CX-12"]))
                self.assertNotIn("Coffee machine", finding)
                self.assertEqual(set(audit_texts.FINDINGS[lang]), set(audit_history.FINDINGS))
                for name in ("FINDING_FOLLOW_UPS", "DEALER_REPLIES_PHOTO", "DEALER_REPLIES",
                             "REJECTIONS_PHOTO", "REJECTIONS"):
                    self.assertEqual(len(getattr(audit_texts, name)[lang]),
                                     len(getattr(audit_history, name)), name)
        self.assertEqual(audit_history._demo_finding("CX-12", random.Random(3), "sv_SE"),
                         audit_history._demo_finding("CX-12", random.Random(3)),
                         "English where the demo has no texts in the language")

    def test_demo_mystery_visit_written_in_dutch(self):
        """The Dutch panel's shopper answers, sums up and is briefed in Dutch, as the
        Amsterdam Space reads the visit (her comments were English)."""
        visit = self.env.ref("network_audit.visit_ams01_validated", raise_if_not_found=False)
        if not visit:
            self.skipTest("demo data not installed")
        comments = visit.line_ids.filtered("comment").mapped("comment")
        self.assertEqual(len(comments), 2)
        self.assertIn("Niemand vroeg naar mijn telefoonnummer; ik moest maar op de website "
                      "kijken.", comments)
        self.assertIn("Vriendelijk en snel ontvangen", str(visit.summary))
        self.assertIn("proefrit", visit.scenario)


@tagged("post_install", "-at_install")
class TestDemoChatterDates(TestActionCommon):
    def test_chatter_dated_as_the_workflow_went(self):
        """The demo's audits and action items tell their story in the chatter on the
        days it happened (every message of the audits and their items read the
        install's minute), and the message that sent an item to the dealer tells the
        due date the demo gave it (it told the due date counted from the install)."""
        from ..demo.audit_history import _date_chatter, _date_sent_items  # noqa: PLC0415

        item = self._item(state="open", day="2026-10-10")
        audit = item.audit_id
        audit.sudo().validation_date = datetime(2026, 10, 13, 11, 0)
        _date_sent_items(item)
        self.assertEqual(item.sent_date, date(2026, 10, 13))
        self.assertLess(item.due_date, fields.Date.today())
        sent = item.message_ids.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_comment"))
        self.assertEqual(len(sent), 1)
        self.assertIn(item._due_date_text(), str(sent.body))
        _date_chatter(self.env["network.audit"], audit, item)
        self.assertEqual(set(audit.message_ids.mapped("date")), {datetime(2026, 10, 10, 8, 0)})
        self.assertEqual(sent.date, datetime(2026, 10, 13, 11, 0))
        self.assertEqual((item.message_ids - sent).mapped("date"),
                         [datetime(2026, 10, 10, 16, 0)])

    def test_rejection_dated_after_the_fix(self):
        """A rejected fix tells its rejection after the dealer reported the fix (it was
        dated on the day the item was sent, weeks before the fix it refuses)."""
        from ..demo.audit_history import _date_chatter  # noqa: PLC0415

        item = self._item(state="rejected", day="2026-10-10")
        item.sudo().write({"sent_date": date(2026, 10, 13),
                           "done_date": datetime(2026, 10, 20, 9, 0)})
        comment = self.env.ref("mail.mt_comment")
        sent, rejection = item.message_ids.filtered(
            lambda m: m.subtype_id == comment).sorted("id")
        self.assertIn("Not fixed", str(rejection.body))
        _date_chatter(self.env["network.audit"], item.audit_id, item)
        self.assertEqual(sent.date, datetime(2026, 10, 13, 11, 0))
        self.assertEqual(rejection.date, datetime(2026, 10, 22, 9, 0))
