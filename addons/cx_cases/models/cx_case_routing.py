import logging
from collections import defaultdict

from odoo import api, fields, models

from .cx_case_stage import OPEN_KINDS

_logger = logging.getLogger(__name__)

# Unassigned cases a team takes from its queue in one go (a freed agent, the cron).
QUEUE_BATCH = 200


class CxCase(models.Model):
    """Routing: a new unassigned case of a routed team goes to an agent at work who
    serves the customer's language and has room; else it waits in the team's queue
    until an agent frees up (a case of theirs solved or closed) or starts work (cron)."""

    _inherit = "cx.case"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        cases = super().create(vals_list)
        cases._cx_route()
        return cases

    def write(self, vals):
        freed = self.browse()
        if vals.get("stage_id"):
            kind = self.env["cx.case.stage"].browse(vals["stage_id"]).kind
            if kind not in OPEN_KINDS:
                freed = self.filtered(lambda c: c.user_id and c.stage_kind in OPEN_KINDS)
        result = super().write(vals)
        if freed:
            freed.team_id._cx_route_queue()
        return result

    def _cx_routable(self):
        return self.filtered(
            lambda c: not c.user_id and c.team_id.assignment_method not in (False, "manual")
            and c.stage_kind in OPEN_KINDS and not c.anonymized
        )

    def _cx_route(self):
        """Assign the routable cases of self, oldest first; the others stay queued.
        A bounded number of queries whatever the number of agents and cases: members,
        their resources, one working-time walk per calendar, one load count, then one
        write per agent who gets cases."""
        cases = self._cx_routable()
        if not cases:
            return self.browse()
        Member = self.env["cx.team.member"].sudo()
        members = Member.search([
            ("team_id", "in", cases.team_id.ids), ("capacity", ">", 0),
            ("user_id.active", "=", True),
        ])
        at_work = members._cx_at_work(fields.Datetime.now())
        members = members.filtered(lambda m: m in at_work)
        load = members._cx_open_load()
        by_team = defaultdict(list)
        for member in members:
            by_team[member.team_id].append(member)
        given = defaultdict(list)
        last = {}
        for case in cases.sorted(lambda c: (c.date_open, c.id)):
            team = case.team_id
            member = team._cx_pick_agent(
                by_team[team], load, case.partner_id.lang, last.get(team),
            )
            if not member:
                continue
            load[(team.id, member.user_id.id)] = load.get((team.id, member.user_id.id), 0) + 1
            last[team] = member.user_id
            given[member.user_id].append(case.id)
        for user, case_ids in given.items():
            self.browse(case_ids).sudo().write({"user_id": user.id})
        for team, user in last.items():
            team.sudo().last_assigned_user_id = user
        return self.browse([cid for ids in given.values() for cid in ids])

    @api.model
    def _cron_route_queue(self):
        """Agents who start work take the queue of their teams."""
        teams = self.env["cx.case.team"].sudo().search(
            [("assignment_method", "!=", "manual")]
        )
        teams._cx_route_queue()


class CxCaseTeam(models.Model):
    _inherit = "cx.case.team"  # pylint: disable=consider-merging-classes-inherited

    def _cx_route_queue(self):
        """Assign the oldest unassigned open cases of these teams, while agents have room."""
        teams = self.filtered(lambda t: t.assignment_method != "manual")
        if not teams:
            return self.env["cx.case"]
        queued = self.env["cx.case"].sudo().search(
            [("team_id", "in", teams.ids), ("user_id", "=", False),
             ("stage_kind", "in", OPEN_KINDS), ("anonymized", "=", False)],
            order="date_open, id", limit=QUEUE_BATCH,
        )
        assigned = queued._cx_route()
        if assigned:
            _logger.info("cx_cases: %s queued cases assigned", len(assigned))
        return assigned

    def _cx_pick_agent(self, members, load, lang, last_user=None):
        """The member routing gives the next case to (None: it waits). ``members``:
        this team's members at work, in their order; ``load``: open cases per
        (team id, user id), counting the cases given in this run."""
        self.ensure_one()
        fitting = [
            member for member in members
            if load.get((self.id, member.user_id.id), 0) < member.capacity
            and member._cx_serves(lang)
        ]
        if not fitting:
            return None
        if self.assignment_method == "balanced":
            return min(fitting, key=lambda m: (
                load.get((self.id, m.user_id.id), 0) / m.capacity, m.sequence, m.id,
            ))
        # Round-robin: the next member after the one who got the last case.
        last_user = last_user or self.last_assigned_user_id
        order = [member.user_id for member in members]
        if last_user in order:
            position = order.index(last_user)
            after = [m for m in fitting if order.index(m.user_id) > position]
            return after[0] if after else fitting[0]
        return fitting[0]
