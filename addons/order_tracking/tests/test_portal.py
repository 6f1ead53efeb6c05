import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.dealer_profile.tests.test_i18n import load_language

from .common import OrderTrackingCommon

# Every code and internal name of the catalogue; none may reach a portal page or an email.
INTERNAL_NAME_MIN_LENGTH = 8


class PortalLeakMixin:

    def _internal_texts(self):
        statuses = self.env["vehicle.order.status"].with_context(active_test=False).search([])
        texts = set(statuses.mapped("code"))
        texts |= {s.name for s in statuses}
        return texts

    def assertNoInternalText(self, html):
        """No status code (as a word) and no internal name in the HTML."""
        for text in self._internal_texts():
            if re.fullmatch(r"[A-Z]\d{3}", text):
                self.assertIsNone(re.search(rf"\b{text}\b", html), f"code {text} leaked")
            else:
                self.assertNotIn(text.lower(), html.lower(), f"internal name {text!r} leaked")


class OrderTrackingPortalCommon(OrderTrackingCommon, PortalLeakMixin):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.port = cls.env["vehicle.order.location"].create({
            "name": "Port of Zeebrugge", "code": "TPORTZEE", "kind": "port",
            "latitude": 51.33, "longitude": 3.2,
            "live_stream_url": "https://live.example.com/zeebrugge",
            "image": "R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=",
        })
        days = cls.today
        for code, actual in (("V200", -50), ("V250", -40), ("V260", -30), ("V300", -20),
                             ("V333", -15), ("V334", -12), ("V335", -9)):
            cls._event(cls.order_1, code, actual_date=days + timedelta(days=actual))
        cls._event(cls.order_1, "V336", actual_date=days + timedelta(days=-7),
                   location_id=cls.port.id)
        cls._event(cls.order_1, "O090", actual_date=days + timedelta(days=-6))
        cls._event(cls.order_1, "D002", expected_date=days + timedelta(days=10),
                   planned_date=days + timedelta(days=8))
        cls._event(cls.order_1, "V999", expected_date=days + timedelta(days=30),
                   reason="production slot confirmed")
        cls._event(cls.order_1, "V999", expected_date=days + timedelta(days=41),
                   reason="port congestion")
        cls._event(cls.order_2, "V260", actual_date=days + timedelta(days=-3))
        cls.notice = cls.env["vehicle.order.notice"].create({
            "name": "Storm in the North Sea",
            "body": "Ships leave the port two days later than planned.",
            # Valid since yesterday: "today" differs between time zones around midnight.
            "date_start": fields.Date.today() - timedelta(days=1),
            "importance": "warning",
            "target_domain": f"[('id', '=', {cls.order_1.id})]",
        })
        cls.env.flush_all()


