import pytz

from odoo import api, fields, models, tools
from odoo.models import parse_read_group_spec
from odoo.tools import SQL, unique
from odoo.tools.query import Query

from odoo.addons.dealer_profile.tools.bulk_mail import array_param
from odoo.addons.rating.models.rating_data import RATING_LIMIT_SATISFIED

from ..models.cx_case import CHANNELS, PRIORITIES
from ..models.cx_case_sla import SLA_STATUSES
from ..models.cx_case_stage import STAGE_KINDS

# Aggregates whose value over a group follows from partial aggregates over its
# sub-groups: {function: (the partials' functions, the roll-up of those partials)}.
# A sum of counts is numeric in PostgreSQL, hence the casts back to what the
# aggregate itself returns; avg is sum / count as PostgreSQL computes it (numeric
# division for integer and numeric columns, float division for float ones).
ROLLUPS = {
    "count": (("count",), "SUM(%s)::bigint"),
    "sum": (("sum",), "SUM(%s)"),
    "avg": (("sum", "count"), "SUM(%s) / NULLIF(SUM(%s), 0)"),
    "min": (("min",), "MIN(%s)"),
    "max": (("max",), "MAX(%s)"),
    "bool_and": (("bool_and",), "BOOL_AND(%s)"),
    "bool_or": (("bool_or",), "BOOL_OR(%s)"),
}
HASH_MEM_MULTIPLIER = 8
# Each figure of a case (``c``: its cx_case row), NULL where it does not apply: the
# view's columns, and what the daily summary (cx_case_report_summary.py) adds up.
MEASURES = {
    "case_count": "1",
    "breached_count": "(c.sla_status = 'breached')::int",
    "reopen_count": "c.reopen_count",
    "first_response_hours": "CASE WHEN c.first_response_date IS NOT NULL"
                            " THEN c.sla_first_response_hours END",
    "resolution_hours": "CASE WHEN c.solved_date IS NOT NULL THEN c.sla_resolution_hours END",
    "sla_success": "CASE WHEN c.sla_status IN ('met', 'breached') THEN c.sla_success END",
    "first_contact_resolution": "(CASE WHEN c.stage_kind = 'closed' THEN CASE WHEN"
                                " c.first_contact_resolution THEN 100.0 ELSE 0.0 END END)::float8",
    "csat": "(CASE WHEN c.rating_last_value > 0 THEN CASE WHEN c.rating_last_value >="
            f" {RATING_LIMIT_SATISFIED} THEN 100.0 ELSE 0.0 END END)::float8",
    "rating_value": "NULLIF(c.rating_last_value, 0)",
    "reminder_count": "(c.followup_reminder_date IS NOT NULL)::int",
    "verify_call_count": "(c.followup_call_date IS NOT NULL)::int",
    "autoclosed_count": "(c.followup_closed_date IS NOT NULL)::int",
    "recovery_count": "(c.recovery_of_id IS NOT NULL)::int",
    "recovery_rate": "(CASE WHEN c.recovery_of_id IS NOT NULL THEN CASE WHEN"
                     " c.recovery_resolved_date IS NOT NULL THEN 100.0 ELSE 0.0 END END)::float8",
    "recovery_hours": "(CASE WHEN c.recovery_resolved_date IS NOT NULL THEN"
                      " EXTRACT(EPOCH FROM c.recovery_resolved_date - c.date_open) / 3600.0"
                      " END)::float8",
}
# Dates whose periods the roll-up tells without converting each row, with the column of
# cx_case they are (indexed: their range costs two index reads), and those periods.
BUCKETED_DATES = {"date_open": "date_open"}
BUCKETED_PERIODS = {"day": "1 day", "month": "1 month", "quarter": "3 months", "year": "1 year"}


