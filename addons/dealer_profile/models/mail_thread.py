from odoo import models

from odoo.addons.portal.utils import validate_thread_with_token


class MailThread(models.AbstractModel):
    """The suite's documents hide their access token from every user (dealer_profile's
    portal.mixin); core's portal chatter reads it as the visitor in two places."""

    _inherit = "mail.thread"

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
