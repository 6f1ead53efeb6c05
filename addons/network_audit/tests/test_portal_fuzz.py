"""hypothesis drives the action-item update form over real HTTP, as the dealer,
with the CSRF token of the rendered form."""

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

from .common import NetworkAuditCommon


@tagged("post_install", "-at_install")
class TestActionUpdateFuzz(NetworkAuditCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        items = cls.env["network.audit.action"]
        for outlet in (cls.outlet_a, cls.outlet_b):
            audit = cls._create_audit(outlet=outlet)
            audit.action_start()
            cls._answer(audit, {cls.std_greeting: "no", cls.std_clean: "5",
                                cls.std_safety: "yes", cls.std_paperwork: "yes"})
            audit.action_submit()
            audit.action_validate()
            item = audit.action_ids.filtered(lambda a: a.standard_id == cls.std_greeting)
            if item.state == "draft":
                item.action_send()
            items |= item
        cls.item, cls.item_b = items

    def setUp(self):
        super().setUp()
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        self.csrf = form_csrf(self, f"/my/actions/{self.item.id}", "/update")

    @mute_logger("odoo.http")
    @FORM_SETTINGS
    @given(hostile_form(["comment", "operation"], {
        "comment": st.text(max_size=80), "operation": st.sampled_from(["save", "done"]),
    }))
    def test_hostile_updates(self, post):
        before = (self.item.dealer_comment, self.item.state)
        response = post_form(self, f"/my/actions/{self.item.id}/update", post, self.csrf)
        self.assertIn(response.status_code, (200, 303, 400), response.text[:300])
        self.item.invalidate_recordset()
        if response.status_code != 303:
            error = html.fromstring(response.content).xpath(
                "string(//*[contains(@class, 'alert-danger')])")
            self.assertTrue(error.strip(), "the page says what is wrong")
        if response.status_code == 400:
            self.assertEqual((self.item.dealer_comment, self.item.state), before,
                             "a refused update stores nothing")

    @mute_logger("odoo.http")
    @FORM_SETTINGS
    @given(hostile_id())
    def test_foreign_items(self, item_id):
        """Another dealer's item or junk ids: refused, the other item unchanged."""
        item_id = str(self.item_b.id) if item_id == str(self.item.id) else item_id
        response = post_form(self, f"/my/actions/{item_id}/update",
                             {"comment": "Done", "operation": "done"}, self.csrf)
        self.assertIn(response.status_code, (404,), response.text[:200])
        self.item_b.invalidate_recordset()
        self.assertFalse(self.item_b.dealer_comment)
