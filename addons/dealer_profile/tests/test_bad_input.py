from datetime import date
from unittest.mock import patch

from odoo.exceptions import ValidationError
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


@tagged("post_install", "-at_install")
class TestChangeRequestContactAddress(DealerProfileCommon, HttpCase):
    """The red-team report: a dealer proposed "Jan Assistent" as Space manager with a
    customer's email; the officer approved what he saw, the approval linked the
    customer's partner to the outlet and the customer read the outlet's orders and
    cases on the portal. An address of someone the outlet may not take is refused when
    the dealer proposes it and again when staff approve."""

    OWNER_MESSAGE = "is the address of another contact"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        # A customer without a user, of no company tree; a colleague filed under the
        # outlet's own partner (its company tree) without a user.
        cls.walk_in = Partner.create({"name": "Test Walk-in", "email": "walk.in@example.com"})
        cls.colleague = Partner.create({
            "name": "Test Colleague", "email": "colleague@example.com",
            "parent_id": cls.outlet_a.partner_id.id,
        })

    def _space_manager(self, email, name="Jan Assistent"):
        return {"outlet_id": self.outlet_a.id, "contact_line_ids": [(0, 0, {
            "operation": "add", "name": name, "email": email, "role": "space_manager",
        })]}

    def _outlet_partners(self):
        self.env.invalidate_all()
        return self.outlet_a.contact_ids.partner_id

    def test_dealer_cannot_propose_another_contacts_address(self):
        """A customer with a portal user, one without, another market's dealer and a
        staff user: each refused at the dealer's submission, over JSON-RPC."""
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        for owner in (self.customer.partner_id, self.walk_in, self.dealer_b.partner_id,
                      self.officer.partner_id):
            for email in (owner.email, owner.email.upper()):
                with self.subTest(owner=owner.name, email=email), \
                        mute_logger("odoo.http", "odoo.sql_db"):
                    __, error = call_kw(self, "dealer.change.request", "create",
                                        self._space_manager(email))
                    self.assertEqual(error and error["name"],
                                     "odoo.exceptions.ValidationError", error)
                    self.assertIn(self.OWNER_MESSAGE, error["message"])
                    self.assertNotIn(owner.name, error["message"])
        self.env.invalidate_all()
        self.assertFalse(self.outlet_a.change_request_ids)
        self.assertEqual(self._outlet_partners(), self.dealer_a.partner_id)

    def test_approval_refuses_an_address_taken_since_the_proposal(self):
        """The address became a customer's after the dealer proposed it (or the request
        predates the check): the officer's review says so, the approval is refused and
        the customer reads nothing of the outlet."""
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        request_id, error = call_kw(self, "dealer.change.request", "create",
                                    self._space_manager("noah@example.com"))
        self.assertIsNone(error)
        self.customer.partner_id.email = "noah@example.com"
        self.authenticate(self.officer.login, self.officer.login)
        rows, error = call_kw(self, "dealer.change.request", "read", [request_id],
                              ["change_comparison"])
        self.assertIsNone(error)
        self.assertIn("The address of another contact", rows[0]["change_comparison"])
        with mute_logger("odoo.http"):
            __, error = call_kw(self, "dealer.change.request", "action_approve", [request_id])
        self.assertEqual(error and error["name"], "odoo.exceptions.ValidationError", error)
        self.assertIn(self.OWNER_MESSAGE, error["message"])
        self.assertEqual(self._outlet_partners(), self.dealer_a.partner_id)
        request = self.env["dealer.change.request"].browse(request_id)
        self.assertEqual(request.state, "pending")
        self.authenticate(self.customer.login, self.customer.login)
        outlets, error = call_kw(self, "dealer.outlet", "search_read", [], ["name"])
        self.assertEqual((outlets, error), ([], None))

    def test_contact_of_the_outlets_company_tree_is_linked(self):
        """A contact filed under the outlet's company without a user is the one the
        approval links (the review shows it), not a second contact with its address."""
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        request_id, error = call_kw(self, "dealer.change.request", "create",
                                    self._space_manager("Colleague@example.com"))
        self.assertIsNone(error)
        request = self.env["dealer.change.request"].browse(request_id).with_user(self.officer)
        self.assertIn("Existing contact: Test Colleague", request.change_comparison)
        request.action_approve()
        self.assertEqual(self._outlet_partners(), self.dealer_a.partner_id | self.colleague)

    def test_new_address_makes_a_new_contact(self):
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        request_id, error = call_kw(self, "dealer.change.request", "create",
                                    self._space_manager("jan.assistent@example.com"))
        self.assertIsNone(error)
        self.env["dealer.change.request"].browse(request_id).with_user(
            self.officer).action_approve()
        added = self._outlet_partners() - self.dealer_a.partner_id
        self.assertRecordValues(added, [{
            "name": "Jan Assistent", "email": "jan.assistent@example.com",
            "parent_id": self.outlet_a.partner_id.id,
        }])


