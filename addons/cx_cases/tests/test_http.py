import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html

from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.json_api_client import JsonApiClientMixin
from odoo.addons.dealer_profile.tests.rpc import call_kw

from .common import CxCommon

XPATH_CLASS = "//*[contains(concat(' ', normalize-space(@class), ' '), ' %s ')]"

URL = "/cx/telephony/call"


@tagged("post_install", "-at_install")
class TestTelephonyEndpoint(JsonApiClientMixin, CxCommon, HttpCase):
    """The telephony system posts the caller's number with an API key."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.env["res.users.apikeys"].with_user(cls.integration).sudo()._generate(
            "cx_cases.telephony", "Test PBX", None
        )
        cls.agent_key = cls.env["res.users.apikeys"].with_user(cls.agent_a).sudo()._generate(
            "cx_cases.telephony", "Agent key", None
        )
        cls.open_case = cls._case(name="Navigation freezes")
        cls.closed_case = cls._case(name="Old question")
        cls.closed_case.action_start()
        cls.closed_case.action_solve()
        cls.closed_case.sudo()._confirm_by_customer("portal")

    def _call(self, body, key=None, raw=False):
        key = key if key is False else key or self.key
        return self._api_post(URL, body, key, raw=body if raw else None)

    def test_known_caller_gets_open_cases(self):
        """Stored as '+31 6 1234 5678', called from '+31612345678'."""
        response = self._call({"caller": "+31612345678", "call_id": "c-1"})
        self.assertEqual(response.status_code, 200)
        payload = response.json()
        self.assertEqual(payload["customer"]["id"], self.customer.partner_id.id)
        numbers = [case["number"] for case in payload["open_cases"]]
        self.assertIn(self.open_case.number, numbers)
        self.assertNotIn(self.closed_case.number, numbers)

    def test_national_format_matches_in_market(self):
        response = self._call({"caller": "06 1234 5678"})
        self.assertEqual(response.status_code, 200)

    def test_unknown_caller(self):
        response = self._call({"caller": "+31 20 999 9999"})
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.json()["customer"])
        self.assertEqual(response.json()["open_cases"], [])

    def test_authentication(self):
        self.assertEqual(self._call({"caller": "+31612345678"}, key=False).status_code, 401)
        self.assertEqual(self._call({"caller": "+31612345678"}, key="nope").status_code, 401)
        self.assertEqual(
            self._call({"caller": "+31612345678"}, key=self.agent_key).status_code, 403
        )

    def test_other_market_customers_and_cases_hidden(self):
        """The integration of market A learns nothing of market B: neither its
        customers nor the market B cases of a customer both markets share."""
        Partner = self.env["res.partner"]
        customer_b = Partner.create({
            "name": "Test Customer B", "phone": "+32 470 12 34 56",
            "company_id": self.market_b.id,
        })
        self._case(team=self.team_b, partner=customer_b, name="B only")
        shared = Partner.create({"name": "Test Shared Customer", "phone": "+32 470 65 43 21"})
        self._case(team=self.team_b, partner=shared, name="Shared, in B")
        case_a = self._case(team=self.team_a, partner=shared, name="Shared, in A")

        response = self._call({"caller": "+32470123456"})
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.json()["customer"])
        self.assertEqual(response.json()["open_cases"], [])

        response = self._call({"caller": "+32470654321"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["customer"]["id"], shared.id)
        self.assertEqual([c["number"] for c in response.json()["open_cases"]], [case_a.number])

    @mute_logger("odoo.http")
    def test_bad_payloads_are_4xx(self):
        for body in (b"", b"not json", b"[1, 2]", b'{"caller": 12}', b'{"caller": ""}',
                     b'{"caller": "call\\u0000me"}', b'{"caller": "hello there"}',
                     b"\xff\xfe", json.dumps({"caller": "1" * 500}).encode(),
                     b'{"caller": "+31612345678", "call_id": {"a": 1}}',
                     b"[" * 5000 + b"]" * 5000, b'{"caller": "' + b"9" * 20000 + b'"}'):
            with self.subTest(body=body[:40]):
                response = self._call(body, raw=True)
                self.assertEqual(response.status_code, 413 if len(body) > 16384 else 400,
                                 response.text)
                self.assertIn("error", response.json())

    @mute_logger("odoo.http")
    @settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(st.one_of(
        st.dictionaries(st.sampled_from(["caller", "called", "call_id", "x"]),
                        st.one_of(st.text(max_size=60), st.integers(), st.none(),
                                  st.floats(allow_nan=True), st.lists(st.integers()))),
        st.text(max_size=200),
    ))
    def test_hostile_payloads_never_500(self, body):
        response = self._call(body)
        self.assertIn(response.status_code, (200, 400), response.text[:200])


@tagged("post_install", "-at_install")
class TestPortal(CxCommon, HttpCase):
    """Portal isolation over real HTTP and the customer's confirm/reopen paths."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case_mine = cls._case(name="Mine: rattling door", outlet_id=cls.outlet_a.id)
        cls.case_mine.message_post(body="INTERNAL-NOTE-XYZ", subtype_xmlid="mail.mt_note")
        cls.case_other = cls._case(name="Other: tyre pressure", team=cls.team_b,
                                   partner=cls.customer2.partner_id,
                                   outlet_id=cls.outlet_b.id)

    def test_customer_sees_own_case_only(self):
        self.authenticate("test_customer", "test_customer")
        page = self.url_open(f"/my/cases/{self.case_mine.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Mine: rattling door", page.text)
        self.assertNotIn("INTERNAL-NOTE-XYZ", page.text)
        other = self.url_open(f"/my/cases/{self.case_other.id}")
        self.assertNotIn("tyre pressure", other.text)
        self.assertTrue(other.url.endswith("/my"))
        listing = self.url_open("/my/cases")
        self.assertIn("rattling door", listing.text)
        self.assertNotIn("tyre pressure", listing.text)

    def test_customer_care_card_shown_without_any_case(self):
        """The portal home offers Customer Care to a customer who has no request yet:
        it is where they open their first one."""
        self.env["cx.case"].search([("partner_id", "=", self.customer2.partner_id.id)]).unlink()
        self.authenticate(self.customer2.login, self.customer2.login)
        page = html.fromstring(self.url_open("/my").content)
        [card] = page.xpath("//a[@href='/my/cases']/ancestor::div"
                            "[contains(@class, 'o_portal_index_card')]")
        self.assertNotIn("d-none", card.get("class").split())

    def test_dealer_sees_outlet_case_without_notes(self):
        self.authenticate("test_dealer_a", "test_dealer_a")
        page = self.url_open(f"/my/cases/{self.case_mine.id}")
        self.assertIn("rattling door", page.text)
        self.assertNotIn("INTERNAL-NOTE-XYZ", page.text)
        self.assertNotIn("tyre pressure", self.url_open(f"/my/cases/{self.case_other.id}").text)

    def test_dealer_cannot_confirm_for_customer(self):
        self.case_mine.action_start()
        self.case_mine.action_solve()
        self.authenticate("test_dealer_a", "test_dealer_a")
        self.url_open(f"/my/cases/{self.case_mine.id}/confirm", data={
            "csrf_token": Request.csrf_token(self),
        })
        self.assertEqual(self.case_mine.stage_kind, "solved")

    def test_email_link_confirms_with_token(self):
        self.case_mine.action_start()
        self.case_mine.action_solve()
        token = self.case_mine._portal_ensure_token()
        self.authenticate(None, None)
        # GET (a mail scanner following the link) does not close.
        page = self.url_open(f"/my/cases/{self.case_mine.id}/confirm?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertEqual(self.case_mine.stage_kind, "solved")
        self.url_open(f"/my/cases/{self.case_mine.id}/confirm", data={
            "access_token": token, "csrf_token": Request.csrf_token(self),
        })
        self.assertEqual(self.case_mine.stage_kind, "closed")
        self.assertEqual(self.case_mine.confirmation_method, "email")

    def test_link_of_the_customer_before_opens_nothing(self):
        """An agent gives the case to the right customer (a mail matched to the wrong
        contact): the first contact's email link went on opening it as its customer,
        the new customer's conversation included, and confirmed it in their name. The
        token is replaced; the new customer's mail gets the new one."""
        self.case_mine.action_start()
        token = self.case_mine._portal_ensure_token()
        self.authenticate("cx_agent_a", "cx_agent_a")
        _result, error = call_kw(self, "cx.case", "write", self.case_mine.ids,
                                 {"partner_id": self.customer2.partner_id.id})
        self.assertIsNone(error)
        self.case_mine.action_solve()
        self.authenticate(None, None)
        page = self.url_open(f"/my/cases/{self.case_mine.id}?access_token={token}",
                             allow_redirects=False)
        self.assertEqual(page.status_code, 303)
        self.assertTrue(page.headers["Location"].endswith("/my"))
        self.url_open(f"/my/cases/{self.case_mine.id}/confirm", data={
            "access_token": token, "csrf_token": Request.csrf_token(self),
        })
        self.assertEqual(self.case_mine.stage_kind, "solved")
        new_token = self.case_mine._portal_ensure_token()
        self.assertNotEqual(new_token, token)
        page = self.url_open(f"/my/cases/{self.case_mine.id}?access_token={new_token}")
        self.assertIn("rattling door", page.text)

    def test_token_visitor_reads_market_time(self):
        """A visitor of the customer's link who is not logged in (the public user, no
        time zone) reads the case's times in its market's time zone, not in UTC."""
        self.assertFalse(self.env.ref("base.public_user").tz)
        self.market_a.partner_id.tz = "Asia/Kuala_Lumpur"  # UTC+8 all year
        self.case_mine.date_open = "2026-03-10 02:05:00"
        token = self.case_mine._portal_ensure_token()
        self.authenticate(None, None)
        page = html.fromstring(
            self.url_open(f"/my/cases/{self.case_mine.id}?access_token={token}").content
        )
        opened = page.xpath(XPATH_CLASS % "o_cx_case_opened")[0].text_content()
        self.assertIn("10:05", opened)
        self.assertNotIn("02:05", opened)

    def test_wrong_token_does_not_confirm(self):
        self.case_mine.action_start()
        self.case_mine.action_solve()
        self.authenticate(None, None)
        self.url_open(f"/my/cases/{self.case_mine.id}/confirm", data={
            "access_token": "forged", "csrf_token": Request.csrf_token(self),
        })
        self.assertEqual(self.case_mine.stage_kind, "solved")

    def test_new_case_form(self):
        self.authenticate("test_customer", "test_customer")
        self.url_open("/my/cases/new", data={
            "subject": "Seat heater", "description": "Left seat stays cold\n<script>x</script>",
            "type_id": str(self.env.ref("cx_cases.cx_case_type_technical").id),
            "csrf_token": Request.csrf_token(self),
        })
        case = self.env["cx.case"].search([("name", "=", "Seat heater")])
        self.assertEqual(case.partner_id, self.customer.partner_id)
        self.assertEqual(case.channel, "portal")
        self.assertEqual(case.team_id, self.team_a)
        self.assertNotIn("<script>", case.description)

    def test_new_case_form_vin(self):
        """The VIN typed on the portal follows the suite's one VIN rule: stored as
        orders hold it, refused with the reason when no vehicle can have it."""
        self.authenticate("test_customer", "test_customer")
        self.url_open("/my/cases/new", data={
            "subject": "Rattle", "description": "x", "vin": "ysmfd3ka1lb000009",
            "csrf_token": Request.csrf_token(self),
        })
        case = self.env["cx.case"].search([("name", "=", "Rattle")])
        self.assertEqual(case.vin, "YSMFD3KA1LB000009")
        for vin, reason in (("YSMFD3KA1LB00009", "exactly 17 characters"),
                            ("YSMFD3KA1LB00000O", "never I, O or Q")):
            with self.subTest(vin=vin):
                response = self.url_open("/my/cases/new", data={
                    "subject": "Rattle again", "description": "x", "vin": vin,
                    "csrf_token": Request.csrf_token(self),
                })
                self.assertEqual(response.status_code, 200)
                self.assertIn(reason, response.text)
                self.assertFalse(self.env["cx.case"].search([("name", "=", "Rattle again")]))

    def test_new_case_form_hostile_input(self):
        self.authenticate("test_customer", "test_customer")
        for data in ({"subject": "a\x00b", "description": "x"},
                     {"subject": "s" * 201, "description": "x"},
                     {"subject": "ok", "description": ""},
                     {"subject": "ok", "description": "x", "type_id": "99999999999"},
                     {"subject": "ok", "description": "x", "type_id": "\u00b2"},
                     {"subject": "ok", "description": "x",
                      "type_id": str(self.env.ref("cx_cases.cx_case_type_recall").id)},
                     {"subject": "ok", "description": "x", "vin": "<svg onload=1>"}):
            with self.subTest(data=data):
                count = self.env["cx.case"].search_count([])
                response = self.url_open("/my/cases/new",
                                         data={**data, "csrf_token": Request.csrf_token(self)})
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_cx_form_error", response.text)
                self.assertEqual(self.env["cx.case"].search_count([]), count)

    def test_tour_customer_confirms_solved_case(self):
        self.case_mine.action_start()
        self.case_mine.action_solve()
        self.start_tour(f"/my/cases/{self.case_mine.id}", "cx_cases_portal_confirm",
                        login="test_customer")
        self.assertEqual(self.case_mine.stage_kind, "closed")
        self.assertEqual(self.case_mine.confirmation_method, "portal")

    def _comments(self, case):
        return case.message_ids.filtered(
            lambda m: m.message_type == "comment" and not m.subtype_id.internal
        )

    def test_home_cards_speak_to_dealer_and_customer(self):
        """/my: the Space manager's cards describe their outlets' customers' cases and
        cars; the customer's, their own."""
        texts = {
            True: ("Customer requests about your outlets",
                   "Your outlets' customers' cars, from the factory to handover"),
            False: ("Your requests to our customer care",
                    "Follow your car from the factory to its handover"),
        }
        for login, is_dealer in (("test_dealer_a", True), ("test_customer", False)):
            self.authenticate(login, login)
            page = self.url_open("/my").text.replace("&#39;", "'")
            for text in texts[is_dealer]:
                with self.subTest(login=login, text=text):
                    self.assertIn(text, page)
            for text in texts[not is_dealer]:
                with self.subTest(login=login, absent=text):
                    self.assertNotIn(text, page)

    def test_only_the_customer_is_offered_to_confirm_or_reopen(self):
        """The server refuses a dealer's confirmation; the page no longer offers it:
        the Space manager reads that the case waits for the customer."""
        self.case_mine.action_start()
        self.case_mine.action_solve()
        for login, is_customer in (("test_customer", True), ("test_dealer_a", False)):
            self.authenticate(login, login)
            for url in (f"/my/cases/{self.case_mine.id}",
                        f"/my/cases/{self.case_mine.id}/confirm"):
                with self.subTest(login=login, url=url):
                    page = html.fromstring(self.url_open(url).content)
                    self.assertEqual(bool(page.xpath(XPATH_CLASS % "o_cx_confirm_solved")),
                                     is_customer)
                    self.assertEqual(bool(page.xpath(XPATH_CLASS % "o_cx_awaits_customer")),
                                     not is_customer)
            page = html.fromstring(self.url_open(f"/my/cases/{self.case_mine.id}").content)
            self.assertEqual(bool(page.xpath(XPATH_CLASS % "o_cx_reopen")), is_customer)
            # The list of cases asks the customer, and only them, for their confirmation.
            rows = html.fromstring(self.url_open("/my/cases").content).xpath(
                f"//tr[.//a[@href='/my/cases/{self.case_mine.id}']]")
            self.assertEqual(len(rows), 1)
            self.assertEqual(bool(rows[0].xpath(XPATH_CLASS % "o_cx_awaits_you")), is_customer)

    def test_tour_customer_replies_in_the_conversation(self):
        """The customer answers in the portal chatter's box: their message, as
        themselves, reopens the solved case and reaches the Space manager."""
        self.case_mine.action_start()
        self.case_mine.action_solve()
        self.start_tour(f"/my/cases/{self.case_mine.id}", "cx_cases_portal_customer_replies",
                        login="test_customer")
        reply = self._comments(self.case_mine)[:1]
        self.assertIn("It rattles again since this morning.", reply.body)
        self.assertEqual(reply.author_id, self.customer.partner_id)
        self.assertEqual(self.case_mine.stage_kind, "progress")
        self.assertEqual(self.case_mine.reopen_count, 1)
        self.assertIn(self.dealer_a.partner_id, reply.notification_ids.res_partner_id)

    def test_tour_dealer_replies_as_themselves(self):
        """The outlet's Space manager writes in the same box: the message is theirs,
        never the customer's, and does not reopen the customer's solved case."""
        self.case_mine.action_start()
        self.case_mine.action_solve()
        self.start_tour(f"/my/cases/{self.case_mine.id}", "cx_cases_portal_dealer_replies",
                        login="test_dealer_a")
        reply = self._comments(self.case_mine)[:1]
        self.assertIn("The door is adjusted on Friday at the Space.", reply.body)
        self.assertEqual(reply.author_id, self.dealer_a.partner_id)
        self.assertEqual(self.case_mine.stage_kind, "solved")
        self.assertEqual(self.case_mine.reopen_count, 0)

    def test_tour_customer_opens_request(self):
        """Through the form as the customer sees it: a box that renders nothing fails."""
        self.start_tour("/my/cases/new", "cx_cases_portal_new_request", login="test_customer")
        case = self.env["cx.case"].search([("name", "=", "Charging cable stuck")])
        self.assertEqual(case.partner_id, self.customer.partner_id)
        self.assertIn("stays locked in the car", case.description)



@tagged("post_install", "-at_install")
class TestRatingLinks(CxCommon, HttpCase):
    """The 1-5 links of the rating email (/cx/rate/<token>/<score>)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case(name="Rattling door")
        cls.token = cls.case._rating_get_access_token()
        cls.rating = cls.case.rating_ids

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)

    def _send(self, token, score, feedback=""):
        return self.url_open(f"/cx/rate/{token}/submit", data={
            "score": score, "feedback": feedback, "csrf_token": Request.csrf_token(self),
        })

    def test_link_opens_form_with_score_and_records_nothing(self):
        """Mail scanners follow every link of a mail: opening one records nothing
        (as Odoo's /rate/<token>/<rate>), the page says Send records the answer."""
        response = self.url_open(f"/cx/rate/{self.token}/4")
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.content)
        [checked] = page.xpath("//input[@name='score'][@checked]")
        self.assertEqual(checked.get("value"), "4")
        self.assertIn("Your answer is recorded when you press Send.", response.text)
        self.assertNotIn("Thank you", response.text)
        self.assertFalse(self.rating.consumed)
        self.assertFalse(self.rating.rating)

    def test_send_records_and_second_answer_replaces_first(self):
        response = self._send(self.token, 4, "Quick and kind")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.rating.consumed)
        self.assertEqual((self.rating.rating, self.rating.feedback), (4, "Quick and kind"))
        self.assertEqual(self._send(self.token, 2).status_code, 200)
        self.assertEqual(self.case.rating_ids, self.rating, "the same rating, not a second")
        self.assertEqual(self.rating.rating, 2)
        self.assertEqual(len(self.case.message_ids.filtered("rating_id")), 1)

    def test_request_of_the_customer_before_rates_nothing(self):
        """The case went to another customer after the rating request: the first
        one's links no longer answer for the new customer's case (and its CSAT)."""
        self.case.partner_id = self.customer2.partner_id
        self.assertEqual(self.url_open(f"/cx/rate/{self.token}/1").status_code, 404)
        self.assertEqual(self._send(self.token, 1, "Test: not my case").status_code, 404)
        self.assertFalse(self.rating.consumed)

    def test_tour_customer_rates_with_comment(self):
        self.start_tour(f"/cx/rate/{self.token}/5", "cx_cases_portal_rate_with_comment")
        self.assertEqual((self.rating.rating, self.rating.feedback),
                         (4, "Quick answer, thank you."))

    @mute_logger("odoo.http")
    def test_core_rating_routes_do_not_answer_a_case(self):
        """Core's /rate routes take any rating's token: a case's rating is answered
        on its own page only, with its checks (here: the case went to another
        customer, and a feedback with a NUL byte)."""
        self.case.partner_id = self.customer2.partner_id
        csrf = Request.csrf_token(self)
        for rate, feedback in ((1, "Test: not my case"), (5, "a\x00b")):
            with self.subTest(feedback=feedback):
                response = self.url_open(f"/rate/{self.token}/submit_feedback", data={
                    "rate": rate, "feedback": feedback, "csrf_token": csrf,
                })
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.url_open(f"/rate/{self.token}/5").status_code, 404)
        self.assertFalse(self.rating.consumed)
        self.assertFalse(self.rating.rating)

    @mute_logger("odoo.http")
    def test_bad_token_or_score_is_404(self):
        for url in ("/cx/rate/forged/4", f"/cx/rate/{self.token}/0",
                    f"/cx/rate/{self.token}/6", f"/cx/rate/{'x' * 300}/4"):
            with self.subTest(url=url[:40]):
                self.assertEqual(self.url_open(url).status_code, 404)
        for token, score in (("forged", 4), (self.token, 9), (self.token, "four")):
            with self.subTest(token=token, score=score):
                self.assertEqual(self._send(token, score).status_code, 404)
        self.assertFalse(self.rating.consumed)


