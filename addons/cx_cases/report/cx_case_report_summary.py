from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.models import parse_read_group_spec
from odoo.tools import SQL

from .cx_case_report import BUCKETED_DATES, BUCKETED_PERIODS, MEASURES

SUMMARY = "cx_case_report_day"
DELTA = "cx_case_report_delta"
# What a summary row is kept per: the pivot's usual rows, columns and filters (team,
# market, channel, month of opening); other groupings and filters read the cases.
KEYS = ("company_id", "team_id", "channel")
# The figures that are counts of cases (summed as bigint, as the standard read sums an
# integer column); the others are float8.
INTEGER_MEASURES = {
    "case_count", "breached_count", "reopen_count", "reminder_count", "verify_call_count",
    "autoclosed_count", "recovery_count",
}
# The cx_case columns the figures and keys are made of: an update of another column
# changes nothing in the summary and fires nothing.
SOURCE_COLUMNS = (
    "date_open", "company_id", "team_id", "channel", "sla_status", "reopen_count",
    "first_response_date", "sla_first_response_hours", "solved_date",
    "sla_resolution_hours", "sla_success", "stage_kind", "first_contact_resolution",
    "rating_last_value", "followup_reminder_date", "followup_call_date",
    "followup_closed_date", "recovery_of_id", "recovery_resolved_date",
)
DATE_OPERATORS = {"<", "<=", ">", ">="}
# The partial sums each aggregate rolls up from (as ROLLUPS), for the figures the daily
# rows hold: their minimum and maximum do not add up.
ROLLUPS_OF = {"count": ("count",), "sum": ("sum",), "avg": ("sum", "count")}


def drop_summary(cr):
    """The tables and functions of the daily figures (the triggers go with cx_case)."""
    cr.execute(SQL(
        "DROP TABLE IF EXISTS %s, %s; DROP FUNCTION IF EXISTS cx_case_report_log_rows,"
        " cx_case_report_log_row CASCADE",
        SQL.identifier(SUMMARY), SQL.identifier(DELTA),
    ))


def _summary_columns():
    """Each figure's sum and its number of cases (where it applies), as columns."""
    columns = []
    for name in MEASURES:
        columns.append((name, "bigint" if name in INTEGER_MEASURES else "float8"))
        columns.append((f"{name}__n", "bigint"))
    return columns


