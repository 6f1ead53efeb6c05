from odoo import api, fields, models
from odoo.tools import email_normalize
from odoo.tools.mail import parse_contact_from_email

from ..tools.gateway_memo import GATEWAY_MEMO
from ..tools.replies import is_only_thanks


class CxCase(models.Model):
    """The case's mail gateway: a case from a new email, replies that answer or
    reopen it, who follows it and who the copies go to."""

    # One concern per file on purpose (cx_case.py holds the case itself).
    _inherit = "cx.case"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A case from a new email. Does what mail.thread.cc's and mail.thread's
        message_new do (cc, subject, sender) itself: mail.thread's runs fields_get()
        over the whole model (milliseconds on cx.case) only to learn that a name
        field exists. It does not call mail.thread's, hence the gateway's caller check
        (dealer_profile's mail_thread_gateway.py) here."""
        self._check_mail_gateway_caller()
        email = email_normalize(msg_dict.get("email_from") or "")
        if not email:
            # The router refuses these already (mail_thread.py); this guards direct calls.
            raise ValueError("cx.case: an email without a usable sender cannot open a case")
        self = self.with_context(default_user_id=False)
        partner = self.env["res.partner"].browse(msg_dict.get("author_id"))
        if not partner:
            # The gateway looked the sender up already (message_route): a new customer.
            name, email_address = parse_contact_from_email(msg_dict["email_from"])
            team = self.env["cx.case.team"].browse((custom_values or {}).get("team_id"))
            partner = self.env["res.partner"].sudo().create({
                "name": name or email_address, "email": email_address,
                **self._cx_new_customer_locale(team),
            })
            # The message the gateway posts next is theirs: spare its author lookup.
            msg_dict["author_id"] = partner.id
        values = {
            # Shown to the customer (portal, mails): in their language.
            "name": (msg_dict.get("subject") or partner._lang_env()._("No subject"))[:250],
            "channel": "email",
            "partner_id": partner.id,
            "email_from": msg_dict.get("email_from"),
            "email_cc": ", ".join(
                self._mail_cc_sanitized_raw_dict(msg_dict.get("cc")).values()
            ),
            "description": msg_dict.get("body"),
        }
        values.update(custom_values or {})
        case = self.create(values)
        memo = GATEWAY_MEMO.get()
        if memo is not None:
            memo["fresh_case"] = case.id
        return case

    def _message_compute_parent_id(self, parent_id):
        """The mail that opened a case is its first message: core would search the
        new case's messages for a parent (a query per new mail) and find none."""
        memo = GATEWAY_MEMO.get()
        if not parent_id and memo and memo.get("fresh_case") == self.id:
            return False
        return super()._message_compute_parent_id(parent_id)

    def _message_create(self, values_list):
        memo = GATEWAY_MEMO.get()
        if memo and memo.get("fresh_case") in self.ids:
            # Its first message: the next one has a parent to find.
            del memo["fresh_case"]
        return super()._message_create(values_list)

    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        """The Space manager of the case's outlet follows it: service points take part
        in solving cases (the portal and the mails show them the conversation, never
        internal notes). Core subscribes the assignee the same way."""
        followers = super()._message_auto_subscribe_followers(
            updated_values, default_subtype_ids
        )
        outlet = self.env["dealer.outlet"].sudo().browse(updated_values.get("outlet_id"))
        if not outlet and updated_values.get("order_id"):
            outlet = self.env["vehicle.order"].sudo().browse(updated_values["order_id"]).outlet_id
        if outlet.manager_partner_id:
            followers.append((outlet.manager_partner_id.id, default_subtype_ids, False))
        return followers

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        if message.message_type not in ("email", "comment") or message.is_internal:
            return result
        if message.subtype_id.id in self.env["mail.message.subtype"]._cx_internal_ids():
            return result
        author = message.author_id
        if author and author.user_ids and any(u._is_internal() for u in author.user_ids):
            # Mail is not authenticated (a From can be a staff address): only what
            # staff post in Odoo answers the customer.
            unanswered = self.filtered(
                lambda c: not c.first_response_date and message.message_type != "email"
            )
            if unanswered:
                unanswered.sudo().write({"first_response_date": fields.Datetime.now()})
        else:
            # The customer answered: the case is open again until they confirm. A
            # service point's or anyone else's message does not reopen it, nor does a
            # plain "thank you" on a solved or closed case.
            answered = self.filtered(lambda c: c._cx_is_customer(author))
            done = answered.filtered(lambda c: c.stage_kind in ("solved", "closed"))
            # The body as posted (msg_vals): reading the message again costs a query.
            if done and is_only_thanks((msg_vals or {}).get("body", message.body)):
                answered -= done
            answered._reopen_by_customer()
        return result

    def _cx_is_customer(self, partner, email=None):
        """Whether ``partner`` (or, without one, the address ``email``) is the case's
        customer or a contact of the same customer company."""
        self.ensure_one()
        customer = self.commercial_partner_id
        if partner:
            return bool(customer) and partner.commercial_partner_id == customer
        email = email_normalize(email or "")
        return bool(email) and not customer and email == email_normalize(self.email_from or "")

    @api.model
    def _detect_loop_sender_domain(self, email_from_normalized):
        """The cases a sender opened by email, for Odoo's loop check: through the
        customer's normalized email (indexed) instead of ``email_from ilike``, which
        reads every case opened in the last two hours for each mail. None to count
        (no domain: core skips the count) when the routing of this mail learned that
        no partner has the address, archived ones included (GATEWAY_MEMO): a new
        customer's first mail."""
        memo = GATEWAY_MEMO.get()
        if memo and email_from_normalized in memo.get("unknown", ()):
            return []
        return [("partner_id.email_normalized", "=", email_from_normalized)]

    def _notify_thread_by_email(self, message, recipients_data, **kwargs):
        """Copies caused by an incoming email (Odoo pings the author of the message
        answered when someone else replies) go through the mail queue, woken up
        now, instead of being sent by the gateway at the end of its transaction."""
        msg_type = (kwargs.get("msg_vals") or {}).get("message_type") or message.message_type
        if msg_type != "email":
            return super()._notify_thread_by_email(message, recipients_data, **kwargs)
        result = super()._notify_thread_by_email(
            message, recipients_data, **dict(kwargs, force_send=False)
        )
        if any(recipient["notif"] == "email" for recipient in recipients_data):
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        return result

    def _mail_get_alias_domains(self, default_company=False):
        """Core's, with the default company and the cases' read together (where the
        user may read them all): core reads the default company, then the cases'."""
        default_company = default_company or self.env.company
        return super()._mail_get_alias_domains(default_company=default_company.with_prefetch(
            (default_company | self.company_id)._prefetch_ids
        ))

    def _message_compute_real_author(self, author_id):
        """Core's, with OdooBot's partner by its cached xml id: ``env.ref`` checks that
        the record exists, a query each time message_post asks (twice or three times
        for each mail of the gateway)."""
        real_author = self.env["res.partner"]
        if self.env.user.active:
            real_author = self.env.user.partner_id
        elif author_id:
            author = self.env["res.partner"].browse(author_id)
            root_id = self.env["ir.model.data"]._xmlid_to_res_id("base.partner_root")
            if author.active and author.id != root_id:
                real_author = author
        return real_author

    def _message_get_suggested_recipients(self, **kwargs):
        recipients = super()._message_get_suggested_recipients(**kwargs)
        if self.partner_id and not any(r.get("partner_id") == self.partner_id.id
                                       for r in recipients):
            recipients.append({
                "partner_id": self.partner_id.id, "name": self.partner_id.name,
                "email": self.partner_id.email, "create_values": {},
            })
        return recipients

    def _track_subtype(self, initial_values):
        self.ensure_one()
        if "stage_id" in initial_values and self.stage_kind == "closed":
            return self.env.ref("cx_cases.mt_case_closed")
        if "stage_id" in initial_values and self.stage_kind == "solved":
            return self.env.ref("cx_cases.mt_case_solved")
        return super()._track_subtype(initial_values)
