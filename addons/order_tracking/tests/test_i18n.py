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

    def test_dealer_reads_outlet_words_in_dutch(self):
        """The outlet's wording of a step comes translated like the customer's."""
        self._event(self.order_2, "D003", actual_date=self.today)
        self.dealer_a.partner_id.lang = "nl_NL"
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        page = self.url_open(f"/my/orders/{self.order_2.id}").text
        for dutch in ("Onderweg naar de vestiging", "De auto heeft de haven per vrachtwagen "
                      "verlaten.", "De reis van de auto", "Waar de auto is"):
            self.assertIn(dutch, page)
        self.assertNotIn("uw dealer", page)

    def test_orders_list_searchbar_in_norwegian(self):
        self.customer_1.partner_id.lang = "nb_NO"
        self.authenticate(self.customer_1.login, self.customer_1.login)
        page = self.url_open("/my/orders?filterby=all&search_in=model&search=Polaris").text
        for norwegian in ("Søk på modell", "Søk på VIN", "Søk på status", "Alle", "Bestilt"):
            self.assertIn(norwegian, page)
        self.assertIn(self.order_1.name, page)

    def test_customer_mails_name_the_order_alike(self):
        """Every customer mail names the order with the same word: the handover
        reminder said 'order' in Swedish and 'ordre' in Norwegian where the other mails
        and the portal say 'beställning' and 'bestilling'."""
        words = {"sv_SE": ("beställning", "order "), "nb_NO": ("bestilling", "ordre")}
        templates = ("order_tracking.mail_template_handover_reminder",
                     "order_tracking.mail_template_step_reached",
                     "order_tracking.mail_template_eta_moved")
        for lang, (word, english) in words.items():
            self.customer_1.partner_id.lang = lang
            for xmlid in templates:
                with self.subTest(lang=lang, template=xmlid):
                    body = str(self.env.ref(xmlid)._generate_template(
                        self.order_1.ids, ["body_html"])[self.order_1.id]["body_html"])
                    self.assertIn(f"({word} {self.order_1.name})", body)
                    self.assertNotIn(english, body.replace(self.order_1.name, ""))
