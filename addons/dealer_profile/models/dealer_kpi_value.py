import random
import re
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class DealerKpiValue(models.Model):
    _name = "dealer.kpi.value"
    _description = "Dealer KPI Value"
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
    source = fields.Char(
        default="manual", required=True,
        help="Who delivered the value: manual, import or the technical name of a module.",
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

    @api.model
    def _parse_month(self, month):
        """Return the first day of the month given as 'YYYY-MM' or a date."""
        if isinstance(month, datetime):
            month = month.date()
        if isinstance(month, date):
            return month.replace(day=1)
        match = MONTH_RE.match(month.strip()) if isinstance(month, str) else None
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValidationError(
                self.env._(
                    "KPI month %(month)r is not understood: use the YYYY-MM format, "
                    "e.g. 2026-03.",
                    month=month,
                )
            )
        return date(int(match.group(1)), int(match.group(2)), 1)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = self._parse_month(_to_month_input(vals["month"]))
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("month"):
            vals["month"] = self._parse_month(_to_month_input(vals["month"]))
        return super().write(vals)

    # Public API ------------------------------------------------------------

    @api.model
    def upsert_values(self, entries, recompute_ratings=True):
        """Create or update KPI values, keyed by outlet, KPI and month.

        This is the one entry point other modules use to feed the network KPIs.

        :param entries: iterable of dicts with the keys
            ``outlet_id`` (int), ``kpi_code`` (str) or ``kpi_id`` (int),
            ``month`` ('YYYY-MM' or a date), ``value`` (number) and
            optionally ``source`` (str, defaults to 'api').
        :param recompute_ratings: refresh stars and ranks of the months touched.
        :return: the created or updated ``dealer.kpi.value`` records.
        :raise ValidationError: naming the first bad entry; nothing is written then.
        """
        entries = list(entries)
        parsed = self._upsert_parse(entries)
        if not parsed:
            return self.browse()
        existing = {
            (rec.outlet_id.id, rec.kpi_id.id, rec.month): rec
            for rec in self.search(
                [
                    ("outlet_id", "in", list({p["outlet_id"] for p in parsed})),
                    ("kpi_id", "in", list({p["kpi_id"] for p in parsed})),
                    ("month", "in", list({p["month"] for p in parsed})),
                ]
            )
        }
        result = self.browse()
        to_create = {}
        for vals in parsed:
            key = (vals["outlet_id"], vals["kpi_id"], vals["month"])
            record = existing.get(key)
            if record:
                if record.value != vals["value"] or record.source != vals["source"]:
                    record.write({"value": vals["value"], "source": vals["source"]})
                result |= record
            else:
                # The last entry for a key wins, as it would with successive calls.
                to_create[key] = vals
        result |= self.create(list(to_create.values()))
        if recompute_ratings:
            self.env["dealer.outlet.rating"].sudo().recompute_months(
                sorted({p["month"] for p in parsed})
            )
        return result

    @api.model
    def _upsert_parse(self, entries):
        kpi_codes = {e.get("kpi_code") for e in entries if e.get("kpi_code")}
        kpi_by_code = {
            kpi.code: kpi.id
            for kpi in self.env["dealer.kpi"].with_context(active_test=False).search(
                [("code", "in", list(kpi_codes))]
            )
        }
        outlet_ids = {e.get("outlet_id") for e in entries}
        known_outlets = set(
            self.env["dealer.outlet"].with_context(active_test=False).browse(
                [o for o in outlet_ids if isinstance(o, int)]
            ).exists().ids
        )
        parsed = []
        for index, entry in enumerate(entries, start=1):
            def bad(message, index=index, entry=entry):
                return ValidationError(
                    self.env._("KPI entry %(index)s (%(entry)s): %(message)s",
                               index=index, entry=entry, message=message)
                )
            if entry.get("outlet_id") not in known_outlets:
                raise bad(self.env._("unknown outlet."))
            kpi_id = entry.get("kpi_id") or kpi_by_code.get(entry.get("kpi_code"))
            if not kpi_id:
                raise bad(self.env._("unknown KPI code %(code)r.", code=entry.get("kpi_code")))
            value = entry.get("value")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise bad(self.env._("the value must be a number."))
            try:
                month = self._parse_month(entry.get("month"))
            except ValidationError as error:
                raise bad(error.args[0]) from error
            parsed.append({
                "outlet_id": entry["outlet_id"],
                "kpi_id": kpi_id,
                "month": month,
                "value": float(value),
                "source": entry.get("source") or "api",
            })
        return parsed


    @api.model
    def _demo_generate_values(self, months=12):
        """Demo data: believable monthly values for every outlet, one quality level
        per outlet (so rankings are stable) with some noise per month."""
        rng = random.Random(42)
        today = fields.Date.context_today(self).replace(day=1)
        month_list = [today - relativedelta(months=n) for n in range(months, 0, -1)]
        outlets = self.env["dealer.outlet"].search(
            [("state", "in", ("onboarding", "active", "suspended"))], order="code"
        )
        kpis = self.env["dealer.kpi"].search([])
        entries = []
        for outlet in outlets:
            quality = rng.uniform(0.45, 1.0)
            for kpi in kpis:
                for month in month_list:
                    level = max(0.05, quality * rng.uniform(0.85, 1.15))
                    value = kpi.target * level if kpi.higher_is_better else kpi.target / level
                    entries.append({
                        "outlet_id": outlet.id, "kpi_id": kpi.id, "month": month,
                        "value": round(value, 1), "source": "demo",
                    })
        return self.upsert_values(entries)


def _to_month_input(value):
    """Accept what the ORM hands us for a Date field: a date or an ISO string."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return fields.Date.to_date(value)
        except ValueError:
            return value  # reported by _parse_month with the format to use
    return value
