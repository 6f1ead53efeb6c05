import logging
import uuid

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .cx_case import CxCase as CxCaseBase

_logger = logging.getLogger(__name__)

# The field history an anonymized case keeps: what the statistics read (time per stage
# for mail.tracking.duration.mixin, team, outlet, type, priority and channel figures).
# Every other tracked field (subject, customer, VIN, order...) may hold personal data in
# its old values: that history goes, whatever field is tracked tomorrow.
TRACKING_KEPT = frozenset({
    "stage_id", "team_id", "user_id", "type_id", "priority", "channel", "outlet_id",
    "campaign_outcome",
})


class CxCase(models.Model):
    """Privacy of a case: anonymization (on request, through privacy_lookup, or past
    the market's retention) keeps what statistics need and forgets the customer."""

    # One concern per file on purpose (cx_case.py holds the case itself).
    _inherit = "cx.case"  # pylint: disable=consider-merging-classes-inherited

    def _privacy_anonymize(self):
        """Forget who the customer was; keep what statistics need (dates, stage and its
        history, channel, type, team, outlet, SLA figures, rating scores and dates).

        Goes: the case's personal fields; every message of its chatter whatever its type
        (emails, notes, the chat transcript, the confirmation and rating mails) with its
        mails, attachments, recipients and the tracked values of personal fields; its
        activities; its links to the customer's order, test drive and chat; the test
        drive record, which only existed to call the customer back (privacy_lookup's own
        erasure of it deletes it as well). The order and the chat conversation are not
        the case's: privacy_lookup lists them (the order, the customer's chat messages)
        on their own.
        """
        cases = self.sudo().with_context(active_test=False).exists()
        if not cases:
            return True
        placeholder = self.env._("Anonymized")
        # Changes tracked earlier in this transaction are posted at commit, with the
        # values they had then: post them now, for the scrub below to see them.
        cases._track_finalize()
        cases._privacy_scrub_chatter(placeholder)
        test_drives = cases.test_drive_id | self.env["cx.test.drive"].sudo().search(
            [("case_id", "in", cases.ids)]
        )
        # Past the case's own write (anonymized cases refuse changes) and without
        # tracking: a tracked write would post the old subject, customer and VIN anew.
        super(CxCaseBase, cases.with_context(tracking_disable=True)).write({
            "name": placeholder, "description": False, "partner_id": False,
            "email_from": False, "partner_phone": False, "email_cc": False, "vin": False,
            "order_id": False, "test_drive_id": False, "origin_channel_id": False,
            "confirmation_note": False, "access_token": False, "anonymized": True,
        })
        test_drives.unlink()
        cases._privacy_scrub_ratings()
        return True

    def _privacy_scrub_chatter(self, placeholder):
        domain = [("model", "=", self._name), ("res_id", "in", self.ids)]
        # Sent and queued mails hold their own copy of the body and the recipients
        # (the confirmation mail is not auto-deleted); mails not made for a notification
        # take their message with them (mail.mail.unlink), hence before reading messages.
        self.env["mail.mail"].sudo().search(domain).unlink()
        self.env["mail.scheduled.message"].sudo().search(domain).unlink()
        self.env["mail.activity"].sudo().with_context(active_test=False).search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        ).unlink()
        messages = self.env["mail.message"].sudo().search(domain)
        personal = messages.tracking_value_ids.filtered(
            lambda value: value.field_id.name not in TRACKING_KEPT
        )
        # A change of personal fields only: nothing is left to show once its values go.
        emptied = messages.filtered(
            lambda m: m.tracking_value_ids and not m.tracking_value_ids - personal
            and not m.body and not m.attachment_ids
        )
        personal.unlink()
        emptied.unlink()
        messages -= emptied
        # Staff stay (inbox, authorship of answers); customers and cc'd people go.
        messages.notification_ids.filtered(
            lambda notif: not notif.res_partner_id or notif.res_partner_id.partner_share
        ).unlink()
        messages.reaction_ids.filtered(
            lambda reaction: reaction.guest_id or reaction.partner_id.partner_share
        ).unlink()
        (messages.attachment_ids | self.env["ir.attachment"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        )).unlink()
        messages.filtered("body").write({"body": Markup("<p>%s</p>") % placeholder})
        # Without its Message-Id, a reply to an old mail of the case opens a new case
        # (team alias) instead of threading into the anonymized one and reopening it.
        vals = {
            "subject": False, "email_from": False, "reply_to": False, "message_id": False,
            "incoming_email_to": False, "incoming_email_cc": False,
            "outgoing_email_to": False, "author_guest_id": False,
        }
        outsiders = messages.partner_ids.filtered("partner_share")
        if outsiders:
            vals["partner_ids"] = [Command.unlink(partner.id) for partner in outsiders]
        messages.write(vals)
        messages.filtered(lambda message: message.author_id.partner_share).write(
            {"author_id": False}
        )
        self.message_follower_ids.filtered(lambda f: f.partner_id.partner_share).unlink()

    def _privacy_scrub_ratings(self):
        """A rating keeps its score and its date for the CSAT; its comment, customer
        and link (a new token: the old mail's link must not add a comment again) go,
        and its stored document name follows the case's new one."""
        ratings = self.rating_ids
        if not ratings:
            return
        # CSAT per day and month reads the answer's date (rated_on, which rating.write
        # moves to today when the comment changes), rating.mixin's statistics its
        # write_date: the anonymizing write must move neither.
        dates = [(rating.id, rating.write_date, rating.rated_on or None) for rating in ratings]
        for case in self:
            for rating in case.rating_ids:
                rating.write({
                    "feedback": False, "partner_id": False,
                    "res_name": case.display_name, "access_token": uuid.uuid4().hex,
                })
        ratings.flush_recordset()
        self.env.cr.execute(SQL(
            """UPDATE rating_rating
                  SET write_date = kept.write_date, rated_on = kept.rated_on
                 FROM (VALUES %s) AS kept(id, write_date, rated_on)
                WHERE rating_rating.id = kept.id""",
            SQL(", ").join(
                SQL("(%s, %s::timestamp, %s::timestamp)", rid, written, rated)
                for rid, written, rated in dates
            ),
        ))
        ratings.invalidate_recordset(["write_date", "rated_on"])

    @api.model
    def _retention_expired_domain(self, now):
        """Cases past their market's retention, counted from the day the case ended:
        its closing, or for a case left solved without the customer's confirmation, the
        day it was solved (a reply of the customer would have reopened it, so nothing
        was heard from them since)."""
        companies = self.env["res.company"].sudo().search([("cx_retention_months", ">", 0)])
        if not companies:
            return None
        per_market = []
        for company in companies:
            limit = fields.Datetime.subtract(now, months=company.cx_retention_months)
            per_market.append(Domain("company_id", "=", company.id) & (
                (Domain("stage_kind", "=", "closed") & Domain("closed_date", "<", limit))
                | (Domain("stage_kind", "=", "solved") & Domain("solved_date", "<", limit))
            ))
        return Domain("anonymized", "=", False) & Domain.OR(per_market)

    @api.model
    def _cron_anonymize_expired(self, batch_size=500):
        """Retention per market, in committed batches: a first run on years of history
        carries on where a timed-out run stopped."""
        domain = self._retention_expired_domain(fields.Datetime.now())
        if domain is None:
            return
        Case = self.sudo().with_context(active_test=False)
        Cron = self.env["ir.cron"]
        Cron._commit_progress(remaining=Case.search_count(domain))
        while cases := Case.search(domain, limit=batch_size):
            cases._privacy_anonymize()
            _logger.info("cx_cases: anonymized %s cases past their retention", len(cases))
            if not Cron._commit_progress(len(cases)):
                return  # out of time: the cron comes back for the rest
