from odoo import api, fields, models, tools


class ResCompany(models.Model):
    _inherit = "res.company"

    network_level = fields.Selection(
        [("hq", "Headquarters"), ("region", "Region"), ("market", "Market")],
        compute="_compute_network_level",
        store=True,
        help="Where the company stands in the retail network: the top company is the "
        "headquarters, its branches are regions and their branches are markets.",
    )
    network_region_id = fields.Many2one(
        "res.company",
        compute="_compute_network_level",
        store=True,
        recursive=True,
    )
    dealer_outlet_ids = fields.One2many("dealer.outlet", "company_id", string="Outlets")

    @api.depends("parent_id", "parent_id.parent_id", "parent_id.network_region_id")
    def _compute_network_level(self):
        for company in self:
            if not company.parent_id:
                company.network_level = "hq"
                company.network_region_id = False
            elif not company.parent_id.parent_id:
                company.network_level = "region"
                company.network_region_id = company
            else:
                company.network_level = "market"
                company.network_region_id = company.parent_id.network_region_id

    def cache_invalidation_fields(self):
        # _brand_name (core refuses a change of parent_id).
        return super().cache_invalidation_fields() | {"name"}

    @api.model
    @tools.ormcache("company_id")
    def _brand_name(self, company_id):
        """The brand a company belongs to: the name of its head-office company (the
        portal's footer, on every page, without a query once cached)."""
        return self.sudo().browse(company_id).root_id.name or ""

