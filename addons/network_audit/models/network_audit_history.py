"""Answer history: once an audit has started, every change to an answer, a note, an
N.A. flag or the photos of a standard is kept (who, when, old -> new), and so is every
reopen. Rows are made by the server's own write path only (``sudo`` there) and can
be neither edited nor deleted by anyone: no access right grants it and the model
refuses it in code."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_repr

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
        raise UserError(self.env._("The answer history of an audit cannot be changed."))

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        raise UserError(self.env._("The answer history of an audit cannot be deleted."))


class NetworkAuditLine(models.Model):
    _inherit = "network.audit.line"

    def write(self, vals):
        kinds = {HISTORY_FIELDS[name] for name in HISTORY_FIELDS.keys() & vals.keys()}
        lines = self.filtered(lambda line: line.audit_id.state != "planned") if kinds else self
        before = {line.id: line._history_values(kinds) for line in lines} if kinds else {}
        result = super().write(vals)
        if before:
            lines._log_history(before, kinds)
        return result

    def _history_values(self, kinds):
        """{kind: the value as the auditor reads it} of this answer."""
        self.ensure_one()
        return {kind: getattr(self, f"_history_text_{kind}")() for kind in kinds}

    def _history_text_answer(self):
        if self.answer_type == "yes_no":
            return {"yes": self.env._("Yes"), "no": self.env._("No"),
                    "na": self.env._("N.A.")}.get(self.answer_yes_no, "")
        if self.answer_type == "scale":
            return self.answer_scale or ""
        if self.answer_type == "numeric":
            return float_repr(self.answer_numeric, 2) if self.numeric_answered else ""
        return self.option_id.name or ""

    def _history_text_na(self):
        return self.env._("N.A.") if self.not_applicable else ""

    def _history_text_comment(self):
        return self.comment or ""

    def _history_text_photos(self):
        return ", ".join(self.photo_ids.sorted("id").mapped("name"))

    def _log_history(self, before, kinds):
        vals_list = []
        for line in self:
            after = line._history_values(kinds)
            vals_list.extend(
                line._prepare_history_vals(kind, before[line.id][kind], after[kind])
                for kind in sorted(kinds) if before[line.id][kind] != after[kind]
            )
        if vals_list:
            self.env["network.audit.answer.history"].sudo().create(vals_list)

    def _prepare_history_vals(self, kind, old, new):
        self.ensure_one()
        return {
            "audit_id": self.audit_id.id,
            "company_id": self.company_id.id,
            "line_id": self.id,
            "standard_code": self.standard_code,
            "standard_name": self.standard_name,
            "kind": kind,
            "old_value": old,
            "new_value": new,
            "user_id": self.env.uid,
        }


class NetworkAudit(models.Model):
    _inherit = "network.audit"

    history_ids = fields.One2many("network.audit.answer.history", "audit_id",
                                  string="Answer History", readonly=True)
    history_count = fields.Integer(compute="_compute_history_count")

    def _compute_history_count(self):
        counts = dict(self.env["network.audit.answer.history"]._read_group(
            [("audit_id", "in", self.ids)], ["audit_id"], ["__count"]
        ))
        for audit in self:
            audit.history_count = counts.get(audit, 0)

    def action_reopen(self, reason=None):
        states = {audit.id: audit.state for audit in self}
        result = super().action_reopen(reason=reason)
        labels = dict(self._fields["state"]._description_selection(self.env))
        self.env["network.audit.answer.history"].sudo().create([{
            "audit_id": audit.id,
            "company_id": audit.company_id.id,
            "kind": "reopen",
            "old_value": labels.get(states[audit.id]),
            "new_value": (reason or "").strip() or labels.get(audit.state),
            "user_id": self.env.uid,
        } for audit in self])
        return result

    @api.ondelete(at_uninstall=True)
    def _unlink_except_answer_history(self):
        """Deleting the audit would delete its history: it is cancelled instead."""
        if self.env.su:
            return
        kept = self.sudo().filtered("history_ids")
        if kept:
            raise UserError(self.env._(
                "%(audit)s has an answer history: cancel it instead of deleting it.",
                audit=kept[:1].display_name,
            ))

    def action_view_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "network_audit.network_audit_answer_history_action"
        )
        action["domain"] = [("audit_id", "=", self.id)]
        return action
