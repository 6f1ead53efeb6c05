from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval

from odoo.addons.dealer_profile.models.dealer_workflow_mixin import check_company_move

IMPORTANCE = [("info", "Information"), ("warning", "Warning"), ("critical", "Critical")]
# Font Awesome icon and Bootstrap colour per importance, on the portal and in emails.
IMPORTANCE_ICONS = {
    "info": ("fa-info-circle", "info"),
    "warning": ("fa-exclamation-triangle", "warning"),
    "critical": ("fa-exclamation-circle", "danger"),
}


class VehicleOrderNotice(models.Model):
    """A broadcast to the customers of the orders matching a domain, e.g. "The pandemic
    delays shipments from the port". Shown on the portal while valid, emailed once to each
    targeted customer who has not opted out.

    A notice belongs to a market and reaches only its orders (a region or the head office:
    those of every market below it), whatever its target says: a market's manager cannot
    write to another market's customers."""

    _name = "vehicle.order.notice"
    _description = "Customer Notice"
    _inherit = ["mail.thread", "dealer.input.guard.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Market", required=True, index=True, tracking=True,
        default=lambda self: self.env.company,
        help="The notice reaches the orders of this market only; a region or the head "
        "office stands for every market below it.",
    )
    name = fields.Char(string="Title", required=True, translate=True, tracking=True)
    body = fields.Text(string="Message", required=True, translate=True)
    importance = fields.Selection(IMPORTANCE, required=True, default="info", tracking=True)
    target_domain = fields.Char(
        string="Target", required=True, default="[]", tracking=True,
        help="Orders concerned, among the open orders of the notice's market: by model, "
        "phase, range of statuses... An empty target reaches all of them.",
    )
    date_start = fields.Date(
        string="Valid From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="Valid Until", tracking=True)
    is_current = fields.Boolean(compute="_compute_is_current")
    order_count = fields.Integer(string="Orders Reached", compute="_compute_reach")
    customer_count = fields.Integer(string="Customers Reached", compute="_compute_reach")
    emailed_partner_ids = fields.Many2many(
        "res.partner", "vehicle_order_notice_emailed_rel", string="Emailed To", readonly=True,
        copy=False,
    )
    emailed_count = fields.Integer(compute="_compute_emailed_count")

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for notice in self:
            if notice.date_end and notice.date_end < notice.date_start:
                raise ValidationError(self.env._(
                    "Notice %(name)s ends before it starts.", name=notice.name
                ))

    @api.constrains("target_domain")
    def _check_target_domain(self):
        for notice in self:
            try:
                notice._target_orders(limit=1)
            except Exception as error:  # noqa: BLE001 - any bad domain is the user's input
                raise ValidationError(self.env._(
                    "The target of notice %(name)s is not a valid filter on orders: %(error)s",
                    name=notice.name, error=error,
                )) from None

    @api.depends("date_start", "date_end", "active")
    @api.depends_context("date")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for notice in self:
            notice.is_current = notice.active and notice.date_start <= today and (
                not notice.date_end or notice.date_end >= today
            )

    @api.depends("target_domain")
    def _compute_reach(self):
        for notice in self:
            groups = self.env["vehicle.order"].sudo()._read_group(
                notice._target_domain(), [], ["__count", "commercial_partner_id:count_distinct"]
            ) if notice.target_domain and notice.company_id else [(0, 0)]
            notice.order_count, notice.customer_count = groups[0]

    def _compute_emailed_count(self):
        for notice in self:
            notice.emailed_count = len(notice.emailed_partner_ids)

    def write(self, vals):
        result = super().write(vals)
        check_company_move(self, vals)
        return result

    # Targeting -----------------------------------------------------------------------

    def _parsed_domain(self):
        self.ensure_one()
        domain = safe_eval(self.target_domain or "[]")
        if not isinstance(domain, (list, tuple)):
            raise ValueError(self.env._("a target is a list of conditions"))
        return Domain(domain)

    def _target_domain(self):
        return Domain.AND([
            self._parsed_domain(), Domain("state", "=", "open"),
            Domain("company_id", "child_of", self.company_id.id),
        ])

    def _target_orders(self, limit=None):
        return self.env["vehicle.order"].sudo().search(self._target_domain(), limit=limit)

    def _matches(self, orders):
        """The orders (already read) this notice concerns, without a query per notice:
        those of its market or below (by the companies' paths), then its target."""
        self.ensure_one()
        market_path = self.sudo().company_id.parent_path
        in_market = orders.filtered(
            lambda order: order.sudo().company_id.parent_path.startswith(market_path)
        )
        return in_market.filtered_domain(
            list(Domain.AND([self._parsed_domain(), Domain("state", "=", "open")]))
        )

    @api.model
    def _current_for(self, orders):
        """{order: notices} for the notices currently valid, most important first."""
        notices = self.sudo().search_fetch(
            self._current_domain(),
            ["name", "body", "importance", "target_domain", "company_id"])
        rank = {"critical": 0, "warning": 1, "info": 2}
        notices = notices.sorted(lambda n: (rank[n.importance], -n.id))
        result = {order: self.browse() for order in orders}
        for notice in notices:
            for order in notice._matches(orders):
                result[order] |= notice
        return result

    @api.model
    def _current_domain(self):
        today = fields.Date.context_today(self)
        return [("date_start", "<=", today), "|", ("date_end", "=", False),
                ("date_end", ">=", today)]

    def _icon(self):
        self.ensure_one()
        return IMPORTANCE_ICONS[self.importance]

    # Actions -------------------------------------------------------------------------

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_tracking.vehicle_order_action"
        )
        action["domain"] = list(self._target_domain())
        action["context"] = {}
        return action

    def action_send_emails(self):
        # Sending is the notice's author's: who may change it (its market's managers),
        # over JSON-RPC too; the desk reads notices and does not send them.
        self.check_access("write")
        self._send_emails()

    def _send_emails(self):
        """Email each targeted customer once (per notice), unless every targeted order of
        theirs has opted out."""
        template = self.env.ref("order_tracking.mail_template_notice")
        for notice in self.filtered("is_current"):
            orders = notice._target_orders().filtered(lambda o: not o.notify_opt_out)
            done = notice.emailed_partner_ids
            first_order = {}
            for order in orders:
                if order.partner_id not in done:
                    first_order.setdefault(order.partner_id, order)
            for partner, order in first_order.items():
                translated = notice.with_context(lang=partner._lang_env().lang)
                order.with_context(notice=translated)._message_post_customer_mail(template)
            if first_order:
                notice.sudo().emailed_partner_ids = [(4, p.id) for p in first_order]

    @api.model
    def _cron_send_emails(self):
        self.search(self._current_domain())._send_emails()
