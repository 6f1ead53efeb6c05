"""Answer history: once an audit has started, every change to an answer, a note, an
N.A. flag or the photos of a standard is kept (who, when, old -> new), and so is every
reopen. Rows are made by the server's own write path only (``sudo`` there) and can
be neither edited nor deleted by anyone: no access right grants it and the model
refuses it in code."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

HISTORY_KINDS = [
    ("answer", "Answer"),
    ("na", "N.A."),
    ("comment", "Note"),
    ("photos", "Photos"),
    ("reopen", "Reopened"),
]
# Answer fields and the kind of change they make.
HISTORY_FIELDS = {
    "answer_yes_no": "answer",
    "answer_scale": "answer",
    "answer_numeric": "answer",
    "option_id": "answer",
    "not_applicable": "na",
    "comment": "comment",
    "photo_ids": "photos",
}


class NetworkAuditAnswerHistory(models.Model):
    _name = "network.audit.answer.history"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Audit Answer History"
    _order = "date desc, id desc"
    _rec_name = "kind"

    audit_id = fields.Many2one("network.audit", required=True, readonly=True, index=True,
                               ondelete="cascade")
    # Copied from the audit when the row is made (the record rules read it): a related
    # field would cost an UPDATE after each INSERT on the answering hot path.
    company_id = fields.Many2one("res.company", string="Market", readonly=True, index=True)
    line_id = fields.Many2one("network.audit.line", string="Answer", readonly=True,
                              index="btree_not_null", ondelete="cascade")
    standard_code = fields.Char(string="Code", readonly=True)
    standard_name = fields.Char(string="Standard", readonly=True)
    kind = fields.Selection(HISTORY_KINDS, string="Change", required=True, readonly=True)
    old_value = fields.Text(string="Before", readonly=True)
    new_value = fields.Text(string="After", readonly=True)
    user_id = fields.Many2one("res.users", string="By", required=True, readonly=True,
                              ondelete="restrict")
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)

    @api.model_create_multi
    def create(self, vals_list):
        # Only the server's write path makes history (as superuser): no group has the
        # right, and this holds should one be granted it by mistake.
        if not self.env.su:
            raise AccessError(self.env._("The answer history is kept by the server only."))
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            raise UserError(self.env._("The answer history of an audit cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        raise UserError(self.env._("The answer history of an audit cannot be deleted."))