@tagged("post_install", "-at_install")
class TestCustomerLinksInMails(CxCommon, HttpCase):
    """The solved and rating mails are notes in the case's chatter, read by every agent
    of the team: there they link to the customer's pages without a token. Only the
    customer's copy carries the links in the customer's name (the case's token), so an
    agent cannot confirm or rate in the customer's place."""

    def _customer_link(self, case, path):
        """The link to ``path`` in the mail the customer was sent."""
        mails = self.env["mail.mail"].search([
            ("model", "=", "cx.case"), ("res_id", "=", case.id),
            ("recipient_ids", "in", case.partner_id.ids),
        ])
        links = [
            link.get("href") for mail in mails
            for link in html.fromstring(mail.body_html).iter("a")
            if path in (link.get("href") or "")
        ]
        self.assertEqual(len(links), 1, f"one link to {path} in the customer's mails")
        return links[0]

    def _staff_reads(self, case):
        return "".join(case.with_user(self.agent_a).message_ids.mapped("body"))

    def test_confirm_and_rate_links_are_the_customers_only(self):
        case = self._case(name="Rattling door", user_id=self.agent_a.id)
        as_agent = case.with_user(self.agent_a)
        as_agent.action_start()
        as_agent.action_solve()
        token, base = case.sudo().access_token, case.get_base_url()
        confirm = f"/my/cases/{case.id}/confirm"
        self.assertIn(confirm, self._staff_reads(case))
        self.assertNotIn(token, self._staff_reads(case))
        link = self._customer_link(case, confirm)
        self.assertEqual(link, f"{base}{confirm}?access_token={token}")

        # The customer follows their link, logged out, and confirms.
        self.authenticate(None, None)
        self.assertEqual(self.url_open(link).status_code, 200)
        self.url_open(confirm, data={"access_token": token, "csrf_token": Request.csrf_token(self)})
        self.assertEqual(case.stage_kind, "closed")

        # The rating request that follows: score links the same way.
        rating = case.rating_ids
        self.assertEqual(len(rating), 1)
        rate = f"/my/cases/{case.id}/rate/5"
        self.assertIn(rate, self._staff_reads(case))
        self.assertNotIn(token, self._staff_reads(case))
        self.assertNotIn(rating.access_token, self._staff_reads(case))
        link = self._customer_link(case, rate)
        self.assertEqual(link, f"{base}{rate}?access_token={token}")
        response = self.url_open(link)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(f"/cx/rate/{rating.access_token}/5"))
        self.assertIn("Your answer is recorded when you press Send.", response.text)

        # An agent who follows the chatter's link is kept on the case's page.
        self.authenticate("cx_agent_a", "cx_agent_a")
        response = self.url_open(rate)
        self.assertNotIn(rating.access_token, response.url)
        self.assertIn("error=customer", response.url)
        self.assertFalse(rating.consumed)

    @mute_logger("odoo.http")
    def test_rate_link_without_the_customers_token(self):
        case = self._case(name="Rattling door")
        self.authenticate(None, None)
        rate = f"/my/cases/{case.id}/rate/5"
        for url in (rate, f"{rate}?access_token=forged"):
            with self.subTest(url=url):
                self.assertNotIn("/cx/rate/", self.url_open(url).url)
        token = case._portal_ensure_token()
        self.assertEqual(
            self.url_open(f"/my/cases/{case.id}/rate/9?access_token={token}").status_code, 404)
        self.assertFalse(case.rating_ids)
