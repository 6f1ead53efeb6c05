from odoo import api, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.portal.utils import validate_thread_with_token

# What a share user (a customer, a dealer, a mystery shopper) writes in a chatter,
# whichever way it comes: a comment in the public discussion, never a system notice,
# an email or an internal note.
SHARE_USER_MESSAGE_KIND = {"message_type": "comment", "subtype_xmlid": "mail.mt_comment"}
# The parameters of ``message_post`` a share user chooses; author, kind and recipients
# are decided for them.
SHARE_USER_POST_PARAMS = {
    "body", "subject", "parent_id", "attachments", "attachment_ids", "body_is_html",
    "email_add_signature",
}


# Context keys with which mail.thread keeps no trace of a change (no tracked values, no
# creation note). A JSON-RPC client sends any context key: an agent reassigned a case
# and changed its priority with ``mail_notrack`` and nothing in the chatter said who
# did it. On the suite's documents a user's change leaves its trace whatever the
# client sends; server code silences its own writes in sudo() or through the workflow.
SILENCING_CONTEXT_KEYS = ("tracking_disable", "mail_notrack", "mail_create_nolog")


class MailThread(models.AbstractModel):
    """The suite's documents hide their access token from every user (dealer_profile's
    portal.mixin); core's portal chatter reads it as the visitor in two places."""

    _inherit = "mail.thread"

    @api.model_create_multi
    def create(self, vals_list):
        return super(MailThread, self._traced()).create(vals_list)

    def write(self, vals):
        return super(MailThread, self._traced()).write(vals)

    def _traced(self):
        """These records, their changes tracked whatever the context a user's client
        sent, when they are the suite's (dealer.input.guard.mixin): core's models
        and the server's own writes keep the keys."""
        context = self.env.context
        if self.env.su or not any(context.get(key) for key in SILENCING_CONTEXT_KEYS):
            return self
        guard = self.env.registry["dealer.input.guard.mixin"]
        if not isinstance(self, guard) or self._server_fields_open():
            return self
        return self.with_context(**dict.fromkeys(SILENCING_CONTEXT_KEYS, False))

    def message_post(self, **kwargs):
        """A share user posting in their own name (over RPC: ``message_post`` is public)
        writes a comment as themselves, to the document's followers: a customer sent
        ``message_type="notification"`` (a system notice from them), a dealer
        ``email_from`` of a customer (a message in the customer's name). The superuser
        (the portal controllers, which post after their own checks and with the author
        they established) is not concerned."""
        if self.env.user.share and not self.env.su:
            kwargs = self._share_user_post_values(kwargs)
        elif not self.env.su and ("author_id" in kwargs or kwargs.get("email_from")):
            self._check_staff_post_author(kwargs.get("author_id"), kwargs.get("email_from"))
        return super().message_post(**kwargs)

    def message_notify(self, **kwargs):
        """Public too: a notification mailed to partners is a message in its author's
        name as a post is."""
        user = self.env.user
        if not self.env.su and not user.share and (
            "author_id" in kwargs or kwargs.get("email_from")
        ):
            self._check_staff_post_author(kwargs.get("author_id"), kwargs.get("email_from"))
        return super().message_notify(**kwargs)

    def _message_post_to(self, partner, body, **kwargs):
        """Post a message to ``partner`` on this document in their language, whoever
        (or whichever job) sends it: ``body`` is called with this record as they read
        it (``res.partner._lang_env``) and returns the text. A comment, so that it
        shows in the document's conversation on their portal page too (a notification
        reaches their inbox only). One way for the suite: action items to their Space
        manager, awards, change-request reviews."""
        self.ensure_one()
        return self.message_post(
            body=body(self.with_env(partner._lang_env())), partner_ids=partner.ids,
            message_type="comment", subtype_xmlid="mail.mt_comment", **kwargs,
        )

    def _check_staff_post_author(self, author_id, email_from):
        """A staff member posts in their own name (``message_post`` is public: over
        JSON-RPC, or the composer's author), never in another user's (an agent as their
        supervisor) nor in the document's customer's (a customer's words reopen a
        solved case). Another author stays possible where no one is impersonated: the
        company or a team's address of a mail template. Administrators may rewrite
        messages anyway."""
        user = self.env.user
        if user._is_system():
            return
        author_id, __ = self._message_compute_author(author_id or None, email_from)
        author = self.env["res.partner"].sudo().browse(author_id or [])
        if not author or author == user.partner_id:
            return
        customers = self.env["res.partner"].sudo().browse([
            partner.id for partners in self.sudo()._mail_get_partners().values()
            for partner in partners
        ])
        if author.with_context(active_test=False).user_ids or (
            author.commercial_partner_id & customers.commercial_partner_id
        ):
            raise AccessError(self.env._(
                "You post in your own name only: %(author)s writes their own messages.",
                author=author.display_name,
            ))

    def _share_user_post_values(self, values):
        """``values`` of ``message_post`` as the current share user may post them: their
        own choices among ``SHARE_USER_POST_PARAMS``, the kind of every share user's
        message (``_share_user_message_kind``), themselves as the author. No extra
        recipients: the portal chatter's route alone lets a share user mention a
        partner, with the token of the mention it offered them."""
        author = self.env.user.partner_id
        decided = {
            **self._share_user_message_kind(),
            "author_id": author.id,
            "email_from": author.email_formatted,
        }
        # A parameter the caller may not choose is refused, not dropped: the caller
        # (a script over JSON-RPC) learns that its recipients, author or kind of
        # message were not what it asked for. The decided values themselves may be
        # repeated (the suite's portal routes post comments explicitly).
        refused = sorted(
            key for key, value in values.items()
            if key not in SHARE_USER_POST_PARAMS and (key not in decided or value != decided[key])
        )
        if refused:
            raise UserError(self.env._(
                "A portal user's message is a comment in their own name, to the document's "
                "followers: %(params)s cannot be chosen. Post with %(allowed)s only.",
                params=", ".join(refused), allowed=", ".join(sorted(SHARE_USER_POST_PARAMS)),
            ))
        return {
            **{key: value for key, value in values.items() if key in SHARE_USER_POST_PARAMS},
            **decided,
        }

    def _share_user_message_kind(self):
        # Also the portal chatter's route's rule (dealer_profile/controllers/mail.py),
        # which posts in sudo.
        return dict(SHARE_USER_MESSAGE_KIND)

    def _sign_token(self, pid):
        # The per-recipient hash of notification links, built as the sender: in sudo.
        # Only the hash leaves.
        return super(MailThread, self.sudo())._sign_token(pid)

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=False):
        """The document's customer alone gets the token with their copy of a mail
        (``customer_access_token``, core's portal_customer group): the suite's customer
        layouts (``dealer_profile.mail_notification_customer``) build the links that act
        in the customer's name from it, so that no token is stored in the message that
        staff and followers read."""
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        field = self._fields.get("access_token")
        customer_group = next((group for group in groups if group[0] == "portal_customer"), None)
        if customer_group and field is not None and field.groups:
            customer_group[2]["customer_access_token"] = self._portal_ensure_token()
        return groups

    def _get_thread_with_access(self, thread_id, *, mode="read", **kwargs):
        """A logged-in visitor who opens the customer's link (the customer clicking their
        mail) gets the thread as the token grants it (sudo), as a logged-out visitor
        does: the portal chatter then checks the token without reading a field that is
        hidden from them. Who may act for the customer is still the controllers'
        decision (a logged-in dealer never does)."""
        thread = super()._get_thread_with_access(thread_id, mode=mode, **kwargs)
        token = kwargs.get("token")
        field = self._fields.get(self._mail_post_token_field)
        if thread and token and not thread.env.su and field is not None and field.groups:
            thread_sudo = thread.sudo()
            # A wrong token is refused as core refuses it to logged-out visitors.
            return thread_sudo if validate_thread_with_token(thread_sudo, token) else self.browse()
        return thread
