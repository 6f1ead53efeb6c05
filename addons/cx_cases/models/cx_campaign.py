import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from odoo.addons.dealer_profile.models.dealer_workflow_mixin import Allow
from odoo.addons.dealer_profile.tools.vin import normalize_vin, vin_problem

from .cx_case import CAMPAIGN_OUTCOMES

_logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
STATES = [
    ("draft", "Draft"), ("running", "Opening Cases"), ("failed", "Stopped on an Error"),
    ("open", "In Progress"), ("done", "Done"), ("cancelled", "Cancelled"),
]
SUPERVISOR = "cx_cases.group_cx_supervisor"
# The one table of the workflow (dealer.workflow.mixin): supervisors press the buttons,
# the cron alone moves a running campaign on (open, or stopped on an error).
STATE_TRANSITIONS = {
    "draft": {
        "running": Allow(SUPERVISOR, button="start"),
        "draft": Allow(SUPERVISOR, button="preview"),
    },
    "running": {
        "open": Allow(check="_workflow_nobody"), "failed": Allow(check="_workflow_nobody"),
    },
    "failed": {"running": Allow(SUPERVISOR, button="start")},
    "open": {"done": Allow(SUPERVISOR, button="done")},
    "done": {},
    "cancelled": {},
}
for _state in ("draft", "running", "failed", "open"):
    STATE_TRANSITIONS[_state]["cancelled"] = Allow(SUPERVISOR, button="cancel")
# What a started campaign was started on: frozen with its count.
TARGET_FIELDS = ("target_model", "target_domain", "vin_list", "team_id", "type_id", "company_id")
# What a batch fails on when the data or the target is at fault: it would fail the same way
# every hour, so the campaign stops with the error instead (anything else, e.g. a worker
# killed or a serialization failure, rolls back and the next run resumes).
BATCH_ERRORS = (UserError, ValueError, psycopg2.IntegrityError, psycopg2.DataError)


