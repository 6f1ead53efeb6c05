from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import DealerProfileCommon
from .rpc import call_kw


@tagged("post_install", "-at_install")
class TestChangeRequestOverJsonRpc(DealerProfileCommon, HttpCase):
    """A dealer may create change requests (the portal form does, as the dealer):
    over JSON-RPC the model applies the form's rules, with the form's limits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outlet_a.country_id = cls.env.ref("base.nl")

    def _create(self, vals):
        return call_kw(self, "dealer.change.request", "create",
                       {"outlet_id": self.outlet_a.id, **vals})

    def _assert_refused(self, vals, message):
        with mute_logger("odoo.http", "odoo.sql_db"):
            __, error = self._create(vals)
        self.assertEqual(error and error["name"], "odoo.exceptions.ValidationError", error)
        self.assertIn(message, error["message"])
        self.env.invalidate_all()
        self.assertFalse(self.outlet_a.change_request_ids)

    def test_form_limits_apply_over_json_rpc(self):
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        phone = "+31 20 555 1234"
        for vals, message in (
            ({"new_phone": phone, "note": "x" * 1_000_000},
             "Note is too long: 1000000 characters, at most 2000"),
            ({"new_phone": phone, "note": "Closed\x00 on Monday"}, "U+0000"),
            ({"new_phone": phone, "note": "Bell\x07"}, "U+0007"),
            ({"new_phone": "+31 20\x00 555"}, "U+0000"),
            ({"new_phone": "1" * 100_000}, "Phone is too long"),
            ({"new_email": "a\x00@example.com"}, "U+0000"),
            ({"contact_line_ids": [(0, 0, {
                "operation": "add", "name": "Eva\x00", "role": "cx_contact",
                "email": "eva@example.nl"})]}, "U+0000"),
            ({"contact_line_ids": [(0, 0, {
                "operation": "add", "name": "E" * 5000, "role": "cx_contact",
                "email": "eva@example.nl"})]}, "New contact: name is too long"),
            ({"contact_line_ids": [(0, 0, {
                "operation": "add", "name": "Eva", "role": "cx_contact",
                "email": "eva@example.nl", "phone": "\x1b[2J"})]}, "U+001B"),
        ):
            with self.subTest(vals=str(vals)[:60]):
                self._assert_refused(vals, message)

    def test_valid_request_over_json_rpc(self):
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        __, error = self._create({"new_phone": "+31 20 555 1234",
                                  "note": "New number\nfrom Monday"})
        self.assertIsNone(error)
        self.env.invalidate_all()
        self.assertRecordValues(self.outlet_a.change_request_ids, [{
            "new_phone": "+31 20 555 1234", "note": "New number\nfrom Monday",
            "state": "pending", "requested_by_id": self.dealer_a.id,
        }])
