from collections import namedtuple

from odoo import api, fields, models

# What the event logic needs to know of a status, read once per batch.
Step = namedtuple("Step", "sequence customer_visible is_handover location_id")

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
    _inherit = ["dealer.code.mixin"]
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
