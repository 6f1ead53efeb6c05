"""SLA deadlines follow their calendar: the working-time clock itself lives in
dealer_profile (models/resource_calendar.py); here, the open cases counted in a
calendar get their deadlines again when its working time changes."""

from odoo import models

from .cx_case_stage import OPEN_KINDS


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _working_time_changed(self):
        """Working hours or holidays changed: the open cases counted in them get
        their deadlines again."""
        result = super()._working_time_changed()
        calendars = self.filtered("id")
        if calendars:
            self.env["cx.case"].sudo().search([
                ("team_id.resource_calendar_id", "in", calendars.ids),
                ("stage_kind", "in", OPEN_KINDS),
            ])._sla_recompute_open()
        return result
