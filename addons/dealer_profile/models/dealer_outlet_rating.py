from collections import defaultdict

from odoo import api, fields, models

STARS = [("1", "1 star"), ("2", "2 stars"), ("3", "3 stars"), ("4", "4 stars"), ("5", "5 stars")]


class DealerOutletRating(models.Model):
    """Monthly snapshot of an outlet's star rating and ranking.

    Rebuilt for a whole month at once from the KPI values of that month, so that
    every outlet of the network is compared on the same month.
    """

    _name = "dealer.outlet.rating"
    _description = "Outlet Monthly Rating"
    _order = "month desc, score desc, id"
    _rec_name = "outlet_id"

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
    kpi_count = fields.Integer(string="KPIs Rated")
    is_latest = fields.Boolean(
        string="Latest Month", index=True, help="Rating of the newest month rated."
    )

    _outlet_month_uniq = models.Constraint(
        "UNIQUE(outlet_id, month)", "An outlet has one rating per month."
    )

    @api.model
    def _achievement(self, kpi, value):
        """Share of the target reached, in 0..1; beating the target earns no bonus
        so that one excellent KPI cannot hide a poor one."""
        if kpi.higher_is_better:
            ratio = value / kpi.target
        else:
            ratio = kpi.target / value if value > 0 else 1.0
        return max(0.0, min(1.0, ratio))

    @api.model
    def _stars_for_score(self, score):
        """Map a 0..100 score to 1..5 stars: 0% is one star, 100% five stars."""
        return str(min(5, 1 + int(4 * score / 100.0 + 0.5)))

    @api.model
    def _competition_ranks(self, scores_by_group):
        """Competition ranking (1, 2, 2, 4) of outlet ids within each group."""
        ranks = {}
        for scores in scores_by_group.values():
            previous, rank = None, 0
            for position, (outlet_id, score) in enumerate(
                sorted(scores, key=lambda item: -item[1]), start=1
            ):
                if score != previous:
                    rank, previous = position, score
                ranks[outlet_id] = rank
        return ranks

    @api.model
    def recompute_months(self, months):
        """Rebuild ratings and ranks of the given months (dates, first of month)."""
        for month in months:
            self._recompute_month(month)
        self._update_latest_flag()

    @api.model
    def _recompute_month(self, month):
        groups = self.env["dealer.kpi.value"]._read_group(
            [
                ("month", "=", month),
                ("outlet_id.active", "=", True),
                ("outlet_id.state", "in", ("onboarding", "active", "suspended")),
                ("kpi_id.active", "=", True),
                ("kpi_id.weight", ">", 0),
            ],
            ["outlet_id", "kpi_id"],
            ["value:sum"],
        )
        weighted = defaultdict(lambda: [0.0, 0.0, 0])  # outlet -> [sum w*a, sum w, count]
        for outlet, kpi, value in groups:
            totals = weighted[outlet]
            totals[0] += kpi.weight * self._achievement(kpi, value)
            totals[1] += kpi.weight
            totals[2] += 1
        scores = {
            outlet: round(100.0 * totals[0] / totals[1], 1) for outlet, totals in weighted.items()
        }
        by_market, by_region = defaultdict(list), defaultdict(list)
        for outlet, score in scores.items():
            by_market[outlet.company_id.id].append((outlet.id, score))
            by_region[outlet.region_id.id].append((outlet.id, score))
        rank_market = self._competition_ranks(by_market)
        rank_region = self._competition_ranks(by_region)
        self.search([("month", "=", month)]).unlink()
        return self.create([
            {
                "outlet_id": outlet.id,
                "month": month,
                "company_id": outlet.company_id.id,
                "region_id": outlet.region_id.id,
                "score": score,
                "stars": self._stars_for_score(score),
                "rank_market": rank_market[outlet.id],
                "rank_region": rank_region[outlet.id],
                "kpi_count": weighted[outlet][2],
            }
            for outlet, score in scores.items()
        ])

    @api.model
    def _update_latest_flag(self):
        latest_month = self.search([], order="month desc", limit=1).month
        self.search([("is_latest", "=", True), ("month", "!=", latest_month)]).is_latest = False
        self.search([("month", "=", latest_month), ("is_latest", "=", False)]).is_latest = True

    @api.model
    def _cron_recompute_latest(self):
        """Monthly refresh: KPIs of outlets or targets may have changed since the push."""
        months = self.env["dealer.kpi.value"]._read_group([], [], ["month:max"])[0][0]
        if months:
            self.recompute_months([months])
