import random
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.base.models.res_users import KEY_CRYPT_CONTEXT

from ..tools.event_api import API_KEY_SCOPE

# The documented demo key of the factory feed (README): demo databases only.
DEMO_API_KEY = "aurora-demo-factory-feed-key-0000000000"
# Days each step usually takes after the previous one, on the way to a European market.
ROUTE = [
    ("V200", 0), ("V250", 14), ("V260", 21), ("V300", 3), ("V333", 1), ("V334", 2),
    ("V335", 1), ("V336", 4), ("D002", 12), ("D003", 4), ("O090", 1), ("O100", 2),
    ("O400", 1), ("V900", 3), ("V999", 7),
]
MODELS = [
    ("Aurora Polaris 4", "Long Range Dual Motor, Fjord Blue, 20\" Nordic wheels, Pilot Assist"),
    ("Aurora Polaris 4", "Standard Range, Snow White, 19\" wheels, heat pump"),
    ("Aurora Borealis 7", "Seven seats, Midnight Black, towbar, Winter pack"),
    ("Aurora Borealis 7", "Performance, Aurora Green, 22\" wheels, Bowers sound system"),
    ("Aurora Lumen", "City, Sand Beige, panoramic roof"),
    ("Aurora Lumen", "Plus, Graphite Grey, Driver Assist pack"),
]
DELAY_REASONS = [
    "port congestion in Zeebrugge", "storm over the North Sea",
    "an extra quality check at the plant", "a late delivery of seats from a supplier",
    "fewer places on the ship than planned",
]
OTHER_CUSTOMERS = [
    "Daan Visser", "Sem de Boer", "Fleur Mulder", "Ruben Smit", "Marie Dubois",
    "Jonas Fischer", "Lena Wagner", "Felix Hoffmann", "Elin Nilsson", "Oskar Berg",
    "Kari Nordmann", "Siti Nurhaliza", "Lim Chee Keong", "Sara Johansson", "Bram Peeters",
    "Hannah Keller", "Erik Solberg", "Ahmad Faizal", "Nina Hendriks", "Victor Lambert",
]
# Market of each demo outlet (dealer_profile demo).
OUTLETS = {
    "nl": ["outlet_ams01", "outlet_utr01", "outlet_rtm01"],
    "be": ["outlet_bru01", "outlet_ant01"],
    "de": ["outlet_ber01", "outlet_muc01"],
    "se": ["outlet_sto01", "outlet_got01"],
    "no": ["outlet_osl01"],
    "my": ["outlet_kul01", "outlet_pen01"],
}
CUSTOMERS = [
    ("emma", "nl", 0, [7, 0]), ("noah", "nl", 1, [9]), ("lotte", "nl", 2, [13]),
    ("thomas", "be", 0, [5]), ("julie", "be", 1, [12]), ("lukas", "de", 0, [3]),
    ("anna", "de", 1, [8]), ("astrid", "se", 0, [2]), ("ingrid", "no", 0, [6]),
    ("aisyah", "my", 0, [8]), ("wei", "my", 1, [1]), ("sofia", "se", 1, [10]),
]


