from datetime import timedelta

from odoo.tests import HttpCase, tagged

from .common import OrderTrackingCommon
from .test_portal import OrderTrackingPortalCommon

EXTRA_STEPS = 495


@tagged("post_install", "-at_install")
class TestOrderPageQueries(OrderTrackingCommon, HttpCase):
    """The order page costs the same number of queries with 5 or 500 events (and 500
    ETA changes): nothing is read per event, per step or per change."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Status = cls.env["vehicle.order.status"]
        extra = Status.create([{
            "code": f"Q{n:03d}", "name": f"perf step {n}", "sequence": 1000 + n,
            "customer_label": f"Extra step {n}", "phase": "logistics",
        } for n in range(EXTRA_STEPS)])
        codes = ["V200", "V250", "V260", "V300", "V333"]
        Event = cls.env["vehicle.order.event"]
        Event._upsert([Event._normalize_vals({
            "order_id": cls.order_2.id, "status_id": cls.statuses[code].id,
            "source_system": "PERF", "actual_date": cls.today,
        }) for code in codes])
        Event._upsert([Event._normalize_vals({
            "order_id": cls.order_1.id, "status_id": status.id, "source_system": "PERF",
            "expected_date": cls.today,
            **({"actual_date": cls.today} if status.code in codes else {}),
        }) for status in (Status.browse([cls.statuses[c].id for c in codes]) | extra)])
        cls.env["vehicle.order.eta.change"].create([{
            "order_id": order.id, "new_date": cls.today, "reason": f"change {n}",
        } for order, count in ((cls.order_1, 500), (cls.order_2, 5)) for n in range(count)])
        cls.small, cls.big = cls.order_2, cls.order_1
        cls.env.flush_all()

    def _render(self, order):
        values = order.with_user(self.customer_1)._portal_page_values()
        values.update(is_customer=True, csrf_token="x", access_token=None)
        return self.env["ir.qweb"]._render("order_tracking.portal_vehicle_order_content", values)

    def test_event_counts(self):
        self.assertEqual(self.env["vehicle.order.event"].search_count(
            [("order_id", "=", self.small.id)]), 5)
        self.assertEqual(self.env["vehicle.order.event"].search_count(
            [("order_id", "=", self.big.id)]), 500)

    def test_order_page_same_queries_for_5_and_500_events(self):
        for order in (self.small, self.big):
            self._render(order)  # warm the registry and ormcaches
            self.env.invalidate_all()
            with self.subTest(events=len(order.sudo().event_ids)), self.assertQueryCount(20):
                html = self._render(order)
            self.assertIn("Extra step 494", str(html))
            self.env.invalidate_all()

    def test_order_page_over_http_same_queries(self):
        counts = []
        for order, user in ((self.small, self.customer_2), (self.big, self.customer_1)):
            self.authenticate(user.login, user.login)
            url = f"/my/orders/{order.id}"
            self.url_open(url)  # warm
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            response = self.url_open(url)
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(response.status_code, 200)
            self.assertIn("Extra step 494", response.text)
        self.assertEqual(counts[0], counts[1], f"queries for 5 vs 500 events: {counts}")


@tagged("post_install", "-at_install")
class TestFleetCustomerHome(OrderTrackingPortalCommon, HttpCase):
    """A leasing company with many open orders gets /my in the same number of queries
    as a customer with a few: the home shows the latest orders and links to the rest."""

    def _add_orders(self, count, start):
        for index in range(start, start + count):
            self._create_order(f"FLEET-{index:03d}", self.customer_1, self.outlet_a)
        self.env.flush_all()

    def _home_queries(self):
        self.url_open("/my")  # warm
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before, response.text

    def test_home_queries_flat_with_the_number_of_orders(self):
        self.authenticate(self.customer_1.login, self.customer_1.login)
        few, page = self._home_queries()
        self.assertNotIn("o_vehicle_more_orders", page)
        self._add_orders(5, 0)
        six, page = self._home_queries()
        self._add_orders(60, 5)
        many, many_page = self._home_queries()
        self.assertEqual(six, many, f"queries for 6 vs 66 open orders: {six}, {many}")
        self.assertEqual(many_page.count("o_vehicle_order_card"), 6)
        self.assertIn("See all your 66 orders in progress", many_page)


@tagged("post_install", "-at_install")
class TestFleetCustomerPortal(OrderTrackingCommon, HttpCase):
    """A fleet customer with 500 orders gets /my, /my/orders (searched or not) and an
    order page in the same number of queries as a customer with 5; the order page costs
    no more than /my."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.small_fleet = cls._new_user("test_fleet_small", "base.group_portal", cls.market_a)
        cls.big_fleet = cls._new_user("test_fleet_big", "base.group_portal", cls.market_a)
        outlets = cls.outlet_a | cls.outlet_a2
        Order = cls.env["vehicle.order"]
        cls.fleets = {}
        for user, count in ((cls.small_fleet, 5), (cls.big_fleet, 500)):
            cls.fleets[user] = Order.create([{
                "name": f"FLEET-{user.id}-{n:04d}",
                "partner_id": user.partner_id.id,
                "outlet_id": outlets[n % len(outlets)].id,
                "vehicle_model": "Aurora Polaris 4" if n % 2 else "Aurora Vega",
                "vin": f"VF1FL{user.id % 1000:03d}{n:09d}",
                "order_date": cls.today - timedelta(days=n % 90),
                "eta_date": cls.today + timedelta(days=30 + n % 60),
                "portal_seen_eta_date": cls.today + timedelta(days=30),
            } for n in range(count)])
        Event = cls.env["vehicle.order.event"]
        Event._upsert([Event._normalize_vals({
            "order_id": order.id, "status_id": cls.statuses[code].id,
            "source_system": "PERF", "actual_date": cls.today,
        }) for orders in cls.fleets.values() for order in orders for code in ("V200", "V260")])
        cls.env.flush_all()

    def _queries(self, url):
        self.url_open(url)  # warm
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return self.cr.sql_log_count - before, response.text

    def _counts(self, user):
        self.authenticate(user.login, user.login)
        order = self.fleets[user][0]
        return {
            "home": self._queries("/my")[0],
            "orders": self._queries("/my/orders?filterby=all")[0],
            "search": self._queries("/my/orders?search_in=model&search=Vega")[0],
            "page2": self._queries("/my/orders/page/2?filterby=all")[0]
            if len(self.fleets[user]) > 20 else None,
            "order": self._queries(f"/my/orders/{order.id}")[0],
        }

    def test_portal_queries_flat_with_the_number_of_orders(self):
        small, big = self._counts(self.small_fleet), self._counts(self.big_fleet)
        for page in ("home", "orders", "search", "order"):
            self.assertEqual(small[page], big[page], f"{page}: 5 vs 500 orders: {small}, {big}")
        self.assertLessEqual(big["order"], big["home"], f"order page vs /my: {big}")

    def test_searchbar_finds_by_vin_model_outlet_and_status(self):
        self.authenticate(self.big_fleet.login, self.big_fleet.login)
        orders = self.fleets[self.big_fleet]
        target = orders[7]
        page = self._queries(f"/my/orders?filterby=all&search_in=vin&search={target.vin}")[1]
        self.assertEqual(page.count(f">{target.name}<"), 1)
        self.assertNotIn(orders[8].name, page)
        self.assertIn('name="search"', page)
        page = self._queries("/my/orders?filterby=all&search_in=outlet&search="
                             f"{self.outlet_a2.name}")[1]
        self.assertIn(orders[1].name, page)  # odd orders are at outlet A2
        self.assertNotIn(f">{orders[0].name}<", page)
        page = self._queries("/my/orders?filterby=all&search_in=status&search=production")[1]
        self.assertIn("Production started", page)
        page = self._queries("/my/orders?filterby=all&search_in=status&search=V260")[1]
        self.assertIn("No car order matches your search", page, "a status code is not searchable")
        page = self._queries("/my/orders?filterby=all&search=Vega")[1]
        self.assertIn(f">{orders[0].name}<", page)
        self.assertNotIn(f">{orders[1].name}<", page)

    def test_searchbar_hostile_input(self):
        """A NUL or a control character in the search box is dropped (it reached
        PostgreSQL: 500 and a traceback); a huge text is cut; the rest is searched."""
        self.authenticate(self.big_fleet.login, self.big_fleet.login)
        target = self.fleets[self.big_fleet][7]
        for search in ("%00x", f"%00{target.vin}%01", "%ED%A0%80", "x" * 5000,
                       "%27%3B--", "%F0%9F%98%80"):
            with self.subTest(search=search[:20]):
                response = self.url_open(f"/my/orders?filterby=all&search_in=vin&search={search}")
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("Traceback", response.text)
        page = self.url_open(f"/my/orders?filterby=all&search_in=vin&search=%00{target.vin}").text
        self.assertEqual(page.count(f">{target.name}<"), 1)

    def test_searchbar_never_shows_another_customers_orders(self):
        self.authenticate(self.small_fleet.login, self.small_fleet.login)
        other = self.fleets[self.big_fleet][3]
        page = self._queries(f"/my/orders?filterby=all&search_in=vin&search={other.vin}")[1]
        self.assertNotIn(other.name, page)
        self.assertIn("No car order matches your search", page)
