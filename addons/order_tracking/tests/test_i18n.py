"""The customer's pages in their language: every customer-visible text is translated."""

from odoo.tests import HttpCase, tagged

from odoo.addons.dealer_profile.tests.test_i18n import (
    LANGUAGES,
    assert_po_files_sound,
    load_language,
)

from .test_portal import OrderTrackingPortalCommon


@tagged("post_install", "-at_install")
class TestOrderTrackingTranslations(OrderTrackingPortalCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LANGUAGES.values():
            load_language(cls.env, code, ["portal", "order_tracking"])

    def test_po_files_sound(self):
        """Every portal string translated in the five files, placeholders and markup kept."""
        assert_po_files_sound(self, "order_tracking")

    def test_order_page_in_dutch(self):
        """Timeline, to-do form (its placeholders included) and headings in Dutch."""
        self.customer_1.partner_id.lang = "nl_NL"
        self.authenticate(self.customer_1.login, self.customer_1.login)
        response = self.url_open(f"/my/orders/{self.order_1.id}")
        self.assertEqual(response.status_code, 200)
        for dutch in ("Op zee", "Verzekeraar en polisnummer",
                      "Merk, model en kenteken van de auto die u inruilt"):
            self.assertIn(dutch, response.text)
        for english in ("Insurer and policy number", "Make, model and plate",
                        "Your car is on board a ship."):
            self.assertNotIn(english, response.text)
        self.assertNoInternalText(response.text)
