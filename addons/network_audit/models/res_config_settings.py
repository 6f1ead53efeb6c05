from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    audit_due_days_critical = fields.Integer(
        related="company_id.audit_due_days_critical", readonly=False
    )
    audit_due_days_major = fields.Integer(related="company_id.audit_due_days_major", readonly=False)
    audit_due_days_minor = fields.Integer(related="company_id.audit_due_days_minor", readonly=False)
    audit_reminder_days = fields.Integer(related="company_id.audit_reminder_days", readonly=False)
