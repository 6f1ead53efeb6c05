from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import api, fields, models

from .cx_case_stage import OPEN_KINDS

ASSIGNMENT_METHODS = [
    ("manual", "Manual"),
    ("round_robin", "Round-robin"),
    ("balanced", "Balanced (lowest open load)"),
]


class CxTeamMember(models.Model):
    """An agent of a team as routing sees them: how many open cases they take, the
    languages they serve, and the hours they work (resource.calendar, with their own
    time off when they have a resource)."""

    _name = "cx.team.member"
    _inherit = ["dealer.server.fields.mixin"]
    _description = "CX Team Agent"
    _order = "team_id, sequence, id"
    _check_company_auto = True

    team_id = fields.Many2one(
        "cx.case.team", required=True, index=True, ondelete="cascade",
    )
    company_id = fields.Many2one(related="team_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Agent", required=True, index=True, ondelete="cascade",
        domain="[('share', '=', False)]",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    capacity = fields.Integer(
        default=10, help="Open cases of this team the agent holds at most: routing gives "
        "them no more.",
    )
    lang_ids = fields.Many2many(
        "res.lang", string="Languages",
        help="Customers' languages the agent serves; empty: every language.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar", string="Working Hours", check_company=True,
        help="Empty: the agent's own working hours (their resource), else the team's. "
        "Their time off (resource leaves) counts either way.",
    )
    open_count = fields.Integer(string="Open Cases", compute="_compute_load")
    load_percent = fields.Float(string="Load (%)", compute="_compute_load")

    _team_user_uniq = models.Constraint(
        "UNIQUE(team_id, user_id)", "An agent is listed once per team.",
    )
    _capacity_positive = models.Constraint(
        "CHECK(capacity >= 0)", "An agent's capacity cannot be negative.",
    )

    def _compute_load(self):
        load = self._cx_open_load()
        for member in self:
            member.open_count = load.get((member.team_id.id, member.user_id.id), 0)
            member.load_percent = (
                100.0 * member.open_count / member.capacity if member.capacity else 0.0
            )

    @api.depends("user_id", "open_count", "capacity")
    def _compute_display_name(self):
        for member in self:
            member.display_name = f"{member.user_id.name} {member.open_count}/{member.capacity}"

    def _cx_open_load(self):
        """{(team id, user id): open cases} of these members, in one query."""
        if not self:
            return {}
        groups = self.env["cx.case"].sudo()._read_group(
            [("team_id", "in", self.team_id.ids), ("user_id", "in", self.user_id.ids),
             ("stage_kind", "in", OPEN_KINDS)],
            ["team_id", "user_id"], ["__count"],
        )
        return {(team.id, user.id): count for team, user, count in groups}

    def _cx_at_work(self, now):
        """The members of self at work at ``now`` (naive UTC): inside their working
        hours and not on leave. One walk per calendar, whatever the number of agents."""
        start = pytz.utc.localize(now)
        end = start + timedelta(minutes=1)
        resources = self.env["resource.resource"].sudo().search_fetch(
            [("user_id", "in", self.user_id.ids)], ["user_id", "calendar_id"],
        )
        resource_of = {resource.user_id.id: resource for resource in resources}
        by_calendar = defaultdict(list)
        for member in self:
            resource = resource_of.get(member.user_id.id, self.env["resource.resource"])
            calendar = (member.resource_calendar_id or resource.calendar_id
                        or member.team_id.resource_calendar_id)
            if calendar:
                by_calendar[calendar].append((member, resource))
        at_work = self.browse()
        for calendar, pairs in by_calendar.items():
            own = self.env["resource.resource"].union(*(r for _m, r in pairs))
            intervals = calendar.sudo()._work_intervals_batch(start, end, resources=own)
            for member, resource in pairs:
                if intervals[resource.id]:
                    at_work |= member
        return at_work

    def _cx_serves(self, lang):
        self.ensure_one()
        return not lang or not self.lang_ids or lang in self.lang_ids.mapped("code")


class CxCaseTeam(models.Model):
    _inherit = "cx.case.team"  # pylint: disable=consider-merging-classes-inherited
    # The round-robin's pointer, moved by the routing only (as superuser).
    _server_only_fields = ("last_assigned_user_id",)

    assignment_method = fields.Selection(
        ASSIGNMENT_METHODS, default="manual", required=True,
        help="How new cases find an agent: by hand; each agent in turn; or the agent "
        "with the lowest open load against their capacity. Routing only picks agents "
        "at work now who serve the customer's language and have room; the others wait "
        "in the team's queue, oldest first.",
    )
    agent_ids = fields.One2many(
        "cx.team.member", "team_id", string="Agents' Routing",
        help="Capacity, languages and working hours of each agent.",
    )
    # The team's agents are its cx.team.member rows, archived ones included (out of
    # routing, still in the team): the record rules read this stored list of users,
    # and adding or removing an agent here adds or removes their row.
    member_ids = fields.Many2many(
        compute="_compute_member_ids", inverse="_inverse_member_ids", store=True,
        readonly=False,
    )
    # Stored: a new customer's language and time zone are read with the team (mail
    # gateway) at no query of their own.
    market_lang = fields.Selection(
        related="company_id.partner_id.lang", store=True, string="Market Language",
    )
    market_tz = fields.Selection(
        related="company_id.partner_id.tz", store=True, string="Market Time Zone",
    )
    last_assigned_user_id = fields.Many2one(
        "res.users", readonly=True, help="Round-robin: the agent who got the last case.",
    )

    @api.depends("agent_ids.user_id", "agent_ids.active")
    def _compute_member_ids(self):
        for team in self:
            team.member_ids = team.with_context(active_test=False).agent_ids.user_id

    def _inverse_member_ids(self):
        Member = self.env["cx.team.member"]
        for team in self:
            rows = team.with_context(active_test=False).agent_ids
            wanted = team.member_ids
            Member.create([
                {"team_id": team.id, "user_id": user.id} for user in wanted - rows.user_id
            ])
            rows.filtered(lambda row, wanted=wanted: row.user_id not in wanted).unlink()

    def action_open_queue(self):
        """The team's unassigned cases, oldest first: the order routing takes them."""
        action = self.action_open_cases()
        action["domain"] = [("team_id", "=", self.id), ("user_id", "=", False),
                            ("stage_kind", "in", OPEN_KINDS)]
        action["context"] = {"default_team_id": self.id}
        # The breadcrumb reads the action's display_name (the cases' action's own).
        action["name"] = action["display_name"] = self.env._("Queue of %(team)s", team=self.name)
        action["view_mode"] = "list,form"
        action["views"] = [(False, "list"), (False, "form")]
        return action
