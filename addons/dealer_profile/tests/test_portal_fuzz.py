"""hypothesis drives the outlet proposal form over real HTTP, as the dealer, with
the CSRF token of the rendered form: never a 500, a refused proposal stores
nothing and says what is wrong."""

from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..models.dealer_change_request import PROPOSAL_FIELDS
from .common import DealerProfileCommon
from .hostile import FORM_SETTINGS, form_csrf, hostile_form, post_form

PLAUSIBLE = {
    "phone": st.sampled_from(["+31 20 555 1234", "020 555 9876"]),
    "email": st.just("shop@example.nl"),
    "note": st.text(max_size=50),
    "change_hours": st.just("1"),
    "open_0": st.sampled_from(["09:00", "9:00", "24:00"]),
    "close_0": st.sampled_from(["17:00", "08:00"]),
    "new_contact_name": st.just("Eva Jansen"),
    "new_contact_email": st.just("eva@example.nl"),
    "new_contact_role": st.sampled_from(["cx_contact", "nobody"]),
}


@tagged("post_install", "-at_install")
class TestProposalFormFuzz(DealerProfileCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outlet_a.country_id = cls.env.ref("base.nl")

    def setUp(self):
        super().setUp()
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        self.url = f"/my/outlets/{self.outlet_a.id}/propose"
        self.csrf = form_csrf(self, f"/my/outlets/{self.outlet_a.id}", "/propose")

    def _count(self):
        return self.env["dealer.change.request"].search_count(
            [("outlet_id", "=", self.outlet_a.id)])

    @mute_logger("odoo.http")
    @FORM_SETTINGS
    @given(hostile_form([spec.name for spec in PROPOSAL_FIELDS] + ["change_hours"],
                        PLAUSIBLE))
    def test_hostile_proposals(self, post):
        before = self._count()
        response = post_form(self, self.url, post, self.csrf)
        self.assertIn(response.status_code, (303, 400), response.text[:300])
        if response.status_code == 400:
            self.assertEqual(self._count(), before, "a refused proposal stores nothing")
            error = html.fromstring(response.content).xpath(
                "string(//div[contains(@class, 'o_dealer_proposal_error')])")
            self.assertTrue(error.strip(), "the page says what is wrong")
        else:
            self.assertEqual(self._count(), before + 1)

    @mute_logger("odoo.http")
    @FORM_SETTINGS
    @given(st.one_of(st.integers(min_value=-(2**31), max_value=2**31),
                     st.sampled_from([0, 999_999_999])))
    def test_foreign_outlets(self, outlet_id):
        """Another dealer's outlet, a missing one: refused, nothing stored."""
        if outlet_id == self.outlet_a.id:
            outlet_id = self.outlet_b.id
        count = self.env["dealer.change.request"].search_count([])
        path = f"/my/outlets/{outlet_id}/propose" if outlet_id >= 0 else "/my/outlets/x/propose"
        response = post_form(self, path, {"phone": "+31 20 555 1234"}, self.csrf)
        self.assertIn(response.status_code, (404,), response.text[:200])
        self.assertEqual(self.env["dealer.change.request"].search_count([]), count)
