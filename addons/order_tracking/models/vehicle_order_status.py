from collections import namedtuple

from odoo import api, fields, models

# What the event logic needs to know of a status, read once per batch.
Step = namedtuple("Step", "sequence customer_visible is_handover location_id")

# How an outlet reads the catalogue's steps: the customer's words say "your car" and "your
# dealer", which an outlet's staff looking at a customer's order are not. (xml id of the
# step: (label, or None where the customer's label fits, explanation).)
DEALER_WORDING = {
    "status_v200": (None, "The car has a slot in the factory's production plan and a first "
                          "delivery date."),
    "status_v250": (None, "The car's configuration is final and the parts are being ordered."),
    "status_v260": (None, "The car's body is being built."),
    "status_v300": (None, "The car has come off the assembly line and passed its final quality "
                          "checks."),
    "status_v333": (None, "The car is parked at the factory, waiting for transport."),
    "status_v334": (None, "The car left the factory by truck or train."),
    "status_v335": (None, "The car arrived at the port and waits for its ship."),
    "status_v336": (None, "The car is on board a ship."),
    "status_d002": ("Arrived in the country",
                    "The ship has arrived and the car is being unloaded and checked."),
    "status_d003": ("On its way to the outlet", "The car left the port by truck."),
    "status_o400": (None, "The outlet is preparing the invoice and registration documents."),
    "status_v900": ("At the outlet", "The car is at the outlet and being prepared for handover."),
    "status_v999": (None, "The car has been handed over to the customer."),
}

PHASES = [
    ("order", "Order"),
    ("production", "Production"),
    ("logistics", "Logistics"),
    ("delivery", "Delivery"),
]


class VehicleOrderStatus(models.Model):
    """The conversion table between the factory's status codes and what a customer
    reads. Internal steps (between factory and importer) are never shown to a customer:
    portal pages and emails only ever use ``customer_label`` and ``customer_explanation``
    of customer-visible steps."""

    _name = "vehicle.order.status"
    _inherit = ["dealer.code.mixin", "dealer.input.guard.mixin"]
    _description = "Vehicle Order Status"
    _order = "sequence, id"
    _rec_names_search = ["code", "name"]

    active = fields.Boolean(default=True)
    sequence = fields.Integer(
        required=True, default=100,
        help="Position of the step on the way from order to handover: the furthest step "
        "reached is the order's status.",
    )
    code = fields.Char(required=True, help="Code of the step in the factory's system.")
    name = fields.Char(string="Internal Name", required=True)
    customer_visible = fields.Boolean(
        default=True,
        help="Shown to customers on the portal and in emails. Internal steps (between "
        "factory and importer) never are.",
    )
    customer_label = fields.Char(translate=True)
    customer_explanation = fields.Text(translate=True)
    dealer_label = fields.Char(
        translate=True,
        help="What the outlet reads on the portal, where the customer's label speaks to the "
        "customer (\"your dealer\"). Empty: the customer's label.",
    )
    dealer_explanation = fields.Text(
        translate=True, help="The explanation the outlet reads. Empty: the customer's.",
    )
    phase = fields.Selection(PHASES, required=True, default="logistics")
    location_id = fields.Many2one(
        "vehicle.order.location", string="Usual Location",
        help="Where the car usually is at this step.",
    )
    is_handover = fields.Boolean(
        string="Handover Step",
        help="The expected date of this step is the order's expected delivery date (ETA); "
        "its actual date means the car was delivered.",
    )
    color = fields.Integer()

    _code_uniq = models.Constraint("UNIQUE(code)", "A status with this code already exists.")
    _customer_label_check = models.Constraint(
        "CHECK(NOT customer_visible OR customer_label IS NOT NULL)",
        "A customer-visible status needs a customer label.",
    )

    @api.depends("code", "name", "customer_label")
    @api.depends_context("uid")
    def _compute_display_name(self):
        # Share users (portal) never read a code or an internal name.
        share = self.env.user.share
        for status in self:
            if share:
                status.display_name = status.customer_label if status.customer_visible else ""
            else:
                status.display_name = f"{status.code} {status.name}"

    @api.model
    def _set_dealer_wording(self):
        """Give the catalogue's steps their outlet wording where it is still empty (on
        install and update: the catalogue itself is not updated, a manager's words stay).
        The module's translations are loaded after this, in every language."""
        for xmlid, (label, explanation) in DEALER_WORDING.items():
            status = self.env.ref(f"order_tracking.{xmlid}", raise_if_not_found=False)
            if not status:
                continue
            status = status.sudo().with_context(lang="en_US")
            vals = {}
            if label and not status.dealer_label:
                vals["dealer_label"] = label
            if not status.dealer_explanation:
                vals["dealer_explanation"] = explanation
            if vals:
                status.write(vals)

    @api.model
    def _steps(self):
        """{status id: Step} of the whole catalogue, archived statuses included (orders
        and events keep them)."""
        statuses = self.sudo().with_context(active_test=False).search_fetch(
            [], ["sequence", "customer_visible", "is_handover", "location_id"]
        )
        return {
            status.id: Step(status.sequence, status.customer_visible, status.is_handover,
                            status.location_id.id or None)
            for status in statuses
        }
