import re

from lxml import html

from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import PoFileReader, TranslationModuleReader

from .common import MONTH_1, DealerProfileCommon

# The five languages of the network: file name in i18n/ and Odoo language code.
LANGUAGES = {"nl": "nl_NL", "de": "de_DE", "nb": "nb_NO", "sv": "sv_SE", "ms": "ms_MY"}
# What a translation must keep from its source: %(name)s / %s placeholders and markup.
KEPT = re.compile(r"%\(\w+\)[srd]|%[sd]|<[^>]+>")
# One word per idea in a language, across the addons: the word a translation must not
# use and the one it uses instead (Swedish read both "Kundservice" and "kundtjänst";
# Dutch "Service-belletje" was too familiar for a courtesy call).
AVOIDED_WORDS = {
    "sv": {"kundservice": "kundtjänst"},
    "nl": {"belletje": "nabelgesprek"},
}


def po_rows(module, iso):
    """The rows of i18n/<iso>.po as Odoo's own importer reads them."""
    return list(PoFileReader(file_path(f"{module}/i18n/{iso}.po")))


def assert_po_files_sound(case, module):
    """Every term the module has is in its .pot, and every language file exists, is
    read by Odoo, keeps placeholders and markup, and translates every term."""
    assert_pot_up_to_date(case, module)
    for iso in LANGUAGES:
        with case.subTest(language=iso):
            rows = po_rows(module, iso)
            case.assertTrue(rows, f"{module}/i18n/{iso}.po has no entry")
            for row in rows:
                if row["value"]:
                    case.assertEqual(
                        sorted(KEPT.findall(row["src"])), sorted(KEPT.findall(row["value"])),
                        f"{iso}.po changes the placeholders or markup of {row['src']!r}",
                    )
            # Odoo's reader merges the .pot in, so a term missing from the .po counts too.
            # Core terms a file translates for its language only (rows of another module,
            # e.g. portal's in nb.po) are not every language's business.
            own = [row for row in rows if row["module"] == module]
            case.assertTrue(
                any(row.get("imd_model") == "ir.ui.view" and "portal" in row["imd_name"]
                    for row in own),
                "the portal pages have strings",
            )
            for avoided, word in AVOIDED_WORDS.get(iso, {}).items():
                used = sorted({row["src"] for row in own if avoided in row["value"].lower()})
                case.assertFalse(used, f"{iso}.po says {avoided!r} where it says {word!r}")
            untranslated = sorted({row["src"] for row in own if not row["value"]})
            case.assertFalse(
                untranslated,
                f"{len(untranslated)} terms left in English in {module}/i18n/{iso}.po",
            )


def assert_pot_up_to_date(case, module):
    """The .pot holds every term the module has now (Python, views, data, JS), as
    `odoo i18n export` reads them: a new string reaches no .po file otherwise."""
    pot = {row["src"] for row in PoFileReader(file_path(f"{module}/i18n/{module}.pot"))}
    exported = {
        source for term_module, _type, _name, _res_id, source, _value, _comments
        in TranslationModuleReader(case.env.cr, modules=[module])
        if term_module == module
    }
    missing = sorted(exported - pot)
    case.assertFalse(missing, f"{len(missing)} terms missing from {module}.pot: re-export it")


def load_language(env, code, modules):
    """Activate a language and load the modules' terms, as installing it would."""
    env["res.lang"]._activate_lang(code)
    env["ir.module.module"]._load_module_terms(modules, [code], overwrite=True)


