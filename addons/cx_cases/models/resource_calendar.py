"""The one SLA clock of the suite: working time of a calendar (attendances minus
public holidays), with pause intervals taken out.

Everything works on naive UTC datetimes, as stored by the ORM; the calendar's own
time zone decides what a working hour is."""

from datetime import timedelta

import pytz

from odoo import api, models

from .cx_case_stage import OPEN_KINDS


def _aware(dt):
    return dt if dt.tzinfo else pytz.utc.localize(dt)


def _naive(dt):
    return dt.astimezone(pytz.utc).replace(tzinfo=None) if dt.tzinfo else dt


def _to_second(dt):
    """Naive UTC, rounded to the second as the ORM stores datetimes (it truncates:
    9:59:59.999999 would become 9:59:59)."""
    return _naive(dt + timedelta(microseconds=500000)).replace(microsecond=0)


def _running_pieces(lo, hi, pauses):
    """The parts of the working interval [lo, hi) outside the sorted closed pauses."""
    for pause_start, pause_end in pauses:
        if pause_end <= lo:
            continue
        if pause_start >= hi:
            break
        if pause_start > lo:
            yield lo, pause_start
        lo = max(lo, pause_end)
        if lo >= hi:
            return
    if hi > lo:
        yield lo, hi


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _cx_working_hours(self, start, end):
        """Working hours between two naive UTC datetimes (holidays excluded)."""
        self.ensure_one()
        if not start or not end or end <= start:
            return 0.0
        return self.get_work_hours_count(_aware(start), _aware(end), compute_leaves=True)

    def _cx_sla_deadline(self, start, hours, pauses=()):
        """When ``hours`` of working time have run from ``start``, the clock being
        stopped during ``pauses`` (sorted (start, end) pairs, end False while the pause
        still runs). False while the clock is paused: no deadline can be told then."""
        return self._cx_sla_deadlines(start, [hours], pauses)[0]

    def _cx_sla_deadlines(self, start, targets, pauses=()):
        """``_cx_sla_deadline`` of several targets (hours) in one walk over the working
        intervals: a case's first response, resolution and at-risk moments cost one
        read of the calendar instead of one per target."""
        self.ensure_one()
        todo = sorted(set(targets))
        found = {}
        closed, halt = [], None
        for pause_start, pause_end in pauses:
            if pause_end:
                closed.append((_aware(pause_start), _aware(pause_end)))
            else:
                # A running pause stops the clock for good: nothing after it counts.
                halt = min(halt, _aware(pause_start)) if halt else _aware(pause_start)
        closed.sort()
        done, cursor, window = 0.0, _aware(start), timedelta(days=14)
        for _window in range(100):
            if not todo or (halt and cursor >= halt):
                break
            intervals = self._work_intervals_batch(cursor, cursor + window)[False]
            for lo, hi, _meta in intervals:
                for piece_lo, piece_hi in _running_pieces(lo, min(hi, halt or hi), closed):
                    length = (piece_hi - piece_lo).total_seconds() / 3600
                    while todo and todo[0] - done <= length:
                        found[todo[0]] = _to_second(piece_lo + timedelta(hours=todo[0] - done))
                        todo.pop(0)
                    done += length
                if not todo:
                    break
            cursor += window
        return [found.get(hours, False) for hours in targets]

    def _cx_sla_elapsed(self, start, end, pauses=()):
        """Working hours the clock ran between ``start`` and ``end`` (pauses out)."""
        self.ensure_one()
        total = self._cx_working_hours(start, end)
        for pause_start, pause_end in pauses:
            lo, hi = max(pause_start, start), min(pause_end or end, end)
            if hi > lo:
                total -= self._cx_working_hours(lo, hi)
        return max(total, 0.0)

    def _cx_next_working_start(self, after, days=1):
        """Start of the first working interval on the ``days``-th working day after
        ``after``'s local date (call-backs are due the next working day)."""
        self.ensure_one()
        tz = pytz.timezone(self.tz or "UTC")
        local = _aware(after).astimezone(tz)
        day_start = tz.localize(
            local.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
        ) + timedelta(days=1)
        found = 0
        for offset in range(0, 60, 14):
            lo = day_start + timedelta(days=offset)
            intervals = self._work_intervals_batch(lo, lo + timedelta(days=14))[False]
            seen_days = []
            for interval_start, _stop, _meta in intervals:
                day = interval_start.astimezone(tz).date()
                if day in seen_days:
                    continue
                seen_days.append(day)
                found += 1
                if found == days:
                    return _naive(interval_start)
        return False

    def write(self, vals):
        result = super().write(vals)
        if "tz" in vals:  # attendances tell it themselves
            self._cx_sla_calendar_changed()
        return result

    def _cx_sla_calendar_changed(self):
        """Working hours or holidays changed: the open cases counted in them get
        their deadlines again."""
        calendars = self.filtered("id")
        if calendars and "cx.case" in self.env:
            self.env["cx.case"].sudo().search([
                ("team_id.resource_calendar_id", "in", calendars.ids),
                ("stage_kind", "in", OPEN_KINDS),
            ])._sla_recompute_open()


class CxSlaCalendarPart(models.AbstractModel):
    """Attendances and holidays: a change moves the deadlines of the open cases
    counted in their calendar."""

    _name = "cx.sla.calendar.part"
    _description = "Part of a working-hours calendar (SLA)"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._cx_sla_calendars()._cx_sla_calendar_changed()
        return records

    def write(self, vals):
        calendars = self._cx_sla_calendars()
        result = super().write(vals)
        (calendars | self._cx_sla_calendars())._cx_sla_calendar_changed()
        return result

    def unlink(self):
        calendars = self._cx_sla_calendars()
        result = super().unlink()
        calendars._cx_sla_calendar_changed()
        return result

    def _cx_sla_calendars(self):
        """The calendars whose working hours these records make."""
        return self.calendar_id


class ResourceCalendarAttendance(models.Model):
    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "cx.sla.calendar.part"]


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "cx.sla.calendar.part"]

    def _cx_sla_calendars(self):
        """Only time off of no one in particular (a public holiday, not an employee's
        leave) changes a calendar's working hours; one without a calendar counts in
        every calendar (_leave_intervals_batch without resources, as the SLA reads it)."""
        public = self.filtered(lambda leave: not leave.resource_id)
        if public.filtered(lambda leave: not leave.calendar_id):
            return self.env["resource.calendar"].sudo().search([])
        return public.calendar_id
