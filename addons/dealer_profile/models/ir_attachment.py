from odoo import api, models
from odoo.exceptions import AccessError, UserError

# What a write may change on any attachment the user may write: its portal token (the
# portal pages generate it after their access check) and a PDF's preview.
HARMLESS_FIELDS = {"access_token", "thumbnail"}
# What links an attachment to a document, or to one of its binary fields.
LINK_FIELDS = {"res_model", "res_id", "res_field"}


class IrAttachment(models.Model):
    """Attachments of the suite's documents (dealer.input.guard.mixin) are no way around
    the document's own rules. Core lets whoever may write a document create, rewrite and
    delete every attachment of it, over JSON-RPC (``ir.attachment`` is public) and
    through /mail/attachment/delete:

    - the attachment of a binary field (``res_field``: a signature, a file) is the
      field's value: core's fields write it as superuser after the document's checks.
      A user creating, rewriting or deleting it directly skipped them (an officer signed
      a validated audit as its auditor);
    - the attachment of a message is the message's content, which only its author
      changes (mail_message.py): an agent rewrote and deleted the receipt a customer
      had sent with their message.

    Models add their own cases in ``_check_suite_attachment_change`` (network_audit: the
    evidence of a reported fix). The superuser (core's fields, the server's flows) is
    not concerned."""

    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        attachments._check_suite_field_attachments()
        return attachments

    def write(self, vals):
        if set(vals) - HARMLESS_FIELDS:
            self._check_suite_attachment_change()
        result = super().write(vals)
        if LINK_FIELDS & set(vals):
            self._check_suite_field_attachments()
        return result

    # at_uninstall=True: with False, Odoo skips the method whenever the context holds
    # ``_force_unlink``, a key any JSON-RPC client sends (the superuser is skipped).
    @api.ondelete(at_uninstall=True)
    def _unlink_except_suite_document_content(self):
        self._check_suite_attachment_change()

    def _has_attachments_ownership(self, attachment_tokens):
        """/mail/attachment/delete deletes in sudo the attachments the user owns (write
        access or the uploader's token), and a message posted through /mail takes them:
        not those the user may not change here."""
        if not super()._has_attachments_ownership(attachment_tokens):
            return False
        try:
            self._check_suite_attachment_change()
        except (AccessError, UserError):
            return False
        return True

    def _suite_documents(self):
        """{attachment: its suite document} of these attachments (read in sudo)."""
        guard = self.env.registry["dealer.input.guard.mixin"]
        documents = {}
        for attachment in self.sudo():
            model = attachment.res_model
            if model and attachment.res_id and model in self.env and isinstance(
                self.env[model], guard
            ):
                documents[attachment] = self.env[model].browse(attachment.res_id)
        return documents

    def _check_suite_attachment_change(self):
        """Raise when the user may not rewrite or delete these attachments."""
        if self.env.su:
            return
        self._check_suite_field_attachments()
        messages = self.env["mail.message"].sudo().search([("attachment_ids", "in", self.ids)])
        # Only its author (or an administrator) changes a message of a suite document.
        messages.with_env(self.env)._check_own_messages()
        self._check_locked_documents_attachments(messages.attachment_ids)

    def _check_locked_documents_attachments(self, posted):
        """A locked document (a validated audit, a reviewed change request) takes new
        attachments, as it takes messages; those it holds stay: an officer deleted the
        file an auditor had attached to a validated audit. The user's own upload that
        no message carries yet (the composer's) is still removed."""
        workflow = self.env.registry["dealer.workflow.mixin"]
        for attachment, document in self._suite_documents().items():
            if not isinstance(document, workflow) or (
                attachment.create_uid == self.env.user and attachment not in posted
            ):
                continue
            locked = document.sudo().exists()._workflow_attachments_locked()
            if locked:
                raise UserError(locked._workflow_attachments_lock_message(locked))

    def _check_suite_field_attachments(self):
        if self.env.su:
            return
        for attachment, document in self._suite_documents().items():
            if attachment.res_field:
                field = document._fields.get(attachment.res_field)
                raise UserError(self.env._(
                    "%(field)s of %(record)s is changed on the record itself, not "
                    "through its attachment.",
                    field=field.string if field else attachment.res_field,
                    record=document.sudo().display_name,
                ))
