from odoo import api, fields, models
from odoo.exceptions import UserError

from .dealer_workflow_mixin import Allow

OUTLET_KINDS = [
    ("space", "Retail Space"),
    ("dealership", "Dealership"),
    ("handover", "Handover Location"),
    ("service_point", "Service Point"),
    ("popup", "Pop-up"),
]
SALES_MODELS = [
    ("agency", "Agency"),
    ("direct", "Direct-to-consumer"),
    ("dealership", "Dealership"),
]
LIFECYCLE_STATES = [
    ("prospect", "Prospect"),
    ("onboarding", "Onboarding"),
    ("active", "Active"),
    ("suspended", "Suspended"),
    ("closed", "Closed"),
]
# Allowed lifecycle moves and their buttons (officers of the outlet's market); anything
# else is a jump nobody makes, not even the superuser.
_OFFICER = "dealer_profile.group_network_officer"
LIFECYCLE_TRANSITIONS = {
    "prospect": {
        "onboarding": Allow(_OFFICER, button="start_onboarding"),
        "closed": Allow(_OFFICER, button="close"),
    },
    "onboarding": {
        "active": Allow(_OFFICER, button="activate"),
        "closed": Allow(_OFFICER, button="close"),
    },
    "active": {
        "suspended": Allow(_OFFICER, button="suspend"),
        "closed": Allow(_OFFICER, button="close"),
    },
    "suspended": {
        "active": Allow(_OFFICER, button="activate"),
        "closed": Allow(_OFFICER, button="close"),
    },
}
# The button that moves an outlet to each state (the wizard asks the reason first).
LIFECYCLE_BUTTONS = {
    "onboarding": "start_onboarding", "active": "activate", "suspended": "suspend",
    "closed": "close", "prospect": None,
}
# States that need a written reason, and the date field each state stamps.
STATES_NEEDING_REASON = {"suspended", "closed"}
STATE_DATE_FIELDS = {
    "onboarding": "onboarding_date",
    "active": "activation_date",
    "suspended": "suspension_date",
    "closed": "closing_date",
}


# The outlet shows its address partner's address, phone and email (related fields, read
# as the server): a partner of another market, linked by id, was read through it.
PARTNER_LINKS = ("partner_id", "operator_partner_id")

