from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import NetworkAuditCommon


@tagged("post_install", "-at_install")
class TestOutletChoices(NetworkAuditCommon):
    """Outlet kinds and sales models have one source: dealer.outlet's selections."""

    def test_tags_follow_the_outlet_selections(self):
        for model, field in (("network.audit.outlet.kind", "kind"),
                             ("network.audit.sales.model", "sales_model")):
            selection = self.env["dealer.outlet"]._fields[field].selection
            records = self.env[model].search([])
            self.assertEqual(records.mapped("code"), [code for code, _label in selection])
            self.assertEqual(records.mapped("display_name"), [label for _c, label in selection])

    def test_nobody_edits_them(self):
        kind = self.env.ref("network_audit.outlet_kind_space")
        for user in (self.manager, self.auditor_a):
            with self.assertRaises(AccessError):
                kind.with_user(user).write({"code": "popup"})
            with self.assertRaises(AccessError):
                self.env["network.audit.outlet.kind"].with_user(user).create(
                    {"name": "Kiosk", "code": "kiosk"}
                )

    def test_a_code_outside_the_selection_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["network.audit.sales.model"].create({"name": "Lease", "code": "lease"})
