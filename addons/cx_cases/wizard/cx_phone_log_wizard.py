from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.cx_case import PRIORITIES


class CxPhoneLogWizard(models.TransientModel):
    """Quick log of a call: find or create the caller, open a case (or add the
    call to one of their open cases) in one step."""

    _name = "cx.phone.log.wizard"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Log a Phone Call"

    phone = fields.Char(required=True)
    partner_id = fields.Many2one(
        "res.partner", string="Caller", compute="_compute_partner_id", store=True,
        readonly=False,
    )
    caller_name = fields.Char(help="Name of a new caller, when no customer matches.")
    open_case_ids = fields.Many2many("cx.case", compute="_compute_open_case_ids")
    case_id = fields.Many2one(
        "cx.case", string="Add to Case", domain="[('id', 'in', open_case_ids)]",
        help="Leave empty to open a new case.",
    )
    name = fields.Char(string="Subject")
    type_id = fields.Many2one("cx.case.type")
    priority = fields.Selection(PRIORITIES, default="1")
    outlet_id = fields.Many2one("dealer.outlet", string="Outlet / Service Point")
    summary = fields.Html(string="Call Notes")
    solved = fields.Boolean(
        string="Solved during the call",
        help="The case goes to 'solved, awaiting confirmation'.",
    )

    @api.depends("phone")
    def _compute_partner_id(self):
        for wizard in self:
            wizard.partner_id = self.env["res.partner"]._find_by_phone(wizard.phone)

    @api.depends("partner_id")
    def _compute_open_case_ids(self):
        for wizard in self:
            wizard.open_case_ids = wizard._open_cases(wizard.partner_id)

    def _open_cases(self, partner):
        """The caller's open cases this user may see."""
        if not partner:
            return self.env["cx.case"]
        return self.env["cx.case"].search([
            ("commercial_partner_id", "=", partner.commercial_partner_id.id),
            ("stage_kind", "in", ("new", "progress", "waiting")),
        ])

    def _latest_open_order(self, partner):
        """The caller's latest open order in the agent's markets: what a customer calls
        about unless they say otherwise (the agent can change it on the case)."""
        return self.env["vehicle.order"].sudo().search([
            ("commercial_partner_id", "=", partner.commercial_partner_id.id),
            ("state", "=", "open"), ("company_id", "in", self.env.companies.ids),
        ], order="order_date desc, id desc", limit=1)

    def action_log(self):
        self.ensure_one()
        partner = self.partner_id
        # Stored as the suite stores phones (international form), found again by it.
        phone = self.env["res.partner"]._phone_stored_form(self.phone) or self.phone
        if not partner:
            if not (self.caller_name or "").strip():
                raise UserError(self.env._(
                    "No customer has this number: give the caller's name to create them."
                ))
            # In the language and time zone of the agent's market, as a mail would make them.
            partner = self.env["res.partner"].create({
                "name": self.caller_name.strip(), "phone": phone,
                **self.env["cx.case"]._cx_new_customer_locale(self.env["cx.case.team"]),
            })
        case = self.case_id
        if case and case not in self._open_cases(partner):
            # The form offers the caller's open cases only; a call is never filed on
            # somebody else's case (or a closed one) through another path.
            raise UserError(self.env._(
                "%(case)s is not an open case of %(caller)s: choose one of their open cases "
                "or leave the case empty to open a new one.",
                case=case.display_name, caller=partner.display_name,
            ))
        if case:
            case.message_post(body=self.summary or self.env._("Phone call"),
                              subtype_xmlid="mail.mt_note")
            if not case.first_response_date:
                # The agent talked to the customer: that answers them.
                case.sudo().write({"first_response_date": fields.Datetime.now()})
        else:
            if not (self.name or "").strip():
                raise UserError(self.env._("Give the case a subject."))
            order = self._latest_open_order(partner)
            case = self.env["cx.case"].create({
                "name": self.name.strip(), "partner_id": partner.id, "channel": "phone",
                "type_id": self.type_id.id, "priority": self.priority,
                "outlet_id": (self.outlet_id or order.outlet_id).id,
                "order_id": order.id, "email_from": partner.email or False,
                "description": self.summary,
                "user_id": self.env.user.id, "partner_phone": phone,
            })
        if case.stage_kind in ("new", "waiting"):
            # A call from a customer we were waiting for restarts the SLA clock.
            case.action_start()
        if self.solved:
            case.action_solve()
        return {
            "type": "ir.actions.act_window", "res_model": "cx.case",
            "res_id": case.id, "view_mode": "form",
        }