class CxCaseReport(models.Model):
    """One row per case for the analysis views. Each measure is NULL where it does not
    apply (an unanswered case has no response time, an open case no SLA result, an
    unrated case no CSAT), so that the averages PostgreSQL computes count only the
    cases they are about; on cx.case itself those fields are 0.0, which averages as a
    perfect time or a failed target."""

    _name = "cx.case.report"
    _inherit = ["dealer.input.guard.mixin"]
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
        string="SLA Success (%)", readonly=True, aggregator="avg", digits=(5, 1),
        help="Share of the solved cases with an SLA policy that met both targets.",
    )
    first_contact_resolution = fields.Float(
        string="Resolved at First Contact (%)", readonly=True, aggregator="avg", digits=(5, 1),
        help="Share of the closed cases closed without a reopening or a wait for the customer.",
    )
    csat = fields.Float(
        string="CSAT (%)", readonly=True, aggregator="avg", digits=(5, 1),
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
        string="Recovered (%)", readonly=True, aggregator="avg", digits=(5, 1),
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
        # The percentages and hours are float8 (the fields' type): PostgreSQL sums
        # numeric values several times slower, over every case of a pivot.
        return SQL("""
            SELECT c.id, c.id AS case_id, c.date_open, c.solved_date, c.company_id,
                   c.team_id, c.user_id, c.type_id, c.outlet_id, c.channel, c.priority,
                   c.stage_kind, c.sla_status, %s,
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
        """, SQL(", ").join(
            SQL("%s AS %s", SQL(expression), SQL.identifier(name))
            for name, expression in MEASURES.items()
        ))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL(
            "CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()
        ))

    @api.model
    def _read_grouping_sets(self, domain, grouping_sets, aggregates=(), order=None):
        """The pivot's totals, rows, columns and cells in two steps: one aggregate per
        finest group (a team's month) over the cases, then the grouping sets over those
        few rows. Over the cases themselves, PostgreSQL sorts every case for the
        grouping sets (it cannot tell how many months a date in the user's time zone
        gives, so it does not hash them) and feeds each case to every set's aggregates.
        Same domain, record rules, group values and order as the standard read; used
        when every aggregate can be rolled up (sum, count, avg, min, max)."""
        specs = tuple(unique(spec for groupby in grouping_sets for spec in groupby))
        if not self._can_roll_up(grouping_sets, specs, aggregates, order):
            return super()._read_grouping_sets(domain, grouping_sets, aggregates, order=order)
        result = [[] for __ in grouping_sets]
        query = self._search(domain)
        if query.is_empty():
            return result
        columns = {spec: spec if spec in self._fields else f"group_{index}"
                   for index, spec in enumerate(specs)}
        finest, partials = self._rollup_finest_groups(query, specs, columns, aggregates, domain)
        outer = Query(self.env, self._table, SQL("(%s)", finest))
        terms = {spec: SQL.identifier(self._table, columns[spec]) for spec in specs}
        select = [SQL("GROUPING(%s)", SQL(", ").join(terms.values())), *terms.values()]
        for aggregate, names in zip(aggregates, partials, strict=True):
            function = "count" if aggregate == "__count" else parse_read_group_spec(aggregate)[2]
            rollup = SQL(ROLLUPS[function][1], *(SQL.identifier(self._table, n) for n in names))
            if function == "sum" and self._fields[aggregate.split(":")[0]].type == "integer":
                rollup = SQL("%s::bigint", rollup)
            select.append(rollup)
        # As the standard read: the order may join a many2one's model and add its
        # order's columns to the groups (the teams' sequence and name).
        outer.order = self._read_group_orderby(order, terms, outer)
        outer.groupby = SQL("GROUPING SETS (%s)", SQL(", ").join(unique(
            SQL("(%s)", SQL(", ").join(terms[spec] for spec in groupby))
            for groupby in grouping_sets
        )))
        rows = self._execute_with_hash_mem(outer.select(*select))
        return self._rollup_dispatch(rows, grouping_sets, specs, aggregates, result)

    def _execute_with_hash_mem(self, query):
        """Run the query with hash tables allowed 8 times work_mem (the default 2
        times) and without JIT compilation, the settings restored after. The planner
        cannot tell how many months a date in the user's time zone gives: it expects
        as many finest groups as opening dates, up to a tenth of the cases (20,000 at
        200,000 cases), and sorts every case for them (spilled to disk) rather than
        hash 175 groups (81 kB). The same misestimate puts the query over
        ``jit_above_cost``: compiling it took 110 ms for a 40 ms execution."""
        [(hash_mem, jit, __, __)] = self.env.execute_query(SQL("""
            SELECT hash_mem, jit,
                   set_config('hash_mem_multiplier', GREATEST(hash_mem::float, %s)::text, true),
                   set_config('jit', 'off', true)
              FROM (SELECT current_setting('hash_mem_multiplier') AS hash_mem,
                           current_setting('jit') AS jit) setting
        """, HASH_MEM_MULTIPLIER))
        rows = self.env.execute_query(query)
        self.env.execute_query(SQL(
            "SELECT set_config('hash_mem_multiplier', %s, true), set_config('jit', %s, true)",
            hash_mem, jit,
        ))
        return rows

    def _can_roll_up(self, grouping_sets, specs, aggregates, order):
        if not specs or (len(grouping_sets) < 2
                         and not self._rollup_single_set(grouping_sets, specs, aggregates)):
            return False
        for spec in specs:
            fname, path, __ = parse_read_group_spec(spec)
            if path or fname not in self._fields or self._fields[fname].type == "many2many":
                return False
        for aggregate in aggregates:
            if aggregate == "__count":
                continue
            fname, path, function = parse_read_group_spec(aggregate)
            if path or function not in ROLLUPS or fname not in self._fields:
                return False
        # An order on an aggregate would be computed over the finest groups.
        return all(part.split()[0] in specs for part in (order or "").split(",") if part.strip())

    def _rollup_single_set(self, grouping_sets, specs, aggregates):
        """Whether one grouping is read by the roll-up too (not when it reads the
        cases: the standard read does the same in one step)."""
        return False

    def _rollup_finest_groups(self, query, specs, columns, aggregates, domain):
        """The query of the finest groups: each group's values under the names in
        ``columns``, then each aggregate's partials; and those partials' names."""
        groupby = [self._rollup_groupby(spec, query) for spec in specs]
        return self._rollup_select(query, specs, columns, aggregates, groupby)

    def _rollup_select(self, query, specs, columns, aggregates, groupby, partial_sql=None):
        """``query`` grouped by ``groupby`` (the terms of ``specs``), selecting them and
        each aggregate's partials, given by ``partial_sql(fname, function)`` (by
        default the standard read's aggregate of the column)."""
        select, partials = [], []
        for spec, term in zip(specs, groupby, strict=True):
            select.append(SQL("%s AS %s", term, SQL.identifier(columns[spec])))
        for aggregate in aggregates:
            if aggregate == "__count":
                functions, fname = ("count",), None
            else:
                fname, __, function = parse_read_group_spec(aggregate)
                functions = ROLLUPS[function][0]
            names = []
            for function in functions:
                names.append(f"partial_{len(select)}")
                if partial_sql:
                    sql = partial_sql(fname, function)
                elif fname is None:
                    sql = SQL("COUNT(*)")
                else:
                    sql = self._read_group_select(f"{fname}:{function}", query)
                select.append(SQL("%s AS %s", sql, SQL.identifier(names[-1])))
            partials.append(names)
        query.groupby = SQL(", ").join(unique(groupby))
        return query.select(*select), partials

    def _rollup_groupby(self, spec, query, periods=None):
        """The finest group's term of ``spec``: the standard read's, except for the
        opening date by day, month, quarter or year in the user's time zone, which is
        the same period told without converting each case's date. The periods' UTC
        starts are computed once, by PostgreSQL's own time-zone rules, and each case
        falls in its period by comparison (``width_bucket``): converting 200,000 dates
        twice between time zones was a third of the pivot's time. The periods' UTC
        first moments are kept in ``periods`` (by spec) when given."""
        fname, __, granularity = parse_read_group_spec(spec)
        standard = self._read_group_groupby(self._table, spec, query)
        if fname not in BUCKETED_DATES or granularity not in BUCKETED_PERIODS:
            return standard
        # Without a valid time zone, the standard read's periods are UTC's.
        tz = self.env.context.get("tz")
        tz = tz if tz in pytz.all_timezones_set else "UTC"
        column = SQL.identifier(self._table, fname)
        [(starts, bounds, exact)] = self.env.execute_query(SQL(
            """
            WITH period AS (
                -- A day more on each side: a clock put back moves local time back.
                SELECT generate_series(
                           date_trunc(%(unit)s, timezone(%(tz)s, timezone('UTC', min(%(column)s)))
                                                - interval '1 day'),
                           date_trunc(%(unit)s, timezone(%(tz)s, timezone('UTC', max(%(column)s)))
                                                + interval '1 day'),
                           %(step)s::interval) AS start
                  FROM cx_case
            ), bound AS (
                SELECT start, timezone('UTC', timezone(%(tz)s, start)) AS utc FROM period
            )
            SELECT array_agg(start ORDER BY start), array_agg(utc ORDER BY start),
                   bool_and(date_trunc(%(unit)s, timezone(%(tz)s, timezone('UTC', utc))) = start
                            AND date_trunc(%(unit)s, timezone(%(tz)s, timezone(
                                'UTC', utc - interval '1 microsecond'))) < start)
              FROM bound
            """,
            unit=granularity, step=BUCKETED_PERIODS[granularity], tz=tz,
            column=SQL.identifier(BUCKETED_DATES[fname]),
        ))
        # Where a period's first moment cannot be told (a clock change at its
        # midnight): the standard term.
        if not starts or not exact:
            return standard
        if periods is not None:
            periods[spec] = bounds
        return SQL("(%s::timestamp[])[width_bucket(%s, %s::timestamp[])]",
                   array_param(starts, "timestamp"), column, array_param(bounds, "timestamp"))

    def _rollup_dispatch(self, rows, grouping_sets, specs, aggregates, result):
        """Each row to the grouping set its GROUPING() mask names (as the standard
        read: bit i is set when the i-th term from the right is not grouped)."""
        if not rows:
            return result
        masks = {}
        for index, groupby in enumerate(grouping_sets):
            mask = sum(1 << bit for bit, spec in enumerate(reversed(specs)) if spec not in groupby)
            masks.setdefault(mask, []).append(index)
        positions = {mask: [specs.index(spec) for spec in grouping_sets[indexes[0]]]
                     for mask, indexes in masks.items()}
        columns = list(zip(*rows, strict=True))
        values = [
            *map(self._read_group_postprocess_groupby, specs, columns[1:len(specs) + 1]),
            *map(self._read_group_postprocess_aggregate, aggregates, columns[len(specs) + 1:]),
        ]
        first = len(specs)
        for mask, *row in zip(columns[0], *values, strict=True):
            group = tuple(row[i] for i in positions[mask]) + tuple(row[first:])
            for index in masks[mask]:
                result[index].append(group)
        return result

    def _web_read_group_groupby_formatter(self, groupby_spec, values):
        """Core's formatter of a grouped date, asked once per distinct value in a
        request: the pivot's grouping sets repeat each month of opening once per team
        and once more in the months' own set (a time-zone conversion and a babel label
        per group otherwise, ~45 µs each). A label depends on the value, the period,
        the user's time zone and language only."""
        formatter = super()._web_read_group_groupby_formatter(groupby_spec, values)
        if ":" not in groupby_spec:
            return formatter
        labels = self.env.cr.cache.setdefault("cx_case_report.group_labels", {})
        formatted = labels.setdefault(
            (groupby_spec, self.env.context.get("tz"), self.env.lang), {}
        )

        def formatter_once(value):
            if value not in formatted:
                formatted[value] = formatter(value)
            label, domain = formatted[value]
            return label, list(domain)

        return formatter_once
