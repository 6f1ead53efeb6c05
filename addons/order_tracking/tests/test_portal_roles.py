from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.rpc import call_kw
from odoo.addons.dealer_profile.tests.test_i18n import load_language

from .common import OrderTrackingCommon


@tagged("post_install", "-at_install")
class TestOrderTokenActsForCustomer(OrderTrackingCommon, HttpCase):
    """The order's access token is the customer's key: a dealer never reads it, and a
    logged-in dealer holding it still does not act in the customer's name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.token = cls.order_1._portal_ensure_token()
        cls.task = cls.order_1.task_ids.filtered(lambda t: t.kind == "registration")

    def _as_dealer(self):
        self.authenticate(self.dealer_a.login, self.dealer_a.login)

    def test_dealer_cannot_read_order_token_over_json_rpc(self):
        self._as_dealer()
        for method, args, kwargs in (
            ("read", [[self.order_1.id], ["access_token"]], {}),
            ("search_read", [[("id", "=", self.order_1.id)]], {"fields": ["access_token"]}),
        ):
            with self.subTest(method=method), mute_logger("odoo.http"), \
                    self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(f"/web/dataset/call_kw/vehicle.order/{method}", {
                    "model": "vehicle.order", "method": method, "args": args,
                    "kwargs": kwargs,
                })
        # The order itself stays readable: only the token is hidden.
        [values] = self.make_jsonrpc_request("/web/dataset/call_kw/vehicle.order/read", {
            "model": "vehicle.order", "method": "read",
            "args": [[self.order_1.id], ["name", "partner_id"]], "kwargs": {},
        })
        self.assertEqual(values["name"], self.order_1.name)

    def test_portal_url_over_json_rpc_is_the_customers_only(self):
        """``get_portal_url`` is public: Order Desk staff fetched the token of an order
        they could not even read, a dealer that of their outlet's customer."""
        self.authenticate(self.customer_1.login, self.customer_1.login)
        url, error = call_kw(self, "vehicle.order", "get_portal_url", [self.order_1.id])
        self.assertIsNone(error)
        self.assertEqual(url, f"/my/orders/{self.order_1.id}?access_token={self.token}")
        for user in (self.desk_a, self.ot_manager, self.dealer_a):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                url, error = call_kw(self, "vehicle.order", "get_portal_url",
                                     [self.order_1.id], suffix="/handover.ics")
                self.assertIsNone(error)
                self.assertEqual(url, f"/my/orders/{self.order_1.id}/handover.ics")
        self.authenticate(self.customer_2.login, self.customer_2.login)
        with mute_logger("odoo.http"):
            url, error = call_kw(self, "vehicle.order", "get_portal_url", [self.order_1.id])
        self.assertIsNone(url)
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")

    def test_dealer_pages_carry_no_customer_token(self):
        self._as_dealer()
        for url in ("/my/orders?filterby=all", f"/my/orders/{self.order_1.id}"):
            with self.subTest(url=url):
                self.assertNotIn(self.token, self.url_open(url).text)

    def test_dealer_with_token_cannot_answer_customer_todo(self):
        self._as_dealer()
        response = self.url_open(
            f"/my/orders/{self.order_1.id}/tasks/{self.task.id}",
            data={"access_token": self.token, "answer": "Dealer Street 1, Amsterdam",
                  "csrf_token": Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.task.invalidate_recordset()
        self.assertEqual(self.task.state, "todo")
        self.assertFalse(self.task.answer)

    def test_dealer_redirects_carry_no_customer_token(self):
        """The refusal's redirect used to be the order's portal URL, token included."""
        self._as_dealer()
        for url in (f"/my/orders/{self.order_1.id}/tasks/{self.task.id}",
                    f"/my/orders/{self.order_1.id}/notifications"):
            with self.subTest(url=url):
                response = self.url_open(url, data={"csrf_token": Request.csrf_token(self)},
                                         allow_redirects=False)
                self.assertEqual(response.status_code, 303)
                self.assertNotIn(self.token, response.headers.get("Location", ""))

    def test_dealer_with_token_cannot_switch_customer_emails_off(self):
        self._as_dealer()
        self.url_open(f"/my/orders/{self.order_1.id}/notifications", data={
            "access_token": self.token, "opt_out": "1", "csrf_token": Request.csrf_token(self),
        })
        self.order_1.invalidate_recordset()
        self.assertFalse(self.order_1.notify_opt_out)

    def test_customer_link_still_acts_without_login(self):
        """The customer's email link (logged out) keeps working."""
        self.authenticate(None, None)
        self.url_open(f"/my/orders/{self.order_1.id}/notifications", data={
            "access_token": self.token, "opt_out": "1", "csrf_token": Request.csrf_token(self),
        })
        self.order_1.invalidate_recordset()
        self.assertTrue(self.order_1.notify_opt_out)
        self.url_open(f"/my/orders/{self.order_1.id}/tasks/{self.task.id}", data={
            "access_token": self.token, "answer": "Keizersgracht 12, Amsterdam",
            "csrf_token": Request.csrf_token(self),
        })
        self.task.invalidate_recordset()
        self.assertEqual(self.task.state, "done")

    def test_link_of_the_customer_before_opens_nothing(self):
        """The order desk gives the order to another customer (a typo, a transfer):
        the first customer's email links went on opening it as its customer (the new
        customer's name, address and handover, to-dos answered and emails switched off
        in their name). The token is replaced; the new customer's mail gets the new one."""
        self.call_kw_as(self.desk_a, "write", [self.order_1.ids,
                                              {"partner_id": self.customer_2.partner_id.id}])
        self.authenticate(None, None)
        for url in (f"/my/orders/{self.order_1.id}?access_token={self.token}",
                    f"/my/orders/{self.order_1.id}/handover.ics?access_token={self.token}"):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertIn(response.status_code, (303, 404))
                self.assertNotIn(self.customer_2.partner_id.name, response.text)
        self.url_open(f"/my/orders/{self.order_1.id}/tasks/{self.task.id}", data={
            "access_token": self.token, "answer": "Keizersgracht 12, Amsterdam",
            "csrf_token": Request.csrf_token(self),
        })
        self.url_open(f"/my/orders/{self.order_1.id}/notifications", data={
            "access_token": self.token, "opt_out": "1", "csrf_token": Request.csrf_token(self),
        })
        self.order_1.invalidate_recordset()
        self.task.invalidate_recordset()
        self.assertEqual((self.task.state, self.order_1.notify_opt_out), ("todo", False))
        new_token = self.order_1._portal_ensure_token()
        self.assertNotEqual(new_token, self.token)
        response = self.url_open(f"/my/orders/{self.order_1.id}?access_token={new_token}")
        self.assertEqual(response.status_code, 200)

    def test_token_kept_while_the_customer_stays(self):
        """Other writes, and writing the same customer again, keep the customer's links."""
        self.call_kw_as(self.desk_a, "write", [self.order_1.ids, {
            "partner_id": self.customer_1.partner_id.id, "configuration": "Test: other wheels",
        }])
        self.assertEqual(self.order_1.sudo().access_token, self.token)

    def call_kw_as(self, user, method, args):
        self.authenticate(user.login, user.login)
        result, error = call_kw(self, "vehicle.order", method, *args)
        self.assertIsNone(error)
        return result


@tagged("post_install", "-at_install")
class TestDealerWording(OrderTrackingCommon, HttpCase):
    """An outlet reads a customer's order in the outlet's words ("on its way to the
    outlet"), the customer in theirs ("on its way to your dealer")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._event(cls.order_2, "D002", actual_date=cls.today)
        cls._event(cls.order_2, "D003", actual_date=cls.today)
        cls.env.flush_all()

    def _page(self, user, url):
        self.authenticate(user.login, user.login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_dealer_order_page_in_outlet_words(self):
        page = self._page(self.dealer_a, f"/my/orders/{self.order_2.id}")
        self.assertIn("On its way to the outlet", page)
        self.assertIn("The car left the port by truck.", page)
        self.assertIn("Arrived in the country", page)
        self.assertNotIn("your dealer", page.lower())
        self.assertNotIn("Your car's journey", page)

    def test_dealer_list_in_outlet_words_with_customer_and_outlet(self):
        page = self._page(self.dealer_a, "/my/orders?filterby=all")
        self.assertIn("On its way to the outlet", page)
        self.assertIn("o_vehicle_col_customer", page)
        self.assertIn("o_vehicle_col_outlet", page)
        self.assertIn(self.customer_2.partner_id.name, page)
        self.assertIn(self.outlet_a.name, page)

    def test_customer_keeps_customer_words(self):
        page = self._page(self.customer_2, f"/my/orders/{self.order_2.id}")
        self.assertIn("On its way to your dealer", page)
        self.assertIn("Your car left the port by truck.", page)
        self.assertNotIn("On its way to the outlet", page)
        self.assertNotIn("o_vehicle_col_customer", self._page(self.customer_2, "/my/orders"))

    def test_phone_shows_current_step_and_place_first(self):
        """The steps far from the current one fold away on a phone (CSS class), and the
        place is repeated in the status card, above the journey."""
        page = self._page(self.customer_2, f"/my/orders/{self.order_2.id}")
        self.assertIn("o_vehicle_step_far", page)
        self.assertIn("o_vehicle_timeline_toggle", page)
        current = page.index("o_vehicle_step_current")
        self.assertNotIn("o_vehicle_step_far", page[current - 120:current])


@tagged("post_install", "-at_install")
class TestDealerListOnTablet(OrderTrackingCommon, HttpCase):
    """A Space manager's list of their outlets' orders on a tablet held upright
    (800 px), in Dutch: the step and the expected delivery are in view. With the
    customer and the outlet added, the order date and the model pushed both off the
    page."""

    browser_size = "800x1280"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_language(cls.env, "nl_NL", ["order_tracking"])
        cls.dealer_a.partner_id.lang = "nl_NL"
        cls.customer_1.partner_id.name = "Milan van den Berg"
        cls.customer_2.partner_id.name = "Nina Hendriks-de Groot"
        cls.order_1.name = "TST-2026-041481"
        cls.order_2.name = "TST-2026-042147"
        cls._event(cls.order_2, "D002", actual_date=cls.today)
        cls._event(cls.order_2, "D003", actual_date=cls.today)
        cls.env.flush_all()

    def test_dealer_list_fits_a_tablet(self):
        self.start_tour("/my/orders?filterby=all", "order_tracking_portal_list_fits",
                        login=self.dealer_a.login)
