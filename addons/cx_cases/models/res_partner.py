import json

from odoo import api, fields, models, tools


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Customers are matched by email (the mail gateway, several times a mail), stored
    # normalized by Odoo but not indexed there; by phone through dealer_profile's
    # _find_by_phone (phone_sanitized, indexed there).
    email_normalized = fields.Char(index="btree_not_null")
    cx_case_ids = fields.One2many("cx.case", "partner_id", string="CX Cases")
    cx_case_count = fields.Integer(compute="_compute_cx_case_count", string="Cases")

    def _compute_cx_case_count(self):
        counts = dict(self.env["cx.case"]._read_group(
            [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
            ["commercial_partner_id"], ["__count"],
        )) if self.env["cx.case"].has_access("read") else {}
        for partner in self:
            partner.cx_case_count = counts.get(partner.commercial_partner_id, 0)


class PropertiesBaseDefinition(models.Model):
    _name = "properties.base.definition"
    _inherit = ["properties.base.definition", "dealer.process.cache.mixin"]  # _cx_definition_json

    @api.model
    def _cx_cache_definition(self, model_name, field_name="properties"):
        """Put the properties definition of ``model_name`` (what core's create reads
        for the default values of every new record, a query each) in the record
        cache from the one kept per process. Values already in the cache are kept."""
        definition = self.sudo().browse(
            self._get_definition_id_for_property_field(model_name, field_name)
        )
        field = self._fields["properties_definition"]
        field._insert_cache(definition, [field.convert_to_cache(
            self._cx_definition_json(definition.id), definition, validate=False,
        )])

    @api.model
    @tools.ormcache("definition_id")
    def _cx_definition_json(self, definition_id):
        """The stored definition as JSON text (immutable, unlike the cached list), or
        None. Kept per process until a definition is created, written or deleted."""
        definition = self.sudo().browse(definition_id).exists()
        return json.dumps(definition.properties_definition) if definition.properties_definition \
            else None
