from odoo import api, fields, models
from odoo.exceptions import ValidationError


class NetworkAuditCategory(models.Model):
    _name = "network.audit.category"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Audit Standard Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "A category with this code already exists.")


class NetworkAuditOutletChoice(models.AbstractModel):
    """A value of one of dealer.outlet's selection fields as a record, so that standards
    and programs can name the values they apply to with ordinary many2many tags.

    dealer.outlet's field is the only source: the records follow its selection (codes,
    order, labels in the reader's language) at every install and update of the module,
    nobody edits them, and a code outside the selection is refused."""

    _name = "network.audit.outlet.choice"
    _description = "Outlet Value (applicability)"
    _order = "sequence, id"
    _outlet_field = None  # the dealer.outlet selection field mirrored
    _xmlid_prefix = None

    name = fields.Char(required=True, readonly=True, translate=True)
    code = fields.Char(required=True, readonly=True)
    sequence = fields.Integer(readonly=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "This value already exists.")

    def _outlet_selection(self):
        return self.env["dealer.outlet"]._fields[self._outlet_field]

    @api.depends("code")
    @api.depends_context("lang")
    def _compute_display_name(self):
        labels = dict(self._outlet_selection()._description_selection(self.env))
        for record in self:
            record.display_name = labels.get(record.code, record.name)

    @api.constrains("code")
    def _check_code(self):
        codes = dict(self._outlet_selection().selection)
        for record in self:
            if record.code not in codes:
                raise ValidationError(self.env._(
                    "%(code)s is not a value of the outlets' %(field)s.",
                    code=record.code, field=self._outlet_selection().string,
                ))

    @api.model
    def _sync_with_outlets(self):
        """Called by the module's data at each install and update."""
        self._load_records([{
            "xml_id": f"network_audit.{self._xmlid_prefix}{code}",
            "values": {"name": label, "code": code, "sequence": sequence},
            "noupdate": False,
        } for sequence, (code, label) in enumerate(self._outlet_selection().selection, 1)],
            update=True)


class NetworkAuditOutletKind(models.Model):
    _name = "network.audit.outlet.kind"
    _inherit = ["network.audit.outlet.choice", "dealer.input.guard.mixin"]
    _description = "Outlet Kind (applicability)"
    _outlet_field = "kind"
    _xmlid_prefix = "outlet_kind_"


class NetworkAuditSalesModel(models.Model):
    _name = "network.audit.sales.model"
    _inherit = ["network.audit.outlet.choice", "dealer.input.guard.mixin"]
    _description = "Sales Model (applicability)"
    _outlet_field = "sales_model"
    _xmlid_prefix = "sales_model_"
