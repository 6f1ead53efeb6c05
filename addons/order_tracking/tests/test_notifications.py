import json

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import html2plaintext, mute_logger
from odoo.tools.misc import format_date

from odoo.addons.dealer_profile.tests.migration_script import load_migration
from odoo.addons.dealer_profile.tests.test_i18n import load_language

from .common import OrderTrackingCommon
from .test_portal import PortalLeakMixin


@tagged("post_install", "-at_install")
class TestCustomerEmails(OrderTrackingCommon, PortalLeakMixin):

    def _mails(self, partner):
        return self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])

    def test_step_email_in_customer_words_only(self):
        self._event(self.order_1, "V999", expected_date=self._days(40))
        self._event(self.order_1, "V336", actual_date=self._days(-1))
        self.env["vehicle.order"]._cron_notify_customers()
        mails = self._mails(self.customer_1.partner_id)
        self.assertEqual(len(mails), 1)
        self.assertIn("At sea", mails.subject)
        self.assertIn("Your car is on board a ship.", mails.body_html)
        token = self.order_1.sudo().access_token
        self.assertIn(f"/my/orders/{self.order_1.id}?access_token={token}", mails.body_html)
        self.assertNoInternalText(mails.subject + mails.body_html)
        # The order's chatter keeps what the customer was told, without their link:
        # the order desk reads it, and must not open the order in the customer's name.
        note = self.order_1.with_user(self.desk_a).message_ids.filtered(
            lambda m: "Your car is on board a ship." in (m.body or ""))
        self.assertEqual(note.notified_partner_ids, self.customer_1.partner_id)
        self.assertIn(f"/my/orders/{self.order_1.id}", note.body)
        staff_reads = self.order_1.with_user(self.desk_a).message_ids.mapped("body")
        self.assertNotIn(token, "".join(staff_reads))
        self.env["vehicle.order"]._cron_notify_customers()
        self.assertEqual(len(self._mails(self.customer_1.partner_id)), 1, "sent once")

    def test_internal_step_sends_nothing(self):
        self._event(self.order_1, "V336", actual_date=self._days(-3))
        self.env["vehicle.order"]._cron_notify_customers()
        self._event(self.order_1, "O100", actual_date=self._days(-1))
        self.env["vehicle.order"]._cron_notify_customers()
        self.assertEqual(len(self._mails(self.customer_1.partner_id)), 1)

    def test_eta_move_above_threshold_only(self):
        self.market_a.order_eta_notify_days = 3
        self._event(self.order_1, "V999", expected_date=self._days(40))
        self.env["vehicle.order"]._cron_notify_customers()
        self.assertFalse(self._mails(self.customer_1.partner_id), "no step, first ETA: silent")
        # Two small moves of 2 days: the second one makes 4 days from what they were told.
        self._event(self.order_1, "V999", expected_date=self._days(42), reason="weather")
        self.env["vehicle.order"]._cron_notify_customers()
        self.assertFalse(self._mails(self.customer_1.partner_id))
        self._event(self.order_1, "V999", expected_date=self._days(44), reason="port congestion")
        self.env["vehicle.order"]._cron_notify_customers()
        mails = self._mails(self.customer_1.partner_id)
        self.assertEqual(len(mails), 1)
        self.assertIn("port congestion", mails.body_html)
        self.assertNoInternalText(mails.subject + mails.body_html)

    def test_eta_email_says_the_date_the_customer_was_told(self):
        """The ETA email says from which date to which the delivery moved: it read the
        new date twice ("hat sich verschoben von 29. Januar 2027 auf 29. Januar 2027"),
        the order recording what it told before the email was written."""
        self.market_a.order_eta_notify_days = 3
        self._event(self.order_1, "V999", expected_date=self._days(40))
        self.env["vehicle.order"]._cron_notify_customers()
        self._event(self.order_1, "V999", expected_date=self._days(44), reason="port congestion")
        self.env["vehicle.order"]._cron_notify_customers()
        mail = self._mails(self.customer_1.partner_id)
        told, new = (format_date(self.env, self._days(days), date_format="long")
                     for days in (40, 44))
        self.assertIn(f"from {told}", " ".join(html2plaintext(mail.body_html).split()))
        self.assertIn(new, mail.body_html)
        self.assertEqual(self.order_1.notified_eta_date, self._days(44))
        self.env["vehicle.order"]._cron_notify_customers()
        self.assertEqual(len(self._mails(self.customer_1.partner_id)), 1, "told once")

    def test_email_header_in_the_customers_language(self):
        """The email's header names what it is about in the customer's words: a German
        customer read "Ihr(e) Autobestellung" (core's "Your ..." for any gender)."""
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(["mail", "order_tracking"], ["de_DE"],
                                                        overwrite=True)
        self.customer_1.partner_id.lang = "de_DE"
        self.env.flush_all()  # the recipients' languages are read in SQL
        self._event(self.order_1, "V336", actual_date=self._days(-1))
        self.env["vehicle.order"]._cron_notify_customers()
        mail = self._mails(self.customer_1.partner_id)
        self.assertIn("Autobestellung", mail.body_html)
        self.assertNotIn("Ihr(e)", mail.body_html)

    def test_opt_out_sends_nothing(self):
        self.order_1.notify_opt_out = True
        self._event(self.order_1, "V336", actual_date=self._days(-1))
        self.env["vehicle.order"]._cron_notify_customers()
        self.assertFalse(self._mails(self.customer_1.partner_id))


