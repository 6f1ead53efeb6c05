"""The one SLA clock of the suite: working time of a calendar (attendances minus
public holidays), with pause intervals taken out.

Everything works on naive UTC datetimes, as stored by the ORM; the calendar's own
time zone decides what a working hour is."""

from datetime import timedelta

import pytz

from odoo import models


def _aware(dt):
    return dt if dt.tzinfo else pytz.utc.localize(dt)


def _naive(dt):
    return dt.astimezone(pytz.utc).replace(tzinfo=None) if dt.tzinfo else dt


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _cx_working_hours(self, start, end):
        """Working hours between two naive UTC datetimes (holidays excluded)."""
        self.ensure_one()
        if not start or not end or end <= start:
            return 0.0
        return self.get_work_hours_count(_aware(start), _aware(end), compute_leaves=True)

    def _cx_plan(self, hours, start):
        """The naive UTC datetime after ``hours`` working hours from ``start``."""
        self.ensure_one()
        result = self.plan_hours(hours, _aware(start), compute_leaves=True)
        return _naive(result) if result else False

    def _cx_sla_deadline(self, start, hours, pauses=()):
        """When ``hours`` of working time have run from ``start``, the clock being
        stopped during ``pauses`` (sorted (start, end) pairs, end False while the pause
        still runs). False while the clock is paused: no deadline can be told then."""
        self.ensure_one()
        remaining, cursor = hours, start
        for pause_start, pause_end in sorted(pauses, key=lambda p: p[0]):
            if pause_end and pause_end <= cursor:
                continue
            if pause_start > cursor:
                worked = self._cx_working_hours(cursor, pause_start)
                if worked >= remaining:
                    break
                remaining -= worked
            if not pause_end:
                return False
            cursor = max(cursor, pause_end)
        return self._cx_plan(remaining, cursor)

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
