from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import CxCommon, at


@tagged("post_install", "-at_install")
class TestRouting(CxCommon):
    """Team A works Monday to Friday 8-12 and 13-17 (UTC) and Saturday morning;
    agent A serves Dutch customers (2 open cases), the other agent English ones (1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("nl_NL")
        cls.nl = cls.env.ref("base.lang_nl")
        cls.en = cls.env.ref("base.lang_en")
        cls.team_a.assignment_method = "balanced"
        Member = cls.env["cx.team.member"]
        # The team's agent (common: member_ids) has her routing row already.
        cls.member_a = cls.team_a.agent_ids
        cls.member_a.write({
            "capacity": 2, "lang_ids": [Command.set(cls.nl.ids)], "sequence": 1,
        })
        cls.member_other = Member.create({
            "team_id": cls.team_a.id, "user_id": cls.agent_a_other.id, "capacity": 1,
            "lang_ids": [Command.set(cls.en.ids)], "sequence": 2,
        })
        Partner = cls.env["res.partner"]
        cls.dutch = Partner.create(
            {"name": "Test Daan", "email": "daan@x.example", "lang": "nl_NL"}
        )
        cls.english = Partner.create(
            {"name": "Test Jane", "email": "jane@x.example", "lang": "en_US"}
        )

    def test_language_and_capacity(self):
        """A Dutch customer goes to the Dutch-speaking agent until she is full; the
        next one waits in the queue; an English customer goes to the other agent."""
        with freeze_time(at(0, 9)):
            first = self._case(partner=self.dutch)
            second = self._case(partner=self.dutch)
            third = self._case(partner=self.dutch)
            english = self._case(partner=self.english)
        self.assertEqual(first.user_id, self.agent_a)
        self.assertEqual(second.user_id, self.agent_a)
        self.assertFalse(third.user_id, "agent A is full and nobody else speaks Dutch")
        self.assertEqual(english.user_id, self.agent_a_other)
        self.assertEqual(self.member_a.open_count, 2)
        self.assertEqual(self.member_a.display_name, f"{self.agent_a.name} 2/2")
        self.assertEqual(self.team_a.unassigned_count, 1)

    def test_freed_agent_takes_the_oldest_queued_case(self):
        self.member_a.capacity = 1
        with freeze_time(at(0, 9)):
            busy = self._case(partner=self.dutch)
        with freeze_time(at(0, 10)):
            older = self._case(partner=self.dutch)
        with freeze_time(at(0, 11)):
            newer = self._case(partner=self.dutch)
        self.assertFalse(older.user_id | newer.user_id)
        with freeze_time(at(0, 11, 30)):
            busy.with_user(self.agent_a).action_solve()
        self.assertEqual(older.user_id, self.agent_a, "oldest first")
        self.assertFalse(newer.user_id)

    def test_only_agents_at_work(self):
        """Monday 18:00 nobody works: the case waits; the cron assigns it once agent
        A starts on Tuesday... a public holiday, so on Wednesday morning."""
        with freeze_time(at(7, 18)):  # Monday 14 January, evening
            case = self._case(partner=self.dutch)
        self.assertFalse(case.user_id)
        with freeze_time(at(8, 9)):  # Tuesday 15 January: public holiday
            self.env["cx.case"]._cron_route_queue()
        self.assertFalse(case.user_id)
        with freeze_time(at(9, 8, 5)):
            self.env["cx.case"]._cron_route_queue()
        self.assertEqual(case.user_id, self.agent_a)

    def test_agent_on_leave_gets_nothing(self):
        """Agent A's own time off (her resource's leave) keeps cases from her, while
        her own working hours (a calendar on her member record) apply."""
        (self.member_a | self.member_other).write({"lang_ids": False, "capacity": 5})
        resource = self.env["resource.resource"].create({
            "name": self.agent_a.name, "user_id": self.agent_a.id,
            "calendar_id": self.calendar_nl.id, "tz": "UTC",
        })
        self.env["resource.calendar.leaves"].create({
            "name": "Day off", "resource_id": resource.id, "calendar_id": self.calendar_nl.id,
            "date_from": at(0, 0), "date_to": at(0, 23, 59), "time_type": "leave",
        })
        with freeze_time(at(0, 9)):
            monday = self._case(partner=self.dutch)
        self.assertEqual(monday.user_id, self.agent_a_other)
        self.member_other.resource_calendar_id = self._calendar(
            "Test late shift", self.market_a, [(day, 9, 17) for day in range(5)]
        )
        with freeze_time(at(1, 8, 30)):
            tuesday = self._case(partner=self.english)
        self.assertEqual(tuesday.user_id, self.agent_a, "the other agent starts at 9:00")

    def test_round_robin(self):
        self.team_a.assignment_method = "round_robin"
        (self.member_a | self.member_other).write({"lang_ids": False, "capacity": 10})
        with freeze_time(at(0, 9)):
            cases = [self._case(partner=self.dutch) for _i in range(3)]
        self.assertEqual(
            [case.user_id for case in cases], [self.agent_a, self.agent_a_other, self.agent_a]
        )

    def test_no_context_key_skips_routing(self):
        """Bulk planning defers routing by a flag on the cursor, not a context key: a
        caller sending the old key (or any) still gets the case routed."""
        with freeze_time(at(0, 9)):
            case = self.env["cx.case"].with_context(cx_route_later=True).create({
                "name": "Test case", "team_id": self.team_a.id,
                "partner_id": self.dutch.id, "channel": "email",
            })
        self.assertEqual(case.user_id, self.agent_a)

    def test_balanced_by_load(self):
        (self.member_a | self.member_other).write({"lang_ids": False, "capacity": 10})
        with freeze_time(at(0, 9)):
            self._case(partner=self.dutch, user_id=self.agent_a.id)
            self._case(partner=self.dutch, user_id=self.agent_a.id)
            cases = [self._case(partner=self.dutch) for _i in range(3)]
        self.assertEqual(
            [case.user_id for case in cases],
            [self.agent_a_other, self.agent_a_other, self.agent_a],
        )

    def test_manual_team_is_not_routed(self):
        self.team_a.assignment_method = "manual"
        with freeze_time(at(0, 9)):
            case = self._case(partner=self.dutch)
        self.assertFalse(case.user_id)

    def test_who_configures_routing(self):
        """Supervisors set the agents' capacity and languages; agents read them only."""
        self.assertEqual(self.member_a.with_user(self.agent_a).capacity, 2)
        with self.assertRaises(AccessError):
            self.member_a.with_user(self.agent_a).capacity = 50
        with self.assertRaises(AccessError):
            self.team_a.with_user(self.agent_a).assignment_method = "manual"
        self.member_a.with_user(self.supervisor_a).capacity = 3
        self.team_a.with_user(self.supervisor_a).assignment_method = "round_robin"
        self.assertEqual(self.member_a.capacity, 3)
        with self.assertRaises(AccessError):
            self.member_a.with_user(self.agent_b).read(["capacity"])

    def test_agents_are_their_routing_rows(self):
        """One list of agents: a user added to the team gets a routing row (the
        agents' load lists them, routing may pick them), a user removed loses it,
        and a row added or archived keeps the user in the team (their cases stay
        theirs to read)."""
        team = self.team_b
        self.assertEqual(team.agent_ids.user_id, self.agent_b)
        team.member_ids = [Command.link(self.agent_a_other.id)]
        row = team.agent_ids.filtered(lambda m: m.user_id == self.agent_a_other)
        self.assertEqual(row.capacity, 10)
        team.member_ids = [Command.unlink(self.agent_b.id)]
        self.assertEqual(team.agent_ids.user_id, self.agent_a_other)
        added = self.env["cx.team.member"].create(
            {"team_id": team.id, "user_id": self.agent_b.id}
        )
        self.assertEqual(team.member_ids, self.agent_a_other | self.agent_b)
        added.active = False
        self.assertIn(self.agent_b, team.member_ids)
        added.unlink()
        self.assertEqual(team.member_ids, self.agent_a_other)

    def _route_one(self, agents):
        """Queries of routing one new case in a team of ``agents`` agents at work."""
        team = self.env["cx.case.team"].create({
            "name": f"Test routing {agents}", "company_id": self.market_a.id,
            "resource_calendar_id": self.calendar_nl.id, "assignment_method": "balanced",
        })
        users = [
            new_test_user(self.env, f"cx_route_{agents}_{index}",
                          groups="cx_cases.group_cx_agent", company_id=self.market_a.id)
            for index in range(agents)
        ]
        self.env["cx.team.member"].create([
            {"team_id": team.id, "user_id": user.id, "capacity": 5,
             "lang_ids": [Command.set(self.nl.ids)]} for user in users
        ])
        team.assignment_method = "manual"
        case = self._case(team=team, partner=self.dutch)
        team.assignment_method = "balanced"
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        routed = case._cx_route()
        self.env.flush_all()
        self.assertEqual(routed, case)
        return self.cr.sql_log_count - before

    def test_routing_queries_bounded(self):
        """Routing a new case costs the same queries with 5 agents as with 50."""
        with freeze_time(at(0, 9)):
            self._route_one(2)  # caches warm (templates, models, fields)
            few = self._route_one(5)
            many = self._route_one(50)
        self.assertEqual(few, many)
        self.assertLessEqual(many, 46)
