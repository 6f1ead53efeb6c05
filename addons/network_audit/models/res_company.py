from datetime import timedelta

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    audit_due_days_critical = fields.Integer(
        string="Critical Action Due (working days)", default=7
    )
    audit_due_days_major = fields.Integer(string="Major Action Due (working days)", default=30)
    audit_due_days_minor = fields.Integer(string="Minor Action Due (working days)", default=60)
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

    def _network_audit_due_dates(self, start):
        """{criticality: due date} of the action items of this market counted from the
        date ``start``: the criticality's number of working days of the market's
        calendar (the suite's working-time clock: weekends and public holidays
        skipped), or of the current company's when the market has none; calendar
        days when neither has a calendar or it has no working day in reach."""
        self.ensure_one()
        # sudo: working hours are no secret, and an auditor working in a region's
        # company still dates the items of the markets below it.
        calendar = (self.resource_calendar_id or self.env.company.resource_calendar_id).sudo()
        due_days = self._network_audit_due_days()
        working = calendar._working_days_after(start, due_days.values()) if calendar else {}
        return {
            criticality: working.get(days) or start + timedelta(days=days)
            for criticality, days in due_days.items()
        }
