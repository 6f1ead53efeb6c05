from datetime import date, datetime, timedelta

import pytz

from odoo.fields import Command
from odoo.tests import TransactionCase, tagged

from .common import new_calendar

YEAR_START, YEAR_END = datetime(2030, 1, 1), datetime(2031, 1, 1)


@tagged("post_install", "-at_install")
class TestWorkingClockCache(TransactionCase):
    """The clock's working intervals come from blocks of days cached across
    transactions: they must be core's (``_work_intervals_batch``) to the microsecond
    and time zone, and a change of the calendar's working time must be seen by the
    next call. Amsterdam changes to summer time on 31 March 2030 and back on 27
    October; Santiago de Chile changes at midnight (6 April, 7 September 2030)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Office hours with a lunch break, Saturday morning, a late Sunday shift up to
        # midnight and a night shift from midnight on Monday (back to back across days).
        cls.amsterdam = new_calendar(cls.env, "Test Amsterdam", [
            (day, hour_from, hour_to)
            for day in range(5) for hour_from, hour_to in ((8, 12), (13, 17))
        ] + [(5, 9, 13), (6, 22, 24), (0, 0, 2)], tz="Europe/Amsterdam")
        Leaves = cls.env["resource.calendar.leaves"]
        cls.holidays = Leaves.create([
            {"name": name, "calendar_id": cls.amsterdam.id, "date_from": start, "date_to": end}
            for name, start, end in (
                ("Test Easter Monday", datetime(2030, 4, 21, 22),
                 datetime(2030, 4, 22, 21, 59, 59)),
                ("Test afternoon off", datetime(2030, 10, 25, 14), datetime(2030, 10, 25, 20)),
                ("Test over the clock change", datetime(2030, 10, 26, 20),
                 datetime(2030, 10, 28, 10)),
                ("Test spring", datetime(2030, 3, 29, 11, 30), datetime(2030, 3, 31, 1, 30)),
            )
        ])
        cls.santiago = new_calendar(cls.env, "Test Santiago", [
            (day, hour_from, hour_to)
            for day in range(7) for hour_from, hour_to in ((0, 4), (9, 13.5), (20, 24))
        ], tz="America/Santiago")

    def setUp(self):
        super().setUp()
        self.env.registry.clear_cache()

    def core(self, calendar, start, end):
        """What core computes for the calendar, no resource: the uncached path."""
        intervals = calendar._work_intervals_batch(
            pytz.utc.localize(start), pytz.utc.localize(end),
        )[False]
        return [(begin.isoformat(), stop.isoformat()) for begin, stop, _meta in intervals]

    def clock(self, calendar, start, end):
        return [(begin.isoformat(), stop.isoformat())
                for begin, stop in calendar._working_intervals(start, end)]

    def assertSameAsCore(self, calendar, start, end):
        expected = self.core(calendar, start, end)
        self.assertEqual(self.clock(calendar, start, end), expected)

    def ranges(self):
        """A year, bounds in the middle of working intervals, the walks of a
        deadline (fortnights from an odd hour) over the year."""
        yield YEAR_START, YEAR_END
        yield datetime(2030, 3, 30, 10, 17), datetime(2030, 4, 2, 9, 45)
        yield datetime(2030, 10, 26, 23, 30), datetime(2030, 10, 29, 7, 59, 59)
        yield datetime(2030, 4, 5, 3, 1), datetime(2030, 4, 8, 2)
        yield datetime(2030, 9, 6, 20), datetime(2030, 9, 9, 4, 30)
        start = datetime(2030, 1, 1, 5, 30)
        while start < YEAR_END:
            yield start, start + timedelta(days=14)
            start += timedelta(days=14, hours=7, minutes=13)

    def test_same_intervals_as_core(self):
        """Over a year and its clock changes, with holidays, cold and warm."""
        for calendar in self.amsterdam | self.santiago:
            self.assertGreater(len(self.core(calendar, YEAR_START, YEAR_END)), 300)
            for start, end in self.ranges():
                with self.subTest(calendar=calendar.name, start=start, end=end):
                    self.assertSameAsCore(calendar, start, end)

    def test_global_holiday_and_two_weeks(self):
        """A holiday without calendar counts everywhere; a two-weeks calendar follows
        its weeks; switching the two-weeks mode off is seen."""
        self.env["resource.calendar.leaves"].create({
            "name": "Test Christmas", "date_from": datetime(2030, 12, 24, 23),
            "date_to": datetime(2030, 12, 25, 22, 59, 59),
        })
        calendar = self.env["resource.calendar"].create({
            "name": "Test two weeks", "tz": "Europe/Amsterdam", "two_weeks_calendar": True,
            "attendance_ids": [Command.clear()] + [
                Command.create({
                    "name": f"{week} {day}", "dayofweek": str(day), "week_type": str(week),
                    "hour_from": 9, "hour_to": 17 if week == 0 else 13,
                    "day_period": "morning",
                })
                for week, days in ((0, range(5)), (1, range(3))) for day in days
            ],
        })
        for start, end in self.ranges():
            self.assertSameAsCore(calendar, start, end)
            self.assertSameAsCore(self.amsterdam, start, end)
        fortnight = (datetime(2030, 12, 23), datetime(2031, 1, 6))
        two_weeks = self.clock(calendar, *fortnight)
        calendar.two_weeks_calendar = False
        self.assertSameAsCore(calendar, *fortnight)
        self.assertNotEqual(self.clock(calendar, *fortnight), two_weeks)

    def test_holiday_changes_are_seen(self):
        """A holiday created, moved, deleted: the next call (cache warm) sees it."""
        week = (datetime(2030, 6, 3), datetime(2030, 6, 10))
        hours = self.amsterdam._working_hours_between(*week)
        holiday = self.env["resource.calendar.leaves"].create({
            "name": "Test Whit Monday", "calendar_id": self.amsterdam.id,
            "date_from": datetime(2030, 6, 3, 6), "date_to": datetime(2030, 6, 3, 15),
        })
        self.assertEqual(self.amsterdam._working_hours_between(*week), hours - 8)
        self.assertSameAsCore(self.amsterdam, *week)
        holiday.date_to = datetime(2030, 6, 3, 8)
        self.assertEqual(self.amsterdam._working_hours_between(*week), hours - 2)
        self.assertSameAsCore(self.amsterdam, *week)
        holiday.unlink()
        self.assertEqual(self.amsterdam._working_hours_between(*week), hours)
        global_holiday = self.env["resource.calendar.leaves"].create({
            "name": "Test everywhere", "date_from": datetime(2030, 6, 4, 6),
            "date_to": datetime(2030, 6, 4, 15),
        })
        self.assertEqual(self.amsterdam._working_hours_between(*week), hours - 8)
        global_holiday.time_type = "other"
        self.assertEqual(self.amsterdam._working_hours_between(*week), hours)

    def test_attendance_changes_are_seen(self):
        week = (datetime(2030, 6, 3), datetime(2030, 6, 10))
        hours = self.amsterdam._working_hours_between(*week)
        friday_afternoon = self.amsterdam.attendance_ids.filtered(
            lambda attendance: attendance.dayofweek == "4" and attendance.hour_from == 13
        )
        friday_afternoon.hour_to = 15
        self.assertEqual(self.amsterdam._working_hours_between(*week), hours - 2)
        friday_afternoon.unlink()
        self.assertEqual(self.amsterdam._working_hours_between(*week), hours - 4)
        self.amsterdam.attendance_ids = [Command.create({
            "name": "Test Sunday", "dayofweek": "6", "hour_from": 10, "hour_to": 12,
            "day_period": "morning",
        })]
        self.assertEqual(self.amsterdam._working_hours_between(*week), hours - 2)
        self.assertSameAsCore(self.amsterdam, *week)

    def test_time_zone_and_schedule_changes_are_seen(self):
        """The time zone moves the intervals; a flexible schedule (hours spread over
        the period asked, not cached) is core's."""
        day = (datetime(2030, 6, 3), datetime(2030, 6, 4))
        starts = [begin for begin, _stop in self.clock(self.amsterdam, *day)]
        self.assertIn("2030-06-03T08:00:00+02:00", starts)
        self.amsterdam.tz = "Europe/London"
        starts = [begin for begin, _stop in self.clock(self.amsterdam, *day)]
        self.assertIn("2030-06-03T08:00:00+01:00", starts)
        self.assertSameAsCore(self.amsterdam, *day)
        self.amsterdam.write({
            "schedule_type": "flexible", "full_time_required_hours": 20, "hours_per_day": 4,
        })
        for start, end in list(self.ranges())[:4]:
            self.assertSameAsCore(self.amsterdam, start, end)

    def test_no_query_once_cached(self):
        """A second computation reads nothing, even with an empty record cache: the
        SLA deadlines of a mail after the first."""
        calendar = self.amsterdam
        start = datetime(2030, 4, 19, 14, 30)
        deadlines = calendar._working_deadlines(start, [4, 8, 24, 60])
        due = calendar._working_days_after(date(2030, 4, 19), [5, 20])
        self.env.invalidate_all()
        with self.assertQueryCount(0):
            self.assertEqual(calendar._working_deadlines(start, [4, 8, 24, 60]), deadlines)
            self.assertEqual(calendar._working_days_after(date(2030, 4, 19), [5, 20]), due)
            calendar._next_working_start(start)
