from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time
from markupsafe import Markup

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CxCommon, at
from .test_mail_gateway import build_mail

NAME = "Ingrid Vandersloot"
EMAIL = "ingrid.vandersloot@privacy.example.org"
PHONE = "+31 6 9876 5432"
VIN = "YSMFD3KA1LB000777"
# What must not survive an erasure anywhere on the case, in any spelling Odoo uses.
NEEDLES = (NAME, "Vandersloot", EMAIL, "ingrid.vandersloot", PHONE, "9876 5432", VIN)


@tagged("post_install", "-at_install")
class TestPrivacyErasure(CxCommon):
    """An erasure request (privacy_lookup) forgets the customer everywhere on the case:
    fields, every kind of chatter entry, field history, mails, ratings, and the links to
    the customer's order, test drive and chat."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_a.group_ids = [Command.link(cls.env.ref("im_livechat.im_livechat_group_user").id)]
        cls.ingrid = cls.env["res.partner"].create({"name": NAME, "email": EMAIL, "phone": PHONE})
        cls.order = cls.env["vehicle.order"].create({
            "partner_id": cls.ingrid.id, "outlet_id": cls.outlet_a.id,
            "vehicle_model": "Test Model Privacy", "vin": VIN, "order_date": date(2029, 10, 1),
        })
        cls.chat = cls.env["discuss.channel"].create({
            "name": "Chat with a customer",
            "channel_type": "livechat",
            "livechat_channel_id": cls.env["im_livechat.channel"].create({
                "name": "Test care chat", "user_ids": [Command.set(cls.agent_a.ids)],
            }).id,
            "livechat_operator_id": cls.agent_a.partner_id.id,
            "channel_member_ids": [
                Command.create({"partner_id": cls.agent_a.partner_id.id}),
                Command.create({"partner_id": cls.ingrid.id}),
            ],
            "last_interest_dt": fields.Datetime.now(),
        })
        cls.chat_message = cls.chat.sudo().message_post(
            body=f"I am {NAME}, call me on {PHONE} about {VIN}", message_type="comment",
            author_id=cls.ingrid.id,
        )
        cls.chat.with_user(cls.agent_a).message_post(
            body=f"Sure {NAME}, let me open a case", message_type="comment"
        )
        cls.chat_case = cls._full_history_case()
        cls.drive_case = cls.env["cx.test.drive"].create({
            "customer_name": NAME, "email": EMAIL, "phone": PHONE,
            "vehicle_model": "Test Model Privacy", "outlet_id": cls.outlet_a.id,
            "date": at(4, 15),
        }).case_id
        cls.cases = cls.chat_case | cls.drive_case
        cls.env.cr.precommit.run()

    @classmethod
    def _full_history_case(cls):
        """A chat turned into a case, then every kind of chatter entry a case gets."""
        case = cls.chat.with_user(cls.agent_a)._cx_convert_to_case().sudo()
        # Tracking is posted at commit: each step as its own transaction.
        cls.env.cr.precommit.run()
        case.write({"order_id": cls.order.id, "email_cc": f"{NAME} <{EMAIL}>"})
        cls.env.cr.precommit.run()
        case.write({"name": f"{NAME}: charging cable"})
        cls.env.cr.precommit.run()
        case.message_post(
            body=Markup("<p>Regards, %s, %s</p>") % (NAME, PHONE),
            subject=f"Re: charging cable of {NAME}", email_from=f"{NAME} <{EMAIL}>",
            author_id=cls.ingrid.id, message_type="email", subtype_xmlid="mail.mt_comment",
            incoming_email_to=EMAIL, incoming_email_cc=f"{NAME} <{EMAIL}>",
            attachments=[("licence.txt", f"Driving licence of {NAME}".encode())],
        )
        case.with_user(cls.agent_a).message_post(
            body=f"Dear {NAME}, a new cable is on its way", message_type="comment",
            subtype_xmlid="mail.mt_comment", partner_ids=cls.ingrid.ids,
        )
        case.activity_schedule(
            "mail.mail_activity_data_call", summary=f"Call {NAME}", note=PHONE,
            user_id=cls.agent_a.id,
        )
        case.action_start()
        case.action_solve()
        case._confirm_by_customer("email")
        case.rating_apply(4, token=case._rating_get_access_token(),
                          feedback=f"Fine, thanks. {NAME}, {PHONE}")
        cls.env.cr.precommit.run()
        return case

    def _erase_cases(self):
        wizard = self.env["privacy.lookup.wizard"].create({"name": NAME, "email": EMAIL})
        wizard.action_lookup()
        case_lines = wizard.line_ids.filtered(lambda line: line.res_model == "cx.case")
        self.assertEqual(set(case_lines.mapped("res_id")), set(self.cases.ids))
        for line in case_lines:
            line.action_unlink()
        self.assertTrue(all(case_lines.mapped("is_unlinked")))
        return wizard

    def _texts(self, cases):
        """Every stored text of the cases and of what hangs on them."""
        messages = self.env["mail.message"].search(
            [("model", "=", "cx.case"), ("res_id", "in", cases.ids)]
        )
        texts = []
        for case in cases:
            texts += [case.name, case.display_name, case.description, case.email_from,
                      case.partner_phone, case.email_cc, case.vin, case.confirmation_note]
        for message in messages:
            texts += [message.body, message.subject, message.email_from, message.reply_to,
                      message.incoming_email_to, message.incoming_email_cc,
                      message.outgoing_email_to, message.record_name,
                      message.author_id.name, message.author_id.email]
            texts += message.partner_ids.mapped("name")
            texts += message.notification_ids.mapped("mail_email_address")
        for value in messages.tracking_value_ids:
            texts += [value.old_value_char, value.new_value_char,
                      value.old_value_text, value.new_value_text]
        for rating in cases.rating_ids:
            texts += [rating.res_name, rating.feedback, rating.partner_id.name]
        return [str(text) for text in texts if text]

    def test_erasure_forgets_the_customer_everywhere(self):
        messages_before = set(self.env["mail.message"].search(
            [("model", "=", "cx.case"), ("res_id", "in", self.cases.ids)]
        ).ids)
        kinds = set(self.env["mail.message"].browse(messages_before).mapped("message_type"))
        self.assertTrue({"email", "comment", "notification"} <= kinds)
        old_token = self.chat_case.rating_ids.access_token
        drive = self.drive_case.test_drive_id
        self.assertTrue(any(NAME in text for text in self._texts(self.cases)))
        self.assertTrue(self.env["mail.mail"].sudo().search(
            [("model", "=", "cx.case"), ("res_id", "in", self.cases.ids)]
        ))
        tracked = self.env["mail.message"].browse(messages_before).tracking_value_ids
        self.assertTrue({"name", "vin", "order_id"} <= set(tracked.field_id.mapped("name")))
        # A change in the same transaction as the erasure: tracked at commit.
        self.drive_case.write({"name": f"Call back {NAME} on {PHONE}"})

        self._erase_cases()
        self.env.cr.precommit.run()

        for text in self._texts(self.cases):
            for needle in NEEDLES:
                self.assertNotIn(needle.lower(), text.lower())
        messages = self.env["mail.message"].search(
            [("model", "=", "cx.case"), ("res_id", "in", self.cases.ids)]
        )
        self.assertLessEqual(set(messages.ids), messages_before,
                             "the erasure posts no chatter entry")
        self.assertFalse(messages.attachment_ids)
        self.assertFalse(self.env["ir.attachment"].search(
            [("res_model", "=", "cx.case"), ("res_id", "in", self.cases.ids)]
        ))
        self.assertFalse(messages.filtered(lambda m: m.author_id == self.ingrid))
        self.assertNotIn(
            self.ingrid, messages.partner_ids | messages.notification_ids.res_partner_id
        )
        self.assertFalse(self.env["mail.mail"].sudo().search(
            [("model", "=", "cx.case"), ("res_id", "in", self.cases.ids)]
        ), "the confirmation and rating mails greeted the customer by name")
        tracked = set(messages.tracking_value_ids.field_id.mapped("name"))
        self.assertFalse(tracked & {"name", "partner_id", "vin", "order_id"})
        self.assertIn("stage_id", tracked, "time per stage stays for the statistics")
        self.assertNotIn(self.ingrid, self.cases.message_follower_ids.partner_id)
        self.assertFalse(self.env["mail.activity"].search(
            [("res_model", "=", "cx.case"), ("res_id", "in", self.cases.ids)]
        ))
        for case in self.cases:
            self.assertTrue(case.anonymized)
            self.assertFalse(case.partner_id)
            self.assertFalse(case.order_id)
            self.assertFalse(case.test_drive_id)
            self.assertFalse(case.origin_channel_id)
            self.assertFalse(case.access_token)
        self.assertFalse(drive.exists(), "the test drive only existed for the call-back")
        self.assertTrue(self.order.exists(), "the order is order_tracking's, not the case's")
        rating = self.chat_case.rating_ids
        self.assertEqual((rating.rating, rating.consumed), (4.0, True))
        self.assertFalse(rating.partner_id)
        self.assertFalse(self.env["rating.rating"].search([("access_token", "=", old_token)]),
                         "the rating mail's link cannot add a comment again")

    def test_lookup_after_erasure(self):
        """What privacy_lookup finds afterwards: nothing of the cases; the customer's
        own chat messages and order stay listed for their own erasure."""
        wizard = self._erase_cases()
        found = {(line.res_model, line.res_id) for line in wizard.line_ids}
        self.assertIn(("mail.message", self.chat_message.id), found)
        self.assertIn(("vehicle.order", self.order.id), found)
        again = self.env["privacy.lookup.wizard"].create({"name": NAME, "email": EMAIL})
        again.action_lookup()
        case_messages = self.env["mail.message"].search(
            [("model", "=", "cx.case"), ("res_id", "in", self.cases.ids)]
        )
        for line in again.line_ids:
            self.assertNotIn(line.res_model, ("cx.case", "rating.rating", "cx.test.drive"))
            if line.res_model == "mail.message":
                self.assertNotIn(line.res_id, case_messages.ids)

    def test_delete_all_after_case_erasure(self):
        """The wizard's other lines still go through once the cases are erased, even
        those whose record went with a case (the test drive)."""
        wizard = self._erase_cases()
        others = wizard.line_ids.filtered(
            lambda line: line.res_model not in ("res.partner", "vehicle.order")
            and not line.is_unlinked
        )
        self.assertIn("cx.test.drive", others.mapped("res_model"))
        others.action_unlink_all()
        self.assertTrue(all(others.mapped("is_unlinked")))
        self.assertFalse(self.chat_message.exists())

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_reply_after_erasure_opens_a_new_case(self):
        """A reply to an old mail does not thread into (and reopen) the anonymized case."""
        old_mail = self.env["mail.message"].search([
            ("model", "=", "cx.case"), ("res_id", "=", self.chat_case.id),
            ("message_type", "=", "email"),
        ], limit=1)
        self.assertTrue(old_mail.message_id)
        self._erase_cases()
        count = len(self.chat_case.message_ids)
        self.env["mail.thread"].message_process(None, build_mail(
            f"{NAME} <{EMAIL}>", "care-a@cx-test.example.com", "Re: charging cable",
            "It broke again.", in_reply_to=old_mail.message_id,
        ))
        self.assertEqual(len(self.chat_case.message_ids), count)
        self.assertEqual(self.chat_case.stage_kind, "closed")
        new_case = self.env["cx.case"].search([("email_from", "ilike", EMAIL)])
        self.assertEqual(len(new_case), 1)
        self.assertNotEqual(new_case, self.chat_case)

    def test_rating_line_anonymizes_its_case(self):
        wizard = self.env["privacy.lookup.wizard"].create({"name": NAME, "email": EMAIL})
        wizard.action_lookup()
        line = wizard.line_ids.filtered(
            lambda ln: ln.res_model == "rating.rating"
            and ln.res_id == self.chat_case.rating_ids.id
        )
        line.action_unlink()
        self.assertTrue(self.chat_case.anonymized)
        self.assertTrue(self.chat_case.rating_ids.exists())


@tagged("post_install", "-at_install")
class TestPrivacyStatistics(CxCommon):
    def _case(self, *args, **vals):
        return super()._case(*args, outlet_id=self.outlet_a.id, user_id=self.agent_a.id,
                             **vals)

    def _ended_case(self, score=None, breach=False, confirm=True, **vals):
        with freeze_time(at(0, 8)):
            case = self._case(**vals)
            self._customer_says(case, "Hello")
            case.with_user(self.agent_a).message_post(
                body="On it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            case.action_start()
        with freeze_time(at(2 if breach else 0, 15)):
            case.action_solve()
            if confirm:
                case.sudo()._confirm_by_customer("email")
            if score:
                case.rating_apply(score, token=case._rating_get_access_token(),
                                  feedback="Fine")
        return case

    def _figures(self, cases):
        Case = self.env["cx.case"].with_context(active_test=False)
        team = [("team_id", "=", self.team_a.id)]
        self.env.invalidate_all()
        return {
            "csat": Case._csat_by(team, "team_id"),
            "csat_by_channel": Case._csat_by(team, "channel"),
            "csat_january": Case._csat_by(team, "team_id", since=datetime(2030, 1, 1),
                                          until=datetime(2030, 2, 1)),
            "csat_march": Case._csat_by(team, "team_id", since=datetime(2030, 3, 1)),
            "quality": self.env["dealer.outlet"]._cx_service_quality(date(2030, 1, 1)),
            "counts": Case._read_group(
                team, ["channel", "type_id", "stage_id", "sla_status",
                       "first_contact_resolution", "outlet_id"], ["__count"],
            ),
            "cases": [
                (case.sla_status, case.sla_success, case.first_contact_resolution,
                 case.duration_tracking, case.date_open, case.first_response_date,
                 case.solved_date, case.closed_date, case.reopen_count)
                for case in cases
            ],
            "ratings": [(r.rating, r.consumed, r.write_date, r.rated_on)
                        for r in cases.rating_ids],
        }

    def test_statistics_unchanged(self):
        cases = (
            self._ended_case(score=5, channel="phone")
            | self._ended_case(score=2, breach=True)
            | self._ended_case(confirm=False)
        )
        self.env.cr.precommit.run()  # the stage history, as committed
        # Ratings answered in January (the test transaction's clock is one instant).
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE rating_rating SET write_date = '2030-01-07 16:00',"
            " rated_on = '2030-01-07 16:00' WHERE id = ANY(%s)",
            [cases.rating_ids.ids],
        )
        with freeze_time(datetime(2030, 3, 10, 12)):
            before = self._figures(cases)
            self.assertEqual(before["csat"][self.team_a], 50.0)
            self.assertEqual(before["csat_january"][self.team_a], 50.0)
            cases._privacy_anonymize()
            after = self._figures(cases)
        self.assertTrue(all(cases.mapped("anonymized")))
        self.assertEqual(after, before)


@tagged("post_install", "-at_install")
class TestRetention(CxCommon):
    """Cases are anonymized once their market's retention has run out since they ended:
    closed, or solved and left without the customer's confirmation."""

    def _case_at(self, day, close=False, solve=True, **vals):
        with freeze_time(day):
            case = self._case(**vals)
            case.action_start()
            if solve:
                case.action_solve()
            if close:
                case.sudo()._confirm_by_customer("email")
        return case

    def _run_cron(self, when, **kwargs):
        # Outside a cron _commit_progress commits, which a test cannot.
        with freeze_time(when), patch.object(self.env.cr, "commit", self.env.cr.flush):
            self.env["cx.case"]._cron_anonymize_expired(**kwargs)

    def test_closed_cases(self):
        self.market_a.cx_retention_months = 12
        old = self._case_at(at(0, 8), close=True)
        recent = self._case_at(datetime(2030, 6, 3, 9), close=True)
        self._run_cron(datetime(2031, 2, 1, 3))
        self.assertTrue(old.anonymized)
        self.assertFalse(recent.anonymized)

    def test_solved_awaiting_confirmation(self):
        """Solved, the customer never confirmed: retention runs from the solving."""
        self.market_a.cx_retention_months = 12
        old = self._case_at(at(0, 8)) | self._case_at(at(1, 8))
        recent = self._case_at(datetime(2030, 6, 3, 9))
        still_open = self._case_at(at(0, 8), solve=False)
        other_market = self._case_at(at(0, 8), close=True, team=self.team_b)  # 36 months
        self.assertEqual(set(old.mapped("stage_kind")), {"solved"})
        self._run_cron(datetime(2031, 2, 1, 3), batch_size=1)
        self.assertEqual(old.mapped("anonymized"), [True, True])
        self.assertEqual(old.mapped("stage_kind"), ["solved", "solved"],
                         "anonymized, not closed: the customer never confirmed")
        self.assertFalse(recent.anonymized)
        self.assertFalse(still_open.anonymized)
        self.assertFalse(other_market.anonymized)

    def test_no_retention(self):
        self.market_a.cx_retention_months = 0
        self.market_b.cx_retention_months = 0
        case = self._case_at(at(0, 8), close=True)
        self._run_cron(datetime(2040, 1, 1))
        self.assertFalse(case.anonymized)
