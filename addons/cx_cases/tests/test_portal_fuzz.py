"""hypothesis drives every form of the case portal over real HTTP, as the customer
(or logged out with the emailed link), with the CSRF token of the rendered form:
never a 500, nothing stored when refused, and the page says what is wrong."""

from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.hostile import (
    FORM_SETTINGS,
    form_csrf,
    hostile_form,
    hostile_id,
    post_form,
)

from .common import CxCommon


def _error_text(response, css_class):
    return html.fromstring(response.content).xpath(
        f"string(//*[contains(@class, '{css_class}')])").strip()


@tagged("post_install", "-at_install")
class TestCasePortalFuzz(CxCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case(name="Fuzzed case")
        cls.other_case = cls._case(name="Other customer's case", partner=cls.customer2.partner_id)
        for case in cls.case | cls.other_case:
            case.action_start()
            case.action_solve()
            case._portal_ensure_token()
        cls.technical = cls.env.ref("cx_cases.cx_case_type_technical")

    def setUp(self):
        super().setUp()
        self.authenticate(self.customer.login, self.customer.login)

    def _count(self):
        return self.env["cx.case"].search_count([])

    @mute_logger("odoo.http")
    @FORM_SETTINGS
    @given(hostile_form(["subject", "description", "type_id", "order_id", "vin"], {
        "subject": st.text(min_size=1, max_size=40),
        "description": st.text(min_size=1, max_size=80),
        "type_id": hostile_id(),
        "order_id": hostile_id(),
        "vin": st.sampled_from(["WVWZZZ1JZXW000001", "<svg onload=1>"]),
    }))
    def test_new_case_form(self, post):
        csrf = form_csrf(self, "/my/cases/new", "/my/cases/new")
        before = self._count()
        response = post_form(self, "/my/cases/new", post, csrf)
        self.assertIn(response.status_code, (200, 303), response.text[:300])
        if response.status_code == 200:
            self.assertTrue(_error_text(response, "o_cx_form_error"), "says what is wrong")
            self.assertEqual(self._count(), before, "a refused case is not created")
        else:
            self.assertEqual(self._count(), before + 1)
            case = self.env["cx.case"].search([], order="id desc", limit=1)
            self.assertEqual(case.partner_id, self.customer.partner_id)

    @mute_logger("odoo.http")
    @FORM_SETTINGS
    @given(hostile_form(["reason", "access_token"], {"reason": st.text(max_size=60)}),
           st.sampled_from(["reopen", "confirm"]), st.sampled_from(["own", "other"]))
    def test_reopen_and_confirm(self, post, action, whose):
        case = self.case if whose == "own" else self.other_case
        csrf = form_csrf(self, f"/my/cases/{self.case.id}", f"/{action}")
        stages = (self.case.stage_kind, self.other_case.stage_kind)
        response = post_form(self, f"/my/cases/{case.id}/{action}", post, csrf)
        self.assertIn(response.status_code, (303, 400), response.text[:300])
        (self.case | self.other_case).invalidate_recordset()
        self.assertEqual(self.other_case.stage_kind, stages[1], "another customer's case")
        if response.status_code == 400:
            self.assertEqual(self.case.stage_kind, stages[0], "a refused reopen changes nothing")
            self.assertTrue(_error_text(response, "o_cx_reason_error"), "says what is wrong")
        if self.case.stage_kind != "solved":  # the next example starts from a solved case
            if self.case.stage_kind == "closed":
                self.case.sudo()._reopen_by_customer()
            self.case.action_solve()

    @mute_logger("odoo.http")
    @FORM_SETTINGS
    @given(hostile_form(["score", "feedback"], {
        "score": st.sampled_from(["1", "3", "5", "0", "6", "-1", "4.5"]),
        "feedback": st.text(max_size=60),
    }))
    def test_rating_form(self, post):
        self.authenticate(None, None)
        token = self.case._rating_get_access_token()
        rating = self.case.rating_ids.filtered(lambda r: r.access_token == token)
        csrf = form_csrf(self, f"/cx/rate/{token}/4", f"/cx/rate/{token}/submit")
        before = (rating.rating, rating.feedback)
        response = post_form(self, f"/cx/rate/{token}/submit", post, csrf)
        self.assertIn(response.status_code, (200, 404), response.text[:300])
        rating.invalidate_recordset()
        if response.status_code == 404 or _error_text(response, "alert-danger"):
            self.assertEqual((rating.rating, rating.feedback), before, "nothing stored")
