from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    audit_due_days_critical = fields.Integer(string="Critical Action Due (days)", default=7)
    audit_due_days_major = fields.Integer(string="Major Action Due (days)", default=30)
    audit_due_days_minor = fields.Integer(string="Minor Action Due (days)", default=60)
    audit_reminder_days = fields.Integer(
        string="Action Reminder (days before due)", default=3
    )

    def _network_audit_due_days(self):
        self.ensure_one()
        return {
            "critical": self.audit_due_days_critical,
            "major": self.audit_due_days_major,
            "minor": self.audit_due_days_minor,
        }
