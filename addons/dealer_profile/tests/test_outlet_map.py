from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import MONTH_1, DealerProfileCommon
from .rpc import call_kw


class OutletMapCommon(DealerProfileCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outlet_a.write({"partner_latitude": 52.3731, "partner_longitude": 4.8922})
        cls.outlet_b.write({"partner_latitude": 50.8503, "partner_longitude": 4.3517})
        # Haarlem has no coordinates yet (0, 0): counted, not drawn in the sea.


@tagged("post_install", "-at_install")
class TestOutletMapData(OutletMapCommon):
    def test_officer_sees_own_market_outlets(self):
        """An officer's map holds the placed outlets of the markets they may read, with
        what the points are coloured by, and counts the outlets it cannot place."""
        data = self.env["dealer.outlet"].with_user(self.officer).get_map_data()
        self.assertEqual([point["code"] for point in data["outlets"]], ["TA1"])
        point = data["outlets"][0]
        self.assertEqual(point["id"], self.outlet_a.id)
        self.assertAlmostEqual(point["lat"], 52.3731, places=4)
        self.assertAlmostEqual(point["lng"], 4.8922, places=4)
        self.assertEqual(point["state"], "active")
        self.assertEqual(point["market"], "Test Market A")
        self.assertEqual(point["stars"], 0)  # not rated yet
        self.assertIsNone(point["score"])
        self.assertEqual(data["without_position"], 1)
        self.assertIn(("active", "Active"), [tuple(state) for state in data["lifecycle"]])

    def test_rating_is_on_the_point(self):
        """The latest published rating colours the point."""
        self._push_kpis(self.outlet_a, MONTH_1, sales=100.0, response=4.0)
        self._publish(MONTH_1)
        point = self.env["dealer.outlet"].with_user(self.officer).get_map_data()["outlets"][0]
        self.assertEqual(point["stars"], int(self.outlet_a.rating_stars))
        self.assertGreater(point["stars"], 0)
        self.assertEqual(point["score"], self.outlet_a.rating_score)

    def test_markets_narrow_the_map(self):
        """A viewer of every market sees both; asking for one market keeps it."""
        Outlet = self.env["dealer.outlet"].with_user(self.viewer)
        self.assertEqual(
            sorted(point["code"] for point in Outlet.get_map_data()["outlets"]), ["TA1", "TB1"]
        )
        only_b = Outlet.get_map_data(company_ids=[self.market_b.id])
        self.assertEqual([point["code"] for point in only_b["outlets"]], ["TB1"])
        self.assertEqual(only_b["without_position"], 0)
        # A region selects the outlets of its markets.
        self.assertEqual(len(Outlet.get_map_data(company_ids=[self.region.id])["outlets"]), 2)

    def test_bad_markets_refused(self):
        for bad in ("1", [True], ["x"], [1.5], {"id": 1}):
            with self.subTest(bad=bad), self.assertRaises(UserError):
                self.env["dealer.outlet"].with_user(self.viewer).get_map_data(company_ids=bad)

    def test_dealer_gets_no_other_outlet(self):
        """A dealer's call never places an outlet they do not manage (at most their own,
        which the portal shows them anyway)."""
        data = self.env["dealer.outlet"].with_user(self.dealer_b).get_map_data()
        self.assertLessEqual({point["code"] for point in data["outlets"]}, {"TB1"})


@tagged("post_install", "-at_install")
class TestOutletMapUi(OutletMapCommon, HttpCase):
    def test_map_over_json_rpc(self):
        """The browser's call: the officer gets their market's outlets, a dealer no
        outlet but their own; hostile arguments get an error, never a 500."""
        self.authenticate(self.officer.login, self.officer.login)
        result, error = call_kw(self, "dealer.outlet", "get_map_data")
        self.assertIsNone(error)
        self.assertLessEqual({point["code"] for point in result["outlets"]}, {"TA1"})
        _result, error = call_kw(self, "dealer.outlet", "get_map_data", company_ids="1; DROP")
        self.assertEqual(error["name"], "odoo.exceptions.UserError")
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        result, error = call_kw(self, "dealer.outlet", "get_map_data")
        self.assertIsNone(error)
        self.assertLessEqual({point["code"] for point in result["outlets"]}, {"TA1"})

    def test_officer_opens_an_outlet_from_the_map(self):
        """The officer opens the map, switches the colours to lifecycle and taps a point:
        the outlet's form opens."""
        self.browser_size = "1280x800"
        self.start_tour("/odoo/action-dealer_profile.dealer_outlet_map_action",
                        "dealer_profile_outlet_map", login=self.officer.login)
