import math
import re
import reprlib
from collections.abc import Iterable
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools.bulk_mail import array_param
from ..tools.portal_form import JsonSpec, clean_json, json_errors_text
from .dealer_workflow_mixin import is_uninstalling

MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")
FIRST_YEAR = 1970
MAX_ID = 2**31 - 1
SOURCE_MAX_LENGTH = 64
KPI_CODE_MAX_LENGTH = 64
MAX_VALIDITY_MONTHS = 120
# An entry of upsert_values, but its month (a date or 'YYYY-MM'): the suite's JSON parser.
ENTRY_SPECS = (
    JsonSpec("outlet_id", kind="int", required=True, minimum=1, maximum=MAX_ID),
    JsonSpec("kpi_id", kind="int", minimum=1, maximum=MAX_ID),
    JsonSpec("kpi_code", max_length=KPI_CODE_MAX_LENGTH),
    JsonSpec("value", kind="float", required=True),
    JsonSpec("source", max_length=SOURCE_MAX_LENGTH),
    JsonSpec("validity_months", kind="int", minimum=0, maximum=MAX_VALIDITY_MONTHS),
)
MAX_REPORTED_ERRORS = 20


def _short_repr():
    short = reprlib.Repr()
    short.maxstring = short.maxother = 40
    return short


_SHORT_REPR = _short_repr()


def _short(value):
    """A bounded repr for error messages: a 2 MB string must not become the message."""
    return _SHORT_REPR.repr(value)


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


