from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
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
        """A courtesy-call case N days (per market) after the handover, once per order.

        Set-based: a feed hands over hundreds of cars in one batch, so the planning costs
        a bounded number of queries whatever their number: one team lookup per market,
        one calendar walk per (calendar, due day), one create of the cases and one of
        their activities."""
        case_type = self.env.ref("cx_cases.cx_case_type_courtesy_call")
        Case = self.env["cx.case"].sudo()
        already = set(Case.with_context(active_test=False).search([
            ("order_id", "in", self.ids), ("type_id", "=", case_type.id),
        ]).order_id.ids)
        orders = self.sudo().filtered(lambda o: o.id not in already and o.partner_id)
        if not orders:
            return Case
        Team = self.env["cx.case.team"].sudo()
        teams = {company: Team._team_for(company) for company in orders.company_id}
        dues, customer_envs = {}, {}
        vals_list = []
        for order in orders:
            team = teams[order.company_id]
            delivered = order.delivery_date or fields.Date.context_today(order)
            due_day = delivered + timedelta(days=order.company_id.cx_courtesy_call_days)
            calendar = team.resource_calendar_id
            if (calendar, due_day) not in dues:
                dues[calendar, due_day] = self._cx_courtesy_due(calendar, due_day)
            # The subject is shown to the customer (portal, solved and rating mails).
            lang = order.partner_id.lang
            if lang not in customer_envs:
                customer_envs[lang] = order.partner_id._cx_lang_env()
            customer_env = customer_envs[lang]
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
                "date_due": dues[calendar, due_day],
            })
        cases = Case._cx_create_in_bulk(vals_list)
        self._cx_schedule_courtesy_activities(cases)
        return cases

    @api.model
    def _cx_courtesy_due(self, calendar, due_day):
        """The start of the team's first working time on ``due_day`` or after (9:00 on
        the day without a calendar)."""
        if not calendar:
            return datetime.combine(due_day, time(9, 0))
        return calendar._next_working_start(datetime.combine(due_day - timedelta(days=1),
                                                             time(23, 59)))

    def _cx_schedule_courtesy_activities(self, cases):
        """The call on the team supervisor's to-do list for its due day (without a
        supervisor the team works from the cases' due dates). In one create: a feed
        plans hundreds at once, and the supervisor works from the to-do list, so no
        "assigned to you" mail goes out per call (mail_activity_quick_update)."""
        cases = cases.filtered("team_id.supervisor_id")
        if not cases:
            return self.env["mail.activity"]
        activity_type = self.env.ref("cx_cases.mail_activity_type_call")
        model_id = self.env["ir.model"]._get(cases._name).id
        summary = self.env._("Courtesy call")
        vals_list = []
        for case in cases:
            tz = pytz.timezone(case.team_id.resource_calendar_id.tz or "UTC")
            vals_list.append({
                "activity_type_id": activity_type.id,
                "summary": summary,
                "automated": True,
                "note": activity_type.default_note,
                "date_deadline": pytz.utc.localize(case.date_due).astimezone(tz).date(),
                "res_model_id": model_id,
                "res_id": case.id,
                "user_id": case.team_id.supervisor_id.id,
            })
        return cases.env["mail.activity"].with_context(
            mail_activity_quick_update=True
        ).create(vals_list)

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
