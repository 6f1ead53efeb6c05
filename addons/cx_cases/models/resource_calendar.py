"""SLA deadlines follow their calendar: the working-time clock itself lives in
dealer_profile (models/resource_calendar.py); here, the open cases counted in a
calendar get their deadlines again when its working time changes.

A calendar may count tens of thousands of open cases, each its own walk over the
working time: the save of a holiday only queues the calendar (``cx.sla.refresh``)
and wakes a job that recomputes its open cases in committed batches, resuming
after the last case done when it is stopped."""

import logging

from odoo import api, fields, models

from .cx_case_stage import OPEN_KINDS

_logger = logging.getLogger(__name__)

REFRESH_BATCH = 500


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _working_time_changed(self):
        """Working hours or holidays changed: the open cases counted in them get
        their deadlines again, in the background (a few queries, however many)."""
        result = super()._working_time_changed()
        calendars = self.filtered("id")
        if calendars:
            self.env["cx.sla.refresh"].sudo()._queue(calendars)
        return result


class CxSlaRefresh(models.Model):
    """A calendar whose open cases need their SLA deadlines again, and how far the
    job got (cases are done in id order). A later change of the same calendar
    queues it again from the start; the older entry is then dropped."""

    _name = "cx.sla.refresh"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "SLA deadlines to recompute after a working-time change"
    _order = "id"
    _log_access = False

    calendar_id = fields.Many2one(
        "resource.calendar", required=True, index=True, ondelete="cascade",
    )
    done_case_id = fields.Integer(
        help="The open cases up to this id have their new deadlines.",
    )

    @api.model
    def _queue(self, calendars):
        self.create([{"calendar_id": calendar.id} for calendar in calendars])
        self.env.ref("cx_cases.ir_cron_sla_refresh")._trigger()

    @api.model
    def _cron_refresh(self, batch_size=REFRESH_BATCH):
        """Recompute the queued calendars' open cases, a committed batch at a time."""
        Cron = self.env["ir.cron"]
        entries = self.search([])
        latest = {entry.calendar_id: entry for entry in entries}
        superseded = entries - self.union(*latest.values())
        superseded.unlink()
        Cron._commit_progress(remaining=self._open_cases_count(entries - superseded))
        for entry in latest.values():
            if not entry._refresh(batch_size):
                return  # out of time: the cron comes back for the rest

    @api.model
    def _open_cases_count(self, entries):
        return sum(self.env["cx.case"].sudo().search_count(entry._cases_domain())
                   for entry in entries)

    def _cases_domain(self):
        return [
            ("team_id.resource_calendar_id", "=", self.calendar_id.id),
            ("stage_kind", "in", OPEN_KINDS),
            ("id", ">", self.done_case_id),
        ]

    def _refresh(self, batch_size):
        """False when the cron's time is up before the last batch."""
        self.ensure_one()
        Cron, Case = self.env["ir.cron"], self.env["cx.case"].sudo()
        while True:
            cases = Case.search(self._cases_domain(), order="id", limit=batch_size)
            if not cases:
                self.unlink()
                Cron._commit_progress()
                return True
            cases._sla_recompute_open()
            self.done_case_id = cases[-1].id
            if not Cron._commit_progress(len(cases)):
                return False
            # Commits empty the cache: what the next batch reads comes from the database.
            self.env.invalidate_all()
