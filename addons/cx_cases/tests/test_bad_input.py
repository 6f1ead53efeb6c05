from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import CxCommon

# Tokens as an attacker or a broken mail client sends them: header injection, NUL,
# a lone surrogate (as raw UTF-8 bytes), a huge one.
BAD_TOKENS = ("abc\r\nSet-Cookie: x=1", "\r\n", "a\x00b", "x" * 5000, "%0d%0a", "\n")


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
