"""Customer-facing texts of cx_cases in the customers' languages."""

from datetime import date, datetime

from lxml import html

from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import PoFileReader, code_translations

from odoo.addons.dealer_profile.tests.test_i18n import (
    LANGUAGES,
    assert_po_files_sound,
    load_language,
)

from .common import CxCommon

# Texts built in Python that customers read: case subjects (on /my/cases and in the
# solved and rating mails) and the labels of the portal forms (in their error messages).
CUSTOMER_CODE_TERMS = (
    "Courtesy call: %(model)s delivered",
    "Test drive follow-up: %(model)s",
    "Chat with %(name)s",
    "a visitor",
    "No subject",
    "Subject",
    "Description",
    "About",
    "Your order",
    "Vehicle identification number",
    "Reason",
    "Feedback",
)


@tagged("post_install", "-at_install")
class TestCxTranslations(CxCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LANGUAGES.values():
            load_language(cls.env, code, ["cx_cases"])

    def test_po_files_sound(self):
        assert_po_files_sound(self, "cx_cases")

    def test_customer_code_terms_exported_and_translated(self):
        """The subjects and form labels built in Python are in the .pot and
        translated in every language, as Odoo reads the .po files at run time."""
        pot = {row["src"] for row in PoFileReader(file_path("cx_cases/i18n/cx_cases.pot"))
               if row["type"] == "code"}
        self.assertFalse(set(CUSTOMER_CODE_TERMS) - pot, "missing from cx_cases.pot")
        for iso, code in LANGUAGES.items():
            with self.subTest(language=iso):
                translations = code_translations.get_python_translations("cx_cases", code)
                missing = [term for term in CUSTOMER_CODE_TERMS if not translations.get(term)]
                self.assertFalse(missing, f"left in English in {iso}.po")

    def test_courtesy_call_subject_in_customer_language(self):
        """A Dutch customer's courtesy call reads Dutch on the portal and in the mails,
        whatever the language of whoever delivered the car."""
        self.customer.partner_id.lang = "nl_NL"
        order = self.env["vehicle.order"].with_context(lang="de_DE").create({
            "partner_id": self.customer.partner_id.id, "outlet_id": self.outlet_a.id,
            "vehicle_model": "Test Model Alpha", "order_date": date(2029, 10, 1),
        })
        order._cx_plan_courtesy_calls()
        self.assertEqual(order.cx_case_ids.name, "Nabelgesprek: Test Model Alpha afgeleverd")

    def test_due_is_a_deadline_not_money_owed(self):
        """The case's "Due" is when it is due, not a debt ("Verschuldigd") nor a bill
        falling due ("Forfaller", "Förfaller")."""
        expected = {"nl_NL": ("Deadline", "Deadline vandaag"),
                    "nb_NO": ("Frist", "Frist i dag"),
                    "sv_SE": ("Deadline", "Deadline i dag"),
                    "de_DE": ("Fällig", "Heute fällig"),
                    "ms_MY": ("Tarikh Akhir", "Tarikh Akhir Hari Ini")}
        for lang, (label, today) in expected.items():
            with self.subTest(lang=lang):
                Case = self.env["cx.case"].with_context(lang=lang)
                self.assertEqual(Case.fields_get(["date_due"])["date_due"]["string"], label)
                search = Case.get_views([(False, "search")])["views"]["search"]["arch"]
                self.assertIn(f'string="{today}"', search)

    def test_form_label_in_customer_language(self):
        """A field label of the portal form, in the error message of a Dutch customer."""
        self.customer.lang = "nl_NL"
        self.authenticate(self.customer.login, self.customer.login)
        response = self.url_open("/my/cases/new", data={
            "subject": "Ruitenwisser", "description": "Piept.", "vin": "Y" * 18,
            "csrf_token": Request.csrf_token(self),
        })
        self.assertEqual(response.status_code, 200)
        self.assertIn("Chassisnummer is te lang", response.text)
        self.assertNotIn("Vehicle identification number", response.text)

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

    def test_rating_page_in_customer_language(self):
        """The rating mail's link opens the form in the customer's language, as the
        mail was written: the visitor is not logged in and their browser said English
        before (a German customer read 'How satisfied are you with our help?')."""
        for lang, question in (("de_DE", "Wie zufrieden sind Sie mit unserer Hilfe?"),
                               ("sv_SE", "Hur nöjd är du med vår hjälp?")):
            with self.subTest(lang=lang):
                partner = self.env["res.partner"].create({
                    "name": f"Rating customer {lang}", "email": f"rate-{lang}@example.com",
                    "lang": lang,
                })
                case = self._case(name="Rattling door", partner=partner)
                token = case._rating_get_access_token()
                self.authenticate(None, None)
                self.opener.cookies.set("frontend_lang", "en_US")
                response = self.url_open(f"/cx/rate/{token}/4")
                self.assertEqual(response.status_code, 200)
                self.assertIn(question, response.text)
                self.assertNotIn("How satisfied are you", response.text)
                page = html.fromstring(response.content)
                self.assertEqual(page.get("lang"), lang.replace("_", "-"),
                                 "the page's scripts load the customer's language too")

    def test_rating_and_solved_mails_in_german_and_swedish(self):
        """The rating mail asks how satisfied the customer is (not the English 'how did
        we do?' word for word) and the mails close as German and Swedish letters do,
        without a comma after the greeting."""
        self.env["ir.module.module"]._load_module_terms(["cx_cases"], ["de_DE", "sv_SE"],
                                                         overwrite=True)
        expected = {"de_DE": ("wie zufrieden waren Sie?", "Mit freundlichen Grüßen"),
                    "sv_SE": ("hur nöjd är du med vår hjälp?", "Vänliga hälsningar")}
        for lang, (subject, closing) in expected.items():
            with self.subTest(lang=lang):
                partner = self.env["res.partner"].create({
                    "name": f"Mail customer {lang}", "email": f"mail-{lang}@example.com",
                    "lang": lang,
                })
                case = self._case(name="Rattling door", partner=partner)
                for xmlid in ("cx_cases.mail_template_case_rating",
                              "cx_cases.mail_template_case_solved"):
                    mail = self.env.ref(xmlid)._generate_template(
                        case.ids, ["subject", "body_html"])[case.id]
                    self.assertIn(f"{closing}<br/>", str(mail["body_html"]))
                    self.assertNotIn(f"{closing},", str(mail["body_html"]))
                rating = self.env.ref("cx_cases.mail_template_case_rating")._generate_template(
                    case.ids, ["subject"])[case.id]
                self.assertEqual(rating["subject"], f"{case.number}: {subject}")

    def test_case_page_opened_without_seconds(self):
        """The case page says when it was opened to the minute, in the customer's
        time zone and language: a German customer read 'Eröffnet: 04/12/2026
        01:00:00' (German dates read 04.12.2026: dealer_profile)."""
        partner = self.customer.partner_id
        partner.write({"lang": "de_DE", "tz": "Europe/Berlin"})
        case = self._case(name="Rattling door", date_open=datetime(2026, 12, 4, 9, 30))
        self.authenticate(self.customer.login, self.customer.login)
        page = html.fromstring(self.url_open(f"/my/cases/{case.id}").content)
        opened = page.xpath("//span[hasclass('o_cx_case_opened')]")[0].text_content()
        self.assertEqual(opened.strip(), "04.12.2026 10:30")

    def test_case_page_in_market_time_zone(self):
        """A customer without a time zone of their own (they followed a mail's link
        before ever setting one) reads the case's times in their market's, not UTC."""
        self.customer.partner_id.write({"lang": "de_DE", "tz": False})
        self.market_a.partner_id.tz = "Europe/Berlin"
        case = self._case(name="Rattling door", date_open=datetime(2026, 12, 4, 9, 30))
        self.authenticate(self.customer.login, self.customer.login)
        page = html.fromstring(self.url_open(f"/my/cases/{case.id}").content)
        opened = page.xpath("//span[hasclass('o_cx_case_opened')]")[0].text_content()
        self.assertEqual(opened.strip(), "04.12.2026 10:30")
