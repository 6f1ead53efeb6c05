"""The one working-time clock of the suite.

Working time is a calendar's attendances minus its public holidays (time off of
no one in particular: ``resource.calendar.leaves`` without a resource, with or
without a calendar). Every addon that counts working time asks the calendar here:
cx_cases for its SLA deadlines (with pauses and at-risk targets) and call-backs,
order_tracking for its handover slots, network_audit for the due dates of action
items.

Datetimes in and out are naive UTC, as the ORM stores them (aware ones are taken
as they are); the calendar's own time zone decides what a working hour and a
working day are. ``pauses`` are (start, end) pairs of naive UTC datetimes, end
False while the pause still runs.

A calendar's working intervals are computed by core (``_work_intervals_batch``)
in blocks of whole local days aligned on a fixed date, each block once per
process (``ormcache``): the SLA deadlines of a new case otherwise read the
calendar, its attendances and its holidays at every mail. Whatever changes a
calendar's working time calls ``_working_time_changed``, which clears the cache
(and tells the other workers at commit). Flexible-hours calendars are computed
from the period asked, not day by day: they are not cached.
"""

from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, models, tools

# Working intervals are read from the calendar this many days at a time.
WINDOW_DAYS = 14
# Cached blocks of working intervals: this many local days from a multiple of
# BLOCK_DAYS after BLOCK_EPOCH (a Monday), so that every walk meets the same blocks.
BLOCK_DAYS = 28
BLOCK_EPOCH = date(2000, 1, 3)
# Calendar fields that change its working time (attendances and public holidays
# tell it themselves); a flexible calendar's depends on its hours too.
WORKING_TIME_FIELDS = {
    "tz", "schedule_type", "flexible_hours", "two_weeks_calendar", "company_id",
    "hours_per_day", "full_time_required_hours",
}
# How far a walk looks for working time before it gives up (a calendar without any
# attendance would otherwise be walked for ever): for deadlines, 100 windows.
MAX_DEADLINE_WINDOWS = 100
# For working days: ten weeks, plus two calendar days per working day asked.
MIN_SCAN_DAYS = 70


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


def _block_start(day):
    """First day of the cached block holding the local date ``day``."""
    return day - timedelta(days=(day - BLOCK_EPOCH).days % BLOCK_DAYS)


