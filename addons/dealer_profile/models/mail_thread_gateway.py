from odoo import api, models
from odoo.exceptions import AccessError


class MailThread(models.AbstractModel):
    """Incoming mail enters through Odoo's mail gateway only. Core's steps are public
    methods, so any internal user could call them over JSON-RPC, and they run as the
    superuser: a forged mail posted as a customer, a record created with any value
    (``custom_values``) past the suite's guards. The gateway's callers are the
    superuser (fetchmail, its cron) and an administrator (Odoo's mailgate script logs
    in as one); core calls ``message_new`` and ``message_update`` in sudo."""

    # One concern per file on purpose (mail_thread.py holds the token's ways).
    _inherit = "mail.thread"  # pylint: disable=consider-merging-classes-inherited

    def _check_mail_gateway_caller(self, system_too=False):
        if self.env.su or (system_too and self.env.user._is_system()):
            return
        raise AccessError(self.env._(
            "Incoming mail is processed by the mail gateway only (fetchmail or Odoo's "
            "mailgate script), not by a user's request."
        ))

    @api.model
    def message_process(self, model, message, custom_values=None, save_original=False,
                        strip_attachments=False, thread_id=None):
        self._check_mail_gateway_caller(system_too=True)
        return super().message_process(
            model, message, custom_values=custom_values, save_original=save_original,
            strip_attachments=strip_attachments, thread_id=thread_id,
        )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        self._check_mail_gateway_caller()
        return super().message_new(msg_dict, custom_values=custom_values)

    def message_update(self, msg_dict, update_vals=None):
        self._check_mail_gateway_caller()
        return super().message_update(msg_dict, update_vals=update_vals)
