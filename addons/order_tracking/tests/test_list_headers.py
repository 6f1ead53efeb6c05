from odoo.tests import HttpCase, tagged

from odoo.addons.dealer_profile.tests.test_i18n import load_language

from .common import OrderTrackingCommon


@tagged("post_install", "-at_install")
class TestListHeadersTour(OrderTrackingCommon, HttpCase):
    """The vehicle orders' list reads whole at 1280 px in Dutch: "Bestelreferentie",
    "Geplande overdrachtsdatum", "Verwachte levering", "Dagen vertraging" and
    "Open taken" were cut, and the factory's status and the order's state were both
    "Status"."""

    def test_orders_in_dutch(self):
        load_language(self.env, "nl_NL", ["order_tracking"])
        self.ot_manager.partner_id.lang = "nl_NL"
        self.customer_1.partner_id.name = "Emma van Dijk-Vermeulen"
        self._event(self.order_1, "V336")
        self.browser_size = "1280x800"
        self.start_tour("/odoo/action-order_tracking.vehicle_order_action?view_type=list",
                        "dealer_profile_list_headers_fit", login=self.ot_manager.login)

    def test_orders_in_norwegian_and_german(self):
        """The orders' list at 1280 px in Norwegian and German reads its cells: the
        dates of next year were cut to "24. mars 20..." (fixed at 100 px), customers,
        models and outlets to eight characters ("Femke V...", "Aurora L...")."""
        self.customer_1.partner_id.name = "Femke Vermeulen"
        self.customer_2.partner_id.name = "Henrik Moen"
        self.outlet_a.name = "Antwerp Space"
        self.outlet_b.name = "Oslo Service Point"
        later = self.today.replace(month=3, day=24, year=self.today.year + 1)
        for order, model in ((self.order_1, "Aurora Lumen"), (self.order_2, "Aurora Borealis 7"),
                             (self.order_3, "Aurora Polaris 4")):
            order.write({"vehicle_model": model, "planned_handover_date": later})
            self._event(order, "V200", expected_date=later)
        self.browser_size = "1280x800"
        for lang in ("nb_NO", "de_DE"):
            with self.subTest(lang=lang):
                load_language(self.env, lang, ["order_tracking"])
                self.ot_manager.partner_id.lang = lang
                self.start_tour("/odoo/action-order_tracking.vehicle_order_action?view_type=list",
                                "dealer_profile_list_cells_fit", login=self.ot_manager.login)

    def test_factory_lists_in_english(self):
        """The factory's lists at 1280 px read their headers whole in English: the
        status catalogue ("Customer Visible", "Handover Step"), the events ("Expected
        Date"), the feed's log ("Duplicates", "Duration (ms)") and the learned lead
        times ("90th Percentile (days)", "Delivered Orders") were cut."""
        self._event(self.order_1, "V336")
        self.env["vehicle.order.ingestion"].sudo().create({
            "source_system": "AURORA-OMS", "user_id": self.env.uid, "event_count": 500,
            "accepted_count": 498, "duplicate_count": 2, "duration_ms": 412,
        })
        statuses = self.env["vehicle.order.status"].search([], order="sequence", limit=2)
        self.env["vehicle.order.lead.time"].sudo().search([]).unlink()
        self.env["vehicle.order.lead.time"].sudo().create({
            "from_status_id": statuses[0].id, "to_status_id": statuses[1].id,
            "median_days": 12.5, "p90_days": 19.0, "sample_count": 240,
        })
        self.browser_size = "1280x800"
        for action in ("vehicle_order_status_action", "vehicle_order_event_action",
                       "vehicle_order_ingestion_action", "vehicle_order_lead_time_action"):
            with self.subTest(action=action):
                self.start_tour(f"/odoo/action-order_tracking.{action}",
                                "dealer_profile_list_headers_fit", login=self.ot_manager.login)

    def test_lead_times_in_every_language(self):
        """The learned lead times at 1280 px read their headers whole in the suite's
        languages: German "Median (Tage)" and "Ausgelieferte Bestellungen" were cut
        ("Median (Ta...", "Ausgelieferte Best..."), the Swedish and Dutch ones too."""
        statuses = self.env["vehicle.order.status"].search([], order="sequence", limit=2)
        self.env["vehicle.order.lead.time"].sudo().search([]).unlink()
        self.env["vehicle.order.lead.time"].sudo().create({
            "from_status_id": statuses[0].id, "to_status_id": statuses[1].id,
            "median_days": 12.5, "p90_days": 19.0, "sample_count": 240,
        })
        self.browser_size = "1280x800"
        for lang in ("de_DE", "nl_NL", "sv_SE", "nb_NO", "ms_MY"):
            with self.subTest(lang=lang):
                load_language(self.env, lang, ["order_tracking"])
                self.ot_manager.partner_id.lang = lang
                self.start_tour("/odoo/action-order_tracking.vehicle_order_lead_time_action",
                                "dealer_profile_list_headers_fit", login=self.ot_manager.login)