@tagged("post_install", "-at_install")
class TestNotices(OrderTrackingCommon, PortalLeakMixin):

    def _notice(self, domain, **vals):
        return self.env["vehicle.order.notice"].create({
            "name": "Port strike", "body": "Ships wait outside the port.",
            "target_domain": domain, **vals,
        })

    def test_reach_preview(self):
        notice = self._notice(f"[('outlet_id.company_id', '=', {self.market_a.id})]")
        self.assertEqual((notice.order_count, notice.customer_count), (2, 2))
        both = self._notice(f"[('company_id', 'in', {(self.market_a | self.market_b).ids})]")
        self.assertEqual((both.order_count, both.customer_count), (3, 2))

    def test_targeting_by_status_range(self):
        self._event(self.order_1, "V336", actual_date=self._days(-1))
        self._event(self.order_2, "V260", actual_date=self._days(-1))
        notice = self._notice(f"[('company_id', '=', {self.market_a.id}), "
                              "('customer_status_id.sequence', '>=', 70), "
                              "('customer_status_id.sequence', '<=', 100)]")
        self.assertEqual(notice._target_orders(), self.order_1)
        current = self.env["vehicle.order.notice"]._current_for(self.order_1 | self.order_2)
        self.assertIn(notice, current[self.order_1])
        self.assertNotIn(notice, current[self.order_2])

    def test_validity_period(self):
        past = self._notice("[]", date_start=self._days(-10), date_end=self._days(-1))
        future = self._notice("[]", date_start=self._days(2))
        current = self.env["vehicle.order.notice"]._current_for(self.order_1)[self.order_1]
        self.assertNotIn(past, current)
        self.assertNotIn(future, current)
        with self.assertRaises(ValidationError):
            self._notice("[]", date_start=self._days(2), date_end=self._days(1))

    def test_bad_domain_is_refused(self):
        for domain in ("[('nope', '=', 1)]", "{'a': 1}", "[(", "__import__('os')"):
            with self.subTest(domain=domain), self.assertRaises(ValidationError):
                self._notice(domain)

    def test_emailed_once_per_customer_not_opted_out(self):
        self.order_2.notify_opt_out = True
        notice = self._notice(f"[('company_id', 'in', {(self.market_a | self.market_b).ids})]")
        notice.action_send_emails()
        notice.action_send_emails()
        Mail = self.env["mail.mail"]
        self.assertEqual(Mail.search_count([("recipient_ids", "in", self.customer_1.partner_id.ids),
                                            ("subject", "=", "Port strike")]), 1)
        self.assertFalse(Mail.search_count([("recipient_ids", "in", self.customer_2.partner_id.ids),
                                            ("subject", "=", "Port strike")]))
        self.assertEqual(notice.emailed_partner_ids, self.customer_1.partner_id)
        mail = Mail.search([("subject", "=", "Port strike")])
        self.assertIn("Ships wait outside the port.", mail.body_html)
        self.assertNoInternalText(mail.body_html)


