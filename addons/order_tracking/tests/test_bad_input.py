from lxml import html

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import SQL, mute_logger

from .test_portal import OrderTrackingPortalCommon

BAD_TOKENS = ("abc\r\nSet-Cookie: x=1", "\r\n", "a\x00b", "x" * 5000, "%0d%0a", "tok\u00e9n")
BAD_URLS = (
    "javascript:alert(document.cookie)", "JavaScript:alert(1)", " javascript:alert(1)",
    "java\tscript:alert(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)", "//evil.example.com/x", "https://", "http://exa mple.com",
    "https://example.com/\x00", "ftp://example.com/film.mp4",
)


@tagged("post_install", "-at_install")
class TestOrderLinks(OrderTrackingPortalCommon, HttpCase):
    """An order's video link and a station's live stream are shown to customers:
    only web addresses, whoever writes them and however."""

    def _write_over_rpc(self, model, record, vals):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/write", {
            "model": model, "method": "write", "args": [[record.id], vals], "kwargs": {},
        })

    def test_video_link_refuses_scripts_over_json_rpc(self):
        self.authenticate(self.ot_manager.login, self.ot_manager.login)
        for url in BAD_URLS:
            with self.subTest(url=url), mute_logger("odoo.http"), \
                    self.assertRaises(JsonRpcException) as refused:
                self._write_over_rpc("vehicle.order", self.order_1, {"video_url": url})
            self.assertEqual(str(refused.exception), "odoo.exceptions.ValidationError")
        self.order_1.invalidate_recordset()
        self.assertFalse(self.order_1.video_url)
        self._write_over_rpc("vehicle.order", self.order_1,
                             {"video_url": "https://films.example.com/polaris"})
        self.order_1.invalidate_recordset()
        self.assertEqual(self.order_1.video_url, "https://films.example.com/polaris")

    def test_live_stream_refuses_scripts(self):
        self.authenticate(self.ot_manager.login, self.ot_manager.login)
        for url in BAD_URLS + ("http://live.example.com/x",):
            with self.subTest(url=url), mute_logger("odoo.http"), \
                    self.assertRaises(JsonRpcException):
                self._write_over_rpc("vehicle.order.location", self.port,
                                     {"live_stream_url": url})

    def test_portal_shows_only_web_links(self):
        """A link stored before the rule (or written in SQL) is not shown."""
        self.env.cr.execute(SQL(
            "UPDATE vehicle_order SET video_url = %s WHERE id = %s",
            "javascript:alert(document.cookie)", self.order_1.id,
        ))
        self.env.cr.execute(SQL(
            "UPDATE vehicle_order_location SET live_stream_url = %s WHERE id = %s",
            "data:text/html,<script>alert(1)</script>", self.port.id,
        ))
        self.env.invalidate_all()
        self.authenticate(self.customer_1.login, self.customer_1.login)
        page = self.url_open(f"/my/orders/{self.order_1.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("javascript:", page.text)
        self.assertNotIn("data:text/html", page.text)
        self.env.cr.execute(SQL(
            "UPDATE vehicle_order SET video_url = %s WHERE id = %s",
            "https://films.example.com/polaris", self.order_1.id,
        ))
        self.env.invalidate_all()
        tree = html.fromstring(self.url_open(f"/my/orders/{self.order_1.id}").content)
        self.assertEqual(tree.xpath("//div[contains(@class, 'o_vehicle_video')]//a/@href"),
                         ["https://films.example.com/polaris"])


@tagged("post_install", "-at_install")
class TestOrderTokenInput(OrderTrackingPortalCommon, HttpCase):
    """Broken access tokens on every token route of the order portal: a 4xx or the
    usual redirect, never a 500, nothing changed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_1._portal_ensure_token()  # core compares a sent token only with a real one

    def _routes(self, token):
        order = self.order_1
        task = order.task_ids.filtered(lambda t: t.kind == "registration")
        return (
            ("GET", f"/my/orders/{order.id}", {"access_token": token}),
            ("GET", f"/my/orders/{order.id}/location-image", {"access_token": token}),
            ("POST", f"/my/orders/{order.id}/tasks/{task.id}",
             {"access_token": token, "answer": "Jan Jansen, Keizersgracht 12"}),
            ("POST", f"/my/orders/{order.id}/notifications",
             {"access_token": token, "opt_out": "1"}),
        )

    def _open(self, method, url, data):
        if method == "GET":
            return self.url_open(url, params=data, allow_redirects=False)
        return self.url_open(url, data={**data, "csrf_token": self._csrf()},
                             allow_redirects=False)

    def _csrf(self):
        from odoo.http import Request
        return Request.csrf_token(self)

    @mute_logger("odoo.http")
    def test_bad_tokens(self):
        for user in (None, self.customer_2, self.dealer_a):
            self.authenticate(user and user.login, user and user.login)
            for token in BAD_TOKENS:
                for method, url, data in self._routes(token):
                    with self.subTest(user=user and user.login, token=token[:20], url=url):
                        response = self._open(method, url, data)
                        self.assertLess(response.status_code, 500, response.text[:300])
                        self.assertNotIn("\n", response.headers.get("Location", ""))
        self.env.invalidate_all()
        self.assertFalse(self.order_1.notify_opt_out)
        self.assertEqual(set(self.order_1.task_ids.mapped("state")), {"todo"})


@tagged("post_install", "-at_install")
class TestTaskAnswerInput(OrderTrackingPortalCommon, HttpCase):
    """The to-do form goes through the portal form helper; the model applies the
    same rule to answers written over JSON-RPC."""

    def setUp(self):
        super().setUp()
        self.registration = self.order_1.task_ids.filtered(lambda t: t.kind == "registration")
        self.insurance = self.order_1.task_ids.filtered(lambda t: t.kind == "insurance")

    def _form_csrf(self):
        page = html.fromstring(self.url_open(f"/my/orders/{self.order_1.id}").content)
        [token] = page.xpath(
            f"//form[@action='/my/orders/{self.order_1.id}/tasks/{self.registration.id}']"
            "//input[@name='csrf_token']/@value"
        )
        return token

    def _answer(self, task, **data):
        return self.url_open(f"/my/orders/{self.order_1.id}/tasks/{task.id}", data={
            "csrf_token": self._form_csrf(), **data,
        }, allow_redirects=False)

    def test_control_characters_refused_on_the_portal(self):
        self.authenticate(self.customer_1.login, self.customer_1.login)
        for task, answer, message in (
            (self.registration, "Jan Jansen\x1b[31m, Keizersgracht 12", "U+001B"),
            (self.registration, "Jan Jansen\x00, Keizersgracht 12", "U+0000"),
            (self.insurance, "Polis\x07 1234", "U+0007"),
            (self.insurance, "p" * 1001, "at most 1000"),
        ):
            with self.subTest(answer=answer[:30]):
                response = self._answer(task, answer=answer)
                self.assertEqual(response.status_code, 400, response.text[:300])
                error = html.fromstring(response.content).xpath(
                    "string(//div[contains(@class, 'alert-danger')])")
                self.assertIn(message, error)
                task.invalidate_recordset()
                self.assertEqual((task.state, task.answer), ("todo", False))
        response = self._answer(self.registration, answer="Jan Jansen\r\nKeizersgracht 12")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.registration.state, "done")
        self.assertEqual(self.registration.answer, "Jan Jansen\r\nKeizersgracht 12")

    def test_control_characters_refused_over_json_rpc(self):
        self.authenticate(self.desk_a.login, self.desk_a.login)
        for answer in ("Jan\x1b[2J", "Jan\x00", "x" * 1001):
            with self.subTest(answer=answer[:20]), mute_logger("odoo.http"), \
                    self.assertRaises(JsonRpcException) as refused:
                self.make_jsonrpc_request("/web/dataset/call_kw/vehicle.order.task/write", {
                    "model": "vehicle.order.task", "method": "write",
                    "args": [[self.registration.id], {"answer": answer}], "kwargs": {},
                })
            self.assertEqual(str(refused.exception), "odoo.exceptions.ValidationError")
        self.registration.invalidate_recordset()
        self.assertFalse(self.registration.answer)


@tagged("post_install", "-at_install")
class TestOrderChatterPosts(OrderTrackingPortalCommon, HttpCase):
    """The customer's messages on their order are comments, whatever type is sent."""

    def test_customer_posts_only_comments(self):
        token = self.order_1._portal_ensure_token()
        self.authenticate(self.customer_1.login, self.customer_1.login)
        comment = self.env.ref("mail.mt_comment")
        for post_data in ({"message_type": "notification"}, {"subtype_xmlid": "mail.mt_note"},
                          {"message_type": "email", "subtype_xmlid": "mail.mt_note"}):
            with self.subTest(post_data=post_data):
                result = self.make_jsonrpc_request("/mail/message/post", {
                    "thread_model": "vehicle.order", "thread_id": self.order_1.id,
                    "token": token, "post_data": {"body": "Hello", **post_data},
                })
                message = self.env["mail.message"].browse(result["message_id"])
                self.assertRecordValues(message, [{
                    "message_type": "comment", "subtype_id": comment.id,
                }])
