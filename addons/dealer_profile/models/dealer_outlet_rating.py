from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.bulk_mail import array_param

STARS = [("1", "1 star"), ("2", "2 stars"), ("3", "3 stars"), ("4", "4 stars"), ("5", "5 stars")]
RATED_STATES = ("onboarding", "active", "suspended")
AWARD_COUNT_PARAM = "dealer_profile.rating_award_count"
DEFAULT_AWARD_COUNT = 5
# The lowest score (%) of each star band, from five stars down; below the last, one star.
# A setting each (res.config.settings); these are the defaults.
STAR_BANDS = (
    ("5", "dealer_profile.rating_stars_5_min", 95.0),
    ("4", "dealer_profile.rating_stars_4_min", 85.0),
    ("3", "dealer_profile.rating_stars_3_min", 75.0),
    ("2", "dealer_profile.rating_stars_2_min", 60.0),
)


class DealerOutletRating(models.Model):
    """Monthly snapshot of an outlet's star rating and ranking.

    Rebuilt for a whole month at once from the KPI values valid in that month, so that
    every outlet of the network is compared on the same month and the same KPIs. The
    leaderboards show the ratings of the latest published month (dealer.rating.month).
    """

    _name = "dealer.outlet.rating"
    _description = "Outlet Monthly Rating"
    _inherit = ["dealer.month.label.mixin", "dealer.input.guard.mixin"]
    # The ranking decides the order (ties on score are broken by the month before).
    _order = "month desc, rank_network, score desc, id"
    _rec_name = "outlet_id"

    rating_month_id = fields.Many2one(
        "dealer.rating.month", required=True, ondelete="cascade",
        index=True,
    )
    outlet_id = fields.Many2one(
        "dealer.outlet", required=True, ondelete="cascade", index=True
    )
    month = fields.Date(required=True, index=True)
    company_id = fields.Many2one("res.company", string="Market", required=True, index=True)
    region_id = fields.Many2one("res.company", index=True)
    kind = fields.Selection(related="outlet_id.kind", store=True)
    score = fields.Float(string="Score (%)", digits=(5, 1), aggregator="avg")
    stars = fields.Selection(STARS, required=True)
    rank_market = fields.Integer(string="Rank in Market")
    rank_region = fields.Integer(string="Rank in Region")
    rank_network = fields.Integer(string="Rank in Network")
    kpi_count = fields.Integer(string="KPIs Rated")
    award = fields.Boolean(
        string="Top of the Month",
        help="Among the top outlets of the network this month (how many: Settings).",
    )
    state = fields.Selection(related="rating_month_id.state", store=True, string="Status")
    is_latest = fields.Boolean(
        related="rating_month_id.is_latest", store=True, index=True,
        string="Latest Published Month",
        help="Rating of the newest published month: the one leaderboards and stars show.",
    )

    _outlet_month_uniq = models.Constraint(
        "UNIQUE(outlet_id, month)", "An outlet has one rating per month."
    )

    @api.model
    def _achievement(self, kpi, value):
        """Share of the target reached, in 0..1; beating the target earns no bonus
        so that one excellent KPI cannot hide a poor one."""
        return self._achievement_ratio(kpi.higher_is_better, kpi.target, value)

    @staticmethod
    def _achievement_ratio(higher_is_better, target, value):
        """``_achievement`` on plain values: the month's rebuild runs it for every
        outlet and KPI of the network."""
        if higher_is_better:
            ratio = value / target
        else:
            ratio = target / value if value > 0 else 1.0
        return max(0.0, min(1.0, ratio))

    @api.model
    def _star_bands(self):
        """[(stars, lowest score)] from five stars down, as set in the settings (the
        defaults when a parameter is missing or not a number)."""
        get_param = self.env["ir.config_parameter"].sudo().get_param
        bands = []
        for stars, param, default in STAR_BANDS:
            try:
                bands.append((stars, float(get_param(param) or default)))
            except ValueError:
                bands.append((stars, default))
        return bands

    @api.model
    def _stars_for_score(self, score, bands=None):
        """Stars of a 0..100 score: the first band whose lowest score it reaches."""
        for stars, lowest in bands or self._star_bands():
            if score >= lowest:
                return stars
        return "1"

    @api.model
    def _competition_ranks(self, scores_by_group, tiebreak=None):
        """Competition ranking (1, 2, 2, 4) of outlet ids within each group. Outlets
        with the same score are ranked by ``tiebreak`` ({outlet id: previous month's
        score}, none counting lowest): six outlets at 100 % are not all first when
        their past differs; they share the rank only when that is equal too."""
        tiebreak = tiebreak or {}
        ranks = {}
        for scores in scores_by_group.values():
            previous, rank = None, 0
            keyed = sorted(
                ((outlet_id, (score, tiebreak.get(outlet_id, -1.0)))
                 for outlet_id, score in scores),
                key=lambda item: (-item[1][0], -item[1][1]),
            )
            for position, (outlet_id, key) in enumerate(keyed, start=1):
                if key != previous:
                    rank, previous = position, key
                ranks[outlet_id] = rank
        return ranks

    @api.model
    def _previous_month_scores(self, month):
        """{outlet id: score} of the month before ``month``: the tie-break of ranks."""
        before = month - relativedelta(months=1)
        self.flush_model(["month", "outlet_id", "score"])
        # One row per outlet of the network: plain SQL, no record per row.
        return dict(self.env.execute_query(SQL(
            "SELECT outlet_id, score FROM dealer_outlet_rating WHERE month = %s", before,
        )))

    @api.model
    def _award_count(self):
        value = self.env["ir.config_parameter"].sudo().get_param(AWARD_COUNT_PARAM)
        try:
            return max(0, int(value)) if value else DEFAULT_AWARD_COUNT
        except ValueError:
            return DEFAULT_AWARD_COUNT

    @api.model
    def _valid_values(self, month, kpis=None):
        """(outlet id, KPI id, value) of the latest value of each outlet and KPI that is
        valid in ``month``: its own month or an earlier one whose validity reaches it.
        Rated outlets only; the KPIs of the rating (active, weighted) unless ``kpis``
        names others (e.g. the audit KPIs of the audit leaderboard)."""
        for model in ("dealer.kpi.value", "dealer.outlet", "dealer.kpi"):
            self.env[model].flush_model()
        kpi_filter = (
            SQL("k.id IN %s", tuple(kpis.ids) or (None,)) if kpis is not None
            else SQL("k.active AND k.weight > 0")
        )
        return self.env.execute_query(SQL(
            """SELECT DISTINCT ON (v.outlet_id, v.kpi_id) v.outlet_id, v.kpi_id, v.value
                 FROM dealer_kpi_value v
                 JOIN dealer_outlet o ON o.id = v.outlet_id
                 JOIN dealer_kpi k ON k.id = v.kpi_id
                WHERE v.month <= %(month)s AND v.valid_until >= %(month)s
                  AND o.active AND o.state IN %(states)s
                  AND %(kpi_filter)s
             ORDER BY v.outlet_id, v.kpi_id, v.month DESC""",
            month=month, states=RATED_STATES, kpi_filter=kpi_filter,
        ))

    @api.model
    def _prepare_month_vals(self, rating_month):
        """Values of the ratings of one month, built from the valid KPI values. Plain
        values throughout (no record per outlet or KPI value): a month of the whole
        network is some 20,000 outlets and a quarter of a million values."""
        month = rating_month.month
        rows = self._valid_values(month)
        kpis = {
            kpi.id: (kpi.weight, kpi.higher_is_better, kpi.target)
            for kpi in self.env["dealer.kpi"].browse({r[1] for r in rows})
        }
        achievement = self._achievement_ratio
        weighted = defaultdict(lambda: [0.0, 0.0, 0])  # outlet -> [sum w*a, sum w, count]
        for outlet_id, kpi_id, value in rows:
            (weight, higher, target), totals = kpis[kpi_id], weighted[outlet_id]
            totals[0] += weight * achievement(higher, target, value)
            totals[1] += weight
            totals[2] += 1
        places = dict(self.env.execute_query(SQL(
            "SELECT id, ARRAY[company_id, region_id] FROM dealer_outlet WHERE id = ANY(%s)",
            list(weighted),
        )))
        scores = {
            outlet_id: round(100.0 * totals[0] / totals[1], 1)
            for outlet_id, totals in weighted.items()
        }
        by_market, by_region = defaultdict(list), defaultdict(list)
        for outlet_id, score in scores.items():
            company_id, region_id = places[outlet_id]
            by_market[company_id].append((outlet_id, score))
            by_region[region_id].append((outlet_id, score))
        tiebreak = self._previous_month_scores(month)
        rank_market = self._competition_ranks(by_market, tiebreak)
        rank_region = self._competition_ranks(by_region, tiebreak)
        rank_network = self._competition_ranks({"network": list(scores.items())}, tiebreak)
        award_count = self._award_count()
        bands = self._star_bands()
        return [
            {
                "rating_month_id": rating_month.id,
                "outlet_id": outlet_id,
                "month": month,
                "company_id": places[outlet_id][0],
                "region_id": places[outlet_id][1] or False,
                "score": score,
                "stars": self._stars_for_score(score, bands),
                "rank_market": rank_market[outlet_id],
                "rank_region": rank_region[outlet_id],
                "rank_network": rank_network[outlet_id],
                "kpi_count": weighted[outlet_id][2],
                "award": rank_network[outlet_id] <= award_count,
            }
            for outlet_id, score in scores.items()
        ]

    @api.model
    def _replace_month(self, rating_month, vals_list):
        """The ratings of ``rating_month`` replaced by ``vals_list``; returns them.

        A month no outlet shows (not the latest published one) is rewritten with two
        statements: the ORM's unlink and create of 20,000 ratings take seconds, and
        nothing depends on these rows but the outlets' latest rating, which only points
        into the latest published month. That month goes through the ORM, so the
        outlets' stars and ranks follow."""
        if rating_month.is_latest:
            rating_month.sudo().outlet_rating_ids.unlink()
            return self.create(vals_list)
        self.flush_model()
        self.env.cr.execute(SQL(
            "DELETE FROM dealer_outlet_rating WHERE rating_month_id = %s", rating_month.id
        ))
        columns = ("outlet_id", "company_id", "region_id", "score", "stars", "rank_market",
                   "rank_region", "rank_network", "kpi_count", "award")
        arrays = {name: [vals[name] for vals in vals_list] for name in columns}
        arrays["region_id"] = [region_id or None for region_id in arrays["region_id"]]
        types = {"score": "numeric", "stars": "varchar", "award": "bool"}
        arrays = {name: array_param(values, types.get(name, "int4"))
                  for name, values in arrays.items()}
        now = self.env.cr.now()
        ids = [row[0] for row in self.env.execute_query(SQL(
            """INSERT INTO dealer_outlet_rating
                      (rating_month_id, month, state, is_latest, kind, outlet_id, company_id,
                       region_id, score, stars, rank_market, rank_region, rank_network,
                       kpi_count, award, create_uid, create_date, write_uid, write_date)
               SELECT %(month_id)s, %(month)s, %(state)s, %(is_latest)s, o.kind, v.outlet_id,
                      v.company_id, v.region_id, v.score, v.stars, v.rank_market,
                      v.rank_region, v.rank_network, v.kpi_count, v.award,
                      %(uid)s, %(now)s, %(uid)s, %(now)s
                 FROM unnest(%(outlet_id)s::int[], %(company_id)s::int[], %(region_id)s::int[],
                             %(score)s::numeric[], %(stars)s::varchar[],
                             %(rank_market)s::int[], %(rank_region)s::int[],
                             %(rank_network)s::int[], %(kpi_count)s::int[], %(award)s::bool[])
                      WITH ORDINALITY AS v(outlet_id, company_id, region_id, score, stars,
                                           rank_market, rank_region, rank_network,
                                           kpi_count, award, position)
                 JOIN dealer_outlet o ON o.id = v.outlet_id
             ORDER BY v.position
            RETURNING id""",
            month_id=rating_month.id, month=rating_month.month, state=rating_month.state,
            is_latest=rating_month.is_latest, uid=self.env.uid, now=now, **arrays,
        ))]
        self.invalidate_model()
        rating_month.invalidate_recordset(["outlet_rating_ids"])
        self.env["dealer.outlet"].invalidate_model(["outlet_rating_ids"])
        return self.browse(ids)

    @api.model
    def _recompute_months(self, months):
        """Rebuild ratings and ranks of the given complete months (dates, first of
        month), published or not, as superuser: server code only (private: no JSON-RPC
        caller rebuilds the network). Managers recompute through the month's button
        (``dealer.rating.month.action_recompute``), which checks who they are."""
        rating_months = self.env["dealer.rating.month"].sudo()._get_or_create(months)
        rating_months._recompute()
        return rating_months

    @api.model
    def _kpi_values_changed(self, months):
        """KPI values of these complete months changed: unpublished months are rebuilt
        at once, published ones are flagged for a manager's recomputation."""
        if not months:
            return
        RatingMonth = self.env["dealer.rating.month"].sudo()
        rating_months = RatingMonth._get_or_create(sorted(months))
        rating_months.filtered(lambda m: m.state == "draft")._recompute()
        rating_months.filtered(lambda m: m.state == "published")._flag_outdated()
