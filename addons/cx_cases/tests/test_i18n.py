"""Customer-facing texts of cx_cases in the customers' languages (issue 9)."""

from odoo.tests import HttpCase, tagged

from odoo.addons.dealer_profile.tests.test_i18n import (
    LANGUAGES,
    assert_po_files_sound,
    load_language,
)

from .common import CxCommon


@tagged("post_install", "-at_install")
class TestCxTranslations(CxCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LANGUAGES.values():
            load_language(cls.env, code, ["cx_cases"])

    def test_po_files_sound(self):
        assert_po_files_sound(self, "cx_cases")

    def test_portal_requests_in_dutch_and_swedish(self):
        """A customer without requests reads the page in their language, over HTTP."""
        for lang, empty in (("nl_NL", "U heeft nog geen aanvragen."),
                            ("sv_SE", "Du har inga ärenden ännu.")):
            with self.subTest(lang=lang):
                self.customer2.lang = lang
                self.authenticate(self.customer2.login, self.customer2.login)
                response = self.url_open("/my/cases")
                self.assertEqual(response.status_code, 200)
                self.assertIn(empty, response.text)
                self.assertNotIn("You have no request yet.", response.text)

    def test_solved_email_in_german(self):
        """The 'is everything all right?' email goes out in the customer's language."""
        self.customer.partner_id.lang = "de_DE"
        case = self._case(name="Ladekabel steckt fest")
        case.action_start()
        case.action_solve()
        message = case.message_ids.filtered(lambda m: case.number in (m.subject or ""))
        self.assertEqual(len(message), 1, "one mail to the customer")
        self.assertIn(self.customer.partner_id, message.partner_ids)
        self.assertEqual(message.subject, f"{case.number}: ist jetzt alles in Ordnung?")
        self.assertIn("Ja, alles ist in Ordnung", message.body)
        self.assertIn("gelöst ist", message.body)
        self.assertNotIn("Yes, everything is all right", message.body)
