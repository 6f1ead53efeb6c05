from lxml import html as lxml_html

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import DealerProfileCommon


class ChangeComparisonCommon(DealerProfileCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_old = cls.env["res.partner"].create(
            {"name": "Test Old Contact", "email": "old@example.com"}
        )
        cls.contact_old = cls.env["dealer.outlet.contact"].create({
            "outlet_id": cls.outlet_a.id, "partner_id": cls.partner_old.id,
            "role": "cx_contact",
        })

    def _propose_everything(self):
        # calendar_a: Monday to Friday 09:00–12:00 and 13:00–18:00; proposed: Monday
        # 08:00–17:00 and Saturday 10:00–14:00, the other days closed.
        return self.env["dealer.change.request"].with_user(self.dealer_a).create({
            "outlet_id": self.outlet_a.id,
            "new_phone": "+31 20 999 9999",
            "new_email": "new@example.com",
            "change_hours": True,
            "hours_line_ids": [
                Command.create({"dayofweek": "0", "hour_from": 8, "hour_to": 17}),
                Command.create({"dayofweek": "5", "hour_from": 10, "hour_to": 14}),
            ],
            "contact_line_ids": [
                Command.create({"operation": "remove", "contact_id": self.contact_old.id}),
                Command.create({"operation": "add", "name": "Test Added",
                                "email": "added@example.com", "role": "sales_manager"}),
            ],
        })

    @staticmethod
    def _table(markup):
        """[[field, current, proposed]] of a rendered comparison."""
        page = lxml_html.fromstring(str(markup))
        return [
            [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
            for row in page.xpath("//table[hasclass('o_dealer_change_comparison')]/tbody/tr")
        ]


@tagged("post_install", "-at_install")
class TestChangeComparison(ChangeComparisonCommon):
    def test_rows_show_current_beside_proposed(self):
        """Every value the approval writes, beside the outlet's value now."""
        request = self._propose_everything().with_user(self.officer)
        rows = {row["field"]: row for row in request._get_change_rows()}
        self.assertEqual((rows["Phone"]["current"], rows["Phone"]["proposed"]),
                         ("+31 20 000 0001", "+31 20 999 9999"))
        self.assertEqual((rows["Email"]["current"], rows["Email"]["proposed"]),
                         ("outlet-a@example.com", "new@example.com"))
        self.assertEqual((rows["Monday"]["current"], rows["Monday"]["proposed"]),
                         ("09:00–12:00, 13:00–18:00", "08:00–17:00"))
        self.assertEqual((rows["Tuesday"]["current"], rows["Tuesday"]["proposed"]),
                         ("09:00–12:00, 13:00–18:00", "closed"))
        self.assertEqual((rows["Saturday"]["current"], rows["Saturday"]["proposed"]),
                         ("closed", "10:00–14:00"))
        self.assertFalse(rows["Sunday"]["changed"])
        self.assertEqual(rows["Remove contact"]["current"],
                         "Test Old Contact (CX Contact, old@example.com)")
        self.assertEqual(rows["New contact"]["proposed"],
                         "Test Added (Sales Manager, added@example.com)")
        self.assertEqual(request.change_overview, "Phone, Email, Opening hours, Contacts")

    def test_form_table_and_approval_apply_what_is_shown(self):
        """The reviewer's table lists field, current and proposed value; approving
        leaves the outlet with exactly the proposed column."""
        request = self._propose_everything().with_user(self.officer)
        table = self._table(request.change_comparison)
        self.assertIn(["Phone", "+31 20 000 0001", "+31 20 999 9999"], table)
        self.assertIn(["Saturday", "closed", "10:00–14:00"], table)
        shown = {row["field"]: row["proposed"] for row in request._get_change_rows()}
        request.action_approve()
        outlet = self.outlet_a
        self.assertEqual(outlet.phone, shown["Phone"])
        self.assertEqual(outlet.email, shown["Email"])
        now = {row["field"]: row["current"] for row in request.sudo()._hours_rows(outlet)}
        for day in ("Monday", "Tuesday", "Saturday", "Sunday"):
            self.assertEqual(now[day], shown[day], day)
        self.assertNotIn(self.partner_old, outlet.contact_ids.partner_id)
        self.assertIn("added@example.com", outlet.contact_ids.partner_id.mapped("email"))
        # Reviewed: the outlet's values are the proposal's now, only the proposal shows.
        self.assertEqual(self._table(request.change_comparison)[0], ["Phone", "+31 20 999 9999"])

    def test_officer_of_other_market_sees_nothing(self):
        request = self._propose_everything()
        other = self._new_user("test_officer_b2", "dealer_profile.group_network_officer",
                               self.market_b)
        self.assertFalse(self.env["dealer.change.request"].with_user(other).search(
            [("id", "=", request.id)]))


@tagged("post_install", "-at_install")
class TestChangeComparisonPortal(ChangeComparisonCommon, HttpCase):
    def test_dealer_sees_what_they_proposed(self):
        """The dealer's list of proposals says what each one proposes, old and new;
        another outlet's dealer does not see it."""
        self._propose_everything()
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        page = self.url_open(f"/my/outlets/{self.outlet_a.id}")
        self.assertEqual(page.status_code, 200)
        table = self._table(
            lxml_html.tostring(lxml_html.fromstring(page.text).xpath(
                "//ul[hasclass('o_dealer_requests')]")[0]).decode()
        )
        self.assertIn(["Phone", "+31 20 000 0001", "+31 20 999 9999"], table)
        self.assertIn(["New contact", "-", "Test Added (Sales Manager, added@example.com)"],
                      table)
        self.authenticate(self.dealer_b.login, self.dealer_b.login)
        page = self.url_open(f"/my/outlets/{self.outlet_b.id}")
        self.assertNotIn("+31 20 999 9999", page.text)
