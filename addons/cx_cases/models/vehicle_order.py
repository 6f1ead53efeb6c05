from datetime import datetime, time, timedelta

from odoo import fields, models


class VehicleOrder(models.Model):
    _inherit = "vehicle.order"

    cx_case_ids = fields.One2many("cx.case", "order_id", string="CX Cases")

    def write(self, vals):
        newly_delivered = (
            self.filtered(lambda o: o.state != "delivered")
            if vals.get("state") == "delivered" else self.browse()
        )
        result = super().write(vals)
        if newly_delivered:
            newly_delivered._cx_plan_courtesy_calls()
        return result

    def _cx_plan_courtesy_calls(self):
        """A courtesy-call case N days (per market) after the handover, once per order."""
        case_type = self.env.ref("cx_cases.cx_case_type_courtesy_call")
        Case = self.env["cx.case"].sudo()
        already = set(Case.with_context(active_test=False).search([
            ("order_id", "in", self.ids), ("type_id", "=", case_type.id),
        ]).order_id.ids)
        Team = self.env["cx.case.team"].sudo()
        vals_list = []
        for order in self.sudo():
            if order.id in already or not order.partner_id:
                continue
            team = Team._team_for(order.company_id)
            delivered = order.delivery_date or fields.Date.context_today(order)
            due_day = delivered + timedelta(days=order.company_id.cx_courtesy_call_days)
            calendar = team.resource_calendar_id
            due = datetime.combine(due_day - timedelta(days=1), time(23, 59))
            due = calendar._next_working_start(due) if calendar else datetime.combine(
                due_day, time(9, 0)
            )
            # The subject is shown to the customer (portal, solved and rating mails).
            customer_env = order.partner_id._cx_lang_env()
            vals_list.append({
                "name": customer_env._("Courtesy call: %(model)s delivered",
                                       model=order.vehicle_model),
                "partner_id": order.partner_id.id,
                "order_id": order.id,
                "outlet_id": order.outlet_id.id,
                "channel": "proactive",
                "type_id": case_type.id,
                "team_id": team.id,
                "company_id": order.company_id.id,
                "date_due": due,
            })
        return Case.create(vals_list)
