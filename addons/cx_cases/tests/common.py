from datetime import datetime
from unittest.mock import patch

from odoo import Command

from odoo.addons.dealer_profile.tests.common import DealerProfileCommon, new_calendar

# A week of 2030 without daylight-saving change: Monday 7 January.
MON = datetime(2030, 1, 7)


def at(day_offset, hour, minute=0):
    """A naive UTC datetime ``day_offset`` days after Monday 7 January 2030."""
    return MON.replace(day=MON.day + day_offset, hour=hour, minute=minute)


class CxCommon(DealerProfileCommon):
    """Market A (the Netherlands style: open Saturday morning, closed evenings, a
    public holiday on Tuesday 15 January 2030) and market B (Monday to Friday
    9:00-17:00), one CX team each, CX users of every tier, two portal customers
    and a dealer (from dealer_profile's common data). Calendars are in UTC so
    that the expected deadlines can be computed by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": "cx-test.example.com"})
        (cls.market_a | cls.market_b).alias_domain_id = cls.alias_domain
        cls.market_a.country_id = cls.env.ref("base.nl")
        cls.market_b.country_id = cls.env.ref("base.be")
        cls.calendar_nl = cls._calendar("Test NL care hours", cls.market_a, [
            (day, hour_from, hour_to)
            for day in range(5) for hour_from, hour_to in ((8, 12), (13, 17))
        ] + [(5, 9, 13)])
        cls.env["resource.calendar.leaves"].create({
            "name": "Test public holiday", "calendar_id": cls.calendar_nl.id,
            "date_from": datetime(2030, 1, 15, 0, 0), "date_to": datetime(2030, 1, 15, 23, 59),
            "resource_id": False, "time_type": "leave",
        })
        cls.calendar_b = cls._calendar("Test B care hours", cls.market_b, [
            (day, 9, 17) for day in range(5)
        ])
        all_companies = cls.hq | cls.region | cls.market_a | cls.market_b
        cls.agent_a = cls._new_user("cx_agent_a", "cx_cases.group_cx_agent", cls.market_a)
        cls.agent_a_other = cls._new_user(
            "cx_agent_a_other", "cx_cases.group_cx_agent", cls.market_a
        )
        cls.agent_b = cls._new_user("cx_agent_b", "cx_cases.group_cx_agent", cls.market_b)
        cls.supervisor_a = cls._new_user(
            "cx_supervisor_a", "cx_cases.group_cx_supervisor", cls.market_a
        )
        cls.cx_manager = cls._new_user(
            "cx_manager_all", "cx_cases.group_cx_manager", cls.hq, all_companies
        )
        cls.integration = cls._new_user(
            "cx_telephony", "cx_cases.group_cx_integration", cls.market_a
        )
        cls.customer2 = cls._new_user("test_customer_two", "base.group_portal", cls.market_a)
        cls.customer.partner_id.phone = "+31 6 1234 5678"

        cls.team_a = cls.env["cx.case.team"].create({
            "name": "Test Care A", "company_id": cls.market_a.id,
            "member_ids": [Command.set(cls.agent_a.ids)], "supervisor_id": cls.supervisor_a.id,
            "resource_calendar_id": cls.calendar_nl.id, "alias_name": "care-a",
        })
        cls.team_b = cls.env["cx.case.team"].create({
            "name": "Test Care B", "company_id": cls.market_b.id,
            "member_ids": [Command.set(cls.agent_b.ids)],
            "resource_calendar_id": cls.calendar_b.id, "alias_name": "care-b",
        })
        Policy = cls.env["cx.sla.policy"]
        cls.policy_a = Policy.create({
            "name": "Test A standard", "company_id": cls.market_a.id, "team_id": cls.team_a.id,
            "first_response_hours": 4, "resolution_hours": 16, "at_risk_ratio": 25,
        })
        cls.team_a.sla_policy_id = cls.policy_a
        cls.policy_b = Policy.create({
            "name": "Test B standard", "company_id": cls.market_b.id, "team_id": cls.team_b.id,
            "first_response_hours": 8, "resolution_hours": 24,
        })
        cls.team_b.sla_policy_id = cls.policy_b
        cls.stage = {
            kind: cls.env["cx.case.stage"].search([("kind", "=", kind)], limit=1)
            for kind in ("new", "progress", "waiting", "solved", "closed")
        }

    @classmethod
    def _calendar(cls, name, company, slots):
        return new_calendar(cls.env, name, slots, company=company)

    @classmethod
    def _case(cls, team=None, partner=None, **vals):
        team = team or cls.team_a
        return cls.env["cx.case"].create({
            "name": vals.pop("name", "Test case"),
            "team_id": team.id,
            "partner_id": (partner or cls.customer.partner_id).id,
            "channel": vals.pop("channel", "email"),
            **vals,
        })

    def _run_job(self, method, **kwargs):
        """A job method as the cron runs it; outside a cron _commit_progress
        commits, which a test cannot: a commit is a flush here."""
        with patch.object(self.env.cr, "commit", self.env.cr.flush):
            return method(**kwargs)

    def _sla_job(self, **kwargs):
        return self._run_job(self.env["cx.case"]._cron_sla_check, **kwargs)

    def _sla_refresh_job(self, **kwargs):
        """The deadlines of open cases after a working-time change (queued by it)."""
        result = self._run_job(self.env["cx.sla.refresh"]._cron_refresh, **kwargs)
        self.env.invalidate_all()
        return result

    def _customer_says(self, case, body="It still does not work", partner=None):
        """A reply of the customer, as the mail gateway or portal chatter posts it."""
        partner = partner or case.partner_id
        return case.with_context(mail_create_nosubscribe=True).message_post(
            body=body, author_id=partner.id, message_type="email",
            subtype_xmlid="mail.mt_comment",
        )


class CxCaseCommon(CxCommon):
    """One case of team A assigned to agent A: ``self.case``, and ``self.as_agent``,
    the same case as the agent sees it."""

    def setUp(self):
        super().setUp()
        self.case = self._case(user_id=self.agent_a.id)
        self.as_agent = self.case.with_user(self.agent_a)

    def _solve(self):
        self.as_agent.action_start()
        self.as_agent.action_solve()
        self.assertEqual(self.case.stage_kind, "solved")
