from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.rating.models.rating_data import RATING_LIMIT_SATISFIED

from ..models.cx_case import CHANNELS, PRIORITIES
from ..models.cx_case_sla import SLA_STATUSES
from ..models.cx_case_stage import STAGE_KINDS


class CxCaseReport(models.Model):
    """One row per case for the analysis views. Each measure is NULL where it does not
    apply (an unanswered case has no response time, an open case no SLA result, an
    unrated case no CSAT), so that the averages PostgreSQL computes count only the
    cases they are about; on cx.case itself those fields are 0.0, which averages as a
    perfect time or a failed target."""

    _name = "cx.case.report"
    _description = "CX Case Analysis"
    _auto = False
    _rec_name = "case_id"
    _order = "date_open desc"

    case_id = fields.Many2one("cx.case", readonly=True)
    date_open = fields.Datetime(string="Opened", readonly=True)
    solved_date = fields.Datetime(string="Solved", readonly=True)
    rating_date = fields.Datetime(string="Rated On", readonly=True)
    company_id = fields.Many2one("res.company", string="Market", readonly=True)
    team_id = fields.Many2one("cx.case.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Assignee", readonly=True)
    type_id = fields.Many2one("cx.case.type", readonly=True)
    outlet_id = fields.Many2one("dealer.outlet", string="Outlet / Service Point", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    stage_kind = fields.Selection(STAGE_KINDS, string="Stage", readonly=True)
    sla_status = fields.Selection(SLA_STATUSES, string="SLA", readonly=True)
    case_count = fields.Integer(string="Cases", readonly=True, aggregator="sum")
    breached_count = fields.Integer(string="Breached", readonly=True, aggregator="sum")
    reopen_count = fields.Integer(string="Reopened", readonly=True, aggregator="sum")
    first_response_hours = fields.Float(
        string="First Response (working h)", readonly=True, aggregator="avg",
        help="Average over the answered cases.",
    )
    resolution_hours = fields.Float(
        string="Resolution (working h)", readonly=True, aggregator="avg",
        help="Average over the solved cases.",
    )
    sla_success = fields.Float(
        string="SLA Success (%)", readonly=True, aggregator="avg",
        help="Share of the solved cases with an SLA policy that met both targets.",
    )
    first_contact_resolution = fields.Float(
        string="Resolved at First Contact (%)", readonly=True, aggregator="avg",
        help="Share of the closed cases closed without a reopening or a wait for the customer.",
    )
    csat = fields.Float(
        string="CSAT (%)", readonly=True, aggregator="avg",
        help="Share of the rated cases whose last answer is 4 or 5 out of 5.",
    )
    reminder_count = fields.Integer(
        string="Reminders Sent", readonly=True, aggregator="sum",
        help="Solved cases whose customer got the follow-up reminder.",
    )
    verify_call_count = fields.Integer(
        string="Verification Calls", readonly=True, aggregator="sum",
        help="Solved cases for which a verification call was planned.",
    )
    autoclosed_count = fields.Integer(
        string="Closed Without Answer", readonly=True, aggregator="sum",
    )
    recovery_count = fields.Integer(
        string="Recovery Cases", readonly=True, aggregator="sum",
        help="Cases opened to recover a poor rating.",
    )
    recovery_rate = fields.Float(
        string="Recovered (%)", readonly=True, aggregator="avg",
        help="Share of the recovery cases resolved.",
    )
    recovery_hours = fields.Float(
        string="Recovery Time (h)", readonly=True, aggregator="avg",
        help="Average time from a recovery case's opening to its resolution.",
    )
    rating_value = fields.Float(
        string="Rating (1-5)", readonly=True, aggregator="avg",
        help="Average of the last answer of the rated cases.",
    )

    def _query(self):
        return SQL("""
            SELECT c.id, c.id AS case_id, c.date_open, c.solved_date, c.company_id,
                   c.team_id, c.user_id, c.type_id, c.outlet_id, c.channel, c.priority,
                   c.stage_kind, c.sla_status,
                   1 AS case_count,
                   (c.sla_status = 'breached')::int AS breached_count,
                   c.reopen_count,
                   CASE WHEN c.first_response_date IS NOT NULL
                        THEN c.sla_first_response_hours END AS first_response_hours,
                   CASE WHEN c.solved_date IS NOT NULL
                        THEN c.sla_resolution_hours END AS resolution_hours,
                   CASE WHEN c.sla_status IN ('met', 'breached')
                        THEN c.sla_success END AS sla_success,
                   CASE WHEN c.stage_kind = 'closed'
                        THEN CASE WHEN c.first_contact_resolution THEN 100.0 ELSE 0.0 END
                   END AS first_contact_resolution,
                   CASE WHEN c.rating_last_value > 0
                        THEN CASE WHEN c.rating_last_value >= %(satisfied)s THEN 100.0 ELSE 0.0 END
                   END AS csat,
                   NULLIF(c.rating_last_value, 0) AS rating_value,
                   (c.followup_reminder_date IS NOT NULL)::int AS reminder_count,
                   (c.followup_call_date IS NOT NULL)::int AS verify_call_count,
                   (c.followup_closed_date IS NOT NULL)::int AS autoclosed_count,
                   (c.recovery_of_id IS NOT NULL)::int AS recovery_count,
                   CASE WHEN c.recovery_of_id IS NOT NULL
                        THEN CASE WHEN c.recovery_resolved_date IS NOT NULL THEN 100.0 ELSE 0.0 END
                   END AS recovery_rate,
                   CASE WHEN c.recovery_resolved_date IS NOT NULL
                        THEN EXTRACT(EPOCH FROM c.recovery_resolved_date - c.date_open) / 3600.0
                   END AS recovery_hours,
                   rated.rated_on AS rating_date
              FROM cx_case c
              -- Grouped by case (not LATERAL): PostgreSQL drops the join when a
              -- query of the view does not read the rating date (a pivot by team
              -- and month), and reads the ratings once when it does.
              LEFT JOIN (
                   SELECT r.cx_case_id, max(r.rated_on) AS rated_on
                     FROM rating_rating r
                    WHERE r.cx_case_id IS NOT NULL AND r.consumed
                    GROUP BY r.cx_case_id
              ) rated ON rated.cx_case_id = c.id
        """, satisfied=RATING_LIMIT_SATISFIED)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL(
            "CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()
        ))
