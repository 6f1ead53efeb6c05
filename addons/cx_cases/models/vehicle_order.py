from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup

from odoo import fields, models
from odoo.tools import format_date


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
                "description": order._cx_courtesy_call_script(customer_env, delivered),
                "partner_id": order.partner_id.id,
                "order_id": order.id,
                "outlet_id": order.outlet_id.id,
                "channel": "proactive",
                "type_id": case_type.id,
                "team_id": team.id,
                "company_id": order.company_id.id,
                "date_due": due,
            })
        cases = Case.create(vals_list)
        self._cx_schedule_courtesy_activities(cases)
        return cases

    def _cx_schedule_courtesy_activities(self, cases):
        """The call on the team supervisor's to-do list for its due day (without a
        supervisor the team works from the cases' due dates)."""
        for case in cases.filtered("team_id.supervisor_id"):
            tz = pytz.timezone(case.team_id.resource_calendar_id.tz or "UTC")
            due_day = pytz.utc.localize(case.date_due).astimezone(tz).date()
            case.activity_schedule(
                "cx_cases.mail_activity_type_call", date_deadline=due_day,
                summary=self.env._("Courtesy call"), user_id=case.team_id.supervisor_id.id,
            )

    def _cx_courtesy_call_script(self, customer_env, delivered):
        """What the agent says, in the customer's language: the case opens with it."""
        self.ensure_one()
        env = customer_env
        lines = [
            env._("Hello %(customer)s, this is %(brand)s customer care: we are calling about "
                  "your new %(model)s, handed over on %(date)s at %(outlet)s.",
                  customer=self.partner_id.name, brand=self.company_id.name,
                  model=self.vehicle_model,
                  date=format_date(env, delivered, date_format="long"),
                  outlet=self.outlet_id.name),
            env._("How are you getting on with the car? Is everything as you expected?"),
            env._("Did the handover explain everything you need: charging, the app, the keys?"),
            env._("Is there anything we can help you with? Note the answer in the case."),
            env._("Thank you for your time, and enjoy the drive!"),
        ]
        items = Markup("").join(Markup("<li>%s</li>") % line for line in lines)
        return Markup("<p><strong>%s</strong></p><ol>%s</ol>") % (env._("Call script"), items)
