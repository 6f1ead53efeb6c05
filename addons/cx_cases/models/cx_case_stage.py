from odoo import api, fields, models, tools

# What a stage means to the workflow; names and order stay configurable.
STAGE_KINDS = [
    ("new", "New"),
    ("progress", "In Progress"),
    ("waiting", "Waiting for Customer"),
    ("solved", "Solved - Awaiting Customer Confirmation"),
    ("closed", "Closed"),
]
OPEN_KINDS = ("new", "progress", "waiting")
# Stages during which the SLA clock stands still (the customer has the ball).
PAUSED_KINDS = ("waiting", "solved", "closed")


class CxCaseStage(models.Model):
    _name = "cx.case.stage"
    _inherit = ["dealer.input.guard.mixin", "dealer.process.cache.mixin"]
    _description = "CX Case Stage"
    _order = "sequence, id"
    _process_cache_fields = ("kind", "sequence")  # _first_of_kind

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(STAGE_KINDS, required=True, default="progress")
    fold = fields.Boolean(help="Folded in the kanban view.")
    description = fields.Text(translate=True)

    @api.model
    @tools.ormcache("kind")
    def _first_of_kind(self, kind):
        """The id of the first stage (in their order) of ``kind``, or None. Kept per
        process until a stage is created, deleted, or changes its kind or order."""
        return self.sudo().search([("kind", "=", kind)], limit=1).id or None
