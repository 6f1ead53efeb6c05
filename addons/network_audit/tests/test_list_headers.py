from odoo.tests import HttpCase, tagged

from odoo.addons.dealer_profile.tests.test_i18n import load_language

from .test_actions import TestActionCommon


@tagged("post_install", "-at_install")
class TestListHeadersTour(TestActionCommon, HttpCase):
    """German and Dutch headers of the audits' lists read whole at 1280 px (a laptop)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_language(cls.env, "de_DE", ["network_audit"])
        (cls.auditor_a | cls.officer).partner_id.lang = "de_DE"

    def setUp(self):
        super().setUp()
        self.browser_size = "1280x800"

    def test_audit_answers(self):
        """The audit form's answer list, long comments included."""
        audit = self.env["network.audit"].create({
            "program_id": self.program.id, "outlet_id": self.outlet_a.id,
            "date": "2026-10-10", "auditor_ids": [(6, 0, self.auditor_a.ids)],
        })
        audit.action_start()
        audit.line_ids[:1].comment = (
            "Der Verkäufer war am Telefon und hat die Kundin erst spät begrüßt."
        )
        self.start_tour(f"/odoo/action-network_audit.network_audit_action/{audit.id}",
                        "dealer_profile_list_headers_fit", login=self.auditor_a.login)

    def test_compliance_analysis(self):
        """Reporting › Compliance Analysis as a list, on a validated audit with the
        long standard and outlet names of a real network."""
        self.std_greeting.name = ("Besucher innerhalb von 2 Minuten begrüßt und nach "
                                  "ihrem Anliegen gefragt, auch samstags")
        self.outlet_a.sudo().name = "Hamburg Hafencity Space und Auslieferungszentrum"
        self._submitted_audit().with_user(self.officer).action_validate()
        self.start_tour(
            "/odoo/action-network_audit.network_audit_line_action_compliance?view_type=list",
            "dealer_profile_list_headers_fit", login=self.officer.login,
        )

    def test_audits_and_action_items_in_dutch(self):
        """Audits ("Beantwoord (%)") and action items ("Verantwoordelijke", the state
        "Afgewezen") in Dutch."""
        load_language(self.env, "nl_NL", ["network_audit"])
        self.officer.partner_id.lang = "nl_NL"
        # The long names of a real network.
        self.program.name = "Europe Agency Spaces: customer experience and brand standards"
        self.outlet_a.sudo().name = "Amsterdam Zuidas Space en Afleveringscentrum"
        self.std_greeting.name = ("Visitor greeted within two minutes and asked what "
                                  "brings them in, also on Saturdays")
        audit = self._submitted_audit()
        audit.with_user(self.officer).action_validate()
        self.assertTrue(audit.action_ids)
        # A rejected fix: the longest state ("Afgewezen").
        audit.action_ids[:1].sudo().write({"state": "rejected"})
        for action in ("network_audit_action_open", "network_audit_action_action"):
            with self.subTest(action=action):
                self.start_tour(f"/odoo/action-network_audit.{action}?view_type=list",
                                "dealer_profile_list_headers_fit", login=self.officer.login)

    def test_audits_list_reads_outlets_whole(self):
        """The officer's audits' list in Dutch at 1280 px: each row's outlet reads whole
        beside the audit's number, the market and a long program's name."""
        load_language(self.env, "nl_NL", ["network_audit"])
        self.officer.partner_id.lang = "nl_NL"
        self.program.name = "Europa agentuur-Spaces: klantbeleving en merkstandaarden"
        self.outlet_a.sudo().name = "Rotterdam Handover Hub"
        self._submitted_audit()
        self.start_tour("/odoo/action-network_audit.network_audit_action?view_type=list",
                        "network_audit_list_outlets_whole", login=self.officer.login)

    def test_audits_and_action_items_in_malay(self):
        """Malay headers of the action items and of an audit's answers read whole
        ("Tahap Kritikal", the criticality, was "Tahap Kri..." on both)."""
        load_language(self.env, "ms_MY", ["network_audit"])
        self.officer.partner_id.lang = "ms_MY"
        self.outlet_a.sudo().name = "Kuala Lumpur Handover"
        audit = self._submitted_audit()
        audit.with_user(self.officer).action_validate()
        self.assertTrue(audit.action_ids)
        for url in ("/odoo/action-network_audit.network_audit_action_action?view_type=list",
                    f"/odoo/action-network_audit.network_audit_action/{audit.id}"):
            with self.subTest(url=url):
                self.start_tour(url, "dealer_profile_list_headers_fit",
                                login=self.officer.login)

    def test_programs_in_dutch(self):
        """The audit programs in Dutch ("Standaarden" was cut to "Standa..." beside
        the long names of a real network's programs)."""
        load_language(self.env, "nl_NL", ["network_audit"])
        self.officer.partner_id.lang = "nl_NL"
        self.program.name = "Europa agentuur-Spaces: klantbeleving en merkstandaarden"
        self.start_tour("/odoo/action-network_audit.network_audit_program_action",
                        "dealer_profile_list_headers_fit", login=self.officer.login)

    def test_programs(self):
        """The audit programs ("Pass Threshold (%)" was cut in English already)."""
        self.start_tour("/odoo/action-network_audit.network_audit_program_action",
                        "dealer_profile_list_headers_fit", login=self.officer.login)

    def _action_items_of_a_real_network(self):
        self.outlet_a.sudo().name = "Kuala Lumpur Handover"
        self.std_greeting.name = "Ausgewiesene Preise entsprechen der aktuellen Preisliste"
        audit = self._submitted_audit()
        audit.with_user(self.officer).action_validate()
        self.assertTrue(audit.action_ids)
        audit.action_ids[:1].sudo().write({"state": "rejected"})

    def test_action_items_in_german(self):
        """The officer's action items at 1280 px in German: "Fälligkeitsdatum" was cut
        above its dates ("Fälligkeitsdat...")."""
        self._action_items_of_a_real_network()
        self.start_tour("/odoo/action-network_audit.network_audit_action_action?view_type=list",
                        "dealer_profile_list_headers_fit", login=self.officer.login)

    def test_action_items_on_a_tablet_in_german(self):
        """The same list on a tablet held upright (800 px): what to fix and the outlet
        were cut to seven characters ("Ausgewi...", "[KUL01] ..."), the header "Was zu
        beheben ist" to "Was zu b...", the state pushed off screen."""
        self._action_items_of_a_real_network()
        self.browser_size = "800x1280"
        self.start_tour("/odoo/action-network_audit.network_audit_action_action?view_type=list",
                        "dealer_profile_list_cells_fit", login=self.officer.login)
