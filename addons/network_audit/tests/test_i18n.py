import html
import json
import re

from odoo.tests import HttpCase, tagged

from odoo.addons.dealer_profile.tests.test_i18n import (
    LANGUAGES,
    assert_po_files_sound,
    load_language,
)

from .common import NetworkAuditCommon
from .test_mystery import MysteryCommon


@tagged("post_install", "-at_install")
class TestNetworkAuditTranslations(NetworkAuditCommon, HttpCase):
    """What dealers and auditors read, in their languages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LANGUAGES.values():
            load_language(cls.env, code, ["dealer_profile", "network_audit"])

    def _page(self, user, lang, url):
        user.lang = lang
        self.authenticate(user.login, user.login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def test_po_files_sound(self):
        assert_po_files_sound(self, "network_audit")

    def test_portal_audits_and_actions_in_german(self):
        page = self._page(self.dealer_a, "de_DE", "/my/audits")
        self.assertIn("Noch kein validiertes Audit Ihrer Standorte.", page)
        self.assertNotIn("No validated audit of your outlets yet.", page)
        page = self._page(self.dealer_a, "de_DE", "/my/actions")
        self.assertIn("Im Moment gibt es nichts zu beheben.", page)
        self.assertNotIn("Nothing to fix right now.", page)
        page = self._page(self.dealer_a, "de_DE", "/my/actions?filterby=all")
        self.assertIn("Noch keine Maßnahmen für Ihre Standorte.", page)
        self.assertNotIn("No action item for your outlets yet.", page)

    def test_portal_home_in_swedish_and_malay(self):
        """The portal home shows the audit entries in the dealer's language."""
        for lang, text, english in (
            ("sv_SE", "Poäng och iakttagelser från revisionerna av dina anläggningar",
             "Scores and findings of your outlets' audits"),
            ("ms_MY", "Skor dan penemuan audit outlet anda",
             "Scores and findings of your outlets' audits"),
        ):
            with self.subTest(lang=lang):
                page = self._page(self.dealer_a, lang, "/my")
                self.assertIn(text, page)
                self.assertNotIn(english, page)

    def test_audit_form_labels_and_states_for_a_norwegian_auditor(self):
        """Field labels, selections and messages of the audit form in Norwegian."""
        env = self.env(user=self.auditor_a, context={"lang": "nb_NO"})
        fields = env["network.audit"].fields_get(["state", "outlet_id"])
        states = dict(fields["state"]["selection"])
        self.assertEqual(states["validated"], "Validert")
        self.assertEqual(states["submitted"], "Sendt inn")
        self.assertEqual(fields["outlet_id"]["string"], "Utsalgssted")
        line_fields = env["network.audit.line"].fields_get(["answer_yes_no"])
        self.assertIn(("na", "I/A"), line_fields["answer_yes_no"]["selection"])
        self.assertEqual(
            env._("%(code)s: photo evidence required", code="T-CX-01"),
            "T-CX-01: dokumentasjonsbilde kreves",
        )


@tagged("post_install", "-at_install")
class TestShopperAndAuditAppInDutch(MysteryCommon, HttpCase):
    """The mystery shopper's pages and the offline audit app, for Dutch users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_language(cls.env, "nl_NL", ["portal", "dealer_profile", "network_audit"])

    def _get(self, user, url, status=200):
        user.lang = "nl_NL"
        self.authenticate(user.login, user.login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, status, url)
        return response.text

    def test_visits_in_dutch(self):
        page = self._get(self.shopper_a, "/my/visits")
        for dutch in ("Mijn bezoeken", "Te bezoeken"):
            self.assertIn(dutch, page)
        self.assertNotIn(">To visit<", page)
        page = self._get(self.shopper_a, f"/my/visits/{self.visit_a.id}")
        for dutch in ("Bezoek tussen", "Uw scenario", "Uw algemene indruk",
                      "Vragenlijst indienen", "Wat u zag of hoorde"):
            self.assertIn(dutch, page)
        for english in ("Visit between", "Your scenario", "Submit the questionnaire",
                        "What you saw or heard"):
            self.assertNotIn(english, page)

    def test_visit_answer_labels_in_dutch(self):
        """The yes/no/N.A. buttons of the questionnaire, not only its headings."""
        page = self._get(self.shopper_a, f"/my/visits/{self.visit_a.id}")
        for dutch in (">Ja</label>", ">Nee</label>", ">N.v.t.</label>"):
            self.assertIn(dutch, page)
        for english in (">Yes</label>", ">No</label>", ">N.A.</label>"):
            self.assertNotIn(english, page)

    def test_audit_app_words_in_dutch(self):
        """The offline app gets its words in the auditor's language with its page:
        every word the app shows is translated (those spelt alike in Dutch aside)."""
        page = self._get(self.auditor_a, "/audit/app")
        self.assertIn('<html lang="nl-NL">', page)
        self.assertIn("Mijn audits downloaden", page)
        terms = json.loads(html.unescape(re.search(r'data-terms="([^"]*)"', page)[1]))
        english = self.env["network.audit"].with_context(lang="en_US")._audit_app_terms()
        self.assertEqual(terms.keys(), english.keys())
        alike = {key for key in english if terms[key] == english[key]}
        self.assertEqual(alike, {"title", "online"}, "Audits and Online read the same")
        self.assertEqual(terms["no_audits"], "Er is geen audit aan u toegewezen. "
                                             "Download opnieuw zodra u online bent.")

    def test_audit_app_refusal_in_dutch(self):
        page = self._get(self.dealer_a, "/audit/app", status=403)
        self.assertIn("De audit-app is voor auditors.", page)
        self.assertNotIn("for auditors", page)
