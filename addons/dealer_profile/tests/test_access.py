import itertools
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DealerProfileCommon
from .market_matrix import AccessMatrixMixin
from .rpc import call_kw

MODELS = (
    "dealer.outlet",
    "dealer.outlet.contact",
    "dealer.outlet.document",
    "dealer.kpi",
    "dealer.kpi.value",
    "dealer.brand",
    "dealer.change.request",
)
# security/ir.model.access.csv, as letters c(reate) r(ead) w(rite) u(nlink)
EXPECTED_RIGHTS = {
    "viewer": dict.fromkeys(MODELS, "r"),
    "officer": {
        "dealer.outlet": "crw",
        "dealer.outlet.contact": "crwu",
        "dealer.outlet.document": "crwu",
        "dealer.kpi": "r",
        "dealer.kpi.value": "crwu",
        "dealer.brand": "r",
        "dealer.change.request": "rw",
    },
    "manager": dict.fromkeys(MODELS, "crwu"),
    "portal": {
        "dealer.outlet": "r",
        "dealer.outlet.contact": "r",
        "dealer.outlet.document": "",
        "dealer.kpi": "",
        "dealer.kpi.value": "",
        "dealer.brand": "r",
        "dealer.change.request": "cr",
    },
}
READ_FIELD = {
    "dealer.outlet": "name",
    "dealer.outlet.contact": "role",
    "dealer.outlet.document": "name",
    "dealer.kpi": "name",
    "dealer.kpi.value": "value",
    "dealer.brand": "name",
    "dealer.change.request": "state",
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixMixin, DealerProfileCommon):
    """Every role against every model and operation, on records of market A (which
    every user of the matrix may see), so that only the access rights decide."""

    MODELS = MODELS
    EXPECTED_RIGHTS = EXPECTED_RIGHTS
    READ_FIELD = READ_FIELD
    _counter = itertools.count(1)

    def _create_vals(self, model):
        n = next(self._counter)
        return {
            "dealer.outlet": lambda: {
                "name": f"Test Matrix {n}", "code": f"TM{n}", "company_id": self.market_a.id,
                # the portal dealer may only see outlets listing them as a contact
                "contact_ids": [Command.create({
                    "partner_id": self.dealer_a.partner_id.id, "role": "space_manager",
                })],
            },
            "dealer.outlet.contact": lambda: {
                "outlet_id": self.outlet_a.id, "role": "sales_manager",
                "partner_id": self.env["res.partner"].create({"name": f"Test Person {n}"}).id,
            },
            "dealer.outlet.document": lambda: {
                "name": f"Test Document {n}", "outlet_id": self.outlet_a.id,
            },
            "dealer.kpi": lambda: {"code": f"test_matrix_{n}", "name": f"Test KPI {n}"},
            "dealer.kpi.value": lambda: {
                "outlet_id": self.outlet_a.id, "kpi_id": self.kpi_sales.id,
                "month": date(2010 + n // 12, n % 12 + 1, 1), "value": n,
            },
            "dealer.brand": lambda: {"name": f"Test Brand {n}"},
            "dealer.change.request": lambda: {
                "outlet_id": self.outlet_a.id, "new_phone": f"+31 6 0000 {n:04d}",
            },
        }[model]()

    def _write_vals(self, model):
        return {
            "dealer.outlet": {"name": "Test Renamed"},
            "dealer.outlet.contact": {"role": "cx_contact"},
            "dealer.outlet.document": {"name": "Test Renamed"},
            "dealer.kpi": {"name": "Test Renamed"},
            "dealer.kpi.value": {"value": 42.0},
            "dealer.brand": {"name": "Test Brand Renamed"},
            "dealer.change.request": {"rejection_reason": "Test reason"},
        }[model]

    def test_viewer_rights(self):
        self._check_matrix("viewer", self.viewer)

    def test_officer_rights(self):
        self._check_matrix("officer", self.officer)

    def test_manager_rights(self):
        self._check_matrix("manager", self.manager)

    def test_portal_dealer_rights(self):
        self._check_matrix("portal", self.dealer_a)


@tagged("post_install", "-at_install")
class TestMultiCompany(DealerProfileCommon):

    def test_region_user_sees_every_market_of_the_region(self):
        """A user working in the region company sees the outlets of all its markets;
        one working in market A only sees market A."""
        regional = new_test_user(
            self.env, login="dp_regional_viewer", groups="dealer_profile.group_network_viewer",
            company_id=self.region.id, company_ids=[Command.set(self.region.ids)],
        )
        outlets = self.outlet_a | self.outlet_b
        self.assertEqual(
            self.env["dealer.outlet"].with_user(regional).search([("id", "in", outlets.ids)]),
            outlets,
        )
        local = new_test_user(
            self.env, login="dp_local_viewer", groups="dealer_profile.group_network_viewer",
            company_id=self.market_a.id, company_ids=[Command.set(self.market_a.ids)],
        )
        self.assertEqual(
            self.env["dealer.outlet"].with_user(local).search([("id", "in", outlets.ids)]),
            self.outlet_a,
        )

    def test_officer_cannot_read_other_market_outlet(self):
        with self.assertRaises(AccessError):
            self.outlet_b.with_user(self.officer).read(["name"])

    def test_officer_cannot_write_other_market_outlet(self):
        with self.assertRaises(AccessError):
            self.outlet_b.with_user(self.officer).write({"name": "Hijacked"})
        self.assertEqual(self.outlet_b.name, "Test Outlet Brussels")

    def test_officer_cannot_enable_other_market(self):
        """Asking for market B in the allowed companies is refused outright."""
        companies = [self.market_a.id, self.market_b.id]
        with self.assertRaises(AccessError):
            self.outlet_b.with_user(self.officer).with_context(
                allowed_company_ids=companies
            ).read(["name"])

    def test_officer_search_finds_own_market_only(self):
        outlets = self.env["dealer.outlet"].with_user(self.officer).search(
            [("id", "in", (self.outlet_a | self.outlet_b).ids)]
        )
        self.assertEqual(outlets, self.outlet_a.with_user(self.officer))

    def test_officer_cannot_read_other_market_data(self):
        """Contacts, documents, KPI values, ratings and requests follow their outlet."""
        self._push_kpis(self.outlet_b, "2024-01", sales=50)
        records = {
            "contact": self.contact_b,
            "document": self.env["dealer.outlet.document"].create(
                {"name": "Test Lease B", "outlet_id": self.outlet_b.id}
            ),
            "kpi value": self.outlet_b.kpi_value_ids,
            "rating": self.outlet_b.outlet_rating_ids,
            "change request": self.env["dealer.change.request"].create(
                {"outlet_id": self.outlet_b.id, "new_phone": "+32 2 111 1111"}
            ),
        }
        for name, record in records.items():
            with self.subTest(record=name):
                self.assertTrue(record)
                with self.assertRaises(AccessError):
                    record.with_user(self.officer).read(["company_id"])

    def test_company_rule_is_global(self):
        """The market rule binds every group, network managers included."""
        rule = self.env.ref("dealer_profile.dealer_outlet_rule_company")
        self.assertTrue(rule["global"])
        manager_a = new_test_user(
            self.env, "test_manager_a", groups="dealer_profile.group_network_manager",
            company_id=self.market_a.id,
        )
        self.outlet_a.with_user(manager_a).read(["name"])
        with self.assertRaises(AccessError):
            self.outlet_b.with_user(manager_a).read(["name"])

    def test_portal_dealer_cannot_read_other_outlet(self):
        for record in (self.outlet_b, self.contact_b):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(self.dealer_a).read(["display_name"])


    def test_portal_dealer_cannot_propose_for_other_outlet(self):
        with self.assertRaises(AccessError):
            self.env["dealer.change.request"].with_user(self.dealer_a).create(
                {"outlet_id": self.outlet_b.id, "new_phone": "+32 2 999 9999"}
            )
        self.assertFalse(self.outlet_b.change_request_ids)


@tagged("post_install", "-at_install")
class TestPortalIsolation(DealerProfileCommon):
    """Within one market, a dealer sees only the outlets listing them as a contact:
    the portal rules, not the market rule, decide here."""

    def test_dealer_cannot_read_unmanaged_outlet_of_own_market(self):
        with self.assertRaises(AccessError):
            self.outlet_a2.with_user(self.dealer_a).read(["name"])

    def test_dealer_search_finds_managed_outlets_only(self):
        outlets = self.env["dealer.outlet"].with_user(self.dealer_a).search(
            [("company_id", "=", self.market_a.id)]
        )
        self.assertEqual(outlets.ids, self.outlet_a.ids)

    def test_dealer_cannot_read_contacts_of_unmanaged_outlet(self):
        partner = self.env["res.partner"].create({"name": "Test Haarlem Manager"})
        contact = self.env["dealer.outlet.contact"].create({
            "outlet_id": self.outlet_a2.id, "partner_id": partner.id,
        })
        with self.assertRaises(AccessError):
            contact.with_user(self.dealer_a).read(["role"])

    def test_dealer_cannot_read_requests_of_unmanaged_outlet(self):
        request = self.env["dealer.change.request"].create(
            {"outlet_id": self.outlet_a2.id, "change_hours": True, "hours_line_ids": [
                Command.create({"dayofweek": "0", "hour_from": 8.0, "hour_to": 17.0}),
            ]}
        )
        for record in (request, request.hours_line_ids):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(self.dealer_a).read(["id"])

    def test_dealer_cannot_propose_for_unmanaged_outlet(self):
        with self.assertRaises(AccessError):
            self.env["dealer.change.request"].with_user(self.dealer_a).create(
                {"outlet_id": self.outlet_a2.id, "new_phone": "+31 23 999 9999"}
            )
        self.assertFalse(self.outlet_a2.change_request_ids)


@tagged("post_install", "-at_install")
class TestChangeRequestReview(DealerProfileCommon):

    expected_hours = [("0", 10.0, 19.0), ("5", 10.0, 14.5)]

    def _hours(self):
        return [
            Command.create({"dayofweek": day, "hour_from": hour_from, "hour_to": hour_to})
            for day, hour_from, hour_to in self.expected_hours
        ]

    def _propose(self, outlet=None, user=None, **vals):
        outlet = outlet or self.outlet_a
        user = user or (self.dealer_b if outlet == self.outlet_b else self.dealer_a)
        return self.env["dealer.change.request"].with_user(user).create(
            {"outlet_id": outlet.id, **vals}
        )

    def _propose_hours(self, outlet=None):
        return self._propose(outlet, change_hours=True, hours_line_ids=self._hours())

    def _attendances(self, calendar):
        return sorted(calendar.attendance_ids.mapped(
            lambda a: (a.dayofweek, a.hour_from, a.hour_to)
        ))

    def test_proposal_changes_nothing_until_approved(self):
        partner = self.env["res.partner"].create({"name": "Test Removed"})
        contact = self.env["dealer.outlet.contact"].create({
            "outlet_id": self.outlet_a.id, "partner_id": partner.id, "role": "cx_contact",
        })
        attendances = self._attendances(self.calendar_a)
        request = self._propose(
            new_phone="+31 20 999 9999", new_email="new@example.com", change_hours=True,
            hours_line_ids=self._hours(),
            contact_line_ids=[
                Command.create({"operation": "remove", "contact_id": contact.id}),
                Command.create({"operation": "add", "name": "Test Added",
                                "email": "added@example.com", "role": "sales_manager"}),
            ],
        )
        self.assertEqual(request.state, "pending")
        self.assertEqual(request.requested_by_id, self.dealer_a)
        self.assertRecordValues(self.outlet_a, [{
            "phone": "+31 20 000 0001", "email": "outlet-a@example.com",
            "resource_calendar_id": self.calendar_a.id,
        }])
        self.assertEqual(self._attendances(self.calendar_a), attendances)
        self.assertEqual(self.outlet_a.contact_ids, self.contact_a | contact)
        self.assertEqual(self.outlet_a.pending_change_count, 1)

    def test_proposal_schedules_review_for_network_officer(self):
        request = self._propose(new_phone="+31 20 999 9999")
        request = request.sudo()
        self.assertEqual(request.activity_ids.user_id, self.officer)
        self.assertIn(self.dealer_a.partner_id, request.message_partner_ids)

    def test_proposal_is_its_authors_own(self):
        """A network manager records a change in their own name, not in a dealer's."""
        request = self._propose(user=self.manager, new_phone="+31 20 999 9998",
                                requested_by_id=self.dealer_a.id)
        self.assertEqual(request.requested_by_id, self.manager)

    def test_proposal_always_starts_pending(self):
        """A review given at creation is refused, in vals as in the context's defaults
        (which the ORM adds after create's overrides ran)."""
        request = self._propose(new_phone="+31 20 999 9999", requested_by_id=self.officer.id)
        self.assertEqual(request.state, "pending")
        self.assertEqual(request.requested_by_id, self.dealer_a)
        Request = self.env["dealer.change.request"].with_user(self.dealer_a)
        review = {"state": "approved", "reviewed_by_id": self.officer.id,
                  "review_date": "2026-01-01 00:00:00"}
        for given in ({"vals": review}, {"context": review}):
            with self.subTest(**given), self.assertRaises(UserError):
                Request.with_context(
                    **{f"default_{name}": value for name, value in given.get("context", {}).items()}
                ).create({"outlet_id": self.outlet_a.id, "new_phone": "+31 20 999 9999",
                          **given.get("vals", {})})

    def test_proposal_needs_a_change(self):
        with self.assertRaises(ValidationError):
            self._propose(note="Nothing really")

    def test_proposal_with_invalid_email_refused(self):
        with self.assertRaises(ValidationError):
            self._propose(new_email="not-an-email")

    def test_approve_applies_phone_and_email(self):
        request = self._propose(new_phone="+31 20 999 9999", new_email="new@example.com")
        request.with_user(self.officer).action_approve()
        self.assertRecordValues(self.outlet_a, [{
            "phone": "+31 20 999 9999", "email": "new@example.com",
        }])
        self.assertRecordValues(request, [{
            "state": "approved", "reviewed_by_id": self.officer.id,
        }])
        self.assertTrue(request.review_date)
        self.assertFalse(request.sudo().activity_ids, "the reviewer's to-do is done")

    def test_approve_hours_replaces_outlet_own_calendar(self):
        """A calendar only this outlet uses is edited in place."""
        request = self._propose_hours()
        request.with_user(self.officer).action_approve()
        self.assertEqual(self.outlet_a.resource_calendar_id, self.calendar_a)
        self.assertEqual(self._attendances(self.calendar_a), self.expected_hours)

    def test_approve_hours_on_company_calendar_creates_new_one(self):
        """The market's own working hours are never edited for one outlet."""
        company_calendar = self.market_a.resource_calendar_id
        self.assertTrue(company_calendar)
        self.outlet_a.resource_calendar_id = company_calendar
        company_hours = self._attendances(company_calendar)
        self._propose_hours().with_user(self.officer).action_approve()
        calendar = self.outlet_a.resource_calendar_id
        self.assertNotEqual(calendar, company_calendar)
        self.assertEqual(calendar.company_id, self.market_a)
        self.assertEqual(self._attendances(calendar), self.expected_hours)
        self.assertEqual(self._attendances(company_calendar), company_hours)

    def test_approve_hours_on_calendar_shared_with_other_outlet(self):
        other = self.outlet_a2
        other.resource_calendar_id = self.calendar_a
        shared_hours = self._attendances(self.calendar_a)
        self._propose_hours().with_user(self.officer).action_approve()
        self.assertNotEqual(self.outlet_a.resource_calendar_id, self.calendar_a)
        self.assertEqual(self._attendances(self.outlet_a.resource_calendar_id),
                         self.expected_hours)
        self.assertEqual(other.resource_calendar_id, self.calendar_a)
        self.assertEqual(self._attendances(self.calendar_a), shared_hours)

    def test_approve_hours_on_calendar_shared_with_other_market(self):
        """The officer of market A cannot see market B's outlet using the same
        company-less calendar: it is still shared and must not be edited."""
        calendar = self.calendar_a.copy({"name": "Test Network hours", "company_id": False})
        (self.outlet_a | self.outlet_b).resource_calendar_id = calendar
        network_hours = self._attendances(calendar)
        self._propose_hours().with_user(self.officer).action_approve()
        self.assertNotEqual(self.outlet_a.resource_calendar_id, calendar)
        self.assertEqual(self._attendances(calendar), network_hours)
        self.assertEqual(self.outlet_b.resource_calendar_id, calendar)

    def test_approve_hours_without_calendar_creates_one(self):
        self.outlet_a.resource_calendar_id = False
        self._propose_hours().with_user(self.officer).action_approve()
        self.assertEqual(
            self._attendances(self.outlet_a.resource_calendar_id), self.expected_hours
        )

    def test_approve_adds_and_removes_contacts(self):
        partner = self.env["res.partner"].create({"name": "Test Leaving"})
        leaving = self.env["dealer.outlet.contact"].create({
            "outlet_id": self.outlet_a.id, "partner_id": partner.id, "role": "cx_contact",
        })
        request = self._propose(contact_line_ids=[
            Command.create({"operation": "remove", "contact_id": leaving.id}),
            Command.create({"operation": "add", "name": "Test Added", "phone": "+31 6 1",
                            "email": "Added@Example.com", "role": "sales_manager"}),
        ])
        request.with_user(self.officer).action_approve()
        self.assertFalse(leaving.exists())
        added = self.outlet_a.contact_ids - self.contact_a
        self.assertEqual(len(added), 1)
        self.assertEqual(added.role, "sales_manager")
        self.assertRecordValues(added.partner_id, [{
            "name": "Test Added", "email": "added@example.com", "phone": "+31 6 1",
            "company_id": self.market_a.id, "parent_id": self.outlet_a.partner_id.id,
        }])

    def test_approve_add_contact_reuses_partner_by_email(self):
        request = self._propose(contact_line_ids=[Command.create({
            "operation": "add", "name": "Someone Else", "role": "cx_contact",
            "email": self.dealer_a.partner_id.email,
        })])
        request.with_user(self.officer).action_approve()
        cx = self.outlet_a.contact_ids.filtered(lambda c: c.role == "cx_contact")
        self.assertEqual(cx.partner_id, self.dealer_a.partner_id)

    def test_remove_contact_of_other_outlet_refused(self):
        with self.assertRaises(ValidationError):
            self._propose(contact_line_ids=[
                Command.create({"operation": "remove", "contact_id": self.contact_b.id}),
            ])

    def test_review_told_in_the_dealers_language(self):
        """The dealer who proposed reads the review, approval or rejection, in their
        language whichever language the reviewer works in, as a comment addressed to
        them (it was a notification to the followers)."""
        self.env["res.lang"]._activate_lang("nl_NL")
        self.dealer_a.partner_id.lang = "nl_NL"
        self.officer.partner_id.lang = "en_US"
        approved = self._propose(new_phone="+31 20 999 9999")
        approved.with_user(self.officer).action_approve()
        rejected = self._propose(new_phone="+31 20 999 9998")
        rejected.with_user(self.officer).write({"rejection_reason": "Wrong number"})
        rejected.with_user(self.officer).action_reject()
        for request, text in ((approved, "zijn goedgekeurd en doorgevoerd"),
                              (rejected, "zijn afgewezen: Wrong number")):
            with self.subTest(state=request.state):
                message = request.sudo().message_ids.filtered(
                    lambda m: m.message_type == "comment")[:1]
                self.assertIn(text, message.body)
                self.assertEqual(message.partner_ids, self.dealer_a.partner_id)

    def test_reject_needs_reason(self):
        request = self._propose(new_phone="+31 20 999 9999")
        with self.assertRaises(UserError):
            request.with_user(self.officer).action_reject()
        self.assertEqual(request.state, "pending")

    def test_reject_keeps_outlet_unchanged(self):
        request = self._propose(new_phone="+31 20 999 9999")
        request.with_user(self.officer).write({"rejection_reason": "Wrong number"})
        request.with_user(self.officer).action_reject()
        self.assertRecordValues(request, [{
            "state": "rejected", "reviewed_by_id": self.officer.id,
        }])
        self.assertEqual(self.outlet_a.phone, "+31 20 000 0001")
        self.assertFalse(request.sudo().activity_ids)

    def test_second_review_refused(self):
        request = self._propose(new_phone="+31 20 999 9999")
        request.with_user(self.officer).action_approve()
        request.sudo().rejection_reason = "Too late"
        for action in ("action_approve", "action_reject"):
            with self.subTest(action=action), self.assertRaises(UserError):
                getattr(request.with_user(self.officer), action)()
        self.assertEqual(request.state, "approved")

    def test_portal_dealer_cannot_approve(self):
        request = self._propose(new_phone="+31 20 999 9999", change_hours=True,
                                hours_line_ids=self._hours())
        with self.assertRaises(AccessError):
            request.with_user(self.dealer_a).action_approve()
        self.assertEqual(request.state, "pending")
        self.assertEqual(self.outlet_a.phone, "+31 20 000 0001")

    def test_viewer_cannot_approve(self):
        request = self._propose(new_phone="+31 20 999 9999")
        with self.assertRaises(AccessError):
            request.with_user(self.viewer).action_approve()
        self.assertEqual(request.state, "pending")

    def test_officer_cannot_approve_other_market(self):
        request = self._propose(self.outlet_b, new_phone="+32 2 999 9999")
        with self.assertRaises(AccessError):
            request.with_user(self.officer).action_approve()
        self.assertEqual(self.outlet_b.phone, "+32 2 000 0002")


@tagged("post_install", "-at_install")
class TestOutletContactPortalUsers(DealerProfileCommon, HttpCase):
    """A customer made an outlet's contact by the network team would read the outlet's
    customers' orders and cases on the portal and act for them: only an access-rights
    administrator links a portal user who speaks for no outlet yet."""

    def _refused(self, model, method, *args):
        _result, error = call_kw(self, model, method, *args)
        self.assertEqual((error or {}).get("name"), "odoo.exceptions.UserError", error)

    def test_staff_cannot_make_a_customer_an_outlet_contact(self):
        customer = self.customer.partner_id
        contact = self.outlet_a.contact_ids[:1]
        for staff in (self.officer, self.manager):
            with self.subTest(staff=staff.login):
                self.authenticate(staff.login, staff.login)
                self._refused("dealer.outlet.contact", "create", [{
                    "outlet_id": self.outlet_a.id, "partner_id": customer.id,
                    "role": "sales_manager",
                }])
                self._refused("dealer.outlet", "write", self.outlet_a.ids, {
                    "contact_ids": [Command.create({"partner_id": customer.id,
                                                    "role": "cx_contact"})],
                })
                self._refused("dealer.outlet.contact", "write", contact.ids,
                              {"partner_id": customer.id})
        self.assertFalse(self.outlet_a.contact_ids.filtered(
            lambda line: line.partner_id == customer))
        self.assertFalse(self.env["dealer.outlet"].with_user(self.customer).search([]))

    def test_staff_link_a_dealer_to_another_outlet(self):
        """A Space manager of several outlets: the network team links them again."""
        self.authenticate(self.officer.login, self.officer.login)
        _result, error = call_kw(self, "dealer.outlet.contact", "create", [{
            "outlet_id": self.outlet_a2.id, "partner_id": self.dealer_a.partner_id.id,
        }])
        self.assertIsNone(error)
        self.assertIn(self.outlet_a2,
                      self.env["dealer.outlet"].with_user(self.dealer_a).search([]))

    def test_access_rights_administrator_may(self):
        self.env["dealer.outlet.contact"].with_user(self.env.ref("base.user_admin")).create({
            "outlet_id": self.outlet_a.id, "partner_id": self.customer.partner_id.id,
            "role": "sales_manager",
        })
        self.assertIn(self.outlet_a,
                      self.env["dealer.outlet"].with_user(self.customer).search([]))
