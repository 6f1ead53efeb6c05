import ast
from datetime import datetime, time

import pytz

from odoo import api, fields, models
from odoo.tools import email_normalize
from odoo.tools.mail import parse_contact_from_email

from ..tools.gateway_memo import GATEWAY_MEMO
from .cx_case_stage import OPEN_KINDS


class CxCaseTeam(models.Model):
    _name = "cx.case.team"
    _description = "CX Team"
    _inherit = ["mail.alias.mixin", "mail.thread", "dealer.server.fields.mixin"]
    _order = "sequence, name"
    _check_company_auto = True
    # A region's team serves the markets below it that have no team of their own
    # (_team_for): their cases keep their market and may point at the region's team.
    _check_company_domain = models.check_company_domain_parent_of

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", string="Market", required=True, index=True,
        default=lambda self: self.env.company,
    )
    member_ids = fields.Many2many(
        "res.users", "cx_case_team_member_rel", "team_id", "user_id", string="Agents",
        domain="[('share', '=', False)]",
    )
    supervisor_id = fields.Many2one(
        "res.users", domain="[('share', '=', False)]",
        help="Receives at-risk alerts with the assignee.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar", string="Working Hours", required=True, check_company=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="Service hours of the team; public holidays are the calendar's global time off. "
        "SLA clocks only run during these hours.",
    )
    sla_policy_id = fields.Many2one(
        "cx.sla.policy", string="Default SLA Policy", check_company=True,
        domain="[('team_id', 'in', (id, False))]",
        help="Used when no policy matches the case's type and priority.",
    )
    case_ids = fields.One2many("cx.case", "team_id", string="Cases")
    open_count = fields.Integer(compute="_compute_counts")
    at_risk_count = fields.Integer(compute="_compute_counts")
    breached_count = fields.Integer(compute="_compute_counts")
    unassigned_count = fields.Integer(compute="_compute_counts")
    csat_today = fields.Float(string="CSAT today (%)", digits=(16, 1), compute="_compute_csat")
    csat_month = fields.Float(
        string="CSAT this month (%)", digits=(16, 1), compute="_compute_csat"
    )
    # Without any answer there is no CSAT: the overview says "no ratings", not 0 %. With
    # few, it says how few: one dissatisfied customer is "0 % (1 answer)".
    csat_today_answers = fields.Integer(string="CSAT Answers Today", compute="_compute_csat")
    csat_month_answers = fields.Integer(
        string="CSAT Answers This Month", compute="_compute_csat"
    )

    def _compute_counts(self):
        groups = self.env["cx.case"]._read_group(
            [("team_id", "in", self.ids), ("stage_kind", "in", OPEN_KINDS)],
            ["team_id", "sla_status"], ["__count"],
        )
        unassigned = dict(self.env["cx.case"]._read_group(
            [("team_id", "in", self.ids), ("stage_kind", "in", OPEN_KINDS),
             ("user_id", "=", False)],
            ["team_id"], ["__count"],
        ))
        counts = {}
        for team, status, count in groups:
            counts.setdefault(team, {})[status] = count
        for team in self:
            by_status = counts.get(team, {})
            team.open_count = sum(by_status.values())
            team.at_risk_count = by_status.get("at_risk", 0)
            team.breached_count = by_status.get("breached", 0)
            team.unassigned_count = unassigned.get(team, 0)

    def _compute_csat(self):
        # "Today" and "this month" start at midnight where the user is, in UTC as stored.
        today = fields.Datetime.context_timestamp(self, fields.Datetime.now()).date()
        # env.tz: a time zone that is no time zone (a JSON-RPC client sends any
        # context) reads as UTC, as context_timestamp above does; pytz refused it.
        tz = self.env.tz

        def utc_midnight(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(
                tzinfo=None
            )

        day_start = utc_midnight(today)
        month_start = utc_midnight(today.replace(day=1))
        Case = self.env["cx.case"]
        domain = [("team_id", "in", self.ids)]
        today_csat = Case._csat_by(domain, "team_id", since=day_start, with_answers=True)
        month_csat = Case._csat_by(domain, "team_id", since=month_start, with_answers=True)
        for team in self:
            team.csat_today, team.csat_today_answers = today_csat.get(team, (0.0, 0))
            team.csat_month, team.csat_month_answers = month_csat.get(team, (0.0, 0))

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get("cx.case").id
        if self.id:
            values["alias_defaults"] = defaults = ast.literal_eval(self.alias_defaults or "{}")
            defaults["team_id"] = self.id
            defaults["channel"] = "email"
        return values

    def _partner_find_from_emails(self, records_emails, avoid_alias=True, ban_emails=None,
                                  filter_found=None, additional_values=None, no_create=False):
        """Core's look-up of addresses among the partners, which the gateway runs on the
        team behind the alias (the sender's user, the author and the recipients of each
        mail). Core reads the team's company and followers first, to rank the partners
        it then searches: a look-up that creates none and whose addresses no partner
        has (each new customer's mail) is answered by one count instead, on what core
        would search (its banned addresses and aliases left out), with the same empty
        result."""
        if no_create and (not self or len(self) == len(records_emails)):
            emails = [email for mails in records_emails.values() for email in mails]
            ban = list(ban_emails or [])
            if avoid_alias:
                ban += self.env["mail.alias.domain"].sudo()._find_aliases(
                    [email_normalize(email, strict=False) or email for email in emails])
            name_emails = [parse_contact_from_email(email) for email in emails]
            normalized = [email for _name, email in name_emails if email and email not in ban]
            raw_names = [name for name, email in name_emails
                         if not email and name.strip() and name.strip() not in ban]
            if not raw_names and not (normalized and self._cx_some_partner_has(normalized)):
                res_ids = self.ids or [record.id for record in records_emails]
                return dict.fromkeys(res_ids, self.env["res.partner"])
        return super()._partner_find_from_emails(
            records_emails, avoid_alias=avoid_alias, ban_emails=ban_emails,
            filter_found=filter_found, additional_values=additional_values,
            no_create=no_create,
        )

    def _cx_some_partner_has(self, emails):
        """Whether a partner has one of the normalized ``emails``: a count, unless
        the gateway learned already, for this mail, that none has (GATEWAY_MEMO;
        as the superuser, whom no record rule limits)."""
        memo = GATEWAY_MEMO.get()
        active_test = self.env.context.get("active_test", True)
        if memo and self.env.su and all(
                (email, active_test) in memo.get("absent", ()) for email in emails):
            return False
        return bool(self.env["res.partner"].search_count(
            [("email_normalized", "in", emails)], limit=1))

    @api.model
    def _team_for(self, company):
        """The first team of a market (or of its parents): where new cases land.
        A parent's team is accepted on the market's cases (_check_company_domain)."""
        while company:
            team = self.search([("company_id", "=", company.id)], limit=1)
            if team:
                return team
            company = company.parent_id
        return self.browse()

    def action_open_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_cases.cx_case_action")
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id, "search_default_open": 1}
        filter_name = self.env.context.get("cx_filter")
        if filter_name in ("at_risk", "breached"):
            action["context"][f"search_default_{filter_name}"] = 1
        return action