def _split_pauses(pauses, until=None):
    """(closed pauses sorted, aware; when the clock stops for good or None). A pause
    still running stops the clock from its start on; with ``until`` it is a closed
    pause until then instead."""
    closed, halt = [], None
    for pause_start, pause_end in pauses:
        if pause_end or until:
            closed.append((_aware(pause_start), _aware(pause_end or until)))
        else:
            halt = min(halt, _aware(pause_start)) if halt else _aware(pause_start)
    closed.sort()
    return closed, halt


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _working_intervals(self, start, end):
        """The working intervals between ``start`` and ``end``: (begin, stop) pairs of
        aware datetimes in the calendar's time zone, in order, holidays taken out.
        Public holidays count whoever asks (they are the calendar's)."""
        self.ensure_one()
        if not start or not end or end <= start:
            return []
        start, end = _aware(start), _aware(end)
        tz_name = self._working_cache_tz()
        if not tz_name:
            intervals = self._work_intervals_batch(start, end)[False]
            return [(begin, stop) for begin, stop, _meta in intervals]
        tz = pytz.timezone(tz_name)
        lo, hi = start.astimezone(tz), end.astimezone(tz)
        result = []
        first, last = _block_start(lo.date()), hi.date()
        while first <= last:
            result.extend(
                (max(begin, lo), min(stop, hi))
                for begin, stop in self._working_block(self.id, tz_name, first)
                if begin < hi and stop > lo
            )
            first += timedelta(days=BLOCK_DAYS)
        return result

    def _working_cache_tz(self):
        """The calendar's time zone when its working intervals can be taken from the
        cache, else None: a new record, a flexible-hours calendar (core spreads its
        hours over the period asked), a time zone forced by the context."""
        if not isinstance(self.id, int) or self.env.context.get("employee_timezone"):
            return None
        tz_name, fixed = self._working_time_profile(self.id)
        return tz_name if fixed else None

    @api.model
    @tools.ormcache("calendar_id")
    def _working_time_profile(self, calendar_id):
        """(time zone, whether its working time is made of fixed days) of a calendar."""
        calendar = self.sudo().with_context(active_test=False).search_fetch(
            [("id", "=", calendar_id)], ["tz", "flexible_hours"],
        )
        if not calendar:
            return (None, False)
        return (calendar.tz or None, bool(calendar.tz) and not calendar.flexible_hours)

    @api.model
    @tools.ormcache("calendar_id", "tz_name", "first_day")
    def _working_block(self, calendar_id, tz_name, first_day):
        """Working intervals of ``BLOCK_DAYS`` local days from ``first_day`` on, as
        core computes them, (begin, stop) aware datetimes in ``tz_name``. An
        attendance lies within its day, so a block never cuts one."""
        tz = pytz.timezone(tz_name)
        calendar = self.sudo().with_context(employee_timezone=False).browse(calendar_id)
        lo = tz.localize(datetime.combine(first_day, time.min))
        hi = tz.localize(datetime.combine(first_day + timedelta(days=BLOCK_DAYS), time.min))
        return tuple(
            (begin, stop) for begin, stop, _meta in calendar._work_intervals_batch(lo, hi)[False]
        )

    def _working_hours_between(self, start, end):
        """Working hours between two datetimes (holidays excluded)."""
        return sum(
            (stop - begin).total_seconds() / 3600
            for begin, stop in self._working_intervals(start, end)
        )

    def _working_deadline(self, start, hours, pauses=()):
        """When ``hours`` of working time have run from ``start``, the clock being
        stopped during ``pauses``. False while a pause runs: no deadline can be told
        then (nor when the calendar has no working time at all)."""
        return self._working_deadlines(start, [hours], pauses)[0]

    def _working_deadlines(self, start, targets, pauses=()):
        """``_working_deadline`` of several targets (hours), in the order asked, from
        one walk over the working intervals: a first response, a resolution and
        their at-risk moments cost one read of the calendar instead of one each."""
        self.ensure_one()
        todo = sorted(set(targets))
        found = {}
        closed, halt = _split_pauses(pauses)
        done, cursor, window = 0.0, _aware(start), timedelta(days=WINDOW_DAYS)
        for _window in range(MAX_DEADLINE_WINDOWS):
            if not todo or (halt and cursor >= halt):
                break
            for lo, hi in self._working_intervals(cursor, cursor + window):
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

    def _working_elapsed(self, start, end, pauses=()):
        """Working hours the clock ran between ``start`` and ``end``, ``pauses`` out
        (a pause still running lasts until ``end``); one read of the calendar."""
        self.ensure_one()
        closed, _halt = _split_pauses(pauses, until=end)
        return sum(
            (piece_hi - piece_lo).total_seconds() / 3600
            for lo, hi in self._working_intervals(start, end)
            for piece_lo, piece_hi in _running_pieces(lo, hi, closed)
        )

    def _next_working_start(self, after, days=1):
        """Start of the first working interval on the ``days``-th working day after
        ``after``'s local date (a call-back is due the next working day); False
        when the calendar has no such day within ten weeks or so."""
        self.ensure_one()
        tz = pytz.timezone(self._working_tz_name())
        day = _aware(after).astimezone(tz).date()
        found = self._working_day_starts(day + timedelta(days=1), days)
        return _naive(found[-1]) if len(found) == days else False

    def _working_day_after(self, day, days):
        """The date ``days`` working days after the date ``day`` (which does not
        count): a due date "in 5 working days". ``day`` itself when ``days`` is not
        positive; False when the calendar has no such day within the scan."""
        return self._working_days_after(day, [days])[days]

    def _working_days_after(self, day, counts):
        """``_working_day_after`` of several counts of days, {count: date}, from one
        walk over the calendar."""
        self.ensure_one()
        tz = pytz.timezone(self._working_tz_name())
        wanted = max(counts, default=0)
        starts = self._working_day_starts(day + timedelta(days=1), wanted) if wanted > 0 else []
        return {
            count: day if count <= 0 else (
                starts[count - 1].astimezone(tz).date() if count <= len(starts) else False
            )
            for count in counts
        }

    def _working_day_starts(self, first_day, count):
        """The start (aware) of the first working interval of each of the first
        ``count`` working days from the local date ``first_day`` on: fewer when the
        calendar has no more within ``MIN_SCAN_DAYS`` plus two days per day asked.
        Read in windows of two calendar days per working day asked (at least
        ``WINDOW_DAYS``): most counts take one read."""
        tz = pytz.timezone(self._working_tz_name())
        lo = tz.localize(datetime.combine(first_day, time.min))
        horizon = lo + timedelta(days=MIN_SCAN_DAYS + 2 * count)
        window = timedelta(days=max(WINDOW_DAYS, 2 * count))
        starts, last_day = [], None
        while lo < horizon and len(starts) < count:
            hi = min(lo + window, horizon)
            for begin, _stop in self._working_intervals(lo, hi):
                local_day = begin.astimezone(tz).date()
                if local_day != last_day:
                    last_day = local_day
                    starts.append(begin)
                    if len(starts) == count:
                        break
            lo = hi
        return starts

    def _working_tz_name(self):
        """The calendar's time zone (read once per process for a saved calendar)."""
        tz_name = self._working_time_profile(self.id)[0] if isinstance(self.id, int) else self.tz
        return tz_name or "UTC"

    def write(self, vals):
        result = super().write(vals)
        if WORKING_TIME_FIELDS.intersection(vals):
            self._working_time_changed()
        return result

    def _working_time_changed(self):
        """Hook: the working time of these calendars changed (time zone, schedule,
        attendances or public holidays): the cached working intervals are dropped
        (other workers drop theirs at commit). Addons that keep results of the clock
        (SLA deadlines) override it to compute them again."""
        if self:
            self.env.registry.clear_cache()
        return None


class DealerWorkingTimePart(models.AbstractModel):
    """Attendances and public holidays make a calendar's working time: creating,
    changing or deleting one tells the calendars concerned."""

    _name = "dealer.working.time.part"
    _description = "Part of a calendar's working time"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._working_time_calendars()._working_time_changed()
        return records

    def write(self, vals):
        calendars = self._working_time_calendars()
        result = super().write(vals)
        (calendars | self._working_time_calendars())._working_time_changed()
        return result

    def unlink(self):
        calendars = self._working_time_calendars()
        result = super().unlink()
        calendars._working_time_changed()
        return result

    def _working_time_calendars(self):
        """The calendars whose working time these records make."""
        return self.calendar_id


class ResourceCalendarAttendance(models.Model):
    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "dealer.working.time.part"]


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "dealer.working.time.part"]

    def _working_time_calendars(self):
        """Only time off of no one in particular (a public holiday, not an employee's
        leave) changes a calendar's working time; one without a calendar counts in
        every calendar (``_leave_intervals_batch`` without resources, as the clock
        reads it)."""
        public = self.filtered(lambda leave: not leave.resource_id)
        if public.filtered(lambda leave: not leave.calendar_id):
            return self.env["resource.calendar"].sudo().search([])
        return public.calendar_id
