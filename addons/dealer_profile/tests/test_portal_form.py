"""The portal forms' one validation path (tools/portal_form.py), as a
helper (hypothesis) and through real HTTP with hostile input."""

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html

from odoo.exceptions import UserError, ValidationError
from odoo.http import Request
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import LazyTranslate
from odoo.tools.mail import email_normalize

from ..tools.portal_form import (
    MAX_INT,
    MAX_LENGTHS,
    FieldSpec,
    clean_form,
    clean_value,
    forbidden_characters,
    form_echo,
    posted_id,
)
from ..wizard.dealer_portal_email_wizard import EMAIL_SPEC
from .common import DealerProfileCommon

SPECS = (
    FieldSpec("note", "Note", kind="text", max_length=2000),
    FieldSpec("title", "Title"),
    FieldSpec("name", "Name", kind="name"),
    FieldSpec("email", "Email", kind="email"),
    FieldSpec("phone", "Phone", kind="phone"),
    FieldSpec("file", "File", kind="file"),
)
CONTROL = st.characters(categories=["Cc"]).filter(lambda c: c not in "\t\n\r")
PRINTABLE = st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs"]), max_size=20)
HYPOTHESIS = settings(max_examples=60, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])


def _is_stored_text(value, multiline):
    return all(
        (multiline and char in "\t\n\r") or unicodedata.category(char) not in ("Cc", "Cs")
        for char in value
    )


@tagged("post_install", "-at_install")
class TestPortalFormHelper(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.nl = cls.env.ref("base.nl")

    @HYPOTHESIS
    @given(st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.floats(),
                     st.integers(min_value=-5, max_value=2**40).map(str),
                     st.from_regex(r"\A[0-9\u00b2\u0660-\u0669 +-]{1,12}\Z")))
    def test_posted_id_is_a_record_id_or_zero(self, value):
        """An id posted by a form or a client: the record id its ASCII digits (ten at
        most) or an int name within PostgreSQL's integer, else 0, never an exception
        ("²" is a digit to str.isdigit and an error to int)."""
        record_id = posted_id(value)
        self.assertIsInstance(record_id, int)
        if isinstance(value, str) and value.isascii() and value.isdigit() \
                and len(value) <= 10 and 0 < int(value) <= MAX_INT:
            self.assertEqual(record_id, int(value))
        elif isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_INT:
            self.assertEqual(record_id, value)
        else:
            self.assertEqual(record_id, 0)

    def _clean(self, kind, value, **kw):
        spec = FieldSpec("field", "Field", kind=kind, **kw)
        return clean_value(self.env, spec, value, country=self.nl)

    @HYPOTHESIS
    @given(st.dictionaries(st.sampled_from([s.name for s in SPECS]),
                           st.one_of(st.text(), st.binary(), st.integers(), st.none(),
                                     st.lists(st.text(), max_size=2))))
    def test_any_input_gives_values_or_messages(self, post):
        """Whatever is posted: no exception, a message per wrong field, and every value
        accepted is storable text within its limit."""
        values, errors = clean_form(self.env, post, SPECS, country=self.nl)
        self.assertEqual(set(values), {s.name for s in SPECS})
        for spec in SPECS:
            value = values[spec.name]
            self.assertIsInstance(value, str)
            if spec.name in errors:
                self.assertEqual(value, "")
                self.assertIsInstance(errors[spec.name], str)
                self.assertIn(spec.label, errors[spec.name])
                continue
            self.assertLessEqual(len(value), spec.limit)
            self.assertTrue(_is_stored_text(value, spec.kind == "text"), repr(value))
            if spec.kind == "email" and value:
                self.assertEqual(email_normalize(value, strict=True), value)

    @HYPOTHESIS
    @given(st.sampled_from(SPECS), PRINTABLE, CONTROL, PRINTABLE)
    def test_control_characters_refused(self, spec, before, control, after):
        # Within the field's length limit: a value too long is refused for its length
        # first (checked before anything else, so a huge value costs nothing).
        half = (spec.limit - 1) // 2
        value = before[:half] + control + after[:half]
        values, errors = clean_form(self.env, {spec.name: value}, [spec])
        self.assertIn(spec.name, errors)
        self.assertIn(f"U+{ord(control):04X}", errors[spec.name])

    @HYPOTHESIS
    @given(st.sampled_from(SPECS), st.integers(min_value=1, max_value=5000))
    def test_length_limit(self, spec, extra):
        value = "7" * (spec.limit + extra)
        __, errors = clean_form(self.env, {spec.name: value}, [spec])
        self.assertIn("is too long", errors[spec.name])

    @HYPOTHESIS
    @given(st.text(alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=40))
    def test_echo_is_storable(self, text):
        for spec in SPECS:
            echo = form_echo({spec.name: text + "\x00" + "x" * 3000}, [spec])[spec.name]
            self.assertLessEqual(len(echo), spec.limit)
            self.assertNotIn("\x00", echo)

    def test_forbidden_characters_are_the_unicode_categories(self):
        """The quick search that lets a clean text through finds every character of
        categories Cc and Cs, and only those (all of Unicode, one at a time)."""
        for code in range(0x110000):
            char = chr(code)
            expected = [f"U+{code:04X}"] if unicodedata.category(char) in ("Cc", "Cs") else []
            if forbidden_characters(f"a{char}b") != expected:
                self.fail(f"U+{code:04X}: {forbidden_characters(f'a{char}b')} != {expected}")

    def test_emails(self):
        self.assertEqual(self._clean("email", " Jan.de.Vries@Example.NL "),
                         "jan.de.vries@example.nl")
        for bad in ("<script>@x.com", "a@@b.com", "a@b.com, c@d.com", "Jan <jan@x.com>",
                    "jan@localhost", "jan@", "@x.com", "jan x@y.com", "jan@x.com\x00"):
            with self.subTest(email=bad), self.assertRaises(UserError) as error:
                self._clean("email", bad)
            self.assertIn("Field", str(error.exception.args[0]))

    def test_phones(self):
        self.assertEqual(self._clean("phone", "020 555 5555"), "+31 20 555 5555")
        self.assertEqual(self._clean("phone", "+32 2 555 55 55"), "+32 2 555 55 55")
        for bad in ("abc", "12", "+31 20 555 5555 555 555", "555-CALL-NOW", "1" * 1_000_000,
                    "+31\x0020 555 5555"):
            with self.subTest(phone=bad[:30]), self.assertRaises(UserError):
                self._clean("phone", bad)

    def test_text_keeps_lines(self):
        self.assertEqual(self._clean("text", " two\r\nlines\t "), "two\r\nlines")
        with self.assertRaises(UserError):
            self._clean("line", "two\nlines")

    def test_required(self):
        with self.assertRaisesRegex(UserError, "Field is required"):
            self._clean("name", "   ", required=True)

    def test_unknown_kind(self):
        with self.assertRaises(ValueError):
            FieldSpec("x", "X", kind="html")

    def test_default_limits(self):
        self.assertEqual(FieldSpec("x", "X", kind="phone").limit, MAX_LENGTHS["phone"])


