from odoo import fields, models


class NetworkAuditCategory(models.Model):
    _name = "network.audit.category"
    _description = "Audit Standard Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "A category with this code already exists.")


class NetworkAuditOutletKind(models.Model):
    """The outlet kinds of dealer_profile as records, so that standards and programs
    can name the kinds they apply to with ordinary many2many tags."""

    _name = "network.audit.outlet.kind"
    _description = "Outlet Kind (applicability)"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Value of dealer.outlet's kind field.")
    sequence = fields.Integer(default=10)

    _code_uniq = models.Constraint("UNIQUE(code)", "This outlet kind already exists.")


class NetworkAuditSalesModel(models.Model):
    _name = "network.audit.sales.model"
    _description = "Sales Model (applicability)"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Value of dealer.outlet's sales_model field.")
    sequence = fields.Integer(default=10)

    _code_uniq = models.Constraint("UNIQUE(code)", "This sales model already exists.")
