"""Demo data of cx_cases: teams of seven markets with their service hours and
public holidays, about sixty cases replayed through the real workflow (so that
pauses, SLA figures, confirmations and ratings are consistent), a recall campaign
in progress and courtesy calls planned from two demo deliveries."""

import random
from datetime import date, datetime, time, timedelta

from odoo import Command, api, fields, models

from .cx_case import DEMO_CLOCK

# market xml id: (team, alias, time zone, weekday hours, saturday hours, holidays)
MARKETS = {
    "nl": ("Customer Care Netherlands", "care-nl", "Europe/Amsterdam", (8.5, 17.5),
           (9, 13), ["2026-12-25", "2026-12-26", "2027-01-01", "2027-04-27"]),
    "be": ("Customer Care Belgium", "care-be", "Europe/Brussels", (9, 17), None,
           ["2026-12-25", "2027-01-01", "2027-07-21"]),
    "de": ("Kundenservice Deutschland", "care-de", "Europe/Berlin", (8, 18), None,
           ["2026-12-25", "2026-12-26", "2027-01-01", "2027-10-03"]),
    "se": ("Kundservice Sverige", "care-se", "Europe/Stockholm", (8, 17), None,
           ["2026-12-24", "2026-12-25", "2026-12-26", "2027-06-06"]),
    "no": ("Kundeservice Norge", "care-no", "Europe/Oslo", (8, 16), None,
           ["2026-12-25", "2026-12-26", "2027-05-17"]),
    "my": ("Customer Care Malaysia", "care-my", "Asia/Kuala_Lumpur", (9, 18), (9, 13),
           ["2026-12-25", "2027-02-06", "2027-08-31"]),
    "us": ("Customer Care United States", "care-us", "America/New_York", (8, 20), None,
           ["2026-11-26", "2026-12-25", "2027-07-04"]),
}
CUSTOMERS = {
    "nl": ["Emma de Vries", "Daan Jansen", "Sophie Bakker", "Lars Visser", "Noor Smit",
           "Bram Mulder", "Fleur de Boer", "Sem Meijer", "Lotte Bos", "Ruben Hendriks"],
    "be": ["Louise Peeters", "Arthur Maes", "Elise Claes", "Victor Wouters"],
    "de": ["Lena Schmidt", "Jonas Müller", "Mia Fischer", "Paul Weber", "Hannah Wagner"],
    "se": ["Elsa Andersson", "William Johansson", "Alice Karlsson"],
    "no": ["Nora Hansen", "Jakob Olsen", "Ingrid Larsen"],
    "my": ["Nurul Aisyah", "Tan Wei Ming", "Siti Rahman", "Arjun Pillai"],
    "us": ["Olivia Johnson", "Liam Williams", "Ava Brown", "Noah Garcia", "Emily Davis"],
}
SUBJECTS = [
    ("question", "Charging at home: which wall box fits my garage?"),
    ("question", "How do I share my digital key with my partner?"),
    ("complaint", "Handover was 40 minutes late and nobody called"),
    ("complaint", "Paint scratch on the tailgate noticed at delivery"),
    ("technical", "Navigation freezes after the latest software update"),
    ("technical", "Rattling noise from the passenger door above 80 km/h"),
    ("technical", "Phone key stops working in the underground car park"),
    ("delivery", "Can my delivery move one week later?"),
    ("delivery", "Winter tyres not fitted at handover as ordered"),
    ("question", "Invoice shows the wrong company address"),
]
CHANNEL_WEIGHTS = [("phone", 30), ("email", 30), ("chat", 20), ("portal", 12),
                   ("walk_in", 5), ("social", 3)]
# The README's portal customers: (contact, subject, type, where it ends, days ago), so
# that /my/cases and the confirm button can be tried with their logins.
PORTAL_STORIES = [
    ("order_tracking.partner_customer_emma",
     "The ETA of my Polaris 4 moved again: will it be here before the holidays?",
     "delivery", "solved", 3),
    ("order_tracking.partner_customer_noah",
     "Which winter tyres come with my car, and can I have them fitted at handover?",
     "question", "waiting", 1),
]
# Where each case ends: open stages and solved/closed, with the share of each.
OUTCOMES = [("new", 6), ("progress", 12), ("waiting", 6), ("solved", 10), ("closed", 26)]