@tagged("post_install", "-at_install")
class TestNoticeMarkets(OrderTrackingCommon, PortalLeakMixin):
    """A notice belongs to a market and reaches its orders only: market A's manager
    cannot write to market B's customers, whatever the notice's target says; staff
    read their markets' notices and those of the region and head office above."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_a = cls._new_user(
            "test_ot_notice_manager_a", "order_tracking.group_order_tracking_manager",
            cls.market_a,
        )

    def _notice(self, user, market, domain="[]", name="Port strike"):
        return self.env["vehicle.order.notice"].with_user(user).create({
            "name": name, "body": "Ships wait outside the port.",
            "target_domain": domain, "company_id": market.id,
        })

    def _mailed(self, partner, subject):
        return self.env["mail.mail"].search_count(
            [("recipient_ids", "in", partner.ids), ("subject", "=", subject)])

    def test_market_notice_reaches_its_market_only(self):
        # Order 3 is customer 1's order at market B's outlet.
        notice = self._notice(self.manager_a, self.market_a)
        self.assertEqual(notice._target_orders(), self.order_1 | self.order_2)
        self.assertEqual((notice.order_count, notice.customer_count), (2, 2))
        named_b = self._notice(self.manager_a, self.market_a,
                               f"[('company_id', '=', {self.market_b.id})]", "Ferry strike")
        self.assertFalse(named_b._target_orders(), "a target naming market B reaches nothing")
        self.assertEqual(named_b.order_count, 0)
        current = self.env["vehicle.order.notice"]._current_for(self.order_1 | self.order_3)
        self.assertIn(notice, current[self.order_1])
        self.assertNotIn(notice, current[self.order_3])
        self.assertNotIn(named_b, current[self.order_3])
        # Customer 2 (market A only) gets it; a market B notice does not reach them.
        b_notice = self.env["vehicle.order.notice"].create({
            "name": "Rhine low water", "body": "Barges carry less.", "target_domain": "[]",
            "company_id": self.market_b.id,
        })
        b_notice.action_send_emails()
        self.assertEqual(self._mailed(self.customer_1.partner_id, "Rhine low water"), 1)
        self.assertFalse(self._mailed(self.customer_2.partner_id, "Rhine low water"))
        notice.with_user(self.manager_a).action_send_emails()
        self.assertEqual(self._mailed(self.customer_2.partner_id, "Port strike"), 1)

    def test_head_office_notice_reaches_every_market(self):
        notice = self._notice(self.ot_manager, self.hq)
        orders = self.order_1 | self.order_2 | self.order_3
        self.assertEqual(notice._target_orders() & orders, orders)

    def test_market_manager_stays_in_their_market(self):
        hq_notice = self._notice(self.ot_manager, self.hq, name="Storm")
        b_notice = self._notice(self.ot_manager, self.market_b, name="Rhine low water")
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_rule"):
            self._notice(self.manager_a, self.market_b)
        # The head office's notice concerns market A's customers: read, not changed.
        self.assertEqual(hq_notice.with_user(self.manager_a).read(["name"])[0]["name"], "Storm")
        for action in (
            lambda n: n.write({"target_domain": "[]"}),
            lambda n: n.action_send_emails(),
            lambda n: n.unlink(),
        ):
            for notice in (hq_notice, b_notice):
                with self.subTest(notice=notice.name), self.assertRaises(AccessError), \
                        mute_logger("odoo.addons.base.models.ir_rule"):
                    action(notice.with_user(self.manager_a))
        self.assertFalse(self.env["vehicle.order.notice"].with_user(self.manager_a).search(
            [("id", "=", b_notice.id)]))
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_rule"):
            self._notice(self.manager_a, self.market_a).write({"company_id": self.market_b.id})
        self.assertFalse(self.env["mail.mail"].search_count([("subject", "=", "Storm")]))

    def test_desk_reads_notices_but_does_not_send_them(self):
        notice = self._notice(self.ot_manager, self.market_a)
        as_desk = notice.with_user(self.desk_a)
        self.assertEqual(as_desk.order_count, 2)
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_rule"):
            as_desk.action_send_emails()
        self.assertFalse(self._mailed(self.customer_2.partner_id, "Port strike"))


@tagged("post_install", "-at_install")
class TestNoticeTour(OrderTrackingCommon, HttpCase):

    def test_manager_writes_to_customers_on_their_way(self):
        """Market A's manager writes a notice in the form, builds its target with the
        domain editor, reads its reach and emails it: it reaches market A's car at sea,
        not the one still in production, not market B's car at sea."""
        manager_a = self._new_user(
            "test_ot_notice_tour_manager", "order_tracking.group_order_tracking_manager",
            self.market_a,
        )
        for order in (self.order_1, self.order_3):
            self._event(order, "V336", actual_date=self._days(-1))
        self.assertEqual((self.order_1 | self.order_3).mapped("phase"), ["logistics"] * 2)
        self.assertNotEqual(self.order_2.phase, "logistics")
        self.start_tour("/odoo/action-order_tracking.vehicle_order_notice_action/new",
                        "order_tracking_manager_notice", login=manager_a.login)
        notice = self.env["vehicle.order.notice"].search(
            [("name", "=", "Ferry strike in Zeebrugge")])
        self.assertRecordValues(notice, [{
            "company_id": self.market_a.id, "importance": "warning",
            "target_domain": '[("phase", "=", "logistics")]',
        }])
        self.assertEqual(notice._target_orders(), self.order_1)
        self.assertEqual(notice.emailed_partner_ids, self.customer_1.partner_id)
        self.assertEqual(self.env["mail.mail"].search_count(
            [("subject", "=", "Ferry strike in Zeebrugge")]), 1)


