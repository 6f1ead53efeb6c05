from odoo import fields, models


class NetworkAuditApplicabilityMixin(models.AbstractModel):
    """Which outlets a standard or a program is for: outlet kinds, sales models and
    markets (a region selects all its markets). Empty means no restriction."""

    _name = "network.audit.applicability.mixin"
    _description = "Audit Applicability"

    kind_ids = fields.Many2many("network.audit.outlet.kind", string="Outlet Kinds")
    sales_model_ids = fields.Many2many("network.audit.sales.model", string="Sales Models")
    market_ids = fields.Many2many(
        "res.company",
        string="Markets",
        help="Markets, or regions standing for all their markets. Empty: every market.",
    )

    def _applies_to(self, outlet):
        self.ensure_one()
        if self.kind_ids and outlet.kind not in self.kind_ids.mapped("code"):
            return False
        if self.sales_model_ids and outlet.sales_model not in self.sales_model_ids.mapped(
            "code"
        ):
            return False
        return not self.market_ids or bool(
            {outlet.company_id.id, outlet.region_id.id} & set(self.market_ids.ids)
        )

    def _applicable_outlet_domain(self):
        """Domain of the outlets this record applies to (for batch searches)."""
        self.ensure_one()
        domain = [("state", "in", ("onboarding", "active"))]
        if self.kind_ids:
            domain.append(("kind", "in", self.kind_ids.mapped("code")))
        if self.sales_model_ids:
            domain.append(("sales_model", "in", self.sales_model_ids.mapped("code")))
        if self.market_ids:
            domain += [
                "|",
                ("company_id", "in", self.market_ids.ids),
                ("region_id", "in", self.market_ids.ids),
            ]
        return domain
