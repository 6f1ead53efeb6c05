from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import formatLang

from .dealer_workflow_mixin import Allow

MAX_CHANGES_LISTED = 50


class DealerRatingMonth(models.Model):
    """One rated month of the network. Ratings of a month are published once the month
    is complete: by the monthly scheduled action for the previous month, or earlier by a
    network manager. Leaderboards and outlets' stars show the latest published month;
    recomputing a published month is logged in its chatter with what changed."""

    _name = "dealer.rating.month"
    _description = "Rating Month"
    _inherit = ["mail.thread", "dealer.workflow.mixin"]
    _order = "month desc"
    # Written by the actions below only (dealer.workflow.mixin): a plain write() over RPC
    # must not publish; months are created by the system (the cron, the KPI API).
    _workflow_fields = (
        "state", "published_by_id", "published_date", "needs_recompute", "is_latest", "month",
    )
    _workflow_create_fields = ("month",)
    _workflow_state_field = "state"
    # Network managers publish a complete month and recompute it (before or after).
    _workflow_transitions = {
        "draft": {
            "published": Allow("dealer_profile.group_network_manager", button="publish"),
            "draft": Allow("dealer_profile.group_network_manager", button="recompute"),
        },
        "published": {
            "published": Allow("dealer_profile.group_network_manager", button="recompute"),
        },
    }

    name = fields.Char(compute="_compute_name", store=True)
    month = fields.Date(
        required=True, readonly=True, index=True,
        help="First day of the rated month.",
    )
    state = fields.Selection(
        [("draft", "Not Published"), ("published", "Published")],
        default="draft", required=True, readonly=True, tracking=True, copy=False,
    )
    published_by_id = fields.Many2one("res.users", readonly=True, tracking=True, copy=False)
    published_date = fields.Datetime(readonly=True, tracking=True, copy=False)
    needs_recompute = fields.Boolean(
        string="KPI Values Changed", readonly=True, tracking=True, copy=False,
        help="KPI values of this month changed after its publication; the published "
        "ratings stay until a manager recomputes them.",
    )
    is_latest = fields.Boolean(
        string="Latest Published", readonly=True, index=True, copy=False,
        help="The month leaderboards and outlets' stars show.",
    )
    outlet_rating_ids = fields.One2many(
        "dealer.outlet.rating", "rating_month_id", string="Outlet Ratings"
    )
    rating_count = fields.Integer(compute="_compute_counts")
    award_count = fields.Integer(compute="_compute_counts", string="Awards")
    can_publish = fields.Boolean(compute="_compute_workflow_can")
    can_recompute = fields.Boolean(compute="_compute_workflow_can")

    _month_uniq = models.Constraint("UNIQUE(month)", "This month is already rated.")
    _month_first_day = models.Constraint(
        "CHECK(EXTRACT(DAY FROM month) = 1)",
        "A rating month is stored as the first day of that month.",
    )

    @api.depends("month")
    def _compute_name(self):
        for record in self:
            record.name = record.month and record.month.strftime("%Y-%m")

    def _compute_counts(self):
        Rating = self.env["dealer.outlet.rating"]
        counts = dict(Rating._read_group(
            [("rating_month_id", "in", self.ids)], ["rating_month_id"], ["__count"]
        ))
        awards = dict(Rating._read_group(
            [("rating_month_id", "in", self.ids), ("award", "=", True)],
            ["rating_month_id"], ["__count"],
        ))
        for record in self:
            record.rating_count = counts.get(record, 0)
            record.award_count = awards.get(record, 0)

    @api.constrains("month")
    def _check_month_complete(self):
        first_open = self._first_open_month()
        for record in self:
            if record.month >= first_open:
                raise ValidationError(self.env._(
                    "%(month)s is not over yet: a month is rated once it is complete.",
                    month=record.month.strftime("%Y-%m"),
                ))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        self._check_workflow_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_write(vals)
        return super().write(vals)

    def _workflow_write(self, vals):
        return self._workflow().write(vals)

    @api.model
    def _first_open_month(self):
        """First day of the current month: it and later months cannot be rated."""
        return fields.Date.context_today(self).replace(day=1)

    @api.model
    def _get_or_create(self, months):
        """Rating months of the given complete months, created as needed."""
        months = {month.replace(day=1) for month in months}
        existing = self.search([("month", "in", list(months))])
        missing = months - set(existing.mapped("month"))
        return existing | self.create([{"month": month} for month in sorted(missing)])

    # Actions -----------------------------------------------------------------------

    def action_recompute(self):
        """Rebuild the ratings of these months from the KPI values valid in them; for a
        published month the chatter records who did it and what changed."""
        self._check_workflow_button("recompute")
        self._recompute()
        return True

    def action_publish(self):
        """Publish complete months: their ratings are rebuilt, become visible on the
        leaderboards (the latest published month) and the award winners are told."""
        self._check_workflow_button("publish")
        return self._publish()

    def _publish(self, notify_awards=True):
        """The publication itself, for the button and the server's own jobs (the demo
        tells only the last month's winners: a parameter, never a context key)."""
        self._check_month_complete()
        to_publish = self.filtered(lambda m: m.state == "draft")
        for record in to_publish:
            record._recompute(notify_awards=notify_awards)
            record._workflow_write({
                "state": "published",
                "published_by_id": self.env.uid,
                "published_date": fields.Datetime.now(),
            })
        self._update_latest_flag()
        if notify_awards:
            for record in to_publish:
                record._notify_awards(record.outlet_rating_ids.filtered("award"))
        return True

    # Business methods --------------------------------------------------------------

    def _recompute(self, notify_awards=True):
        Rating = self.env["dealer.outlet.rating"].sudo()
        for record in self:
            # Ratings are written by the system only: no user has write access to them.
            published = record.state == "published"
            snapshot = {
                r.outlet_id: (r.score, r.stars, r.rank_network, r.award)
                for r in record.sudo().outlet_rating_ids
            } if published else {}
            vals_list = Rating._prepare_month_vals(record)
            ratings = Rating._replace_month(record, vals_list)
            if published:
                record._log_recompute(snapshot, ratings)
                record._workflow_write({"needs_recompute": False})
                if not notify_awards:
                    continue
                newly_awarded = ratings.filtered(
                    lambda r, snapshot=snapshot: r.award
                    and not snapshot.get(r.outlet_id, (0, 0, 0, False))[3]
                )
                record._notify_awards(newly_awarded)

    def _log_recompute(self, snapshot, ratings):
        """Chatter line per outlet whose score, stars, rank or award moved."""
        self.ensure_one()
        after = {r.outlet_id: (r.score, r.stars, r.rank_network, r.award) for r in ratings}
        lines = []
        for outlet in sorted(set(snapshot) | set(after), key=lambda o: o.display_name):
            old, new = snapshot.get(outlet), after.get(outlet)
            if old == new:
                continue
            lines.append(self.env._(
                "%(outlet)s: %(old)s → %(new)s",
                outlet=outlet.display_name,
                old=self._describe(old), new=self._describe(new),
            ))
        shown = lines[:MAX_CHANGES_LISTED]
        if len(lines) > len(shown):
            shown.append(self.env._("... and %(count)s more outlets.",
                                    count=len(lines) - len(shown)))
        body = Markup("<p>%s</p>") % self.env._(
            "Published ratings recomputed: %(count)s outlet(s) changed.", count=len(lines)
        )
        if shown:
            body += Markup("<ul>%s</ul>") % Markup().join(
                Markup("<li>%s</li>") % line for line in shown
            )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _describe(self, values):
        if not values:
            return self.env._("not rated")
        score, stars, rank, award = values
        text = self.env._("%(score)s %%, %(stars)s/5 stars, rank %(rank)s in the network",
                          score=score, stars=stars, rank=rank)
        return text + (self.env._(", award") if award else "")

    def _flag_outdated(self):
        for record in self.filtered(lambda m: not m.needs_recompute):
            record._workflow_write({"needs_recompute": True})
            record.message_post(
                body=self.env._(
                    "KPI values of this month changed after publication: the published "
                    "ratings stay as they are until a manager recomputes them."
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _update_latest_flag(self):
        latest = self.search([("state", "=", "published")], order="month desc", limit=1)
        self.search([("is_latest", "=", True), ("id", "!=", latest.id)])._workflow_write(
            {"is_latest": False}
        )
        if latest and not latest.is_latest:
            latest._workflow_write({"is_latest": True})

    def _notify_awards(self, ratings):
        """The outlet's Space manager (and its followers) hear about the award, in the
        manager's language: its month name and number format."""
        for rating in ratings.sudo():
            outlet = rating.outlet_id
            outlet._message_post_to(
                outlet.manager_partner_id,
                lambda reader, rating=rating: reader.env._(
                    "Top outlet of %(month)s: %(outlet)s ranks %(rank)s in the network "
                    "with %(stars)s stars (%(score)s %%).",
                    month=rating.with_env(reader.env).month_label, outlet=reader.name,
                    rank=rating.rank_network, stars=int(rating.stars),
                    score=formatLang(reader.env, rating.score, digits=1),
                ),
                author_id=self.env.user.partner_id.id,
            )

    @api.model
    def _cron_publish_previous_month(self):
        """Daily, acts once a month: publish the month before the current one (a missed
        run is caught up the next day)."""
        previous = self._first_open_month() - relativedelta(months=1)
        record = self._get_or_create([previous])
        if record.state == "draft":
            record.action_publish()
        return record
