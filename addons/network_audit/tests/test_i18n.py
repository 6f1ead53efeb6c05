import html
import json
import re

from lxml import html as lxml_html

from odoo.tests import HttpCase, tagged

from odoo.addons.dealer_profile.tests.test_i18n import (
    LANGUAGES,
    assert_po_files_sound,
    load_language,
    po_rows,
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

    def _validated_audit_in_dutch(self):
        """An audit of outlet A whose first section and failed standard have Dutch
        names; the section is renamed in Dutch afterwards."""
        section = self.program.section_ids[0]
        section.update_field_translations("name", {"nl_NL": "Ontvangst"})
        self.std_greeting.update_field_translations(
            "name", {"nl_NL": "Klant binnen 2 minuten begroet"}
        )
        audit = self._create_audit()
        audit.action_start()
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "5",
                             self.std_safety: "yes"})
        audit.action_submit()
        audit.action_validate()
        section.update_field_translations("name", {"nl_NL": "Welkom bij de Space"})
        return audit

    def test_audit_sections_in_dutch(self):
        """The dealer reads the audit's sections in Dutch, as they were named when the
        audit was made: renaming the program's section later changes no past audit."""
        audit = self._validated_audit_in_dutch()
        page = lxml_html.fromstring(self._page(self.dealer_a, "nl_NL", f"/my/audits/{audit.id}"))
        names = [" ".join(cell.text_content().split()) for cell in page.xpath(
            "//table[contains(@class, 'o_network_audit_sections')]//tr/td[1]"
        )]
        self.assertEqual(names[0], "Ontvangst")
        self.assertEqual(audit.line_ids[0].with_context(lang="en_US").section_name, "Welcome")
        # Scores with the Dutch decimal comma, as the PDF and the backend write them.
        score = page.xpath("//*[contains(@class, 'o_network_audit_score')]")[0].text_content()
        self.assertEqual(" ".join(score.split()), f"{audit.score:.1f} %".replace(".", ","))

    def test_action_items_in_dutch(self):
        """An action item quotes its standard's title in the dealer's language."""
        audit = self._validated_audit_in_dutch()
        self.assertTrue(audit.action_ids)
        page = self._page(self.dealer_a, "nl_NL", "/my/actions")
        self.assertIn("Klant binnen 2 minuten begroet", page)
        self.assertNotIn("Customer greeted within 2 minutes", page)

    def test_action_done_time_without_seconds(self):
        """When the fix was reported done: the portal's date and time, no seconds."""
        item = self._validated_audit_in_dutch().action_ids[:1]
        item.sudo()._workflow().write({"state": "done", "done_date": "2026-06-01 11:00:00"})
        page = lxml_html.fromstring(self._page(self.dealer_a, "nl_NL", f"/my/actions/{item.id}"))
        [done] = page.xpath("//dt[normalize-space()='Gemeld als gereed']"
                            "/following-sibling::dd[1]")
        text = " ".join(done.text_content().split())
        self.assertRegex(text, r"^01-06-2026 \d\d:00$")

    def test_demo_data_terms_translated(self):
        """Data terms of the demo library: the answer options (records of their own) and
        the mystery program's name read in every language."""
        for iso in LANGUAGES:
            with self.subTest(language=iso):
                rows = {row.get("imd_name"): row for row in po_rows("network_audit", iso)
                        if row["type"] == "model"}
                for xmlid in ("standard_cx_08_option_2", "program_benelux_mystery",
                              "program_europe_spaces_cx_section_1"):
                    self.assertIn(xmlid, rows)
                    self.assertTrue(rows[xmlid]["value"])
                    self.assertNotEqual(rows[xmlid]["value"], rows[xmlid]["src"])

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
