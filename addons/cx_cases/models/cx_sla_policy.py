from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .cx_case import PRIORITIES
from .cx_case_stage import OPEN_KINDS


class CxSlaPolicy(models.Model):
    _name = "cx.sla.policy"
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
        """The policy that applies: most specific match first, the team default last."""
        policies = self.search_fetch([
            ("company_id", "=", team.company_id.id),
            ("team_id", "in", (team.id, False)),
        # What the new case reads of its policy (company check, tracking, targets):
        # fetched with the search, a mail gateway query less.
        ], ["name", "company_id", "team_id", "type_ids", "priority", "first_response_hours",
            "resolution_hours", "at_risk_ratio"])
        for policy in policies:
            if policy.type_ids and case_type not in policy.type_ids:
                continue
            if policy.priority and policy.priority != priority:
                continue
            if not policy.type_ids and not policy.priority and policy == team.sla_policy_id:
                continue  # the default is the fallback, not a match that wins early
            return policy
        return team.sla_policy_id
