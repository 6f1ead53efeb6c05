from lxml import html

from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .common import MONTH_1, MONTH_2, DealerProfileCommon


@tagged("post_install", "-at_install")
class TestDealerPortal(DealerProfileCommon, HttpCase):
    """Two dealers on the portal, through real HTTP requests."""

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _get(self, url, **kwargs):
        response = self.url_open(url, **kwargs)
        self.assertIn(response.status_code, (200, 303))
        return response

    def _propose(self, outlet, **data):
        return self.url_open(
            f"/my/outlets/{outlet.id}/propose",
            data={"csrf_token": Request.csrf_token(self), **data},
        )

    def _requests(self, outlet):
        self.env.invalidate_all()
        return outlet.change_request_ids

    def _assert_refused(self, response):
        """A refused URL says so instead of redirecting silently; 404 for
        another dealer's record as for a missing one."""
        self.assertEqual(response.status_code, 404)
        self.assertIn("o_dealer_portal_refused", response.text)

    def test_outlet_list_shows_own_outlet_only(self):
        for dealer, own in ((self.dealer_a, self.outlet_a), (self.dealer_b, self.outlet_b)):
            with self.subTest(dealer=dealer.login):
                self._login(dealer)
                page = self._get("/my/outlets").text
                self.assertIn(f'href="/my/outlets/{own.id}"', page)
                self.assertIn(own.name, page)
                for other in (self.outlet_a | self.outlet_a2 | self.outlet_b) - own:
                    self.assertNotIn(other.name, page)
                    self.assertNotIn(f'href="/my/outlets/{other.id}"', page)

    def test_own_outlet_page_shows_its_data(self):
        self._login(self.dealer_a)
        page = self._get(f"/my/outlets/{self.outlet_a.id}").text
        for text in ("Test Outlet Amsterdam", "+31 20 000 0001", "outlet-a@example.com",
                     'value="09:00"', 'value="18:00"'):
            self.assertIn(text, page)

    def test_other_outlet_page_refused(self):
        """Outlet B (other market) and outlet A2 (same market, not managed)."""
        self._login(self.dealer_a)
        for other in (self.outlet_b, self.outlet_a2):
            with self.subTest(outlet=other.name):
                response = self.url_open(f"/my/outlets/{other.id}", allow_redirects=False)
                self._assert_refused(response)
                self.assertIn("does not exist or is not shared with you", response.text)
                self.assertNotIn(other.phone, response.text)

    def test_missing_outlet_page_refused(self):
        self._login(self.dealer_a)
        missing_id = self.env["dealer.outlet"].search([], order="id desc", limit=1).id + 1000
        response = self.url_open(f"/my/outlets/{missing_id}", allow_redirects=False)
        self._assert_refused(response)

    def test_proposal_for_other_outlet_creates_nothing(self):
        self._login(self.dealer_a)
        for other in (self.outlet_b, self.outlet_a2):
            with self.subTest(outlet=other.name):
                phone = other.phone
                response = self._propose(other, phone="+32 2 999 9999", change_hours="1",
                                         open_0="08:00", close_0="17:00")
                self._assert_refused(response)
                self.assertFalse(self._requests(other))
                self.assertEqual(other.phone, phone)

    def test_proposal_for_own_outlet_waits_for_approval(self):
        self._login(self.dealer_a)
        response = self._propose(
            self.outlet_a, phone="+31 20 555 5555", email=self.outlet_a.email,
            change_hours="1", open_0="10:00", close_0="18:30", open_5="", close_5="",
            note="New Monday hours",
        )
        self.assertTrue(response.url.endswith(f"/my/outlets/{self.outlet_a.id}?proposed=1"))
        self.assertIn("o_dealer_proposal_sent", response.text)
        request = self._requests(self.outlet_a)
        self.assertRecordValues(request, [{
            "state": "pending", "requested_by_id": self.dealer_a.id,
            "new_phone": "+31 20 555 5555", "new_email": False, "change_hours": True,
            "note": "New Monday hours",
        }])
        self.assertEqual(
            request.hours_line_ids.mapped(lambda h: (h.dayofweek, h.hour_from, h.hour_to)),
            [("0", 10.0, 18.5)],
        )
        self.assertEqual(self.outlet_a.phone, "+31 20 000 0001")
        self.assertEqual(len(self.calendar_a.attendance_ids), 10)

    def test_proposal_without_change_rerenders_with_error(self):
        self._login(self.dealer_a)
        response = self._propose(self.outlet_a, phone=self.outlet_a.phone)
        self.assertEqual(response.status_code, 400)
        self.assertIn("o_dealer_proposal_error", response.text)
        self.assertFalse(self._requests(self.outlet_a))

    def test_bad_hours_rerender_with_error(self):
        self._login(self.dealer_a)
        response = self._propose(
            self.outlet_a, phone="+31 20 555 5555", change_hours="1",
            open_0="25:00", close_0="18:00",
        )
        self.assertEqual(response.status_code, 400)
        page = html.fromstring(response.content)
        error = page.xpath("//div[contains(@class, 'o_dealer_proposal_error')]")
        self.assertEqual(len(error), 1)
        self.assertIn("Monday", error[0].text_content())
        self.assertEqual(
            page.xpath("//input[@name='phone']/@value"), ["+31 20 555 5555"],
            "the dealer's input is kept",
        )
        self.assertFalse(self._requests(self.outlet_a))

    def test_tour_leaderboard_awards_seen(self):
        """Every award badge reads whole next to a longer outlet name at 1280 px: the
        portal's table cut the name's cell on one line, badge and all."""
        self.env["ir.config_parameter"].set_param("dealer_profile.rating_award_count", 2)
        self.outlet_a.name = "Montréal Dealership"
        self.outlet_b.name = "Hamburg Handover"
        self._push_kpis(self.outlet_a, MONTH_1, sales=96)
        self._push_kpis(self.outlet_b, MONTH_1, sales=90)
        self._publish(MONTH_1)
        self.browser_size = "1280x800"
        self.start_tour("/my/leaderboard", "dealer_profile_leaderboard_awards_seen",
                        login=self.dealer_a.login)

    def test_leaderboard_shows_names_and_stars_only(self):
        """The latest published month only, award badge for the top 1 of the network
        (setting); a later month with other values is not shown before publication."""
        self.env["ir.config_parameter"].set_param("dealer_profile.rating_award_count", 1)
        self._push_kpis(self.outlet_a, MONTH_1, sales=96)
        self._push_kpis(self.outlet_b, MONTH_1, sales=80)
        self._push_kpis(self.outlet_a2, MONTH_1, sales=10)
        self._publish(MONTH_1)
        self._push_kpis(self.outlet_a2, MONTH_2, sales=100)
        self._login(self.dealer_a)
        response = self._get("/my/leaderboard")
        page = html.fromstring(response.content)
        rows = {
            row.xpath(
                "normalize-space(.//td[contains(@class, 'o_dealer_leaderboard_name')]/text()[1])"
            ): (row.xpath("string(.//span[contains(@class, 'o_dealer_stars')]/@title)"),
                "table-primary" in (row.get("class") or ""),
                bool(row.xpath(".//span[contains(@class, 'o_dealer_award')]")))
            for row in page.xpath("//tbody/tr")
        }
        self.assertEqual(rows, {
            "Test Outlet Amsterdam": ("5 / 5", True, True),
            "Test Outlet Brussels": ("3 / 5", False, False),
            "Test Outlet Haarlem": ("1 / 5", False, False),
        })
        self.assertIn("January 2024", response.text)
        self.assertEqual(
            [(row.xpath("string(.//td[contains(@class, 'o_dealer_rank')])"),
              row.xpath("string(.//td[contains(@class, 'o_dealer_score')])"))
             for row in page.xpath("//tbody/tr")],
            [("1", "96.0 %"), ("2", "80.0 %"), ("3", "10.0 %")],
            "the network rank and the score, best first",
        )
        for outlet in self.outlet_b | self.outlet_a2:
            self.assertNotIn(outlet.phone, response.text)
            self.assertNotIn(outlet.email, response.text)
            self.assertNotIn(outlet.code, response.text)
        self.assertNotIn(self.dealer_b.email, response.text)

    def test_leaderboard_refused_to_non_dealer(self):
        self._push_kpis(self.outlet_a, MONTH_1, sales=90)
        self._login(self.customer)
        response = self.url_open("/my/leaderboard", allow_redirects=False)
        self._assert_refused(response)
        self.assertNotIn("Test Outlet Amsterdam", response.text)

    def test_outlet_list_query_count(self):
        """Second load of the list, caches warm: a later N+1 shows up here."""
        for index in range(3):
            self.env["dealer.outlet.contact"].create({
                "outlet_id": self._create_outlet(
                    f"Test Outlet {index}", f"TQ{index}", self.market_a
                ).id,
                "partner_id": self.dealer_a.partner_id.id,
            })
        self._login(self.dealer_a)
        self._get("/my/outlets")
        with self.assertQueryCount(9):
            page = self._get("/my/outlets").text
        self.assertEqual(page.count("o_dealer_outlet_link"), 4)

    def test_tour_dealer_proposes_officer_approves(self):
        self.start_tour("/my/outlets", "dealer_profile_propose_change", login=self.dealer_a.login)
        request = self._requests(self.outlet_a)
        self.assertRecordValues(request, [{
            "state": "pending", "new_phone": "+31 20 123 4567", "change_hours": True,
        }])
        self.assertEqual(self.outlet_a.phone, "+31 20 000 0001")
        request.with_user(self.officer).action_approve()
        self.assertEqual(self.outlet_a.phone, "+31 20 123 4567")
        hours = self.outlet_a.resource_calendar_id.attendance_ids.mapped(
            lambda a: (a.dayofweek, a.hour_from, a.hour_to)
        )
        self.assertEqual(sorted(hours), [("0", 10.0, 18.0)] + [
            (str(day), 9.0, 18.0) for day in range(1, 5)
        ])

    def test_tour_officer_approves_in_back_office(self):
        request = self.env["dealer.change.request"].with_user(self.dealer_a).create({
            "outlet_id": self.outlet_a.id, "new_phone": "+31 20 777 7777",
        })
        self.start_tour(
            "/odoo/action-dealer_profile.dealer_change_request_action",
            "dealer_profile_approve_change", login=self.officer.login,
        )
        self.env.invalidate_all()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.reviewed_by_id, self.officer)
        self.assertEqual(self.outlet_a.phone, "+31 20 777 7777")