@tagged("post_install", "-at_install")
class TestValuesTheDatabaseCannotTakeOverJsonRpc(DealerProfileCommon, HttpCase):
    """Every model of the suite (dealer.input.guard.mixin) refuses, over JSON-RPC,
    the values the database or the views cannot take with a ValidationError naming the
    field. Before, a contract's expiry of 9999-12-31 was stored and every list of the
    market's documents grouped by month failed ("year 10000 is out of range"); an id
    or a number beyond PostgreSQL's integer came back as the SQL error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = cls.env["dealer.outlet.document"].create({
            "name": "Agency contract", "outlet_id": cls.outlet_a.id,
            "document_type": "contract", "expiry_date": "2030-06-30",
        })

    def _write(self, vals):
        return call_kw(self, "dealer.outlet.document", "write", [self.document.id], vals)

    def test_year_9999_huge_numbers_and_nul_refused(self):
        self.authenticate(self.officer.login, self.officer.login)
        for vals, message in (
            ({"expiry_date": "9999-12-31"}, "Expiry Date: 9999-12-31 is not a date between"),
            ({"issue_date": "0001-01-01"}, "Issue Date: 0001-01-01 is not a date between"),
            ({"expiry_date": "2030-02-30"}, "is not a date between"),
            ({"reminder_days": 2**40}, "too large a number"),
            ({"outlet_id": 2**40}, "too large a number"),
            ({"name": "Contract\x00"}, "U+0000"),
        ):
            with self.subTest(vals=vals), mute_logger("odoo.http", "odoo.sql_db"):
                __, error = self._write(vals)
                self.assertEqual(error and error["name"], "odoo.exceptions.ValidationError",
                                 error)
                self.assertIn(message, error["message"])
        self.env.invalidate_all()
        self.assertRecordValues(self.document, [{
            "name": "Agency contract", "expiry_date": date(2030, 6, 30), "issue_date": False,
            "outlet_id": self.outlet_a.id,
        }])
        groups = self.document.with_user(self.officer)._read_group(
            [], ["expiry_date:month"], ["__count"],
        )
        self.assertTrue(groups)

    def test_context_defaults_are_checked_too(self):
        self.authenticate(self.officer.login, self.officer.login)
        with mute_logger("odoo.http", "odoo.sql_db"):
            __, error = call_kw(
                self, "dealer.outlet.document", "create",
                {"name": "Lease", "outlet_id": self.outlet_a.id, "document_type": "other"},
                context={"default_reminder_days": 2**40, "default_expiry_date": "9999-12-31"},
            )
        self.assertEqual(error and error["name"], "odoo.exceptions.ValidationError", error)
        self.assertFalse(self.env["dealer.outlet.document"].search([("name", "=", "Lease")]))

    def test_ordinary_dates_pass(self):
        self.authenticate(self.officer.login, self.officer.login)
        __, error = self._write({"issue_date": "2020-01-15", "expiry_date": "2099-12-31",
                                 "reminder_days": 60})
        self.assertIsNone(error)
        self.env.invalidate_all()
        self.assertEqual(self.document.expiry_date, date(2099, 12, 31))


@tagged("post_install", "-at_install")
class TestContactOfAnotherMarket(DealerProfileCommon, HttpCase):
    """An outlet contact shows its person's email and phone, and an outlet its address
    partner's address, phone and email, read as the server (related fields): the
    officer of market A linked, by id over JSON-RPC, a person of market B they may not
    read to their own outlet and read them through it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person_b = cls.env["res.partner"].create({
            "name": "Outlet B bookkeeper", "email": "books@outlet-b.example",
            "phone": "+32 2 000 0042", "company_id": cls.market_b.id,
        })

    def test_officer_cannot_link_a_person_of_another_market(self):
        self.authenticate(self.officer.login, self.officer.login)
        Contact = self.env["dealer.outlet.contact"]
        with mute_logger("odoo.http"):
            __, error = call_kw(self, Contact._name, "create", {
                "outlet_id": self.outlet_a.id, "partner_id": self.person_b.id,
                "role": "cx_contact",
            })
            self.assertEqual(error and error["name"], "odoo.exceptions.AccessError", error)
            self.assertFalse(Contact.search([("partner_id", "=", self.person_b.id)]))
            __, error = call_kw(self, Contact._name, "write", self.contact_a.ids,
                                {"partner_id": self.person_b.id})
            self.assertEqual(error and error["name"], "odoo.exceptions.AccessError", error)
        self.assertEqual(self.contact_a.partner_id, self.dealer_a.partner_id)
        # A person the officer may read is linked as before.
        person_a = self.env["res.partner"].create({
            "name": "Outlet A bookkeeper", "company_id": self.market_a.id,
        })
        contact, error = call_kw(self, Contact._name, "create", {
            "outlet_id": self.outlet_a.id, "partner_id": person_a.id, "role": "cx_contact",
        })
        self.assertIsNone(error)
        self.assertTrue(contact)

    def test_officer_cannot_give_their_outlet_another_markets_address(self):
        self.authenticate(self.officer.login, self.officer.login)
        address = self.outlet_a.partner_id
        for field in ("partner_id", "operator_partner_id"):
            with self.subTest(field=field), mute_logger("odoo.http"):
                __, error = call_kw(self, "dealer.outlet", "write", self.outlet_a.ids,
                                    {field: self.person_b.id})
                self.assertEqual(error and error["name"], "odoo.exceptions.AccessError",
                                 error)
                __, error = call_kw(self, "dealer.outlet", "create", {
                    "name": "Test Outlet Leiden", "code": "TA9",
                    "company_id": self.market_a.id, field: self.person_b.id,
                })
                self.assertEqual(error and error["name"], "odoo.exceptions.AccessError",
                                 error)
        self.assertEqual(self.outlet_a.partner_id, address)
        self.assertFalse(self.outlet_a.operator_partner_id)
        self.assertFalse(self.env["dealer.outlet"].search([("code", "=", "TA9")]))