@tagged("post_install", "-at_install")
class TestVehicleOrderPortal(OrderTrackingPortalCommon, HttpCase):

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _get(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def test_order_page_shows_timeline_in_customer_words(self):
        self._login(self.customer_1)
        page = self._get(f"/my/orders/{self.order_1.id}")
        for text in ("Aurora Polaris 4", "At sea", "Your car is on board a ship.",
                     "Handed over", "Arrived in your country", "Port of Zeebrugge",
                     "https://live.example.com/zeebrugge", "openstreetmap.org",
                     "Storm in the North Sea", "port congestion", "fa-exclamation-triangle"):
            self.assertIn(text, page)
        self.assertEqual(page.count("o_vehicle_step_done"), 7)
        self.assertEqual(page.count("o_vehicle_step_current"), 1)
        self.assertNoInternalText(page)

    def test_home_shows_card_and_notice(self):
        self._login(self.customer_1)
        page = self._get("/my")
        self.assertIn("o_vehicle_order_card", page)
        self.assertIn("At sea", page)
        self.assertIn("Arrived in your country", page)  # the next step
        self.assertIn("Storm in the North Sea", page)
        self.assertNoInternalText(page)

    def test_home_heading_counts_the_cars(self):
        """Two cars on the way are "Your cars" (Emma van Dijk read "Uw auto" above her
        two orders)."""
        self._login(self.customer_2)
        self.assertIn(">Your car<", self._get("/my"))
        self._create_order("T-ORDER-0004", self.customer_2, self.outlet_a)
        self.env.flush_all()
        page = self._get("/my")
        self.assertIn(">Your cars<", page)
        self.assertNotIn(">Your car<", page)

    def test_home_tells_eta_moved_since_last_visit(self):
        self._login(self.customer_1)
        self.assertNotIn("o_vehicle_eta_moved", self._get("/my"))
        self._event(self.order_1, "V999", expected_date=self._days(50), reason="weather")
        self.env.flush_all()
        page = self._get("/my")
        self.assertIn("o_vehicle_eta_moved", page)
        self.assertNotIn("o_vehicle_eta_moved", self._get("/my"))

    def test_order_page_says_whose_last_visit(self):
        """The order page tells the customer the date moved since their last visit; the
        outlet's Space manager reads the same page about the customer's last visit (it
        told them about "your last visit", a visit that was not theirs), and their
        visit leaves the customer's marker as it was."""
        self._login(self.customer_1)
        self._get(f"/my/orders/{self.order_1.id}")
        self._event(self.order_1, "V999", expected_date=self._days(50), reason="weather")
        self.env.flush_all()
        self._login(self.dealer_a)
        page = self._get(f"/my/orders/{self.order_1.id}").replace("&#39;", "'")
        self.assertIn("moved since the customer's last visit", page)
        self.assertNotIn("moved since your last visit", page)
        self._login(self.customer_1)
        page = self._get(f"/my/orders/{self.order_1.id}")
        self.assertIn("moved since your last visit", page)

    def test_every_portal_page_is_free_of_internal_text(self):
        for user in (self.customer_1, self.customer_2, self.dealer_a):
            self._login(user)
            for url in ("/my", "/my/home", "/my/orders", "/my/orders?filterby=all",
                        f"/my/orders/{self.order_1.id}", f"/my/orders/{self.order_2.id}"):
                with self.subTest(user=user.login, url=url):
                    response = self.url_open(url)
                    self.assertNoInternalText(response.text)

    def test_customers_do_not_see_each_other(self):
        for user, own, other in ((self.customer_1, self.order_1, self.order_2),
                                 (self.customer_2, self.order_2, self.order_1)):
            with self.subTest(user=user.login):
                self._login(user)
                listing = self._get("/my/orders?filterby=all")
                self.assertIn(f"/my/orders/{own.id}", listing)
                self.assertNotIn(f"/my/orders/{other.id}", listing)
                response = self.url_open(f"/my/orders/{other.id}", allow_redirects=False)
                self.assertEqual(response.status_code, 303)
                self.assertNotIn(other.name, response.text)

    def test_dealers_see_orders_of_their_outlets_only(self):
        self._login(self.dealer_a)
        listing = self._get("/my/orders?filterby=all")
        for order in (self.order_1, self.order_2):
            self.assertIn(f"/my/orders/{order.id}", listing)
        self.assertNotIn(f"/my/orders/{self.order_3.id}", listing)
        self._login(self.dealer_b)
        listing = self._get("/my/orders?filterby=all")
        self.assertIn(f"/my/orders/{self.order_3.id}", listing)
        for order in (self.order_1, self.order_2):
            self.assertNotIn(f"/my/orders/{order.id}", listing)
            response = self.url_open(f"/my/orders/{order.id}", allow_redirects=False)
            self.assertEqual(response.status_code, 303)

    def test_dealer_list_says_whose_car_and_where(self):
        """A dealer's list has the customer and outlet columns; a customer's has not."""
        self._login(self.dealer_a)
        listing = self._get("/my/orders?filterby=all")
        self.assertIn("o_vehicle_col_customer", listing)
        self.assertIn(self.order_1.partner_id.name, listing)
        self.assertIn(self.order_1.outlet_id.name, listing)
        self._login(self.customer_1)
        self.assertNotIn("o_vehicle_col_customer", self._get("/my/orders?filterby=all"))

    def test_order_page_shows_vin_and_order_date(self):
        self.order_1.sudo().vin = self.order_1.vin or "YV1ZWA8UDL1234567"
        self._login(self.customer_1)
        page = self._get(f"/my/orders/{self.order_1.id}")
        self.assertIn(self.order_1.vin, page)
        self.assertIn(self.order_1._portal_date(self.order_1.order_date), page)

    def test_handover_in_calendar_with_address(self):
        """A booked handover shows the outlet's address and downloads as an .ics file,
        for the customer only."""
        slot = self.today + timedelta(days=12)
        self.order_1.sudo().handover_datetime = f"{slot} 09:00:00"
        self._login(self.customer_1)
        page = self._get(f"/my/orders/{self.order_1.id}")
        self.assertIn("o_vehicle_handover_ics", page)
        self.assertIn(self.order_1._portal_handover_address(), page)
        response = self.url_open(f"/my/orders/{self.order_1.id}/handover.ics")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/calendar"))
        ics = response.text
        self.assertIn(f"DTSTART:{slot.strftime('%Y%m%d')}T090000Z", ics)
        self.assertIn("BEGIN:VEVENT", ics)
        self.assertIn("LOCATION:" + self.order_1.outlet_id.name, ics)
        self._login(self.customer_2)
        other = self.url_open(f"/my/orders/{self.order_1.id}/handover.ics")
        self.assertEqual(other.status_code, 404)
        self.assertNotIn("VEVENT", other.text)

    def test_access_token_link_works_without_login(self):
        self.order_1._portal_ensure_token()
        self.authenticate(None, None)
        page = self._get(f"/my/orders/{self.order_1.id}?access_token={self.order_1.access_token}")
        self.assertIn("At sea", page)
        self.assertNoInternalText(page)
        response = self.url_open(f"/my/orders/{self.order_1.id}?access_token=wrong",
                                 allow_redirects=False)
        self.assertEqual(response.status_code, 303)

    def test_location_image_needs_access(self):
        self._login(self.customer_1)
        response = self.url_open(f"/my/orders/{self.order_1.id}/location-image")
        self.assertEqual(response.status_code, 200)
        self._login(self.customer_2)
        response = self.url_open(f"/my/orders/{self.order_1.id}/location-image")
        self.assertEqual(response.status_code, 404)

    def test_tour_customer_reads_timeline(self):
        self.start_tour("/my", "order_tracking_customer_timeline", login=self.customer_1.login)
        registration = self.order_1.task_ids.filtered(lambda t: t.kind == "registration")
        self.assertEqual(registration.state, "done")
        self.assertIn("Keizersgracht 12", registration.answer)

    def test_tour_home_cards_hold_their_text_in_dutch(self):
        """A Dutch customer whose delivery date moved since their last visit: the card's
        badge ("verschoven sinds uw laatste bezoek (was ...)") wraps inside the card."""
        load_language(self.env, "nl_NL", ["order_tracking"])
        self.customer_1.partner_id.lang = "nl_NL"
        self.order_1.portal_seen_eta_date = self.order_1.eta_date - timedelta(days=5)
        self.browser_size = "1280x900"
        self.start_tour("/my", "order_tracking_home_cards_fit", login=self.customer_1.login)

    def test_customer_opts_out(self):
        from odoo.http import Request
        self._login(self.customer_1)
        self.url_open(f"/my/orders/{self.order_1.id}/notifications",
                      data={"csrf_token": Request.csrf_token(self), "opt_out": "1"})
        self.assertTrue(self.order_1.notify_opt_out)
        self._login(self.dealer_a)
        self.url_open(f"/my/orders/{self.order_1.id}/notifications",
                      data={"csrf_token": Request.csrf_token(self), "opt_out": "0"})
        self.order_1.invalidate_recordset()
        self.assertTrue(self.order_1.notify_opt_out, "a dealer cannot opt a customer in")
