import re
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, format_date

# Set in the cursor's cache while order_tracking applies a batch of events: the orders
# the batch delivers (one write per delivery day) are planned together after it.
PLAN_LATER = "cx_cases.courtesy_plan_later"
# The values of a call script: the sanitizer leaves text made of these as it is (no
# entity to rewrite, nothing to strip), so such values go into the script rendered
# and sanitized once per language; any other value renders its own script.
PLAIN_TEXT = re.compile(r"[\w .,:;!?()/+\-@#*]*\Z")
SCRIPT_VALUES = ("customer", "brand", "model", "date", "outlet")
TOKEN = re.compile(r"CXCOURTESY(\d)TOKEN")


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
            pending = self.env.cr.cache.get(PLAN_LATER)
            if pending is None:
                newly_delivered._cx_plan_courtesy_calls()
            else:
                pending.extend(newly_delivered.ids)
        return result

    def _apply_events(self, events):
        """A feed batch delivers orders on several days (one write per day): their
        courtesy calls are planned once, for the whole batch."""
        cache = self.env.cr.cache
        if PLAN_LATER in cache:
            return super()._apply_events(events)
        cache[PLAN_LATER] = []
        try:
            result = super()._apply_events(events)
            delivered = cache[PLAN_LATER]
        finally:
            cache.pop(PLAN_LATER, None)
        if delivered:
            self.browse(delivered)._cx_plan_courtesy_calls()
        return result

    def _cx_plan_courtesy_calls(self):
        """A courtesy-call case N days (per market) after the handover, once per order,
        with its creation note, followers and the supervisor's to-do.

        Set-based: a feed hands over hundreds of cars in one request, so the planning
        costs the same queries for 5 or 500 orders: one read of the orders, one team
        lookup per market, one calendar walk per (calendar, due day), then one insert
        each of the cases, their notes, followers and activities (cx_case_bulk.py)."""
        case_type = self.env.ref("cx_cases.cx_case_type_courtesy_call")
        # The call is the team's: whoever's action delivered the car (the feed's
        # integration user, an order desk clerk) does not follow it and its replies.
        Case = self.env["cx.case"].sudo().with_context(mail_create_nosubscribe=True)
        rows = self._cx_courtesy_rows(case_type)
        if not rows:
            return Case
        Team = self.env["cx.case.team"].sudo()
        companies = self.env["res.company"].sudo().browse({row["company_id"] for row in rows})
        teams = {company.id: Team._team_for(company) for company in companies}
        today = fields.Date.context_today(self)
        dues, scripts, vals_list = {}, {}, []
        for row in rows:
            team = teams[row["company_id"]]
            delivered = row["delivery_date"] or today
            due_day = delivered + timedelta(days=row["courtesy_days"] or 0)
            calendar = team.resource_calendar_id
            if (calendar, due_day) not in dues:
                dues[calendar, due_day] = self._cx_courtesy_due(calendar, due_day)
            # The subject is shown to the customer (portal, solved and rating mails).
            if row["lang"] not in scripts:
                partner = self.env["res.partner"].browse(row["partner_id"])
                scripts[row["lang"]] = CourtesyTexts(self, partner._lang_env())
            texts = scripts[row["lang"]]
            vals_list.append({
                "name": texts.subject(row["vehicle_model"]),
                "description": texts.script(row, delivered),
                "partner_id": row["partner_id"],
                "commercial_partner_id": row["commercial_partner_id"],
                "email_from": row["email"] or None,
                "partner_phone": row["phone"] or None,
                "order_id": row["id"],
                "vin": row["vin"] or None,
                "outlet_id": row["outlet_id"],
                "channel": "proactive",
                "type_id": case_type.id,
                "team_id": team.id or None,
                "company_id": row["company_id"],
                "date_due": dues[calendar, due_day],
            })
        cases = Case._cx_insert_cases(vals_list)
        self._cx_schedule_courtesy_activities(cases, vals_list, teams.values())
        cases._cx_after_bulk_insert()
        return cases

    def _cx_courtesy_rows(self, case_type):
        """What the planning needs of the orders without a courtesy call yet (a
        resent delivery plans nothing) that have a customer: one query."""
        if not self:
            return []
        self.env.flush_all()
        return self.env.execute_query_dict(SQL(
            """SELECT o.id, o.partner_id, o.company_id, o.outlet_id, o.vin, o.vehicle_model,
                      o.delivery_date, p.commercial_partner_id, p.email, p.phone, p.lang,
                      p.name AS customer, c.name AS brand, c.cx_courtesy_call_days AS courtesy_days,
                      d.name AS outlet
                 FROM vehicle_order o
                 JOIN res_partner p ON p.id = o.partner_id
                 JOIN res_company c ON c.id = o.company_id
            LEFT JOIN dealer_outlet d ON d.id = o.outlet_id
                WHERE o.id = ANY(%s)
                  AND NOT EXISTS (SELECT 1 FROM cx_case x
                                   WHERE x.order_id = o.id AND x.type_id = %s)
             ORDER BY o.id""",
            self.ids, case_type.id,
        ))

    @api.model
    def _cx_courtesy_due(self, calendar, due_day):
        """The start of the team's first working time on ``due_day`` or after (9:00 on
        the day without a calendar)."""
        if not calendar:
            return datetime.combine(due_day, time(9, 0))
        return calendar._next_working_start(datetime.combine(due_day - timedelta(days=1),
                                                             time(23, 59)))

    def _cx_schedule_courtesy_activities(self, cases, vals_list, teams):
        """The call on the team supervisor's to-do list for its due day (without a
        supervisor the team works from the cases' due dates); ``vals_list``: the
        cases' values, numbered. Inserted set-based: a feed plans hundreds at once,
        and the supervisor works from the to-do list, so no "assigned to you" mail
        goes out per call (as with mail_activity_quick_update)."""
        supervised = {team.id: team for team in teams if team.supervisor_id}
        if not supervised:
            return self.env["mail.activity"]
        activity_type = self.env.ref("cx_cases.mail_activity_type_call")
        timezones = {team_id: pytz.timezone(team.resource_calendar_id.tz or "UTC")
                     for team_id, team in supervised.items()}
        # The to-do reads in the supervisor's language, not the feed's.
        texts = {}
        for team_id, team in supervised.items():
            supervisor_env = team.supervisor_id.partner_id._lang_env()
            texts[team_id] = (supervisor_env._("Courtesy call"),
                              activity_type.with_env(supervisor_env).default_note)
        activities = []
        for case, vals in zip(cases, vals_list, strict=True):
            team = supervised.get(vals["team_id"])
            if not team:
                continue
            activities.append({
                "activity_type_id": activity_type.id,
                "summary": texts[team.id][0],
                "automated": True,
                "note": texts[team.id][1],
                "date_deadline": pytz.utc.localize(vals["date_due"]).astimezone(
                    timezones[team.id]
                ).date(),
                "res_id": case.id,
                # The case's display name, stored on the activity.
                "res_name": f"{vals['number']} {vals['name']}"
                if vals["number"] and vals["number"] != "/" else vals["name"],
                "user_id": team.supervisor_id.id,
                "user_tz": team.supervisor_id.tz or None,
            })
        return cases._cx_insert_activities(activities)

    def _cx_courtesy_call_script(self, customer_env, delivered):
        """What the agent says, in the customer's language: the case opens with it."""
        self.ensure_one()
        return _render_script(customer_env, {
            "customer": self.partner_id.name, "brand": self.company_id.name,
            "model": self.vehicle_model,
            "date": format_date(customer_env, delivered, date_format="long"),
            "outlet": self.outlet_id.name,
        })