class CxCampaign(models.Model):
    """A recall or service action: one case per affected customer, opened in
    committed batches by a cron so that a crash loses at most one batch and a
    restart carries on where it stopped (the UNIQUE(campaign, customer) of
    cx.case makes a second case for a customer impossible)."""

    _name = "cx.campaign"
    _description = "CX Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin", "dealer.workflow.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # Set by the campaign's own methods only: writing state='draft' over RPC would
    # unfreeze a started campaign's target, and a forged target_count falsifies its
    # progress.
    _workflow_fields = ("state", "target_count")
    _workflow_state_field = "state"
    _workflow_transitions = STATE_TRANSITIONS
    _workflow_frozen_fields = TARGET_FIELDS

    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(
        [("recall", "Recall"), ("service", "Service Action")], required=True,
        default="recall", tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", string="Market", required=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one("cx.case.team", required=True, check_company=True)
    type_id = fields.Many2one(
        "cx.case.type", string="Case Type", required=True,
        default=lambda self: self.env.ref("cx_cases.cx_case_type_recall", False),
    )
    description = fields.Html(help="What the agents explain and offer to every customer.")
    date_start = fields.Date(default=fields.Date.context_today)
    target_model = fields.Selection(
        [("vehicle.order", "Vehicle Orders"), ("res.partner", "Customers")], required=True,
        default="vehicle.order",
        help="What the domain selects; each selected record gives one customer.",
    )
    target_domain = fields.Char(
        default="[]", help="Records of the target model that are affected."
    )
    vin_list = fields.Text(
        string="VIN List", help="Affected vehicle identification numbers, one per line: "
        "only orders with these VINs are affected (vehicle orders only).",
    )
    state = fields.Selection(
        STATES, default="draft", required=True, tracking=True, readonly=True, copy=False,
    )
    target_count = fields.Integer(string="Affected Customers", readonly=True, copy=False)
    case_ids = fields.One2many("cx.case", "campaign_id", string="Cases")
    case_count = fields.Integer(compute="_compute_progress")
    progress = fields.Float(compute="_compute_progress", string="Cases Opened (%)")
    outcome_summary = fields.Json(compute="_compute_progress")
    contacted_rate = fields.Float(compute="_compute_progress", string="Contacted (%)")
    can_preview = fields.Boolean(compute="_compute_workflow_can")
    can_start = fields.Boolean(compute="_compute_workflow_can")
    can_done = fields.Boolean(compute="_compute_workflow_can")
    can_cancel = fields.Boolean(compute="_compute_workflow_can")

    def _compute_progress(self):
        groups = self.env["cx.case"].with_context(active_test=False)._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id", "campaign_outcome"], ["__count"]
        )
        by_campaign = {}
        for campaign, outcome, count in groups:
            by_campaign.setdefault(campaign, {})[outcome or "pending"] = count
        labels = dict(CAMPAIGN_OUTCOMES)
        for campaign in self:
            outcomes = by_campaign.get(campaign, {})
            total = sum(outcomes.values())
            campaign.case_count = total
            target = campaign.target_count
            campaign.progress = 100.0 * total / target if target else 0.0
            campaign.outcome_summary = {labels[k]: v for k, v in outcomes.items()}
            contacted = total - outcomes.get("pending", 0) - outcomes.get("not_reached", 0)
            campaign.contacted_rate = 100.0 * contacted / total if total else 0.0

    @api.constrains("target_domain", "vin_list")
    def _check_target(self):
        for campaign in self:
            domain = campaign._target_domain()
            campaign._vins()
            try:
                self.env[campaign.target_model].sudo().search_count(domain, limit=1)
            except (ValueError, KeyError) as error:
                raise ValidationError(self.env._(
                    "The target domain of %(campaign)s does not fit %(model)s: %(error)s",
                    campaign=campaign.name, model=campaign.target_model, error=error,
                )) from error

    @api.model_create_multi
    def create(self, vals_list):
        self._check_workflow_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_write(vals)
        return super().write(vals)

    def _workflow_fields_message(self, names):
        return self.env._(
            "%(fields)s of a campaign are set by its buttons (Preview Count, Open the "
            "Cases, Mark Done, Cancel), not written directly.",
            fields=self._workflow_field_labels(names),
        )

    def _workflow_frozen(self):
        return self.filtered(lambda c: c.state != "draft")

    def _workflow_frozen_message(self, record, names):
        return self.env._(
            "The target of a started campaign is frozen: cancel it and start a new one."
        )

    def _set_state(self, state, **vals):
        self._check_workflow_transition(state)
        return self._workflow().write({"state": state, **vals})

    # Target ----------------------------------------------------------------------

    def _target_domain(self):
        try:
            domain = safe_eval(self.target_domain or "[]")
            return Domain(domain)
        except Exception as error:
            raise ValidationError(self.env._(
                "The target domain of %(campaign)s is not valid: %(error)s",
                campaign=self.name, error=error,
            )) from error

    def _vins(self):
        vins = [normalize_vin(v) for v in (self.vin_list or "").splitlines() if v.strip()]
        bad = [v for v in vins if vin_problem(v)]
        if bad:
            raise ValidationError(self.env._(
                "These VINs are not valid (17 letters and digits, no I, O or Q): %(vins)s",
                vins=", ".join(bad[:10]),
            ))
        return vins

    def _target_partner_ids(self):
        """Ids of the affected customers (commercial partners) of the campaign's market,
        sorted. Searched with the caller's rights: a user previews only what they may
        read; the cron (superuser) is bounded by the market stored on the campaign."""
        self.ensure_one()
        domain = self._target_domain()
        if self.target_model == "res.partner":
            return self._distinct_partner_ids(
                "res.partner", domain & self._market_customer_domain(), SQL(
                    "COALESCE(%s, %s)",
                    SQL.identifier("res_partner", "commercial_partner_id"),
                    SQL.identifier("res_partner", "id"),
                ),
            )
        return self._target_partner_ids_other(domain)

    def _target_partner_ids_other(self, domain):
        if self.target_model != "vehicle.order":
            raise UserError(self.env._("Unsupported target model %(model)s.",
                                       model=self.target_model))
        return self._distinct_partner_ids(
            "vehicle.order", self._order_domain(domain),
            SQL.identifier("vehicle_order", "commercial_partner_id"),
        )

    def _distinct_partner_ids(self, model, domain, column):
        """One query, whatever the size of the campaign: the distinct customers."""
        query = self.env[model]._search(domain)
        query.order = None
        rows = self.env.execute_query(query.select(SQL("DISTINCT %s", column)))
        return sorted(r[0] for r in rows if r[0])

    def _market_ids(self):
        return self.env["res.company"].sudo().search(
            [("id", "child_of", self.company_id.id)]
        ).ids

    def _market_customer_domain(self):
        """Partners who are customers of the campaign's market: their customer entity
        ordered a car there or was served by its customer care, and no other market
        holds it. Never the brand's own people (internal users' partners) nor the
        companies of the network themselves (and their contacts). Customers are shared
        partners tied to markets by their orders and cases; a partner's own company_id
        marks the network's partners (outlets, dealers), so it only excludes."""
        markets = tuple(self._market_ids())
        for model in ("vehicle.order", "cx.case"):
            self.env[model].flush_model(["commercial_partner_id", "company_id"])
        # Two subqueries OR-ed, not one UNION: PostgreSQL hashes each once, where the
        # UNION became a join whose plan, on tables not analyzed since a large campaign
        # (autovacuum late or off), looped over every pair (115 s for 50,000 customers).
        ordered = SQL(
            "SELECT commercial_partner_id FROM vehicle_order WHERE company_id IN %s", markets
        )
        served = SQL("SELECT commercial_partner_id FROM cx_case WHERE company_id IN %s", markets)
        network = self.env["res.company"].sudo().with_context(
            active_test=False
        ).search([]).partner_id.ids
        # any!: these conditions state what a customer of the market is; the caller's
        # record rules still apply to the partners searched.
        return (
            Domain("partner_share", "=", True)
            & Domain("commercial_partner_id", "not in", network)
            & (Domain("commercial_partner_id", "any!", ordered)
               | Domain("commercial_partner_id", "any!", served))
            & Domain("commercial_partner_id", "any!",
                     Domain("company_id", "in", [False, *markets]))
        )

    def _order_domain(self, domain=None):
        domain = Domain(domain if domain is not None else self._target_domain())
        domain &= Domain("state", "!=", "cancelled")
        # The orders of the campaign's market, whoever runs the search.
        domain &= Domain("company_id", "child_of", self.company_id.id)
        vins = self._vins()
        if vins:
            domain &= Domain("vin", "in", vins)
        return domain

    def _orders_by_partner(self, partner_ids):
        """The affected order of each customer (their latest), to link to the case.
        Only orders of the campaign's own company: a case's outlet (the order's) must
        belong to the case's market, so a region's campaign links no order of its
        markets rather than failing on the company check."""
        if self.target_model != "vehicle.order":
            return {}
        orders = self.env["vehicle.order"].sudo().search_fetch(
            self._order_domain()
            & Domain("company_id", "=", self.company_id.id)
            & Domain("commercial_partner_id", "in", partner_ids),
            ["commercial_partner_id"], order="order_date desc, id desc",
        )
        result = {}
        for order in orders:
            result.setdefault(order.commercial_partner_id.id, order.id)
        return result

    def action_preview(self):
        self._check_workflow_button("preview")
        for campaign in self:
            campaign._workflow().write({"target_count": len(campaign._target_partner_ids())})
        return True

    def action_start(self):
        """Draft to running; also the retry of a campaign stopped on an error."""
        self._check_workflow_button("start")
        for campaign in self:
            count = len(campaign._target_partner_ids())
            if not count:
                raise UserError(self.env._(
                    "No customer of %(market)s matches the target of %(campaign)s: check "
                    "its domain.", market=campaign.company_id.name, campaign=campaign.name,
                ))
            campaign._set_state("running", target_count=count)
        self.env.ref("cx_cases.ir_cron_campaign_open_cases")._trigger()
        return True

    def action_cancel(self):
        self._check_workflow_button("cancel")
        self._set_state("cancelled")
        return True

    def action_done(self):
        self._check_workflow_button("done")
        self._set_state("done")
        return True

    def action_view_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_cases.cx_case_action")
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"search_default_group_outcome": 1}
        return action

    # Batches -------------------------------------------------------------------------

    def _missing_partner_ids(self, limit=None):
        """Affected customers without a case of this campaign yet: what a restart
        after a crash still has to do."""
        self.ensure_one()
        self.env["cx.case"].flush_model(["campaign_id", "commercial_partner_id"])
        # The customer entity, as the UNIQUE(campaign, customer) of cx.case: a case
        # moved to a contact person of the same customer still counts for it.
        done = {
            r[0] for r in self.env.execute_query(SQL(
                "SELECT commercial_partner_id FROM cx_case WHERE campaign_id = %s", self.id
            ))
        }
        missing = [pid for pid in self._target_partner_ids() if pid not in done]
        return missing[:limit] if limit else missing

    def _open_cases_batch(self, partner_ids):
        """Create one case per customer of ``partner_ids`` (no mail noise)."""
        self.ensure_one()
        if not partner_ids:
            return self.env["cx.case"]
        Case = self.env["cx.case"].sudo().with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True,
            mail_notrack=True, mail_auto_subscribe_no_notify=True,
        )
        now = fields.Datetime.now()
        due = self.team_id.resource_calendar_id._next_working_start(now)
        orders = self._orders_by_partner(partner_ids)
        # One opening time per batch: the SLA deadlines are then computed once.
        return Case.create([{
            "date_open": now,
            "order_id": orders.get(partner_id, False),
            "name": self.name,
            "partner_id": partner_id,
            "campaign_id": self.id,
            "campaign_outcome": "pending",
            "channel": "proactive",
            "type_id": self.type_id.id,
            "team_id": self.team_id.id,
            "company_id": self.company_id.id,
            "date_due": due,
        } for partner_id in partner_ids])

    @api.model
    def _cron_open_cases(self, batch_size=BATCH_SIZE):
        """Open the cases of running campaigns, one committed batch at a time. A campaign
        whose batch fails on its data stops with the error in its chatter; the others go
        on (an hourly traceback would block them all and fix nothing)."""
        for campaign in self.sudo().search([("state", "=", "running")]):
            try:
                if not campaign._open_missing_cases(batch_size):
                    return  # out of time: the cron comes back for the rest
            except BATCH_ERRORS as error:
                campaign._stop_on_error(error)
                self.env["ir.cron"]._commit_progress()

    def _open_missing_cases(self, batch_size):
        """False when the cron's time is up before the last batch."""
        Cron = self.env["ir.cron"]
        # Savepoints: a failing batch leaves the committed ones and nothing half-done.
        with self.env.cr.savepoint():
            missing = self._missing_partner_ids()
        Cron._commit_progress(remaining=len(missing))
        while missing:
            # Cancelled meanwhile by a supervisor: what is committed stays, no more.
            self.invalidate_recordset(["state"])
            if self.state != "running":
                return True
            batch, missing = missing[:batch_size], missing[batch_size:]
            with self.env.cr.savepoint():
                self._open_cases_batch(batch)
            if not Cron._commit_progress(len(batch), remaining=len(missing)):
                return False
        self._set_state("open")
        self.message_post(body=self.env._("%(count)s cases opened.", count=self.case_count))
        Cron._commit_progress()
        return True

    def _stop_on_error(self, error):
        message = error.args[0] if isinstance(error, UserError) else str(error)
        _logger.warning("Campaign %s stopped opening cases: %s", self.id, message)
        self.invalidate_recordset(["state"])
        if self.state != "running":
            return
        self._set_state("failed")
        self.message_post(
            body=self.env._(
                "Opening the cases stopped on an error (%(count)s cases opened so far): "
                "%(error)s. Fix its cause and click Retry, or cancel the campaign.",
                count=self.case_count, error=message,
            ),
            subtype_xmlid="mail.mt_comment",
        )