@tagged("post_install", "-at_install")
class TestDealerProfileTranslations(DealerProfileCommon, HttpCase):
    """The portal in the dealers' languages, through real HTTP requests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LANGUAGES.values():
            load_language(cls.env, code, ["dealer_profile"])

    def _outlets_page(self, lang):
        self.dealer_a.lang = lang
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        response = self.url_open("/my/outlets")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_po_files_sound(self):
        assert_po_files_sound(self, "dealer_profile")

    def test_outlet_list_in_dutch(self):
        """A Dutch dealer gets the outlet list in Dutch, the English one in English."""
        page = self._outlets_page("nl_NL")
        for dutch in (">Vestiging<", ">Soort<", ">Beoordeling<", "Vestigingen"):
            self.assertIn(dutch, page)
        for english in (">Outlet<", ">Kind<", ">Rating<", ">Outlets<"):
            self.assertNotIn(english, page)
        self.assertIn("Test Outlet Amsterdam", page, "names are data, not translated")
        self.assertIn(">Rating<", self._outlets_page("en_US"))

    def test_outlet_page_in_dutch(self):
        self.dealer_a.lang = "nl_NL"
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        page = self.url_open(f"/my/outlets/{self.outlet_a.id}").text
        for dutch in ("Huidige gegevens", "Openingstijden", "Een wijziging voorstellen"):
            self.assertIn(dutch, page)
        for english in ("Current data", "Opening hours", "Propose a change"):
            self.assertNotIn(english, page)
        # The days of the opening hours and of the proposal form, in Dutch too.
        self.assertIn("Maandag", page)
        self.assertIn("Zondag", page)
        for english in ("Monday", "Sunday"):
            self.assertNotIn(english, page)

    def test_leaderboard_month_in_dutch(self):
        """The published month in the dealer's language, as the audit leaderboard
        shows it (the month label of the ratings)."""
        self._push_kpis(self.outlet_a, MONTH_1, sales=90)
        self._publish(MONTH_1)
        self.dealer_a.lang = "nl_NL"
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        page = self.url_open("/my/leaderboard").text
        self.assertIn("januari 2024", page)
        self.assertNotIn("January", page)

    def test_refused_page_and_form_errors_in_dutch(self):
        """The refused page and the portal form's validation messages come in Dutch."""
        self.dealer_a.lang = "nl_NL"
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        refused = self.url_open(f"/my/outlets/{self.outlet_b.id}")
        self.assertEqual(refused.status_code, 404)
        for dutch in ("Pagina niet beschikbaar", "Terug naar mijn account",
                      "Deze pagina bestaat niet of is niet met u gedeeld."):
            self.assertIn(dutch, refused.text)
        for english in ("Page not available", "Back to my account", "is not shared with you"):
            self.assertNotIn(english, refused.text)
        response = self.url_open(
            f"/my/outlets/{self.outlet_a.id}/propose",
            data={"csrf_token": Request.csrf_token(self), "email": "not an address"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Uw voorstel is niet verstuurd", response.text)
        self.assertIn("is niet één e-mailadres", response.text)
        self.assertNotIn("is not one email address", response.text)

    def test_outlet_list_in_every_language(self):
        """Each of the five languages reaches the portal: its title and columns."""
        expected = {
            "nl_NL": ">Beoordeling<", "de_DE": ">Bewertung<", "nb_NO": ">Vurdering<",
            "sv_SE": ">Betyg<", "ms_MY": ">Penarafan<",
        }
        for lang, rating in expected.items():
            with self.subTest(lang=lang):
                page = self._outlets_page(lang)
                self.assertIn(rating, page)
                self.assertNotIn(">Rating<", page)

    def test_messages_and_selections_in_german(self):
        """Server messages and selection values come from the same files."""
        env = self.env(context={"lang": "de_DE"})
        kinds = dict(env["dealer.outlet"]._fields["kind"]._description_selection(env))
        self.assertEqual(kinds["handover"], "Übergabestandort")
        states = dict(env["dealer.outlet"]._fields["state"]._description_selection(env))
        self.assertEqual(states["suspended"], "Ausgesetzt")
        self.assertEqual(
            env._("Your proposed changes were approved and applied."),
            "Ihre vorgeschlagenen Änderungen wurden genehmigt und übernommen.",
        )

    def test_core_portal_terms_in_norwegian(self):
        """Odoo 19 leaves its own portal terms ("My account", "Powered by") untranslated in
        Norwegian: the suite's translation fills them, so the whole page reads Norwegian."""
        self.dealer_a.lang = "nb_NO"
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        page = self.url_open("/my/home").text
        for norwegian in ("Min konto", "Drevet av", "Adresser"):
            self.assertIn(norwegian, page)
        for english in (">My account<", "Powered by", ">Addresses<"):
            self.assertNotIn(english, page)

    def test_leaderboard_and_award_in_german_and_swedish(self):
        """Scores in the reader's number format (the audit pages and the PDF write
        83,7 %), the award badge's month in the reader's language, and the award
        message in the Space manager's language (a German dealer read '96.0 %' and
        'Top-Standort im January 2024')."""
        self.env["ir.config_parameter"].set_param("dealer_profile.rating_award_count", 1)
        self.dealer_a.lang = "de_DE"
        self._push_kpis(self.outlet_a, MONTH_1, sales=96)
        self._push_kpis(self.outlet_b, MONTH_1, sales=80)
        self._publish(MONTH_1)
        award = self.outlet_a.message_ids.filtered(lambda m: "Top-Standort" in (m.body or ""))
        self.assertEqual(len(award), 1, "the award message is in the manager's German")
        self.assertIn("Januar 2024", award.body)
        self.assertIn("96,0 %", award.body)
        for lang, month in (("de_DE", "Januar 2024"), ("sv_SE", "januari 2024")):
            with self.subTest(lang=lang):
                self.dealer_a.lang = lang
                self.authenticate(self.dealer_a.login, self.dealer_a.login)
                page = html.fromstring(self.url_open("/my/leaderboard").content)
                scores = [" ".join(td.text_content().split())
                          for td in page.xpath("//td[contains(@class, 'o_dealer_score')]")]
                self.assertEqual(scores, ["96,0 %", "80,0 %"])
                outlet_page = self.url_open(f"/my/outlets/{self.outlet_a.id}").text
                badge = html.fromstring(outlet_page).xpath(
                    "//span[contains(@class, 'o_dealer_award')]")[0].text_content()
                self.assertIn(month, badge)
                self.assertNotIn("January", outlet_page)

    def test_outlet_page_roles_and_hours_in_german(self):
        """The proposal form's contact roles in German, as the contact list writes them;
        an outlet without opening hours says so instead of 'closed' seven times."""
        self.dealer_b.lang = "de_DE"
        self.authenticate(self.dealer_b.login, self.dealer_b.login)
        page = html.fromstring(self.url_open(f"/my/outlets/{self.outlet_b.id}").content)
        roles = page.xpath("//select[@name='new_contact_role']/option[@value!='']/text()")
        self.assertIn("Space-Manager", roles)
        self.assertNotIn("Space Manager", roles)
        self.assertFalse(self.outlet_b.resource_calendar_id)
        hours = page.xpath("//*[contains(@class, 'o_dealer_no_hours')]")
        self.assertEqual(len(hours), 1)
        self.assertIn("Noch nicht angegeben", hours[0].text_content())
        self.assertNotIn("geschlossen", page.xpath("string(//dl)"))

    def test_dates_written_the_german_and_norwegian_way(self):
        """A German or Norwegian dealer reads a date as 12.11.2026, the way both write
        it: Odoo ships the two languages with 12/11/2026 (the date of a proposal here,
        of an audit, an action's due date, a case on their pages)."""
        request = self.env["dealer.change.request"].create(
            {"outlet_id": self.outlet_a.id, "new_phone": "+31 20 794 3121"})
        request.flush_recordset()
        self.env.cr.execute("UPDATE dealer_change_request SET create_date = %s WHERE id = %s",
                            ("2026-11-12 10:00:00", request.id))
        for code in ("de_DE", "nb_NO"):
            with self.subTest(lang=code):
                self.assertEqual(self.env["res.lang"]._get_data(code=code).date_format,
                                 "%d.%m.%Y")
                self.dealer_a.lang = code
                self.authenticate(self.dealer_a.login, self.dealer_a.login)
                page = html.fromstring(self.url_open(f"/my/outlets/{self.outlet_a.id}").content)
                told = page.xpath("string(//ul[contains(@class, 'o_dealer_requests')]/li)")
                self.assertIn("12.11.2026", told)
                self.assertNotIn("12/11/2026", told)

    def test_weekday_names_written_alike(self):
        """The seven days of a language start alike (a Swedish dealer read 'måndag',
        'Tisdag', 'fredag', 'Söndag' one under the other)."""
        field = self.env["dealer.change.request.hours"]._fields["dayofweek"]
        for code in LANGUAGES.values():
            with self.subTest(lang=code):
                labels = [label for _day, label in
                          field._description_selection(self.env(context={"lang": code}))]
                self.assertEqual(len({label[0].isupper() for label in labels}), 1, labels)

    def test_page_language_on_html_element(self):
        """<html lang> says the page's language: the portal's scripts (the chatter's
        'Write a message...', 'Yesterday') load their terms for it. Odoo sets it with
        the website app only."""
        for lang in ("sv_SE", "de_DE"):
            with self.subTest(lang=lang):
                page = html.fromstring(self._outlets_page(lang))
                self.assertEqual(page.get("lang"), lang.replace("_", "-"))

    def test_portal_chatter_terms_in_swedish(self):
        """The terms of the portal's scripts include mail's (the chatter): 'Yesterday at'
        reads 'Igår klockan' for a Swedish customer."""
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        response = self.url_open("/website/translations?lang=sv_SE")
        self.assertEqual(response.status_code, 200)
        terms = {
            term["id"]: term["string"]
            for module in response.json()["modules"].values()
            for term in module["messages"]
        }
        self.assertEqual(terms.get("Yesterday at %(time)s"), "Igår klockan %(time)s")
