from odoo import api, models
from odoo.exceptions import AccessError

# What a message says and in whose name: only its author changes it. Core lets whoever
# may write the document write (and delete) every message of its chatter, and create one
# with any author, over JSON-RPC (``mail.message`` is public): an agent wrote in a case's
# chatter as its customer and as their supervisor, and rewrote the customer's words.
CONTENT_FIELDS = {
    "body", "subject", "author_id", "author_guest_id", "email_from", "reply_to",
    "attachment_ids", "message_type", "subtype_id", "is_internal", "date", "model",
    "res_id", "record_name", "parent_id", "partner_ids", "tracking_value_ids",
}


class MailMessage(models.Model):
    """Messages of the suite's documents (dealer.input.guard.mixin) are written in
    their author's name by their author only, whatever the path (``message_post`` is
    guarded by dealer_profile's mail.thread; this is the model itself). The superuser
    (the portal controllers, the gateway, the server's posts) and administrators are not
    concerned."""

    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user._is_system():
            for vals in vals_list:
                document = self._suite_document(vals.get("model"), vals.get("res_id"))
                if document and ("author_id" in vals or vals.get("email_from")):
                    self._check_message_author(document, vals)
        return super().create(vals_list)

    def write(self, vals):
        if CONTENT_FIELDS & set(vals):
            self._check_own_messages()
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_others_messages(self):
        self._check_own_messages()

    def _suite_document(self, model, res_id):
        """The suite's document a message is (to be) posted on, or None."""
        if not model or not res_id or model not in self.env:
            return None
        document = self.env[model].browse(res_id)
        guard = self.env.registry["dealer.input.guard.mixin"]
        return document if isinstance(document, guard) else None

    def _check_message_author(self, document, vals):
        user = self.env.user
        if user.share:
            author_id, __ = document._message_compute_author(
                vals.get("author_id") or None, vals.get("email_from")
            )
            if author_id != user.partner_id.id:
                raise AccessError(self.env._(
                    "You post in your own name only: %(author)s writes their own messages.",
                    author=self.env["res.partner"].sudo().browse(author_id).display_name,
                ))
            return
        document._check_staff_post_author(vals.get("author_id"), vals.get("email_from"))

    def _check_own_messages(self):
        if self.env.su or self.env.user._is_system():
            return
        partner = self.env.user.partner_id
        for message in self.sudo():
            if message.author_id != partner and self._suite_document(
                message.model, message.res_id
            ):
                raise AccessError(self.env._(
                    "You change your own messages only: %(author)s wrote this one.",
                    author=message.author_id.display_name or self.env._("the system"),
                ))