SUITE = {"dealer_profile", "network_audit", "order_tracking", "cx_cases"}
GUARD = "dealer.input.guard.mixin"


@tagged("post_install", "-at_install")
class TestNulInFiltersAndWizards(DealerProfileCommon, HttpCase):
    """A NUL in a search filter (search_read, name_search, a grouped list) or in a
    pop-up wizard's value, over JSON-RPC: every model of the suite answers with a
    ValidationError naming the field. Before, psycopg2's ValueError ("A string literal
    cannot contain NUL") came back as a server error."""

    def _suite_models(self):
        models = []
        for name in sorted(self.env.registry):
            model = self.env[name]
            if model._original_module in SUITE and not model._abstract:
                models.append(model)
        return models

    @staticmethod
    def _text_field(model):
        return next((name for name, field in sorted(model._fields.items())
                     if field.type in ("char", "text") and field.store
                     and not field.compute and name != "display_name"), None)

    def test_every_model_of_the_suite_has_the_guard(self):
        models = self._suite_models()
        self.assertGreater(len(models), 50)
        for model in models:
            with self.subTest(model=model._name):
                self.assertTrue(any(getattr(cls, "_name", None) == GUARD
                                    for cls in type(model).__mro__))

    def test_nul_in_a_filter_is_a_clean_error(self):
        self.authenticate("admin", "admin")
        checked = 0
        for model in self._suite_models():
            field = self._text_field(model)
            if model._transient or not field:
                continue
            with self.subTest(model=model._name), mute_logger("odoo.http"):
                __, error = call_kw(self, model._name, "search_read",
                                    [(field, "ilike", "a\x00")], fields=["id"], limit=1)
                self.assertEqual(error and error["name"],
                                 "odoo.exceptions.ValidationError", error)
                self.assertIn("U+0000", error["message"])
                self.assertIn(model._fields[field].string, error["message"])
                checked += 1
        self.assertGreater(checked, 30)
        for method, args, kwargs in (
            ("name_search", [], {"name": "Amster\x00dam"}),
            ("formatted_read_group", [[("name", "in", ["x", "y\x00"])], ["company_id"]], {}),
            ("search_count", [[("company_id", "any", [("name", "=", "\x00")])]], {}),
        ):
            with self.subTest(method=method), mute_logger("odoo.http"):
                __, error = call_kw(self, "dealer.outlet", method, *args, **kwargs)
                self.assertEqual(error and error["name"],
                                 "odoo.exceptions.ValidationError", error)

    def test_nul_in_a_wizard_is_a_clean_error(self):
        self.authenticate("admin", "admin")
        checked = 0
        for model in self._suite_models():
            field = self._text_field(model)
            if not model._transient or not field:
                continue
            with self.subTest(model=model._name), mute_logger("odoo.http"):
                __, error = call_kw(self, model._name, "create", {field: "note\x00"})
                self.assertEqual(error and error["name"],
                                 "odoo.exceptions.ValidationError", error)
                self.assertIn("U+0000", error["message"])
                checked += 1
        self.assertGreaterEqual(checked, 4)

    def test_ordinary_filters_pass(self):
        self.authenticate(self.officer.login, self.officer.login)
        result, error = call_kw(self, "dealer.outlet", "search_read",
                                [("name", "ilike", self.outlet_a.name)], fields=["name"])
        self.assertIsNone(error)
        self.assertEqual([row["id"] for row in result], self.outlet_a.ids)


@tagged("post_install", "-at_install")
class TestGuardBindingTheServer(DealerProfileCommon):
    """The input guard trusts the server's own writes (superuser, workflow), except
    for text the database cannot store on a model that says so
    (``_input_guard_binds_superuser``: cx_cases' cases, test drives and articles, made
    from outside text as superuser): refused there too, naming the field."""

    def test_server_text_refused_where_the_model_asks(self):
        Brand = self.env["dealer.brand"].sudo()
        brand = Brand.create({"name": "Test Brand"})
        with patch.object(type(Brand), "_input_guard_binds_superuser", True):
            for change in (lambda: Brand.create({"name": "Test Bad\x00"}),
                           lambda: brand.write({"name": "Test Bad \ud800"})):
                with self.assertRaisesRegex(ValidationError, "Name"):
                    change()
            brand.write({"name": "Test Brand Fine"})
        self.assertEqual(brand.name, "Test Brand Fine")
