from odoo.tests import TransactionCase, tagged

from ..tools.phone import phone_key, phone_stored
from ..tools.portal_form import FieldSpec, clean_form


@tagged("post_install", "-at_install")
class TestPhoneFormat(TransactionCase):
    """The suite's one phone format: stored in international form (what the portal
    forms write), matched on E.164 (phone_sanitized) by the one lookup."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.nl = cls.env.ref("base.nl")
        cls.market_nl = cls.env["res.company"].create({
            "name": "Test Market NL", "country_id": cls.nl.id,
        })

    def test_stored_and_matched_forms(self):
        for typed in ("06 12345678", "+31 6 1234 5678", "0031612345678", "(06) 1234-5678"):
            with self.subTest(typed=typed):
                self.assertEqual(phone_stored(typed, self.nl), "+31 6 12345678")
                self.assertEqual(phone_key(typed, self.nl), "+31612345678")

    def test_not_a_phone(self):
        for typed in ("", "hello", "06 1234", "+31 6 1234\x005678", "1" * 41, None, 612345678):
            with self.subTest(typed=typed):
                self.assertFalse(phone_stored(typed, self.nl))
                self.assertFalse(phone_key(typed, self.nl))

    def test_portal_form_stores_the_suite_format(self):
        values, errors = clean_form(
            self.env, {"phone": "06-1234 5678"}, (FieldSpec("phone", "Phone", kind="phone"),),
            country=self.nl,
        )
        self.assertFalse(errors)
        self.assertEqual(values["phone"], phone_stored("06-1234 5678", self.nl))

    def test_lookup_matches_the_stored_form(self):
        """A phone stored by a portal form is found however the caller's number is
        written: without prefix (read in the market's country), E.164, spaced."""
        Partner = self.env["res.partner"]
        stored = Partner._phone_stored_form("06 12345678", self.market_nl)
        self.assertEqual(stored, "+31 6 12345678")
        partner = Partner.create({"name": "Test caller", "phone": stored})
        Partner.create({"name": "Test other caller", "phone": "+31 6 87654321"})
        for typed in ("0612345678", "+31612345678", "+31 6 1234 5678", "0031 6 12345678"):
            with self.subTest(typed=typed):
                self.assertEqual(Partner._find_by_phone(typed, self.market_nl), partner)
        self.assertFalse(Partner._find_by_phone("not a phone", self.market_nl))
        self.assertFalse(Partner._find_by_phone("0611111111", self.market_nl))

    def test_lookup_reads_a_national_number_in_the_market_country(self):
        """Without prefix, the market's country decides: a Belgian market reads the
        same digits as a Belgian number, which the Dutch partner does not have."""
        Partner = self.env["res.partner"]
        partner = Partner.create({"name": "Test caller", "phone": "+31 20 555 0199"})
        market_be = self.env["res.company"].create({
            "name": "Test Market BE", "country_id": self.env.ref("base.be").id,
        })
        self.assertEqual(Partner._find_by_phone("020 555 0199", self.market_nl), partner)
        self.assertFalse(Partner._find_by_phone("02 555 01 99", market_be))
