from datetime import date, datetime
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from .common import new_calendar

# A week of 2030 without daylight-saving change: Monday 7 January.
MON = datetime(2030, 1, 7)


def at(day_offset, hour, minute=0):
    """A naive UTC datetime ``day_offset`` days after Monday 7 January 2030."""
    return MON.replace(day=MON.day + day_offset, hour=hour, minute=minute)


@tagged("post_install", "-at_install")
class TestWorkingClock(TransactionCase):
    """The shared working-time clock against hand-computed calendars, in UTC so
    that the expected moments can be computed by hand:
    NL: Mon-Fri 8-12 and 13-17, Saturday 9-13, public holiday Tuesday 15 January;
    B: Mon-Fri 9-17. Day offsets from Monday 7 January 2030."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar_nl = cls._calendar("Test NL hours", [
            (day, hour_from, hour_to)
            for day in range(5) for hour_from, hour_to in ((8, 12), (13, 17))
        ] + [(5, 9, 13)])
        cls.holiday = cls.env["resource.calendar.leaves"].create({
            "name": "Test public holiday", "calendar_id": cls.calendar_nl.id,
            "date_from": datetime(2030, 1, 15, 0, 0), "date_to": datetime(2030, 1, 15, 23, 59),
            "resource_id": False, "time_type": "leave",
        })
        cls.calendar_b = cls._calendar("Test B hours", [(day, 9, 17) for day in range(5)])

    @classmethod
    def _calendar(cls, name, slots, tz="UTC"):
        return new_calendar(cls.env, name, slots, tz=tz)

    def test_weekend_skipped(self):
        """Friday 15:00 + 4 h in B: 2 h on Friday, 2 h on Monday."""
        self.assertEqual(self.calendar_b._working_deadline(at(4, 15), 4), at(7, 11))

    def test_saturday_open_in_nl(self):
        """Friday 16:00 + 3 h in NL: 1 h on Friday, 2 h on Saturday morning."""
        self.assertEqual(self.calendar_nl._working_deadline(at(4, 16), 3), at(5, 11))

    def test_public_holiday_skipped(self):
        """Monday 14 Jan 15:00 + 6 h in NL: 2 h Monday, Tuesday is a holiday,
        4 h on Wednesday morning. Without the holiday it would be Tuesday noon."""
        self.assertEqual(self.calendar_nl._working_deadline(at(7, 15), 6), at(9, 12))
        self.assertEqual(self.calendar_nl._working_hours_between(at(7, 8), at(9, 8)), 8.0)
        self.holiday.unlink()
        self.assertEqual(self.calendar_nl._working_deadline(at(7, 15), 6), at(8, 12))

    def test_evening_closure(self):
        """Wednesday 16:30 + 1 h in NL: half an hour, then Thursday 8:00-8:30."""
        self.assertEqual(self.calendar_nl._working_deadline(at(2, 16, 30), 1), at(3, 8, 30))

    def test_lunch_break(self):
        """Monday 11:00 + 2 h in NL: 1 h before lunch, 1 h after it."""
        self.assertEqual(self.calendar_nl._working_deadline(at(0, 11), 2), at(0, 14))

    def test_hours_between(self):
        """A working week of B is 40 h; nothing counts backwards or without an end."""
        self.assertEqual(self.calendar_b._working_hours_between(at(0, 0), at(7, 0)), 40.0)
        self.assertEqual(self.calendar_b._working_hours_between(at(7, 0), at(0, 0)), 0.0)
        self.assertEqual(self.calendar_b._working_hours_between(at(0, 0), False), 0.0)

    def test_pause_across_weekend(self):
        """B, from Friday 10:00, 8 h target, paused Friday 14:00 until Monday 10:00:
        4 h ran before the pause, 4 h after it, so Monday 14:00."""
        pauses = ((at(4, 14), at(7, 10)),)
        self.assertEqual(self.calendar_b._working_deadline(at(4, 10), 8, pauses), at(7, 14))
        self.assertEqual(self.calendar_b._working_elapsed(at(4, 10), at(7, 12), pauses), 6.0)
        # Without the pause: 7 h on Friday, 1 h on Monday.
        self.assertEqual(self.calendar_b._working_deadline(at(4, 10), 8), at(7, 10))

    def test_elapsed_with_running_and_overlapping_pauses(self):
        """A pause still running counts until the end asked; pauses outside the
        period or overlapping each other take nothing out twice."""
        running = ((at(0, 15), False),)
        self.assertEqual(self.calendar_b._working_elapsed(at(0, 9), at(1, 12), running), 6.0)
        overlapping = ((at(0, 10), at(0, 12)), (at(0, 11), at(0, 13)), (at(3, 9), at(3, 17)))
        self.assertEqual(self.calendar_b._working_elapsed(at(0, 9), at(0, 17), overlapping), 5.0)

    def test_several_targets_in_one_walk(self):
        """Deadlines and at-risk moments come from one walk over the calendar (B,
        from Friday 10:00, paused Friday 14:00 until Monday 10:00): 3 h Friday 13:00,
        4 h Friday 14:00 (when the pause starts), 6 h Monday 12:00, 8 h Monday 14:00,
        24 h Wednesday 14:00; in the order asked. A pause still running stops the
        clock for good: only what is reached before it has a deadline."""
        pauses = ((at(4, 14), at(7, 10)),)
        self.assertEqual(
            self.calendar_b._working_deadlines(at(4, 10), [3, 4, 8, 6, 24], pauses),
            [at(4, 13), at(4, 14), at(7, 14), at(7, 12), at(9, 14)],
        )
        self.assertEqual(
            self.calendar_b._working_deadlines(at(4, 10), [1, 2, 8], ((at(4, 11), False),)),
            [at(4, 11), False, False],
        )

    def test_one_calendar_read_per_block(self):
        """Five targets within two weeks read the working intervals of the two
        cached blocks of days the fortnight meets (24 December 2029 - 20 January
        2030 and the four weeks after), once: the elapsed time within it reads
        nothing more."""
        calendar = self.calendar_b
        self.env.registry.clear_cache()
        with patch.object(
            type(calendar), "_work_intervals_batch", autospec=True,
            side_effect=type(calendar)._work_intervals_batch,
        ) as reads:
            calendar._working_deadlines(at(0, 9), [1, 4, 8, 16, 40])
            calendar._working_elapsed(at(0, 9), at(4, 17), ((at(1, 9), at(2, 9)),))
        self.assertEqual(reads.call_count, 2)

    def test_running_pause_has_no_deadline(self):
        pauses = ((at(4, 14), False),)
        self.assertFalse(self.calendar_b._working_deadline(at(4, 10), 8, pauses))

    def test_pause_after_deadline_is_irrelevant(self):
        pauses = ((at(0, 14), at(0, 15)),)
        self.assertEqual(self.calendar_b._working_deadline(at(0, 9), 2, pauses), at(0, 11))

    def test_calendar_without_working_time(self):
        """A calendar without attendances has no deadline and no working day: the
        walk gives up instead of running for ever."""
        empty = self._calendar("Test closed", [])
        self.assertFalse(empty._working_deadline(at(0, 9), 1))
        self.assertFalse(empty._next_working_start(at(0, 9)))
        self.assertFalse(empty._working_day_after(date(2030, 1, 7), 3))

    def test_next_working_day(self):
        self.assertEqual(self.calendar_b._next_working_start(at(4, 16)), at(7, 9))
        self.assertEqual(self.calendar_nl._next_working_start(at(4, 16)), at(5, 9))
        # Monday 14 January: the next working day is Wednesday (holiday Tuesday).
        self.assertEqual(self.calendar_nl._next_working_start(at(7, 10)), at(9, 8))
        # The second working day after Friday in B: Tuesday.
        self.assertEqual(self.calendar_b._next_working_start(at(4, 16), days=2), at(8, 9))

    def test_working_day_after(self):
        """Due dates in working days: Friday 11 January + 1 in B is Monday; + 3 in
        NL is Wednesday 16 (Saturday and Monday count, Tuesday 15 is a holiday);
        0 days is the day itself. Long counts reach far enough: 60 working days of
        B from Monday 7 January are 12 weeks later."""
        friday = date(2030, 1, 11)
        self.assertEqual(self.calendar_b._working_day_after(friday, 1), date(2030, 1, 14))
        self.assertEqual(self.calendar_nl._working_day_after(friday, 3), date(2030, 1, 16))
        self.assertEqual(self.calendar_b._working_day_after(friday, 0), friday)
        self.assertEqual(
            self.calendar_b._working_day_after(date(2030, 1, 7), 60), date(2030, 4, 1)
        )

    def test_several_counts_of_working_days_in_one_read(self):
        """Due dates of every criticality (5, 20 and 60 working days) from one read
        of each cached block of days the walk meets (from 24 December 2029 to 12 May
        2030: 120 days from 8 January, the window of 60 working days)."""
        calendar = self.calendar_b
        self.env.registry.clear_cache()
        with patch.object(
            type(calendar), "_work_intervals_batch", autospec=True,
            side_effect=type(calendar)._work_intervals_batch,
        ) as reads:
            due = calendar._working_days_after(date(2030, 1, 7), [20, 5, 60, 0])
        self.assertEqual(due, {
            5: date(2030, 1, 14), 20: date(2030, 2, 4), 60: date(2030, 4, 1),
            0: date(2030, 1, 7),
        })
        self.assertEqual(reads.call_count, 5)

    def test_working_days_in_the_calendar_time_zone(self):
        """Working days are the calendar's local days: in Auckland (UTC+13 in
        January) Monday 8:00-17:00 is Sunday 19:00 - Monday 4:00 UTC."""
        calendar = self._calendar(
            "Test Auckland", [(day, 8, 17) for day in range(5)], tz="Pacific/Auckland"
        )
        self.assertEqual(calendar._working_day_after(date(2030, 1, 11), 1), date(2030, 1, 14))
        # Friday 11 January 16:00 Auckland time is 3:00 UTC: next is Monday 8:00 local.
        self.assertEqual(calendar._next_working_start(at(4, 3)), datetime(2030, 1, 13, 19, 0))
        self.assertEqual(calendar._working_hours_between(at(6, 0), at(7, 0)), 5.0)

    def test_working_intervals(self):
        """The intervals are the calendar's, holidays out, in its time zone."""
        intervals = self.calendar_nl._working_intervals(at(7, 0), at(9, 0))
        self.assertEqual(
            [(begin.replace(tzinfo=None), stop.replace(tzinfo=None)) for begin, stop in intervals],
            [(at(7, 8), at(7, 12)), (at(7, 13), at(7, 17))],
        )

    def test_changes_tell_the_calendar(self):
        """Attendances, public holidays (with or without a calendar) and the time zone
        tell the calendars whose working time they make; an employee's own leave
        does not."""
        Calendar = type(self.calendar_b)
        with patch.object(Calendar, "_working_time_changed", autospec=True) as changed:
            self.calendar_b.attendance_ids[:1].hour_to = 16
            self.assertEqual(changed.call_args.args[0], self.calendar_b)
            self.calendar_b.tz = "Europe/Brussels"
            self.assertEqual(changed.call_args.args[0], self.calendar_b)
            self.holiday.unlink()
            self.assertEqual(changed.call_args.args[0], self.calendar_nl)
            self.env["resource.calendar.leaves"].create({
                "name": "Test everywhere", "date_from": at(21, 0), "date_to": at(21, 23),
            })
            self.assertLessEqual(self.calendar_b | self.calendar_nl, changed.call_args.args[0])
            resource = self.env["resource.resource"].create({
                "name": "Test person", "calendar_id": self.calendar_b.id,
            })
            changed.reset_mock()
            self.env["resource.calendar.leaves"].create({
                "name": "Test own leave", "calendar_id": self.calendar_b.id,
                "resource_id": resource.id, "date_from": at(22, 0), "date_to": at(22, 23),
            })
            self.assertFalse(changed.call_args.args[0])