def _render_script(env, values):
    """The call script in ``env``'s language, as HTML (``values``: SCRIPT_VALUES)."""
    lines = [
        env._("Hello %(customer)s, this is %(brand)s customer care: we are calling about "
              "your new %(model)s, handed over on %(date)s at %(outlet)s.", **values),
        env._("How are you getting on with the car? Is everything as you expected?"),
        env._("Did the handover explain everything you need: charging, the app, the keys?"),
        env._("Is there anything we can help you with? Note the answer in the case."),
        env._("Thank you for your time, and enjoy the drive!"),
    ]
    items = Markup("").join(Markup("<li>%s</li>") % line for line in lines)
    return Markup("<p><strong>%s</strong></p><ol>%s</ol>") % (env._("Call script"), items)


class CourtesyTexts:
    """The texts of the courtesy calls in one language, as cx.case's create would
    store them (the description sanitized), each translated and sanitized once."""

    def __init__(self, orders, customer_env):
        self.env = customer_env
        self.field = orders.env["cx.case"]._fields["description"]
        self.record = orders.env["cx.case"]
        tokens = {name: f"CXCOURTESY{index}TOKEN" for index, name in enumerate(SCRIPT_VALUES)}
        self.skeleton = self.sanitize(_render_script(customer_env, tokens))
        self.dates = {}

    def sanitize(self, html):
        return self.field.convert_to_column(html, self.record)

    def subject(self, model):
        return self.env._("Courtesy call: %(model)s delivered", model=model)

    def script(self, row, delivered):
        if delivered not in self.dates:
            self.dates[delivered] = format_date(self.env, delivered, date_format="long")
        values = {
            "customer": row["customer"] or "", "brand": row["brand"] or "",
            "model": row["vehicle_model"] or "", "date": self.dates[delivered],
            "outlet": row["outlet"] or "",
        }
        if not all(PLAIN_TEXT.match(value) for value in values.values()):
            return self.sanitize(_render_script(self.env, values))
        return TOKEN.sub(lambda match: values[SCRIPT_VALUES[int(match[1])]], self.skeleton)