class DealerKpiValue(models.Model):
    _name = "dealer.kpi.value"
    _description = "Dealer KPI Value"
    # For its private token (the KPI API's batch writes through ``_workflow()`` and
    # refreshes the ratings once, itself) and its company-move check (a move to an
    # outlet of another market is checked against the writer's markets).
    _inherit = ["dealer.workflow.mixin"]
    _order = "month desc, outlet_id, kpi_id"

    outlet_id = fields.Many2one(
        "dealer.outlet", required=True, ondelete="cascade", index=True
    )
    kpi_id = fields.Many2one("dealer.kpi", string="KPI", required=True, ondelete="restrict")
    month = fields.Date(
        required=True, index=True, help="First day of the month the value is for."
    )
    value = fields.Float(required=True, aggregator="avg")
    unit = fields.Char(related="kpi_id.unit")
    target = fields.Float(related="kpi_id.target")
    # "92.0 %", "3.5 hours", "4.2 /5": a number alone does not say what it counts.
    value_display = fields.Char(string="Value (unit)", compute="_compute_value_display")
    target_display = fields.Char(string="Target (unit)", compute="_compute_value_display")
    source = fields.Char(
        default="manual", required=True, size=SOURCE_MAX_LENGTH,
        help="Who delivered the value: manual, import or the technical name of a module.",
    )
    validity_months = fields.Integer(
        string="Valid for (months)",
        help="How many months this value counts for the rating, from its own month; "
        "0: as declared on the KPI.",
    )
    valid_until = fields.Date(
        compute="_compute_valid_until", store=True, index=True,
        help="Last month this value counts for the rating, unless a newer value of the "
        "same KPI replaces it.",
    )
    company_id = fields.Many2one(
        related="outlet_id.company_id", store=True, string="Market", index=True
    )
    region_id = fields.Many2one(related="outlet_id.region_id", store=True)
    kind = fields.Selection(related="outlet_id.kind", store=True)

    _outlet_kpi_month_uniq = models.Constraint(
        "UNIQUE(outlet_id, kpi_id, month)",
        "An outlet has one value per KPI and month: update the existing value instead.",
    )
    _month_first_day = models.Constraint(
        "CHECK(EXTRACT(DAY FROM month) = 1)",
        "A KPI month is stored as the first day of that month.",
    )
    _validity_range = models.Constraint(
        f"CHECK(validity_months BETWEEN 0 AND {MAX_VALIDITY_MONTHS})",
        "A KPI value is valid for 1 to 120 months (0: as declared on its KPI).",
    )

    @api.depends("value", "kpi_id.unit", "kpi_id.target")
    def _compute_value_display(self):
        for record in self:
            kpi = record.kpi_id
            # A line just added in the list has no KPI yet: nothing to format.
            record.value_display = kpi._format_with_unit(record.value) if kpi else False
            record.target_display = kpi._format_with_unit(record.target) if kpi else False

    @api.depends("month", "validity_months", "kpi_id.validity_months")
    def _compute_valid_until(self):
        for record in self:
            months = record.validity_months or record.kpi_id.validity_months or 1
            record.valid_until = record.month and record.month + relativedelta(
                months=months - 1
            )

    @api.constrains("month", "value", "kpi_id")
    def _check_month_and_value(self):
        """The same rules as the API, for values written through the ORM."""
        current = self._current_month()
        for record in self:
            problem = (
                self._month_problem(record.month, current)
                or self._value_problem(record.value, record.kpi_id)
            )
            if problem:
                raise ValidationError(self.env._(
                    "KPI value of %(outlet)s, %(kpi)s: %(problem)s",
                    outlet=record.outlet_id.display_name, kpi=record.kpi_id.code,
                    problem=problem,
                ))

    @api.model
    def _current_month(self):
        return fields.Date.context_today(self).replace(day=1)

    @api.model
    def _parse_month(self, month):
        """Return the first day of the month given as 'YYYY-MM' or a date."""
        if isinstance(month, datetime):
            month = month.date()
        if isinstance(month, date):
            return month.replace(day=1)
        match = MONTH_RE.match(month) if isinstance(month, str) else None
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
            raise ValidationError(
                self.env._(
                    "KPI month %(month)s is not understood: use the YYYY-MM format, "
                    "e.g. 2026-03.",
                    month=_short(month),
                )
            )
        return date(int(match.group(1)), int(match.group(2)), 1)

    @api.model
    def _month_problem(self, month, current):
        if month > current:
            return self.env._(
                "%(month)s is after the current month: values are for months that have "
                "begun.", month=month.strftime("%Y-%m"),
            )
        if month.year < FIRST_YEAR:
            return self.env._("%(month)s is before %(year)s.",
                              month=month.strftime("%Y-%m"), year=FIRST_YEAR)
        return None

    @api.model
    def _value_problem(self, value, kpi):
        if not math.isfinite(value):
            return self.env._("the value must be a finite number, not %(value)s.",
                              value=_short(value))
        return kpi._value_range_error(value) if kpi else None

    @api.model_create_multi
    def create(self, vals_list):
        """Create, then refresh the ratings of the months the new values count in (a
        value typed in the list or imported counts as one the KPI API stores), unless
        it is the workflow's own code that refreshes them itself."""
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = self._parse_month(_to_month_input(vals["month"]))
        records = super().create(vals_list)
        if not self._in_workflow_method():
            self.env["dealer.outlet.rating"].sudo()._kpi_values_changed(
                records._rated_spans()
            )
        return records

    def write(self, vals):
        """Write, then refresh the ratings of the months the values count in, unless
        the KPI API's batch (the workflow's private token, which no JSON-RPC context
        can forge) refreshes them once for all its values."""
        if vals.get("month"):
            vals["month"] = self._parse_month(_to_month_input(vals["month"]))
        old_spans = self._rated_spans() if not self._in_workflow_method() and {
            "month", "validity_months", "value", "kpi_id", "outlet_id",
        } & set(vals) else set()
        result = super().write(vals)
        self._check_company_move(vals, ("outlet_id",))
        if old_spans:
            self.env["dealer.outlet.rating"].sudo()._kpi_values_changed(
                old_spans | self._rated_spans()
            )
        return result

    def unlink(self):
        # A value withdrawn (e.g. its audit reopened) changes the months it was rated in.
        spans = set() if is_uninstalling(self.env) else self._rated_spans()
        result = super().unlink()
        if spans:
            self.env["dealer.outlet.rating"].sudo()._kpi_values_changed(spans)
        return result

    def _rated_spans(self):
        """Months whose rating these values take part in (complete months only)."""
        last_complete = self._current_month() - relativedelta(months=1)
        months = set()
        # Thousands of values share a few spans (a network's monthly push): each once.
        for start, valid_until in {(record.month, record.valid_until) for record in self}:
            month = start
            while month and month <= min(valid_until or month, last_complete):
                months.add(month)
                month += relativedelta(months=1)
        return months

    # Public API ------------------------------------------------------------

    @api.model
    def upsert_values(self, entries, recompute_ratings=True):
        """Create or update KPI values, keyed by outlet, KPI and month.

        This is the one entry point other modules use to feed the network KPIs.

        :param entries: list of dicts with the keys
            ``outlet_id`` (int), ``kpi_code`` (str) or ``kpi_id`` (int),
            ``month`` ('YYYY-MM' or a date, not after the current month),
            ``value`` (finite number within the KPI's range) and optionally
            ``source`` (str, at most 64 characters, defaults to 'api') and
            ``validity_months`` (int, 1 to 120, defaults to the KPI's).
        :param recompute_ratings: refresh the unpublished ratings of the complete months
            touched; published months are flagged for a manager's recomputation.
        :return: the created or updated ``dealer.kpi.value`` records.
        :raise ValidationError: naming every bad entry by its position (1 for the first);
            nothing is written then.
        """
        parsed = self._upsert_parse(entries)
        if not parsed:
            return self.browse()
        # The last entry for a key wins, as it would with successive calls; the result
        # lists the values in the order their keys first appear.
        by_key = {}
        for vals in parsed:
            by_key[vals["outlet_id"], vals["kpi_id"], vals["month"]] = vals
        existing = self._upsert_existing(by_key)
        # The ORM path searched them under the caller's record rules.
        self.browse([row["id"] for row in existing.values()]).check_access("read")
        changed, span_rows = self._upsert_plan(parsed, by_key, existing)
        months = self._upsert_spans(span_rows) if recompute_ratings else set()
        ids = self._upsert_write(existing, changed)
        result = self.browse(
            [existing[key]["id"] for key in by_key if key in existing]
            + [ids[key] for key in by_key if key not in existing]
        )
        if recompute_ratings:
            self.env["dealer.outlet.rating"].sudo()._kpi_values_changed(months)
        return result

    @api.model
    def _upsert_plan(self, parsed, by_key, existing):
        """What the batch changes, as successive ORM calls would: ({key: the values
        written (its last entry)} of the new keys and of the stored values an entry
        changes, [the rows whose rating months are to refresh]): each stored value
        before each entry that changes it, every value as it ends up."""
        current = dict(existing)
        changed, span_rows = {}, []
        for vals in parsed:
            key = (vals["outlet_id"], vals["kpi_id"], vals["month"])
            row = current.get(key)
            if row is None:
                changed[key] = by_key[key]  # created once, with the last entry
            elif any(row[name] != vals[name] for name in ("value", "source", "validity_months")):
                span_rows.append(row)
                current[key] = vals
                changed[key] = by_key[key]
        span_rows += [current.get(key, vals) for key, vals in by_key.items()]
        return changed, span_rows

    @api.model
    def _upsert_existing(self, by_key):
        """{(outlet id, KPI id, month): the stored value's row} of the batch's keys,
        read in one query (a network's monthly push is 20,000 keys)."""
        self.flush_model()
        rows = self.env.execute_query_dict(SQL(
            """SELECT v.id, v.outlet_id, v.kpi_id, v.month, v.value, v.source,
                      v.validity_months, v.valid_until
                 FROM dealer_kpi_value v
                 JOIN unnest(%s::int[], %s::int[], %s::date[]) AS k(outlet_id, kpi_id, month)
                   ON v.outlet_id = k.outlet_id AND v.kpi_id = k.kpi_id
                  AND v.month = k.month""",
            *(array_param(list(column), column_type) for column, column_type
              in zip(zip(*by_key, strict=True), ("int4", "int4", "date"), strict=True)),
        ))
        # None reads back as 0 (False) through the ORM: compare like it.
        for row in rows:
            row["validity_months"] = row["validity_months"] or 0
        return {(row["outlet_id"], row["kpi_id"], row["month"]): row for row in rows}

    @api.model
    def _upsert_spans(self, rows):
        """``_rated_spans`` of plain rows (KPI, month, validity and, when stored, valid
        until): the months whose rating they take part in, without a record per value."""
        spans, validities = set(), set()
        for row in rows:
            if row.get("valid_until"):
                spans.add((row["month"], row["valid_until"]))
            else:
                validities.add((row["kpi_id"], row["month"], row["validity_months"]))
        # A network's push is 20,000 rows of a few months: each span computed once.
        for kpi_id, start, months in validities:
            months = months or self.env["dealer.kpi"].browse(kpi_id).validity_months or 1
            spans.add((start, start + relativedelta(months=months - 1)))
        last_complete = self._current_month() - relativedelta(months=1)
        result = set()
        for start, valid_until in spans:
            month = start
            while month <= min(valid_until, last_complete):
                result.add(month)
                month += relativedelta(months=1)
        return result

    @api.model
    def _upsert_write(self, existing, changed):
        """Create the new values and update the changed ones in one statement, with
        the checks the ORM's create and write make: access rights, record rules (the
        values' market, read from their outlet), fields' groups. Values, months and
        KPIs were checked by ``_upsert_parse`` (``_check_month_and_value``'s rules);
        the table's own constraints (one value per outlet, KPI and month, first day,
        validity range) hold for these rows as for any. Returns {key: id}."""
        if not changed:
            return {}
        updated = self.browse([existing[key]["id"] for key in changed if key in existing])
        new_keys = [key for key in changed if key not in existing]
        if new_keys:
            self.browse().check_access("create")
        updated.check_access("write")
        for name in ("outlet_id", "kpi_id", "month", "value", "source", "validity_months"):
            self._check_field_access(self._fields[name], "write")
        for model, names in (("dealer.outlet", ["company_id", "region_id", "kind"]),
                             ("dealer.kpi", ["validity_months"])):
            self.env[model].flush_model(names)
        rows = list(changed.items())
        uid, now = self.env.uid, self.env.cr.now()
        written = self.env.execute_query(SQL(
            """INSERT INTO dealer_kpi_value
                      (outlet_id, kpi_id, month, value, source, validity_months, valid_until,
                       company_id, region_id, kind,
                       create_uid, create_date, write_uid, write_date)
               SELECT e.outlet_id, e.kpi_id, e.month, e.value, e.source, e.validity_months,
                      (e.month + make_interval(months => coalesce(
                          nullif(e.validity_months, 0), nullif(k.validity_months, 0), 1
                      ) - 1))::date,
                      o.company_id, o.region_id, o.kind, %(uid)s, %(now)s, %(uid)s, %(now)s
                 FROM unnest(%(outlet_id)s::int[], %(kpi_id)s::int[], %(month)s::date[],
                             %(value)s::float8[], %(source)s::varchar[],
                             %(validity)s::int[])
                      WITH ORDINALITY AS e(outlet_id, kpi_id, month, value, source,
                                           validity_months, position)
                 JOIN dealer_outlet o ON o.id = e.outlet_id
                 JOIN dealer_kpi k ON k.id = e.kpi_id
             ORDER BY e.position
          ON CONFLICT (outlet_id, kpi_id, month) DO UPDATE
                  SET value = EXCLUDED.value, source = EXCLUDED.source,
                      validity_months = EXCLUDED.validity_months,
                      valid_until = EXCLUDED.valid_until,
                      write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
            RETURNING id, outlet_id, kpi_id, month""",
            uid=uid, now=now,
            outlet_id=array_param([key[0] for key, _vals in rows], "int4"),
            kpi_id=array_param([key[1] for key, _vals in rows], "int4"),
            month=array_param([key[2] for key, _vals in rows], "date"),
            value=array_param([vals["value"] for _key, vals in rows], "float8"),
            source=array_param([vals["source"] for _key, vals in rows], "varchar"),
            validity=array_param([vals["validity_months"] for _key, vals in rows], "int4"),
        ))
        ids = {(outlet_id, kpi_id, month): id_ for id_, outlet_id, kpi_id, month in written}
        self._upsert_invalidate()
        # Record rules on the new values, as the ORM's create checks them: on the rows
        # as stored (their market comes from the outlet).
        self.browse([ids[key] for key in new_keys]).check_access("create")
        return ids

    @api.model
    def _upsert_invalidate(self):
        """What the ORM's create and write would have refreshed: the values' cache and
        the one2many lists and computes that show them. No stored field depends on
        KPI values (``test_no_stored_field_depends_on_kpi_values``)."""
        self.invalidate_model()
        self.env["dealer.kpi"].invalidate_model(["value_ids"])
        self.env["dealer.outlet"].invalidate_model(["kpi_value_ids", "latest_kpi_value_ids"])

    @api.model
    def _upsert_parse(self, entries):
        """Check every entry before anything is written; one ValidationError lists the
        bad ones by position."""
        if isinstance(entries, (str, bytes, dict)) or not isinstance(entries, Iterable):
            raise ValidationError(self.env._(
                "KPI entries must be a list of dictionaries, not %(entries)s.",
                entries=_short(entries),
            ))
        entries = list(entries)
        lookups = self._upsert_lookups(entries)
        parsed, errors = [], []
        for index, entry in enumerate(entries, start=1):
            try:
                parsed.append(self._upsert_parse_entry(entry, lookups))
            except ValidationError as error:
                errors.append(self.env._("KPI entry %(index)s: %(problem)s",
                                         index=index, problem=error.args[0]))
        if errors:
            more = len(errors) - MAX_REPORTED_ERRORS
            lines = errors[:MAX_REPORTED_ERRORS]
            if more > 0:
                lines.append(self.env._("... and %(count)s more bad entries.", count=more))
            raise ValidationError(self.env._(
                "Nothing was written: %(count)s of %(total)s KPI entries are not valid.\n"
                "%(errors)s",
                count=len(errors), total=len(entries), errors="\n".join(lines),
            ))
        return parsed

    @api.model
    def _upsert_lookups(self, entries):
        """KPIs and outlets of the batch in three queries. Outlets are searched as the
        calling user: one of a market they do not hold is not found."""
        dicts = [e for e in entries if isinstance(e, dict)]
        codes = {
            e["kpi_code"] for e in dicts
            if isinstance(e.get("kpi_code"), str) and len(e["kpi_code"]) <= KPI_CODE_MAX_LENGTH
        }
        kpi_ids = {e["kpi_id"] for e in dicts if _is_id(e.get("kpi_id"))}
        outlet_ids = {e["outlet_id"] for e in dicts if _is_id(e.get("outlet_id"))}
        Kpi = self.env["dealer.kpi"].with_context(active_test=False)
        kpis = Kpi.browse(kpi_ids).exists()
        if codes:
            kpis |= Kpi.search([("code", "in", list(codes))])
        outlets = self.env["dealer.outlet"].with_context(active_test=False).search(
            [("id", "in", list(outlet_ids))]
        ) if outlet_ids else self.env["dealer.outlet"]
        return {
            "kpi_by_id": {kpi.id: kpi for kpi in kpis},
            "kpi_by_code": {kpi.code: kpi for kpi in kpis},
            "outlet_ids": set(outlets.ids),
            "current_month": self._current_month(),
        }

    @api.model
    def _upsert_parse_entry(self, entry, lookups):
        if not isinstance(entry, dict):
            raise ValidationError(self.env._("expected a dictionary, got %(entry)s.",
                                    entry=_short(entry)))
        # The month is a date or 'YYYY-MM' (not a JSON type): parsed below.
        values, errors = clean_json(
            self.env, {key: value for key, value in entry.items() if key != "month"},
            ENTRY_SPECS,
        )
        if errors:
            raise ValidationError(json_errors_text(errors))
        outlet_id = values["outlet_id"]
        if outlet_id not in lookups["outlet_ids"]:
            raise ValidationError(self.env._("outlet %(id)s is unknown or not accessible to you.",
                                    id=outlet_id))
        kpi = self._upsert_entry_kpi(values, lookups)
        if "month" not in entry:
            raise ValidationError(self.env._("the month is missing (YYYY-MM)."))
        try:
            month = self._parse_month(entry["month"])
        except (ValidationError, ValueError, OverflowError) as error:
            raise ValidationError(self.env._("month %(month)s is not understood: use YYYY-MM.",
                                    month=_short(entry["month"]))) from error
        problem = (self._month_problem(month, lookups["current_month"])
                   or self._value_problem(values["value"], kpi))
        if problem:
            raise ValidationError(problem)
        return {
            "outlet_id": outlet_id,
            "kpi_id": kpi.id,
            "month": month,
            "value": values["value"],
            "source": values["source"] or "api",
            "validity_months": values["validity_months"] or 0,
        }

    @api.model
    def _upsert_entry_kpi(self, values, lookups):
        kpi_id, code = values["kpi_id"], values["kpi_code"]
        kpi = None
        if kpi_id is not None:
            kpi = lookups["kpi_by_id"].get(kpi_id)
            if not kpi:
                raise ValidationError(self.env._("unknown KPI id %(id)s.", id=kpi_id))
        if code is not None:
            by_code = lookups["kpi_by_code"].get(code)
            if not by_code:
                raise ValidationError(self.env._("unknown KPI code %(code)s.", code=_short(code)))
            if kpi and kpi != by_code:
                raise ValidationError(self.env._("kpi_id %(id)s and kpi_code %(code)s are two "
                                        "different KPIs.", id=kpi_id, code=_short(code)))
            kpi = by_code
        if not kpi:
            raise ValidationError(self.env._("give the KPI as kpi_code or kpi_id."))
        return kpi


def _to_month_input(value):
    """Accept what the ORM hands us for a Date field: a date or an ISO string."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return fields.Date.to_date(value)
        except ValueError:
            return value  # reported by _parse_month with the format to use
    return value