@tagged("post_install", "-at_install")
class TestTranslations(OrderTrackingCommon, PortalLeakMixin):
    """Customer-visible texts ship in nl, de, nb, sv and ms (i18n/*.po)."""

    def _mails(self, partner):
        return self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])

    def test_dutch_customer_gets_dutch_email_and_labels(self):
        self.env["res.lang"]._activate_lang("nl_NL")
        self.env["ir.module.module"].search([("name", "=", "order_tracking")])._load_module_terms(
            ["order_tracking"], ["nl_NL"], overwrite=True,
        )
        at_sea = self.statuses["V336"].with_context(lang="nl_NL")
        self.assertEqual(at_sea.customer_label, "Op zee")
        self.assertEqual(at_sea.customer_explanation, "Uw auto is aan boord van een schip.")
        self.customer_1.partner_id.lang = "nl_NL"
        self._event(self.order_1, "V336", actual_date=self._days(-1))
        self.env["vehicle.order"]._cron_notify_customers()
        mail = self._mails(self.customer_1.partner_id)
        self.assertEqual(len(mail), 1)
        self.assertIn("Op zee", mail.subject)
        for text in ("Hallo", "heeft een nieuwe stap bereikt", "Volg uw auto",
                     "Uw auto is aan boord van een schip."):
            self.assertIn(text, mail.body_html)
        self.assertNoInternalText(mail.subject + mail.body_html)

    def test_every_language_translates_every_customer_label(self):
        langs = {"nl_NL": "nl", "de_DE": "de", "nb_NO": "nb", "sv_SE": "sv", "ms_MY": "ms"}
        for code in langs:
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"].search([("name", "=", "order_tracking")])._load_module_terms(
            ["order_tracking"], list(langs), overwrite=True,
        )
        visible = self.env["vehicle.order.status"].search([("customer_visible", "=", True)])
        for code in langs:
            for status in visible.with_context(lang=code):
                with self.subTest(lang=code, status=status.code):
                    english = status.with_context(lang="en_US")
                    self.assertNotEqual(status.customer_label, english.customer_label)
                    self.assertNotEqual(status.customer_explanation,
                                        english.customer_explanation)


@tagged("post_install", "-at_install")
class TestNoticeMarketMigration(OrderTrackingCommon):
    """19.0.1.5.0: a notice of a database made before notices had a market gets the top
    company of its author's company, and so reaches the orders it reached before."""

    def test_existing_notice_gets_its_authors_top_company(self):
        author = self._new_user(
            "test_ot_notice_author", "order_tracking.group_order_tracking_manager",
            self.market_a,
        )
        notice = self.env["vehicle.order.notice"].with_user(author).create({
            "name": "Port strike", "body": "Ships wait.", "target_domain": "[]",
            "company_id": self.market_a.id,
        })
        notice.flush_recordset()
        load_migration("order_tracking", "19.0.1.5.0").migrate(self.env.cr, "19.0.1.4.0")
        notice.invalidate_recordset()
        self.assertEqual(notice.company_id, self.hq)
        orders = self.order_1 | self.order_2 | self.order_3
        self.assertEqual(notice._target_orders() & orders, orders)


