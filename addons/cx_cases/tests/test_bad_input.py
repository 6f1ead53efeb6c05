from email.utils import make_msgid

from odoo.exceptions import ValidationError
from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.rpc import call_kw

from .common import CxCommon

# Tokens as an attacker or a broken mail client sends them: header injection, NUL,
# a lone surrogate (as raw UTF-8 bytes), a huge one.
BAD_TOKENS = ("abc\r\nSet-Cookie: x=1", "\r\n", "a\x00b", "x" * 5000, "%0d%0a", "\n", "tok\u00e9n")


@tagged("post_install", "-at_install")
class TestTokenInput(CxCommon, HttpCase):
    """Access tokens are input too: on every token route of the case portal a broken
    one is refused (or ignored for the logged-in customer), never a 500."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case(name="Token case")
        cls.case.action_start()
        cls.case.action_solve()
        cls.rating_token = cls.case._rating_get_access_token()
        cls.case._portal_ensure_token()  # core compares a sent token only with a real one

    def _routes(self, token):
        case_id = self.case.id
        return (
            ("GET", f"/my/cases/{case_id}", {"access_token": token}),
            ("GET", f"/my/cases/{case_id}/confirm", {"access_token": token}),
            ("POST", f"/my/cases/{case_id}/confirm", {"access_token": token}),
            ("POST", f"/my/cases/{case_id}/reopen", {"access_token": token, "reason": "x"}),
        )

    def _open(self, method, url, data):
        if method == "GET":
            return self.url_open(url, params=data, allow_redirects=False)
        return self.url_open(url, data={**data, "csrf_token": Request.csrf_token(self)},
                             allow_redirects=False)

    @mute_logger("odoo.http")
    def test_bad_tokens_logged_out(self):
        self.authenticate(None, None)
        for token in BAD_TOKENS:
            for method, url, data in self._routes(token):
                with self.subTest(token=token[:20], method=method, url=url):
                    response = self._open(method, url, data)
                    self.assertLess(response.status_code, 500, response.text[:300])
                    self.assertNotIn("\n", response.headers.get("Location", ""))
        self.assertEqual(self.case.stage_kind, "solved", "no bad token closed or reopened it")

    @mute_logger("odoo.http")
    def test_bad_tokens_logged_in_customer(self):
        """The customer needs no token: a broken one is dropped, never echoed into the
        redirect (a CR/LF there was a 500, a header injection)."""
        self.authenticate(self.customer.login, self.customer.login)
        for token in BAD_TOKENS:
            for method, url, data in self._routes(token):
                if url.endswith(("/confirm", "/reopen")) and method == "POST":
                    continue  # these act: checked once below
                with self.subTest(token=token[:20], method=method, url=url):
                    response = self._open(method, url, data)
                    self.assertLess(response.status_code, 500, response.text[:300])
        response = self._open("POST", f"/my/cases/{self.case.id}/reopen",
                              {"access_token": BAD_TOKENS[0], "reason": "Still broken"})
        self.assertLess(response.status_code, 400, response.text[:300])
        location = response.headers.get("Location", "")
        self.assertNotIn("\n", location)
        self.assertNotIn("Set-Cookie", location)
        self.assertEqual(self.case.stage_kind, "progress")

    @mute_logger("odoo.http")
    def test_bad_rating_tokens(self):
        self.authenticate(None, None)
        for token in BAD_TOKENS:
            with self.subTest(token=token[:20]):
                page = self.url_open(f"/cx/rate/{token}/4", allow_redirects=False)
                self.assertEqual(page.status_code, 404, page.text[:300])
                sent = self.url_open(f"/cx/rate/{token}/submit", data={
                    "score": "4", "feedback": "ok", "csrf_token": Request.csrf_token(self),
                }, allow_redirects=False)
                self.assertEqual(sent.status_code, 404, sent.text[:300])
        self.assertFalse(self.case.rating_ids.consumed)


def post_as_portal(case, thread, token, **post_data):
    """/mail/message/post as the portal chatter sends it (``case`` is the HttpCase)."""
    return case.make_jsonrpc_request("/mail/message/post", {
        "thread_model": thread._name, "thread_id": thread.id, "token": token,
        "post_data": {"body": "Hello", **post_data},
    })


@tagged("post_install", "-at_install")
class TestPortalChatterPosts(CxCommon, HttpCase):
    """A customer writes comments in the public discussion of their case, nothing
    else: no system notification, no email-type message, no internal note."""

    HOSTILE = (
        {"message_type": "notification"},
        {"message_type": "email"},
        {"message_type": "auto_comment"},
        {"subtype_xmlid": "mail.mt_note"},
        {"message_type": "notification", "subtype_xmlid": "cx_cases.mt_case_closed"},
    )

    def test_customer_posts_only_comments(self):
        case = self._case(name="Chatter case")
        case.action_start()
        case.action_solve()
        token = case._portal_ensure_token()
        self.authenticate(self.customer.login, self.customer.login)
        comment = self.env.ref("mail.mt_comment")
        for post_data in self.HOSTILE:
            with self.subTest(post_data=post_data):
                result = post_as_portal(self, case, token, **post_data)
                message = self.env["mail.message"].browse(result["message_id"])
                self.assertRecordValues(message, [{
                    "message_type": "comment", "subtype_id": comment.id,
                    "author_id": self.customer.partner_id.id,
                }])
        self.assertEqual(case.stage_kind, "progress", "the customer's comment reopened it")


@tagged("post_install", "-at_install")
class TestMailContent(CxCommon):
    """What a mail holds never costs the customer their case: NULs and control
    characters are dropped, a huge mail is kept (shortened, the whole text attached)."""

    ALIAS = "care-a@cx-test.example.com"

    def _raw(self, sender, subject, body, extra_headers=b"", content_type=b"text/plain"):
        """Raw bytes as an MTA hands them over: no email library fixes them first."""
        return (
            b"From: " + sender + b"\r\nTo: " + self.ALIAS.encode() + b"\r\n"
            b"Subject: " + subject + b"\r\n"
            b"Message-ID: " + make_msgid(domain="customer.example.org").encode() + b"\r\n"
            b"Date: Mon, 07 Jan 2030 10:00:00 +0100\r\n" + extra_headers +
            b"MIME-Version: 1.0\r\nContent-Type: " + content_type + b"; charset=utf-8\r\n"
            b"Content-Transfer-Encoding: 8bit\r\n\r\n" + body
        )

    def _cases_from(self, email):
        return self.env["cx.case"].search([("email_from", "ilike", email)])

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_nul_and_control_characters_become_a_case(self):
        for where, raw in (
            ("body", self._raw(b"nul.body@customer.example.org", b"Wipers",
                               b"The wipers\x00 squeak.\x1b[31m Really.\x07")),
            ("subject", self._raw(b"nul.subject@customer.example.org", b"Wip\x00ers\x08",
                                  b"The wipers squeak.")),
            ("from", self._raw(b"Nu\x00l <nul.from@customer.example.org>", b"Wipers",
                               b"The wipers squeak.")),
            ("header", self._raw(b"nul.header@customer.example.org", b"Wipers",
                                 b"The wipers squeak.",
                                 extra_headers=b"X-Note: a\x00b\r\nReferences: <a\x00b@x>\r\n")),
        ):
            with self.subTest(where=where):
                self.env["mail.thread"].message_process(None, raw)
                email = f"nul.{where}@customer.example.org"
                case = self._cases_from(email)
                self.assertEqual(len(case), 1, f"the mail with a NUL in its {where} is a case")
                self.assertEqual(case.name, "Wipers")
                self.assertIn("squeak", case.description)
                self.assertNotIn("&lt;", case.message_ids[-1].body, "HTML stays HTML")
                for text in (case.name, case.description, case.message_ids[-1].body):
                    self.assertNotIn("\x00", text)
                    self.assertNotIn("\x1b", text)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_huge_mail_is_kept(self):
        body = ("Dear care team,\n" + "The navigation froze again. " * 20_000
                + "\nEND-OF-MAIL").encode()
        self.assertGreater(len(body), 400_000)
        self.env["mail.thread"].message_process(
            None, self._raw(b"huge@customer.example.org", b"Navigation log", body))
        case = self._cases_from("huge@customer.example.org")
        self.assertEqual(len(case), 1, "a mail over 400,000 characters still opens a case")
        self.assertIn("Dear care team", case.description)
        self.assertLess(len(case.description), 400_000)
        self.assertIn("attached", case.description)
        original = case.message_ids.attachment_ids.filtered(
            lambda a: a.name.startswith("original-email"))
        self.assertEqual(len(original), 1)
        self.assertIn(b"END-OF-MAIL", original.raw)
        self.assertNotIn("&lt;p&gt;", case.message_ids[-1].body)


@tagged("post_install", "-at_install")
class TestCaseTextOverJsonRpc(CxCommon, HttpCase):
    """What PostgreSQL or UTF-8 cannot store is refused by the suite's input rule,
    naming the field: a NUL, and a lone surrogate (JSON's "\\ud800" escape)."""

    def test_unstorable_characters_refused(self):
        self.authenticate(self.agent_a.login, self.agent_a.login)
        base = {"team_id": self.team_a.id, "partner_id": self.customer.partner_id.id,
                "channel": "phone"}
        count = self.env["cx.case"].search_count([])
        for field, value in (("name", "Brakes\x00"), ("name", "Brakes \ud800"),
                             ("vin", "\udfff"), ("email_from", "a@b.c\x00")):
            with self.subTest(field=field, value=value), \
                    mute_logger("odoo.http", "odoo.sql_db"):
                __, error = call_kw(self, "cx.case", "create",
                                    {"name": "Brakes", **base, field: value})
                self.assertEqual(error and error["name"], "odoo.exceptions.ValidationError",
                                 error and error["message"])
                self.assertIn(self.env["cx.case"]._fields[field].string, error["message"])
        self.assertEqual(self.env["cx.case"].search_count([]), count)

    def test_unstorable_characters_refused_to_server_code(self):
        """Cases made as superuser (the gateway, telephony, imports) get the same
        refusal, the VIN in its one form."""
        Case = self.env["cx.case"].sudo()
        base = {"name": "Brakes", "team_id": self.team_a.id,
                "partner_id": self.customer.partner_id.id, "channel": "phone"}
        for field, value in (("name", "Brakes\x00"), ("vin", "\udfff")):
            with self.subTest(field=field), self.assertRaisesRegex(
                    ValidationError, Case._fields[field].string):
                Case.create({**base, field: value})
        case = Case.create(base)
        with self.assertRaisesRegex(ValidationError, Case._fields["name"].string):
            case.write({"name": "Brakes \ud800"})
        case.write({"vin": "ysmfd3ka1l b000009"})
        self.assertEqual(case.vin, "YSMFD3KA1LB000009")

    def test_description_too_long_refused(self):
        """A description over what a case holds is refused as sent, on create and on
        write, with the same message (the mail gateway shortens a long mail first)."""
        self.authenticate(self.agent_a.login, self.agent_a.login)
        base = {"name": "Brakes", "team_id": self.team_a.id, "channel": "phone",
                "partner_id": self.customer.partner_id.id}
        huge = "<p>" + "x" * 400_001 + "</p>"
        count = self.env["cx.case"].search_count([])
        with mute_logger("odoo.http"):
            __, error = call_kw(self, "cx.case", "create", {**base, "description": huge})
        self.assertEqual(error and error["name"], "odoo.exceptions.ValidationError")
        self.assertIn("description is too long", error["message"])
        self.assertEqual(self.env["cx.case"].search_count([]), count)
        case_id, error = call_kw(self, "cx.case", "create", {**base, "description": "<p>ok</p>"})
        self.assertFalse(error)
        with mute_logger("odoo.http"):
            __, error = call_kw(self, "cx.case", "write", [case_id], {"description": huge})
        self.assertIn("description is too long", error and error["message"])
        self.assertEqual(str(self.env["cx.case"].browse(case_id).description), "<p>ok</p>")