class DealerOutlet(models.Model):
    _name = "dealer.outlet"
    _description = "Dealer Outlet"
    _inherit = ["mail.thread", "mail.activity.mixin", "dealer.workflow.mixin", "dealer.code.mixin"]
    _order = "company_id, name"
    _check_company_auto = True
    _rec_names_search = ["name", "code"]
    # The lifecycle moves through its buttons and the reason wizard only.
    _workflow_fields = ("state", "state_reason", *STATE_DATE_FIELDS.values())
    _workflow_state_field = "state"
    _workflow_transitions = LIFECYCLE_TRANSITIONS
    # A rule of the data: a closed outlet stays closed, whoever writes.
    _workflow_table_binds_superuser = True

    active = fields.Boolean(default=True)
    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True, tracking=True, help="Unique reference of the outlet in its market."
    )
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company",
        string="Market",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.company,
    )
    region_id = fields.Many2one(
        "res.company",
        related="company_id.network_region_id",
        store=True,
        string="Region",
    )
    kind = fields.Selection(OUTLET_KINDS, required=True, default="space", tracking=True)
    operator_type = fields.Selection(
        [("brand", "Brand-operated"), ("independent", "Independent operator")],
        required=True,
        default="brand",
        tracking=True,
    )
    operator_partner_id = fields.Many2one(
        "res.partner",
        string="Operator",
        tracking=True,
        domain="[('is_company', '=', True)]",
        help="The company that runs the outlet for an independent operator.",
    )
    sales_model = fields.Selection(
        SALES_MODELS, required=True, default="agency", tracking=True
    )
    brand_ids = fields.Many2many("dealer.brand", string="Brands")
    capability_ids = fields.Many2many("dealer.capability", string="Capabilities")
    user_id = fields.Many2one(
        "res.users",
        string="Network Officer",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="Head-office representative who looks after this outlet.",
    )
    # Address, phone, email and coordinates live on the outlet's partner.
    partner_id = fields.Many2one(
        "res.partner", string="Address Partner", required=True, ondelete="restrict"
    )
    street = fields.Char(related="partner_id.street", readonly=False)
    street2 = fields.Char(related="partner_id.street2", readonly=False)
    zip = fields.Char(related="partner_id.zip", readonly=False)
    city = fields.Char(related="partner_id.city", readonly=False)
    state_id = fields.Many2one(related="partner_id.state_id", readonly=False)
    country_id = fields.Many2one(related="partner_id.country_id", readonly=False)
    phone = fields.Char(related="partner_id.phone", readonly=False)
    email = fields.Char(related="partner_id.email", readonly=False)
    partner_latitude = fields.Float(related="partner_id.partner_latitude", readonly=False)
    partner_longitude = fields.Float(related="partner_id.partner_longitude", readonly=False)
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Opening Hours",
        check_company=True,
        domain="[('company_id', 'in', (company_id, False))]",
    )
    # Kanban columns in lifecycle order, empty ones included (group_expand).
    state = fields.Selection(
        LIFECYCLE_STATES, string="Lifecycle", required=True, default="prospect",
        tracking=True, copy=False, group_expand=True,
    )
    state_reason = fields.Text(
        string="Reason", tracking=True, copy=False, readonly=True,
        help="Why the outlet was last suspended or closed.",
    )
    # Stamped by the lifecycle moves (see _workflow_fields).
    onboarding_date = fields.Date(tracking=True, copy=False, readonly=True)
    activation_date = fields.Date(tracking=True, copy=False, readonly=True)
    suspension_date = fields.Date(tracking=True, copy=False, readonly=True)
    closing_date = fields.Date(tracking=True, copy=False, readonly=True)
    contact_ids = fields.One2many("dealer.outlet.contact", "outlet_id", string="Contacts")
    manager_partner_id = fields.Many2one(
        "res.partner",
        string="Space Manager",
        compute="_compute_manager",
        store=True,
        index=True,
    )
    manager_user_id = fields.Many2one(
        "res.users",
        string="Space Manager User",
        compute="_compute_manager",
        store=True,
        help="Portal user of the Space manager: receives action items and requests.",
    )
    document_ids = fields.One2many("dealer.outlet.document", "outlet_id", string="Documents")
    document_alert_count = fields.Integer(compute="_compute_document_alert_count")
    kpi_value_ids = fields.One2many("dealer.kpi.value", "outlet_id", string="KPI Values")
    latest_kpi_value_ids = fields.Many2many(
        "dealer.kpi.value", string="Latest KPI Values", compute="_compute_latest_kpi_values",
        help="The newest value of each KPI, with its unit.",
    )
    outlet_rating_ids = fields.One2many(
        "dealer.outlet.rating", "outlet_id", string="Monthly Ratings"
    )
    latest_rating_id = fields.Many2one(
        "dealer.outlet.rating", compute="_compute_latest_rating", store=True, index=True
    )
    rating_month = fields.Date(related="latest_rating_id.month", store=True, string="Rated Month")
    rating_month_label = fields.Char(
        related="latest_rating_id.month_label", string="Rated Month Label"
    )
    rating_score = fields.Float(
        related="latest_rating_id.score", store=True, string="Score (%)", aggregator="avg"
    )
    rating_stars = fields.Selection(
        related="latest_rating_id.stars", store=True, string="Stars"
    )
    rank_market = fields.Integer(related="latest_rating_id.rank_market", store=True)
    rank_region = fields.Integer(related="latest_rating_id.rank_region", store=True)
    rating_award = fields.Boolean(
        related="latest_rating_id.award", store=True, string="Top Outlet of the Month"
    )
    change_request_ids = fields.One2many(
        "dealer.change.request", "outlet_id", string="Change Requests"
    )
    pending_change_count = fields.Integer(compute="_compute_pending_change_count")
    # The lifecycle buttons the user may press (dealer.workflow.mixin's one check).
    can_start_onboarding = fields.Boolean(compute="_compute_workflow_can")
    can_activate = fields.Boolean(compute="_compute_workflow_can")
    can_suspend = fields.Boolean(compute="_compute_workflow_can")
    can_close = fields.Boolean(compute="_compute_workflow_can")

    _code_company_uniq = models.Constraint(
        "UNIQUE(company_id, code)",
        "An outlet with this code already exists in this market: codes are unique per market.",
    )

    @api.depends("contact_ids.role", "contact_ids.partner_id.user_ids")
    def _compute_manager(self):
        for outlet in self:
            manager = outlet.contact_ids.filtered(lambda c: c.role == "space_manager")[:1]
            outlet.manager_partner_id = manager.partner_id
            outlet.manager_user_id = manager.partner_id.with_context(
                active_test=False
            ).user_ids[:1]

    @api.depends("outlet_rating_ids.is_latest")
    def _compute_latest_rating(self):
        """The outlet's rating in the latest published month, or none when it was not
        rated that month: stars never mix months."""
        latest = {}
        if self.ids:
            ratings = self.env["dealer.outlet.rating"].sudo().search(
                [("outlet_id", "in", self.ids), ("is_latest", "=", True)]
            )
            latest = {rating.outlet_id.id: rating.id for rating in ratings}
        for outlet in self:
            outlet.latest_rating_id = latest.get(outlet.id, False)

    def _compute_document_alert_count(self):
        counts = dict(
            self.env["dealer.outlet.document"]._read_group(
                [("outlet_id", "in", self.ids), ("expiry_state", "in", ("expiring", "expired"))],
                ["outlet_id"],
                ["__count"],
            )
        )
        for outlet in self:
            outlet.document_alert_count = counts.get(outlet, 0)

    def _compute_pending_change_count(self):
        counts = dict(
            self.env["dealer.change.request"]._read_group(
                [("outlet_id", "in", self.ids), ("state", "=", "pending")],
                ["outlet_id"],
                ["__count"],
            )
        )
        for outlet in self:
            outlet.pending_change_count = counts.get(outlet, 0)

    def _compute_latest_kpi_values(self):
        values = self.env["dealer.kpi.value"].search(
            [("outlet_id", "in", self.ids)], order="month desc, id desc"
        )
        latest = {}
        for value in values:  # newest first: the first of each KPI stays
            latest.setdefault((value.outlet_id.id, value.kpi_id.id), value)
        for outlet in self:
            outlet.latest_kpi_value_ids = [
                value.id for (outlet_id, _kpi), value in latest.items() if outlet_id == outlet.id
            ]

    @api.depends("code")
    def _compute_display_name(self):
        for outlet in self:
            outlet.display_name = (
                f"[{outlet.code}] {outlet.name}" if outlet.code else outlet.name
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_workflow_create(vals_list)
        self._check_links_readable(vals_list, PARTNER_LINKS, create=True)
        for vals in vals_list:
            if not vals.get("partner_id"):
                vals["partner_id"] = self._create_address_partner(vals).id
            if vals.get("state", "prospect") != "prospect":
                date_field = STATE_DATE_FIELDS.get(vals["state"])
                vals.setdefault(date_field, fields.Date.context_today(self))
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_write(vals)
        self._check_links_readable([vals], PARTNER_LINKS)
        if "state" in vals:
            if any(outlet.state != vals["state"] for outlet in self):
                self._check_state_reason(vals)
            date_field = STATE_DATE_FIELDS.get(vals["state"])
            if date_field:
                vals.setdefault(date_field, fields.Date.context_today(self))
        result = super().write(vals)
        self._check_company_move(vals)
        return result

    def _create_address_partner(self, vals):
        """Every outlet has its own address partner so that address, phone, email and
        coordinates use the standard partner fields (and maps, geolocation, mail)."""
        address_fields = (
            "street", "street2", "zip", "city", "state_id", "country_id",
            "phone", "email", "partner_latitude", "partner_longitude",
        )
        partner_vals = {
            "name": vals.get("name") or self.env._("Outlet"),
            "is_company": True,
            "company_id": vals.get("company_id") or self.env.company.id,
        }
        partner_vals.update({f: vals.pop(f) for f in address_fields if f in vals})
        return self.env["res.partner"].create(partner_vals)

    def _check_state_reason(self, vals):
        new_state = vals["state"]
        if new_state in STATES_NEEDING_REASON and not (vals.get("state_reason") or "").strip():
            raise UserError(
                self.env._(
                    "Give a reason to move an outlet to %(state)s.",
                    state=dict(LIFECYCLE_STATES)[new_state],
                )
            )

    # Lifecycle actions ---------------------------------------------------

    def action_start_onboarding(self):
        self._set_lifecycle_state("onboarding")

    def action_activate(self):
        self._set_lifecycle_state("active")

    def _set_lifecycle_state(self, state, reason=None):
        """The one way the lifecycle moves (buttons and the reason wizard): the one
        check of the transition table, then the reason check of ``write``."""
        self._check_workflow_transition(state, button=LIFECYCLE_BUTTONS[state])
        vals = {"state": state}
        if reason is not None:
            vals["state_reason"] = reason
        return self._workflow().write(vals)

    def action_suspend(self):
        return self._action_open_state_wizard("suspended")

    def action_close(self):
        return self._action_open_state_wizard("closed")

    def _action_open_state_wizard(self, state):
        self._check_workflow_transition(state, button=LIFECYCLE_BUTTONS[state])
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reason"),
            "res_model": "dealer.outlet.state.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_outlet_ids": self.ids, "default_new_state": state},
        }

    def action_view_kpi_values(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dealer_profile.dealer_kpi_value_action"
        )
        action["domain"] = [("outlet_id", "=", self.id)]
        action["context"] = {"default_outlet_id": self.id}
        return action

    def action_view_change_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dealer_profile.dealer_change_request_action"
        )
        action["domain"] = [("outlet_id", "=", self.id)]
        action["context"] = {"default_outlet_id": self.id}
        return action

    # Outlet map ------------------------------------------------------------

    @api.model
    def get_map_data(self, company_ids=None):
        """The outlets the user may read that have coordinates, for the outlet map:
        position, lifecycle and latest rating. ``company_ids`` narrows it to these
        markets (an outlet's market or region); read rights still decide."""
        markets = []
        if company_ids:
            if not isinstance(company_ids, list) or not all(
                isinstance(cid, int) and not isinstance(cid, bool) for cid in company_ids
            ):
                raise UserError(self.env._("Markets are given by their ids."))
            markets = ["|", ("company_id", "in", company_ids), ("region_id", "in", company_ids)]
        # 0, 0 is Odoo's "not geolocated" (partner coordinates are never empty).
        placed = ["|", ("partner_id.partner_latitude", "!=", 0.0),
                  ("partner_id.partner_longitude", "!=", 0.0)]
        outlets = self.search(markets + placed, order="company_id, code, id")
        states = dict(self._fields["state"]._description_selection(self.env))
        return {
            "outlets": [outlet._map_point(states) for outlet in outlets],
            "without_position": self.search_count(markets + [
                ("partner_id.partner_latitude", "=", 0.0),
                ("partner_id.partner_longitude", "=", 0.0),
            ]),
            "lifecycle": list(states.items()),
        }

    def _map_point(self, states):
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "code": self.code or "",
            "city": self.city or "",
            "market_id": self.company_id.id,
            "market": self.company_id.name,
            "lat": self.partner_latitude,
            "lng": self.partner_longitude,
            "state": self.state,
            "state_label": states.get(self.state, self.state),
            "stars": int(self.rating_stars or 0),
            "score": self.rating_score if self.latest_rating_id else None,
        }

    # Portal helpers --------------------------------------------------------

    @api.model
    def _portal_domain(self, partner):
        """Outlets a dealer portal user manages: those listing them as a contact."""
        return [("contact_ids.partner_id", "=", partner.id)]