class VehicleOrderDemo(models.AbstractModel):
    """The demo story (demo data only)."""

    _name = "vehicle.order.demo"
    _description = "Vehicle Order Demo Story"

    @api.model
    def _demo_load_story(self):
        """~45 orders of the demo outlets in every phase, with their factory and shipping
        events, ETA moves and a dozen delivered orders to learn lead times from."""
        rng = random.Random(2026)
        today = fields.Date.context_today(self)
        ref = self.env.ref
        plans = []
        for key, market, outlet_index, steps in CUSTOMERS:
            partner = ref(f"order_tracking.partner_customer_{key}")
            for step in steps:
                plans.append((partner, market, outlet_index, step))
        Partner = self.env["res.partner"]
        markets = list(OUTLETS)
        for n, name in enumerate(OTHER_CUSTOMERS):
            market = markets[n % len(markets)]
            partner = Partner.create({"name": name, "email": f"customer{n + 1}@example.com"})
            plans.append((partner, market, n % len(OUTLETS[market]), rng.randrange(0, 14)))
        # A dozen cars delivered over the last months: lead times are learned from them.
        for n in range(12):
            market = markets[n % len(markets)]
            plans.append((plans[13 + n][0], market, 0, len(ROUTE) - 1))
        orders = self.env["vehicle.order"]
        for index, (partner, market, outlet_index, step) in enumerate(plans):
            orders |= self._demo_order(rng, today, index, partner, market, outlet_index, step)
        self.env["vehicle.order.lead.time"]._cron_learn()
        self._demo_set_api_key()
        return orders

    def _demo_order(self, rng, today, index, partner, market, outlet_index, step):
        outlet = self.env.ref(f"dealer_profile.{OUTLETS[market][outlet_index]}")
        vehicle_model, configuration = MODELS[index % len(MODELS)]
        slow = 16 if market == "my" else 0  # a longer sea voyage to Malaysia
        offsets, day = [], 0
        for code, days in ROUTE:
            day += days + (slow if code == "D002" else 0) + rng.randrange(0, 3)
            offsets.append((code, day))
        delivered = step == len(ROUTE) - 1
        # Today is a few days after the last step reached (long ago for delivered cars).
        elapsed = offsets[step][1] + rng.randrange(0, 3)
        if delivered:
            elapsed += rng.randrange(20, 160)
        start = today - timedelta(days=elapsed)
        plan = {code: start + timedelta(days=d) for code, d in offsets}
        order = self.env["vehicle.order"].create({
            "name": f"AUR-{start.year}-{41000 + index * 37:06d}",
            "partner_id": partner.id,
            "outlet_id": outlet.id,
            "vehicle_model": vehicle_model,
            "configuration": configuration,
            "order_date": start - timedelta(days=rng.randrange(5, 20)),
            "planned_handover_date": plan["V999"],
            "commission_number": f"{71000000 + index * 113}",
            "user_id": self.env.ref("dealer_profile.user_network_officer").id
            if market in ("nl", "be") else False,
        })
        Event = self.env["vehicle.order.event"]
        first = [{"order_id": order.id, "status_id": self._demo_status("V999"),
                  "source_system": "AURORA-OMS", "expected_date": plan["V999"],
                  "planned_date": plan["V999"]}]
        Event._upsert(first)
        delay = rng.choice([0, 0, 0, 2, 5, 9]) if step >= 5 else 0
        if index == 0:
            delay = 5  # Emma's car, the README's example: its ETA moved
        events = []
        for position, (code, _days) in enumerate(ROUTE):
            date = plan[code] + timedelta(days=delay if position > 7 else 0)
            vals = {"order_id": order.id, "status_id": self._demo_status(code),
                    "planned_date": plan[code],
                    "source_system": "NORDIC-RORO" if code in ("V336", "D002") else "AURORA-OMS"}
            if position <= step:
                vals["actual_date"] = min(date, today)
            else:
                vals["expected_date"] = date
            if code == "V999" and delay:
                vals["reason"] = rng.choice(DELAY_REASONS)
            events.append(vals)
        Event._upsert(events)
        if step >= 12 and not delivered:
            for task in order.task_ids[: rng.randrange(1, 4)]:
                task.write({"state": "done"})
        order.sudo().write({
            "notified_status_id": order.customer_status_id.id,
            "notified_eta_date": order.eta_date,
            "portal_seen_eta_date": plan["V999"] if delay else order.eta_date,
        })
        return order

    def _demo_status(self, code):
        return self.env.ref(f"order_tracking.status_{code.lower()}").id

    @api.model
    def _demo_set_api_key(self):
        user = self.env.ref("order_tracking.user_factory_feed")
        self.env.cr.execute(
            """INSERT INTO res_users_apikeys (name, user_id, scope, key, index)
               VALUES (%s, %s, %s, %s, %s)""",
            ["Demo factory feed", user.id, API_KEY_SCOPE, KEY_CRYPT_CONTEXT.hash(DEMO_API_KEY),
             DEMO_API_KEY[:8]],
        )