@tagged("post_install", "-at_install")
class TestHandedOverEmail(OrderTrackingCommon, PortalLeakMixin):
    TEMPLATE = "order_tracking.mail_template_step_reached"

    def test_handed_over_email_gives_no_expected_delivery(self):
        """The mail of the last step does not announce an expected delivery: a Dutch
        customer read "Overgedragen ... Verwachte levering: 2 december 2026", a date
        behind them."""
        self._event(self.order_1, "V999", expected_date=self._days(-3))
        self._event(self.order_1, "V999", actual_date=self._days(-1))
        self.assertEqual(self.order_1.state, "delivered")
        self.env["vehicle.order"]._cron_notify_customers()
        mails = self.env["mail.mail"].search([("recipient_ids", "in",
                                               self.customer_1.partner_id.ids)])
        self.assertEqual(len(mails), 1)
        self.assertIn("Handed over", mails.subject)
        self.assertNotIn("Expected delivery", mails.body_html)

    def test_migration_fixes_stored_languages(self):
        """19.0.1.6.0 changes the noupdate template in every language it is stored in."""
        template = self.env.ref(self.TEMPLATE)
        load_language(self.env, "nl_NL", ["order_tracking"])
        new_if = "<p t-if=\"object.eta_date and object.state == 'open'\">"
        old_if = '<p t-if="object.eta_date">'
        # The template as 19.0.1.5.0 left it, in every language (as stored: JSON text).
        self.env.cr.execute(
            "UPDATE mail_template SET body_html = replace(body_html::text, %s, %s)::jsonb"
            " WHERE id = %s",
            tuple(json.dumps(text)[1:-1] for text in (new_if, old_if)) + (template.id,),
        )
        template.invalidate_recordset()
        self.assertNotIn(new_if, template.with_context(lang="nl_NL").body_html)
        load_migration("order_tracking", "19.0.1.6.0").migrate(self.env.cr, "19.0.1.5.0")
        template.invalidate_recordset()
        for lang in ("en_US", "nl_NL"):
            body = template.with_context(lang=lang).body_html
            self.assertIn(new_if, body)
            self.assertNotIn(old_if, body)


@tagged("post_install", "-at_install")
class TestTaskReminderEmail(OrderTrackingCommon):
    TEMPLATE = "order_tracking.mail_template_task_reminder"
    LEAD_INS = {"en_US": "Still to do before your handover:",
                "sv_SE": "Kvar att göra före din överlämning:"}

    def test_lead_in_reads_with_noun_items(self):
        """The reminder's lead-in reads with its items, some of them nouns: a Swedish
        customer read "behöver vi fortfarande att du: Inbyte" (we still need you to:
        Trade-in)."""
        load_language(self.env, "sv_SE", ["order_tracking"])
        self.customer_1.partner_id.lang = "sv_SE"
        self._event(self.order_1, "V900", actual_date=self._days(-1))
        self.assertIn(self.order_1, self.env["vehicle.order"]._cron_remind_tasks())
        mail = self.env["mail.mail"].search([("recipient_ids", "in",
                                              self.customer_1.partner_id.ids)])
        self.assertEqual(len(mail), 1)
        text = html2plaintext(mail.body_html)
        self.assertIn(self.LEAD_INS["sv_SE"], text)
        self.assertIn("Inbyte", text)
        self.assertNotIn("att du:", text)

    def test_migration_fixes_stored_languages(self):
        """19.0.1.7.0 changes the noupdate template's lead-in in every stored language."""
        migration = load_migration("order_tracking", "19.0.1.7.0")
        template = self.env.ref(self.TEMPLATE)
        load_language(self.env, "sv_SE", ["order_tracking"])
        # The template as 19.0.1.6.0 left it, in every language (as stored: JSON text).
        for old, new in migration.LEAD_INS:
            self.env.cr.execute(
                "UPDATE mail_template SET body_html = replace(body_html::text, %s, %s)::jsonb"
                " WHERE id = %s",
                tuple(json.dumps(text, ensure_ascii=False)[1:-1] for text in (new, old))
                + (template.id,),
            )
        template.invalidate_recordset()
        self.assertNotIn(self.LEAD_INS["sv_SE"], template.with_context(lang="sv_SE").body_html)
        migration.migrate(self.env.cr, "19.0.1.6.0")
        template.invalidate_recordset()
        for lang, lead_in in self.LEAD_INS.items():
            self.assertIn(lead_in, template.with_context(lang=lang).body_html)