class CxCaseReport(models.Model):
    """The Case Analysis pivot at scale: per market, team, channel and UTC day of
    opening, the sums and counts of every figure, kept by PostgreSQL triggers on
    cx_case (any writer: the ORM, the set-based inserts, SQL). A write appends its
    change to a log (no row shared by two transactions, so the mail gateway's cases
    never wait on each other) that an hourly job folds into the daily rows. A pivot
    by team and month adds up a few thousand of those rows instead of scanning every
    case; the days that hold a month's first moment in the user's time zone (23:00
    UTC in Brussels) or a bound of the filter are read from the cases themselves."""

    # One concern per file on purpose (cx_case_report.py holds the analysis itself).
    _inherit = "cx.case.report"  # pylint: disable=consider-merging-classes-inherited

    def init(self):
        result = super().init()
        self._summary_install()
        return result

    # ------------------------------------------------------------------
    # Tables, triggers and the job
    # ------------------------------------------------------------------

    def _summary_install(self):
        """Create the daily rows, the log and the triggers, and compute the rows anew
        from the cases (at every install and update of the module: the figures'
        definitions may have changed)."""
        cr = self.env.cr
        columns = SQL(", ").join(
            SQL("%s %s NOT NULL DEFAULT 0", SQL.identifier(name), SQL(kind))
            for name, kind in _summary_columns()
        )
        keys = SQL("company_id integer, team_id integer, channel varchar, day timestamp NOT NULL")
        for table in (SUMMARY, DELTA):
            cr.execute(SQL("CREATE TABLE IF NOT EXISTS %s (%s, %s)",
                           SQL.identifier(table), keys, columns))
        cr.execute(SQL(
            "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (day, company_id, team_id, channel)"
            " NULLS NOT DISTINCT",
            SQL.identifier(f"{SUMMARY}_key"), SQL.identifier(SUMMARY),
        ))
        cr.execute(SQL(
            """
            CREATE OR REPLACE FUNCTION cx_case_report_log_rows() RETURNS trigger
            LANGUAGE plpgsql AS $body$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    INSERT INTO %(delta)s %(added)s;
                ELSE
                    INSERT INTO %(delta)s %(removed)s;
                END IF;
                RETURN NULL;
            END $body$
            """,
            delta=SQL.identifier(DELTA),
            added=self._summary_select(SQL("new_rows"), 1),
            removed=self._summary_select(SQL("old_rows"), -1),
        ))
        cr.execute(SQL(
            """
            CREATE OR REPLACE FUNCTION cx_case_report_log_row() RETURNS trigger
            LANGUAGE plpgsql AS $body$
            BEGIN
                INSERT INTO %(delta)s %(removed)s UNION ALL %(added)s;
                RETURN NULL;
            END $body$
            """,
            delta=SQL.identifier(DELTA),
            added=self._summary_select(SQL("(SELECT (NEW).*)"), 1, columns=False),
            removed=self._summary_select(SQL("(SELECT (OLD).*)"), -1),
        ))
        changed = SQL(" OR ").join(
            SQL("OLD.%s IS DISTINCT FROM NEW.%s", SQL.identifier(col), SQL.identifier(col))
            for col in SOURCE_COLUMNS
        )
        cr.execute(SQL(
            """
            DROP TRIGGER IF EXISTS cx_case_report_insert ON cx_case;
            DROP TRIGGER IF EXISTS cx_case_report_delete ON cx_case;
            DROP TRIGGER IF EXISTS cx_case_report_update ON cx_case;
            CREATE TRIGGER cx_case_report_insert AFTER INSERT ON cx_case
                REFERENCING NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION cx_case_report_log_rows();
            CREATE TRIGGER cx_case_report_delete AFTER DELETE ON cx_case
                REFERENCING OLD TABLE AS old_rows
                FOR EACH STATEMENT EXECUTE FUNCTION cx_case_report_log_rows();
            CREATE TRIGGER cx_case_report_update AFTER UPDATE OF %(columns)s ON cx_case
                FOR EACH ROW WHEN (%(changed)s)
                EXECUTE FUNCTION cx_case_report_log_row();
            """,
            columns=SQL(", ").join(map(SQL.identifier, SOURCE_COLUMNS)),
            changed=changed,
        ))
        self._summary_rebuild()

    @api.model
    def _summary_select(self, source, sign, columns=True):
        """The SELECT that sums ``source``'s cases (cx_case rows) per key and day,
        each sum and count multiplied by ``sign``, after the list of the columns it
        fills (``columns``)."""
        figures = []
        for expression in MEASURES.values():
            figures.append(SQL("%s * COALESCE(SUM(%s), 0)", sign, SQL(expression)))
            figures.append(SQL("%s * COUNT(%s)", sign, SQL(expression)))
        names = [*KEYS, "day", *(name for name, __ in _summary_columns())]
        select = SQL(
            "SELECT c.company_id, c.team_id, c.channel, date_trunc('day', c.date_open),"
            " %s FROM %s AS c GROUP BY 1, 2, 3, 4", SQL(", ").join(figures), source,
        )
        if not columns:
            return select
        return SQL("(%s) %s", SQL(", ").join(map(SQL.identifier, names)), select)

    @api.model
    def _summary_rebuild(self):
        """The daily rows computed from the cases, the log emptied."""
        self.env.cr.execute(SQL(
            "TRUNCATE %s, %s; INSERT INTO %s %s",
            SQL.identifier(SUMMARY), SQL.identifier(DELTA), SQL.identifier(SUMMARY),
            self._summary_select(SQL("cx_case"), 1),
        ))

    @api.model
    def _cron_summary_fold(self):
        """Fold the logged changes into the daily rows. Only the changes this
        transaction sees are taken: one committed later stays in the log for the next
        run. A day's row with no case left goes."""
        names = [name for name, __ in _summary_columns()]
        self.env.cr.execute(SQL(
            """
            WITH folded AS (DELETE FROM %(delta)s RETURNING *)
            INSERT INTO %(summary)s AS s (day, company_id, team_id, channel, %(names)s)
            SELECT day, company_id, team_id, channel, %(sums)s
              FROM folded GROUP BY day, company_id, team_id, channel
            ON CONFLICT (day, company_id, team_id, channel)
            DO UPDATE SET %(added)s
            """,
            delta=SQL.identifier(DELTA), summary=SQL.identifier(SUMMARY),
            names=SQL(", ").join(map(SQL.identifier, names)),
            sums=SQL(", ").join(SQL("SUM(%s)", SQL.identifier(n)) for n in names),
            added=SQL(", ").join(
                SQL("%s = s.%s + EXCLUDED.%s", *[SQL.identifier(n)] * 3) for n in names
            ),
        ))
        self.env.cr.execute(SQL("DELETE FROM %s WHERE case_count__n = 0",
                                SQL.identifier(SUMMARY)))

    # ------------------------------------------------------------------
    # The pivot's read
    # ------------------------------------------------------------------

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None,
                    order=None):
        # The graph views and the server's reads by team and month: from the daily
        # rows too, as one grouping set.
        if (groupby and not (having or offset or limit)
                and self._can_roll_up([list(groupby)], tuple(groupby), aggregates, order)
                and self._summary_domain_moments(domain) is not None):
            return self._read_grouping_sets(domain, [list(groupby)], aggregates, order=order)[0]
        return super()._read_group(domain, groupby, aggregates, having=having, offset=offset,
                                   limit=limit, order=order)

    def _rollup_single_set(self, grouping_sets, specs, aggregates):
        """One grouping the daily rows can answer: by their keys and the periods of
        opening, of the figures summed, counted or averaged (the domain, rules and
        periods are checked when the read runs)."""
        if len(grouping_sets) != 1 or not specs:
            return False
        for spec in specs:
            fname, path, granularity = parse_read_group_spec(spec)
            if path or not (fname in KEYS and not granularity or fname in BUCKETED_DATES
                            and granularity in BUCKETED_PERIODS):
                return False
        return self._summary_aggregates(aggregates)

    def _rollup_finest_groups(self, query, specs, columns, aggregates, domain):
        periods = {}
        groupby = [self._rollup_groupby(spec, query, periods) for spec in specs]
        moved = self._summary_moved_ranges(specs, aggregates, domain, periods)
        if moved is None:
            return self._rollup_select(query, specs, columns, aggregates, groupby)
        # The same terms, domain and rules, over the daily rows instead of the cases.
        query._tables[self._table] = SQL("(%s)", self._summary_rows(moved))

        def partial_sql(fname, function):
            fname = fname or "case_count"
            cases = SQL("SUM(%s)::bigint", SQL.identifier(self._table, f"{fname}__n"))
            if function == "count":
                return cases
            total = SQL("SUM(%s)", SQL.identifier(self._table, fname))
            if fname in INTEGER_MEASURES:
                total = SQL("%s::bigint", total)
            # As SUM over the cases: NULL where the figure applies to none of them.
            return SQL("CASE WHEN %s > 0 THEN %s END", cases, total)

        # A group whose cases all moved away (a changed date or team: -1 and +1 in the
        # log) is no group of the standard read.
        query.having = SQL("SUM(%s) > 0", SQL.identifier(self._table, "case_count__n"))
        return self._rollup_select(query, specs, columns, aggregates, groupby, partial_sql)

    def _summary_moved_ranges(self, specs, aggregates, domain, periods):
        """When the daily rows can answer the read, the moments from which to the end
        of their UTC day the cases are taken out of their day's row and counted at
        their own moment (else None). The daily rows can answer groups by team,
        market, channel or a period of opening told by its first moments
        (``periods``), figures of the analysis summed, counted or averaged, and a
        domain and record rules on those keys and on the opening date compared with a
        moment. A day's row stands for its cases at its midnight: the cases from a
        period's first moment in the user's time zone (23:00 UTC in Brussels) or from
        a moment of the domain to the end of its day are told apart."""
        if not self._summary_aggregates(aggregates):
            return None
        moments = []
        for spec in specs:
            fname, __, granularity = parse_read_group_spec(spec)
            if fname in KEYS and not granularity:
                continue
            if spec not in periods:
                return None
            # A period that begins at midnight UTC holds whole days.
            moments += [bound for bound in periods[spec] if bound.time() != time()]
        compared = self._summary_domain_moments(domain)
        if compared is None:
            return None
        # A moment of the domain at midnight (with <= or >, the case at midnight
        # exactly is on the other side of it than the rest of its day): the whole day.
        moments += compared
        starts = {}
        for moment in moments:
            day = datetime.combine(moment.date(), time())
            starts[day] = min(starts.get(day, moment), moment)
        return sorted((start, day + timedelta(days=1)) for day, start in starts.items())

    def _summary_aggregates(self, aggregates):
        """Whether each aggregate is a figure of the daily rows, summed, counted or
        averaged."""
        for aggregate in aggregates:
            if aggregate == "__count":
                continue
            fname, path, function = parse_read_group_spec(aggregate)
            if path or fname not in MEASURES or function not in ROLLUPS_OF:
                return False
        return True

    def _summary_domain_moments(self, domain):
        """The moments the opening date is compared with in ``domain`` and the record
        rules, or None when they filter on anything but the daily rows' keys."""
        moments = []
        rules = self.env["ir.rule"]._compute_domain(self._name, "read")
        for condition in (Domain(domain or []) & rules).iter_conditions():
            if condition.field_expr.split(".")[0] in KEYS:
                continue
            if condition.field_expr != "date_open" or condition.operator not in DATE_OPERATORS:
                return None
            try:
                moment = fields.Datetime.to_datetime(condition.value)
            except (TypeError, ValueError):
                return None
            if not isinstance(moment, datetime):
                return None
            moments.append(moment)
        return moments

    def _summary_rows(self, moved):
        """The rows the pivot adds up, under the report's column names: the daily
        rows and the log, and for the cases opened in a range of ``moved`` a row that
        takes each out of its day's row (at that midnight) and one at its moment."""
        names = [name for name, __ in _summary_columns()]
        keys = SQL(", ").join(map(SQL.identifier, KEYS))
        stored = SQL(", ").join(map(SQL.identifier, names))
        per_case = []
        for name in MEASURES:
            column = SQL.identifier("r", name)
            per_case += [SQL("moved.sign * %s", column),
                         SQL("moved.sign * (%s IS NOT NULL)::int", column)]
        # One range of the opening date's index each, its moments written out: the
        # planner then expects the few cases of an hour, not a ninth of all.
        ranges = SQL(" OR ").join(
            SQL("(r.date_open >= %s AND r.date_open < %s)", start, end) for start, end in moved
        ) or SQL("FALSE")
        return SQL(
            """
            SELECT %(keys)s, day AS date_open, %(stored)s FROM %(summary)s
            UNION ALL
            SELECT %(keys)s, day, %(stored)s FROM %(delta)s
            UNION ALL
            SELECT r.company_id, r.team_id, r.channel, moved.date_open, %(per_case)s
              FROM %(report)s r
             CROSS JOIN LATERAL (VALUES (-1, date_trunc('day', r.date_open)),
                                        (1, r.date_open)) AS moved(sign, date_open)
             WHERE %(ranges)s
            """,
            keys=keys, stored=stored, per_case=SQL(", ").join(per_case), ranges=ranges,
            summary=SQL.identifier(SUMMARY), delta=SQL.identifier(DELTA),
            report=SQL.identifier(self._table),
        )
