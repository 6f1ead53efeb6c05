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