class CxCasesDemo(models.AbstractModel):
    _name = "cx.cases.demo"
    _description = "CX Cases demo data generator"

    @api.model
    def _demo_generate(self):
        rng = random.Random(2026)
        teams = self._demo_teams()
        customers = self._demo_customers(teams)
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        channels = [c for c, w in CHANNEL_WEIGHTS for _i in range(w)]
        endings = [o for o, w in OUTCOMES for _i in range(w)]
        types = {t.code: t for t in self.env["cx.case.type"].search([])}
        outlets = self.env["dealer.outlet"].search([("state", "=", "active")])
        for index in range(62):
            market = rng.choice(list(teams))
            team = teams[market]
            partner = rng.choice(customers[market])
            type_code, subject = rng.choice(SUBJECTS)
            ending = rng.choice(endings)
            # Open cases are recent; solved and closed ones spread over six weeks.
            days = rng.randint(0, 2) if ending in ("new", "progress", "waiting") else (
                rng.randint(2, 45))
            opened = now - timedelta(days=days, hours=rng.randint(0, 8))
            market_outlets = outlets.filtered(lambda o, t=team: o.company_id == t.company_id)
            token = DEMO_CLOCK.set(opened)
            try:
                case = self.env["cx.case"].sudo().create({
                    "name": subject, "partner_id": partner.id, "team_id": team.id,
                    "channel": rng.choice(channels), "type_id": types[type_code].id,
                    "priority": "2" if type_code == "complaint" else rng.choice("0111"),
                    "user_id": rng.choice(team.member_ids.ids) if team.member_ids else False,
                    "outlet_id": rng.choice(market_outlets.ids) if market_outlets and
                    rng.random() < 0.6 else False,
                    "date_open": opened,
                    "description": f"<p>{subject}. {partner.name} called about it.</p>",
                })
            finally:
                DEMO_CLOCK.reset(token)
            self._demo_date_messages(case, opened)
            self._demo_play(case, ending, opened, rng, index)
        self._demo_portal_stories(teams["nl"], types, now)

    def _demo_portal_stories(self, team, types, now):
        rng = random.Random(4)
        for xmlid, subject, type_code, ending, days in PORTAL_STORIES:
            partner = self.env.ref(xmlid, raise_if_not_found=False)
            if not partner:
                continue
            order = self.env["vehicle.order"].search(
                [("partner_id", "=", partner.id)], order="id", limit=1
            )
            opened = now - timedelta(days=days, hours=2)
            token = DEMO_CLOCK.set(opened)
            try:
                case = self.env["cx.case"].sudo().create({
                    "name": subject, "partner_id": partner.id, "team_id": team.id,
                    "channel": "portal", "type_id": types[type_code].id,
                    "order_id": order.id, "user_id": team.member_ids[:1].id,
                    "date_open": opened, "description": f"<p>{subject}</p>",
                })
            finally:
                DEMO_CLOCK.reset(token)
            self._demo_date_messages(case, opened)
            self._demo_play(case, ending, opened, rng, 0)

    def _demo_play(self, case, ending, opened, rng, index):
        """Replay the case's life through the workflow, at the demo clock's times."""
        steps = []
        clock = opened
        if ending == "new":
            return
        clock += timedelta(minutes=rng.randint(20, 300))
        steps.append((clock, lambda c: self._demo_reply(c, "agent")))
        steps.append((clock, lambda c: c.action_start()))
        if ending == "waiting" or rng.random() < 0.3:
            steps.append((clock, lambda c: c.action_wait_customer()))
            clock += timedelta(hours=rng.randint(4, 40))
            if ending != "waiting":
                steps.append((clock, lambda c: self._demo_reply(c, "customer")))
        if ending in ("solved", "closed"):
            clock += timedelta(hours=rng.randint(1, 30))
            steps.append((clock, lambda c: c.action_solve()))
        if ending == "closed":
            clock += timedelta(hours=rng.randint(2, 48))
            how = rng.choice(["agent", "portal", "email"])
            steps.append((clock, lambda c: self._demo_confirm(c, how, rng, index)))
        for when, step in steps:
            if when > fields.Datetime.now():
                break
            token = DEMO_CLOCK.set(when)
            try:
                step(case.sudo())
            finally:
                DEMO_CLOCK.reset(token)
            self._demo_date_messages(case, when)

    def _demo_date_messages(self, case, when):
        """Date the chatter entries of the step just replayed (creation, stage changes
        and their tracking, emails) at the demo clock: tracking is written at commit,
        with the real time, so the history would otherwise read backwards."""
        self.env.cr.precommit.run()
        case.sudo().message_ids.filtered(lambda m: m.date > when).write({"date": when})

    @staticmethod
    def _demo_reply(case, who):
        if who == "agent":
            author = case.user_id.partner_id or case.team_id.member_ids[:1].partner_id
            body = "Thank you for contacting us. We are looking into it and will call you."
        else:
            author = case.partner_id
            body = "Here are the photos you asked for; the issue happens every morning."
        case.message_post(body=body, author_id=author.id, message_type="comment",
                          subtype_xmlid="mail.mt_comment", date=DEMO_CLOCK.get())

    @staticmethod
    def _demo_confirm(case, how, rng, index):
        if how == "agent":
            case._close_confirmed("agent", note="Called the customer: all is well now.",
                                  user=case.user_id or case.env.user)
        else:
            case._confirm_by_customer(how)
        # About four in five answer; satisfaction near the brand's 80 %.
        if rng.random() < 0.8:
            score = rng.choice([5, 5, 5, 5, 4, 4, 4, 4, 3, 1])
            rating = case.rating_apply(score, token=case._rating_get_access_token(),
                                       feedback=rng.choice(["", "Quick and friendly.",
                                                            "Took a while but solved.",
                                                            "Nobody called me back at first."]))
            # Answered on the day of the replayed step, not on the day of the install.
            rating.rated_on = DEMO_CLOCK.get() or rating.rated_on

    @api.model
    def _demo_teams(self):
        teams = {}
        agents = self.env.ref("cx_cases.user_cx_agent")
        supervisor = self.env.ref("cx_cases.user_cx_supervisor")
        for code, (name, alias, tz, week, saturday, holidays) in MARKETS.items():
            company = self.env.ref(f"dealer_profile.company_market_{code}")
            calendar = self._demo_calendar(company, name, tz, week, saturday, holidays)
            team = self.env["cx.case.team"].create({
                "name": name, "company_id": company.id, "alias_name": alias,
                "resource_calendar_id": calendar.id,
                "member_ids": [Command.set(agents.ids)] if code in ("nl", "be") else [],
                "supervisor_id": supervisor.id if code in ("nl", "be", "de") else False,
            })
            default = self.env["cx.sla.policy"].create({
                "name": f"{name}: standard", "company_id": company.id, "team_id": team.id,
                "first_response_hours": 4, "resolution_hours": 24, "sequence": 20,
            })
            self.env["cx.sla.policy"].create({
                "name": f"{name}: complaints", "company_id": company.id, "team_id": team.id,
                "type_ids": [Command.set(self.env.ref("cx_cases.cx_case_type_complaint").ids)],
                "first_response_hours": 2, "resolution_hours": 16, "sequence": 10,
            })
            team.sla_policy_id = default
            teams[code] = team
        return teams

    @api.model
    def _demo_calendar(self, company, name, tz, week, saturday, holidays):
        slots = [(day, week[0], 12.5 if week[0] < 12 else week[1]) for day in range(5)]
        slots += [(day, 13, week[1]) for day in range(5)]
        if saturday:
            slots.append((5, saturday[0], saturday[1]))
        calendar = self.env["resource.calendar"].create({
            "name": f"{name} hours", "company_id": company.id, "tz": tz,
            "attendance_ids": [Command.clear()] + [Command.create({
                "name": f"{day}/{start}", "dayofweek": str(day), "hour_from": start,
                "hour_to": stop, "day_period": "morning" if start < 12 else "afternoon",
            }) for day, start, stop in slots],
        })
        self.env["resource.calendar.leaves"].create([{
            "name": "Public holiday", "calendar_id": calendar.id, "company_id": company.id,
            "date_from": datetime.combine(date.fromisoformat(day), time(0, 0)),
            "date_to": datetime.combine(date.fromisoformat(day), time(23, 59)),
            "time_type": "leave",
        } for day in holidays])
        return calendar

    @api.model
    def _demo_customers(self, teams):
        Partner = self.env["res.partner"]
        customers = {}
        for code, names in CUSTOMERS.items():
            country = self.env.ref(f"base.{code}")
            customers[code] = Partner.create([{
                "name": name,
                "email": f"{name.lower().replace(' ', '.')}@example.com".replace("ü", "u"),
                "phone": f"+{country.phone_code} 6{index:02d} 555 {100 + index}",
                "country_id": country.id, "ref": f"CX-{code.upper()}-{index:02d}",
            } for index, name in enumerate(names)])
        return customers

    @api.model
    def _demo_campaign_and_deliveries(self):
        """A recall in progress in the Netherlands, and two delivered orders whose
        courtesy calls are planned."""
        team = self.env["cx.case.team"].search([("alias_name", "=", "care-nl")], limit=1)
        campaign = self.env["cx.campaign"].create({
            "name": "Panoramic roof seal replacement", "kind": "recall",
            "company_id": team.company_id.id, "team_id": team.id,
            "target_model": "res.partner", "target_domain": "[('ref', '=like', 'CX-NL-%')]",
            "description": "<p>Explain that water may enter at the front edge of the "
            "panoramic roof in heavy rain; offer a free seal replacement (1 hour) at the "
            "nearest service point, with a courtesy car.</p>",
        })
        campaign.action_start()
        campaign._open_cases_batch(campaign._missing_partner_ids())
        campaign._set_state("open")
        self._demo_campaign_calls(campaign)
        self._demo_deliveries(team)

    @api.model
    def _demo_campaign_calls(self, campaign):
        """The agent has called the first customers of the recall: each call is in the
        case's chatter, and the case moved as the call went (the campaign's "contacted"
        figure counts exactly these cases; the others are still to call)."""
        agent = self.env.ref("cx_cases.user_cx_agent", raise_if_not_found=False)
        calls = [
            ("appointment", "Called: seal replacement booked at Amsterdam Space, courtesy "
             "car reserved.", False),
            ("appointment", "Called: appointment booked at Utrecht Space for next week.",
             False),
            ("informed", "Called: explained the recall; the customer will book online "
             "after the holidays.", True),
            ("solution_offered", "Called: offered a mobile technician visit at home; the "
             "customer accepted.", True),
            ("not_reached", "No answer; voicemail left asking to call the care team back.",
             False),
        ]
        for case, (outcome, note, solve) in zip(campaign.case_ids.sorted("id"), calls,
                                                strict=False):
            case.action_start()
            case.message_post(
                body=note, subtype_xmlid="mail.mt_note",
                author_id=agent.partner_id.id if agent else None,
            )
            case.campaign_outcome = outcome
            if solve:
                case.action_solve()

    @api.model
    def _demo_deliveries(self, team):
        customers = self.env["res.partner"].search([("ref", "=like", "CX-NL-%")], limit=3)
        outlet = self.env.ref("dealer_profile.outlet_ams01")
        handover = self.env["vehicle.order.status"].search([("is_handover", "=", True)],
                                                           limit=1)
        Event = self.env["vehicle.order.event"]
        today = fields.Date.context_today(self)
        for index, customer in enumerate(customers):
            order = self.env["vehicle.order"].create({
                "partner_id": customer.id, "outlet_id": outlet.id,
                "vehicle_model": "Aurora Polaris 4", "order_date": today - timedelta(days=90),
            })
            if index < 2 and handover:
                Event._upsert([Event._normalize_vals({
                    "order_id": order.id, "status_id": handover.id,
                    "source_system": "DEMO-FACTORY",
                    "actual_date": today - timedelta(days=3 + index),
                })])