@tagged("post_install", "-at_install")
class TestChangeRequestEmails(DealerProfileCommon):
    """The same email rule holds in the ORM: a change request made over JSON-RPC gets
    no address that email_normalize would have cut down."""

    def test_bad_emails_refused_by_the_orm(self):
        Request = self.env["dealer.change.request"]
        for email in ("<script>@x.com", "a@@b.com", "Jan <jan@x.com>", "a@b.com, c@d.com"):
            with self.subTest(email=email), self.assertRaises(ValidationError):
                Request.create({"outlet_id": self.outlet_a.id, "new_email": email})
            with self.subTest(contact=email), self.assertRaises(ValidationError):
                Request.create({"outlet_id": self.outlet_a.id, "contact_line_ids": [(0, 0, {
                    "operation": "add", "name": "Eva", "role": "cx_contact", "email": email,
                })]})
        request = Request.create({"outlet_id": self.outlet_a.id, "new_email": "shop@example.nl"})
        self.assertEqual(request.new_email, "shop@example.nl")


@tagged("post_install", "-at_install")
class TestProposalFormInput(DealerProfileCommon, HttpCase):
    """Hostile input to /my/outlets/<id>/propose: the form again with the message and
    what was typed, HTTP 400, nothing created; never a 500."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outlet_a.country_id = cls.env.ref("base.nl")

    def setUp(self):
        super().setUp()
        self.authenticate(self.dealer_a.login, self.dealer_a.login)

    def _propose(self, **data):
        return self.url_open(
            f"/my/outlets/{self.outlet_a.id}/propose",
            data={"csrf_token": Request.csrf_token(self), **data}, allow_redirects=False,
        )

    def _assert_refused(self, response, *messages):
        self.assertEqual(response.status_code, 400, response.text[:500])
        page = html.fromstring(response.content)
        error = page.xpath("//div[contains(@class, 'o_dealer_proposal_error')]")
        self.assertEqual(len(error), 1)
        for message in messages:
            self.assertIn(message, error[0].text_content())
        self.env.invalidate_all()
        self.assertFalse(self.outlet_a.change_request_ids)
        return page

    def test_nul_bytes_refused(self):
        for field, value in (("note", "Closed\x00 on Monday"), ("phone", "+31 20\x00555 5555"),
                             ("email", "shop@example.com\x00"),
                             ("new_contact_name", "Eva\x00 Jansen"),
                             ("open_0", "9:00\x00")):
            with self.subTest(field=field):
                data = {"phone": "+31 20 555 5555", field: value}
                page = self._assert_refused(self._propose(**data), "U+0000")
                if field == "note":
                    self.assertEqual(page.xpath("//textarea[@name='note']/text()"),
                                     ["Closed on Monday"], "what was typed, NUL removed")

    def test_huge_note_refused(self):
        response = self._propose(phone="+31 20 555 5555", note="Our hours " * 500_000)
        self._assert_refused(response, "Note is too long: 5000000 characters, at most 2000")
        self.assertLess(len(response.content), 200_000, "the 5 MB are not sent back")

    def test_huge_and_bad_phones_refused(self):
        for phone in ("1" * 1_000_000, "abc", "+31 20 55"):
            with self.subTest(phone=phone[:20]):
                self._assert_refused(self._propose(phone=phone), "Phone")

    def test_bad_emails_refused(self):
        for email in ("<script>@x.com", "a@@b.com", "a@b.com, c@d.com"):
            with self.subTest(email=email):
                page = self._assert_refused(self._propose(email=email),
                                            "is not one email address")
                self.assertEqual(page.xpath("//input[@name='email']/@value"), [email])
                self.assertNotIn(b"<script>@", self._propose(email=email).content)

    def test_bad_new_contact_refused(self):
        self._assert_refused(
            self._propose(new_contact_name="Eva Jansen", new_contact_email="eva@@x.nl",
                          new_contact_phone="call me"),
            "New contact: email", "New contact: phone",
        )

    def test_national_phone_stored_international(self):
        response = self._propose(phone="020 555 1234", email="Shop.A@Example.com",
                                 new_contact_name="Eva Jansen", new_contact_role="cx_contact",
                                 new_contact_email="Eva.Jansen@Example.nl",
                                 new_contact_phone="06 1234 5678")
        self.assertEqual(response.status_code, 303, html.fromstring(response.content).xpath(
            "string(//div[contains(@class, 'o_dealer_proposal_error')])"))
        self.env.invalidate_all()
        request = self.outlet_a.change_request_ids
        self.assertRecordValues(request, [{
            "new_phone": "+31 20 555 1234", "new_email": "shop.a@example.com",
        }])
        self.assertRecordValues(request.contact_line_ids, [{
            "name": "Eva Jansen", "email": "eva.jansen@example.nl", "phone": "+31 6 12345678",
        }])


@tagged("post_install", "-at_install")
class TestPortalFormLanguage(TransactionCase):
    """A lazy label is translated in the language of the env handed to the helper,
    also outside a request (a cron, the demo, a backend wizard's test)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("nl_NL")
        cls.env["ir.module.module"]._load_module_terms(["dealer_profile"], ["nl_NL"],
                                                       overwrite=True)

    def test_lazy_label_in_env_language(self):
        spec = FieldSpec("phone", LazyTranslate("odoo.addons.dealer_profile")("Phone"),
                         kind="phone", required=True)
        env_nl = self.env(context=dict(self.env.context, lang="nl_NL"))
        with self.assertNoLogs("odoo.tools.translate", "WARNING"), \
                self.assertRaisesRegex(UserError, "^Telefoon is verplicht"):
            clean_value(env_nl, spec, " ")

    def test_email_wizard_labels_translated(self):
        """The portal email wizard's errors name its fields in the user's language."""
        env_nl = self.env(context=dict(self.env.context, lang="nl_NL"))
        with self.assertRaisesRegex(UserError, "^Nieuw e-mailadres"):
            clean_value(env_nl, EMAIL_SPEC, "")
