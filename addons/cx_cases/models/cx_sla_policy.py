from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .cx_case import PRIORITIES
from .cx_case_stage import OPEN_KINDS

# What a new case reads of its policy: the targets (its deadlines and status) and the
# market (the company check).
SLA_FIGURES = ("company_id", "first_response_hours", "resolution_hours", "at_risk_ratio")


class CxSlaPolicy(models.Model):
    _name = "cx.sla.policy"
    # dealer.process.cache.mixin: _match_candidates, _figures
    _inherit = ["dealer.input.guard.mixin", "dealer.process.cache.mixin"]
    _description = "CX SLA Policy"
    _order = "sequence, id"
    _check_company_auto = True
    # A region team's policies apply to the cases of the markets it serves.
    _check_company_domain = models.check_company_domain_parent_of

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="The first matching policy (lowest sequence) applies to a case."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Market", required=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one(
        "cx.case.team", check_company=True, help="Empty: every team of the market."
    )
    type_ids = fields.Many2many("cx.case.type", string="Case Types", help="Empty: every type.")
    priority = fields.Selection(PRIORITIES, help="Empty: every priority.")
    first_response_hours = fields.Float(
        string="First response (working hours)", required=True, default=4.0
    )
    resolution_hours = fields.Float(
        string="Resolution (working hours)", required=True, default=40.0
    )
    at_risk_ratio = fields.Float(
        string="At risk when left (%)", default=25.0,
        help="A running clock is at risk when less than this share of its target is left.",
    )

    @api.constrains("first_response_hours", "resolution_hours", "at_risk_ratio")
    def _check_targets(self):
        for policy in self:
            if not 0 < policy.first_response_hours <= policy.resolution_hours <= 2000:
                raise ValidationError(self.env._(
                    "%(policy)s: targets must be positive, first response not longer than "
                    "resolution, and at most 2000 working hours.", policy=policy.name,
                ))
            if not 0 <= policy.at_risk_ratio < 100:
                raise ValidationError(self.env._(
                    "%(policy)s: the at-risk share is a percentage from 0 to 99.",
                    policy=policy.name,
                ))

    def write(self, vals):
        result = super().write(vals)
        if {"first_response_hours", "resolution_hours", "at_risk_ratio"} & set(vals):
            self.env["cx.case"].sudo().search(
                [("sla_policy_id", "in", self.ids), ("stage_kind", "in", OPEN_KINDS)]
            )._sla_recompute_open()
        return result

    @api.model
    def _match(self, team, case_type, priority):
        """The policy that applies: most specific match first, the team default last.
        Its figures come with it (``_cache_figures``)."""
        policy = team.sla_policy_id
        for policy_id, type_ids, policy_priority in self._match_candidates(
            team.company_id.id, team.id
        ):
            if type_ids and case_type.id not in type_ids:
                continue
            if policy_priority and policy_priority != priority:
                continue
            if not type_ids and not policy_priority and policy_id == team.sla_policy_id.id:
                continue  # the default is the fallback, not a match that wins early
            policy = self.browse(policy_id)
            break
        policy._cache_figures()
        return policy

    def _cache_figures(self):
        """Put what a new case reads of this policy (SLA_FIGURES) in the record cache
        from the figures kept per process (``_figures``): every new case (each mail of
        the gateway) otherwise reads the policy's row for its deadlines and its
        company check. Values already in the cache (pending changes) are kept."""
        if len(self) != 1:
            return
        figures = self._figures(self.id)
        for name, value in zip(SLA_FIGURES, figures or (), strict=False):
            self._fields[name]._insert_cache(self, [value])

    @tools.ormcache("policy_id")
    def _figures(self, policy_id):
        """SLA_FIGURES of a policy in the record cache's format, or None when it is
        gone. Kept per process until a policy is created, written or deleted."""
        policy = self.sudo().with_context(active_test=False).search_fetch(
            [("id", "=", policy_id)], list(SLA_FIGURES),
        )
        if not policy:
            return None
        return tuple(policy._fields[name].convert_to_cache(policy[name], policy)
                     for name in SLA_FIGURES)

    @tools.ormcache("company_id", "team_id")
    def _match_candidates(self, company_id, team_id):
        """The active policies a team's case may get, in order, as (id, type ids,
        priority): every new case (each mail of the gateway) otherwise searches them
        and reads their types. Kept per process until a policy is created, written
        or deleted, or a case type archived or deleted (policies do not see archived
        types). Searched as the superuser, as the stored compute that calls
        ``_match`` runs, among active policies and types whatever the context."""
        policies = self.sudo().with_context(active_test=True).search_fetch([
            ("company_id", "=", company_id), ("team_id", "in", (team_id, False)),
        ], ["type_ids", "priority"])
        return tuple(
            (policy.id, frozenset(policy.type_ids.ids), policy.priority or False)
            for policy in policies
        )
