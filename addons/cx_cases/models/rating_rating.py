from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.dealer_profile.models.dealer_workflow_mixin import add_default_values

CASE_MODEL = "cx.case"


class RatingRating(models.Model):
    """Satisfaction answers of cases feed the CSAT KPI and so the outlets' stars: they
    are the customer's words. They change only through the customer's rating page or
    core's rating flow, both running in sudo once the customer's token is checked
    (``rating_apply``, ``rating_send_request``); reads follow the case's market and
    team rules (security/cx_cases_security.xml), through ``cx_case_id``."""

    _name = "rating.rating"
    _inherit = ["rating.rating", "dealer.server.fields.mixin"]
    # The case of a rating is the rating's res_model and res_id: the CSAT of an outlet
    # (and so its stars) counts the ratings of its cases by this field.
    _server_fields = ("cx_case_id",)

    # The customer's key to the rating page: never read by staff (JSON-RPC included).
    access_token = fields.Char(groups="base.group_system")
    # CSAT of a day or a month reads the answers of the period, not every case's.
    rated_on = fields.Datetime(index="btree_not_null")
    cx_case_id = fields.Many2one(
        "cx.case", string="CX Case", compute="_compute_cx_case_id", store=True,
        index="btree_not_null", ondelete="cascade",
    )

    @api.depends("res_model", "res_id")
    def _compute_cx_case_id(self):
        case_ids = set(self.env[CASE_MODEL].sudo().browse(
            {rating.res_id for rating in self if rating.res_model == CASE_MODEL}
        ).exists().ids)
        for rating in self:
            is_case = rating.res_model == CASE_MODEL and rating.res_id in case_ids
            rating.cx_case_id = rating.res_id if is_case else False

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            add_default_values(self, vals_list, ("res_model_id", "res_model"))
            case_model_id = self.env["ir.model"]._get_id(CASE_MODEL)
            if any(vals.get("res_model_id") == case_model_id
                   or vals.get("res_model") == CASE_MODEL for vals in vals_list):
                self._cx_refuse()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            case_model_id = self.env["ir.model"]._get_id(CASE_MODEL)
            if (vals.get("res_model_id") == case_model_id or vals.get("res_model") == CASE_MODEL
                    or any(rating.res_model == CASE_MODEL for rating in self.sudo())):
                self._cx_refuse()
        return super().write(vals)

    # at_uninstall=True: Odoo skips at_uninstall=False methods for a ``_force_unlink``
    # context, whoever sends it; the superuser (uninstallation) passes anyway.
    @api.ondelete(at_uninstall=True)
    def _unlink_except_case_ratings(self):
        if not self.env.su and any(rating.res_model == CASE_MODEL for rating in self.sudo()):
            self._cx_refuse()

    def _cx_refuse(self):
        raise AccessError(self.env._(
            "Satisfaction ratings of CX cases are the customer's answers: they change only "
            "through the customer's rating page."
        ))
