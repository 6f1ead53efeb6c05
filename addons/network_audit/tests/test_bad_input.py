import json
import math

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.guard_layer_common import JsonRpcMixin
from odoo.addons.dealer_profile.tests.rpc import call_kw

from .common import NetworkAuditCommon


@tagged("post_install", "-at_install")
class TestNumericAnswers(NetworkAuditCommon, JsonRpcMixin, HttpCase):
    """An auditor answers over JSON-RPC (the tablet's path): a measured answer is a
    finite number, and a score is never made of NaN."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.std_wait = cls.env["network.audit.standard"].create({
            "code": "T-NUM-01", "name": "Minutes until a test drive",
            "category_id": cls.category.id, "requirement": "<p>Fast.</p>",
            "answer_type": "numeric", "numeric_target": 10, "numeric_higher_is_better": False,
            "evidence_rule": "never",
        })
        cls.std_sales = cls.env["network.audit.standard"].create({
            "code": "T-NUM-02", "name": "Test drives per week",
            "category_id": cls.category.id, "requirement": "<p>Many.</p>",
            "answer_type": "numeric", "numeric_target": 20, "evidence_rule": "never",
        })
        cls.program.section_ids[0].standard_ids |= cls.std_wait | cls.std_sales
        cls.audit = cls._create_audit()
        cls.audit.action_start()

    def _line(self, standard):
        return self.audit.line_ids.filtered(lambda line: line.standard_id == standard)

    def _write_raw(self, line, literal):
        """JSON as a script writes it: Python's json module (Odoo's parser) reads the
        NaN and Infinity literals."""
        body = ('{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {'
                '"model": "network.audit.line", "method": "write", "args": [[LINE], '
                '{"answer_numeric": VALUE}], "kwargs": {}}}'
                ).replace("LINE", str(line.id)).replace("VALUE", literal)
        response = self.url_open("/web/dataset/call_kw/network.audit.line/write", data=body,
                                 headers={"Content-Type": "application/json"})
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_numeric_answered_is_the_servers(self):
        """An auditor once marked a measured standard answered without a measure (a
        score of 0 counted as taken, or an answer taken back) by writing the read-only
        ``numeric_answered`` over JSON-RPC: the server alone sets it, whenever a measure
        is written (0 is one)."""
        line, other = self._line(self.std_wait), self._line(self.std_sales)
        login = self.auditor_a.login
        self.assertRpcRefused(login, "network.audit.line", "write",
                              [line.ids, {"numeric_answered": True}])
        self.assertRpcRefused(login, "network.audit.line", "write",
                              [line.ids, {"numeric_answered": True, "comment": "ok"}],
                              context={"dealer_server_values": ["numeric_answered"]})
        self.env.invalidate_all()
        self.assertFalse(line.numeric_answered)
        self.assertFalse(line.is_answered)
        # A measure of 0 is an answer; taking it back by the flag is refused too.
        self.call_kw(login, "network.audit.line", "write", [other.ids, {"answer_numeric": 0}])
        self.env.invalidate_all()
        self.assertTrue(other.numeric_answered)
        self.assertRpcRefused(login, "network.audit.line", "write",
                              [other.ids, {"numeric_answered": False}])
        self.env.invalidate_all()
        self.assertTrue(other.is_answered)

    def test_numeric_answered_not_given_at_creation(self):
        """Nor on an answer line made by a client (vals or default_ context keys)."""
        audit = self._create_audit(date="2026-11-10")
        vals = {"audit_id": audit.id, "standard_id": self.std_wait.id}
        audit.line_ids.filtered(lambda line: line.standard_id == self.std_wait).unlink()
        self.assertDefaultsRefused("test_manager", "network.audit.line", vals,
                                   {"numeric_answered": True})
        created = audit.line_ids.filtered(lambda line: line.standard_id == self.std_wait)
        self.assertFalse(created.numeric_answered)

    def test_non_finite_answers_refused_over_json_rpc(self):
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        for standard in (self.std_wait, self.std_sales):
            line = self._line(standard)
            for literal in ("NaN", "Infinity", "-Infinity", '"nan"', '"inf"', "1e400"):
                with self.subTest(standard=standard.code, value=literal), \
                        mute_logger("odoo.http"):
                    payload = self._write_raw(line, literal)
                    self.assertEqual(payload.get("error", {}).get("data", {}).get("name"),
                                     "odoo.exceptions.ValidationError", json.dumps(payload)[:300])
                    self.assertIn("must be a number",
                                  payload["error"]["data"]["message"])
                line.invalidate_recordset()
                self.assertFalse(line.numeric_answered)
                self.assertEqual(line.score, 0.0)
        self.assertNotIn("error", self._write_raw(self._line(self.std_wait), "12.5"))
        self.env.invalidate_all()
        self.assertEqual(self._line(self.std_wait).score, 80.0)

    def test_scoring_survives_a_stored_nan(self):
        """A NaN that got in before the rule (or by SQL) scores 0, not 100 %."""
        line = self._line(self.std_sales)
        line.answer_numeric = 5
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE network_audit_line SET answer_numeric = 'NaN' WHERE id = %s", [line.id])
        line.invalidate_recordset()
        self.assertTrue(math.isnan(line.answer_numeric))
        self.assertEqual(self.std_sales._score_answer(line), 0.0)

    def test_target_must_be_finite(self):
        self.authenticate(self.manager.login, self.manager.login)
        for target in (math.nan, math.inf):
            with self.subTest(target=target), mute_logger("odoo.http"):
                __, error = call_kw(self, "network.audit.standard", "write",
                                    [self.std_sales.id], {"numeric_target": target})
                self.assertEqual(error and error["name"], "odoo.exceptions.ValidationError")

    def test_audit_without_program_is_a_clear_error(self):
        self.authenticate(self.officer.login, self.officer.login)
        count = self.env["network.audit"].search_count([])
        for vals in ({"outlet_id": self.outlet_a.id, "date": "2026-10-12"},
                     {"outlet_id": self.outlet_a.id, "program_id": False}):
            with self.subTest(vals=vals), mute_logger("odoo.http"):
                __, error = call_kw(self, "network.audit", "create", vals)
                self.assertEqual(error and error["name"], "odoo.exceptions.ValidationError",
                                 error)
                self.assertIn("choose the program", error["message"])
        self.assertEqual(self.env["network.audit"].search_count([]), count)


@tagged("post_install", "-at_install")
class TestActionChatterPosts(NetworkAuditCommon, HttpCase):
    """The dealer's messages on an action item are comments, whatever type is sent."""

    def test_dealer_posts_only_comments(self):
        audit = self._create_audit()
        audit.action_start()
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "5",
                             self.std_safety: "yes"})
        audit.action_submit()
        audit.action_validate()
        item = audit.action_ids[:1]
        if item.state == "draft":
            item.action_send()
        token = item._portal_ensure_token()
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        comment = self.env.ref("mail.mt_comment")
        for post_data in ({"message_type": "notification"}, {"subtype_xmlid": "mail.mt_note"}):
            with self.subTest(post_data=post_data):
                result = self.make_jsonrpc_request("/mail/message/post", {
                    "thread_model": "network.audit.action", "thread_id": item.id,
                    "token": token, "post_data": {"body": "Fixed", **post_data},
                })
                message = self.env["mail.message"].browse(result["message_id"])
                self.assertRecordValues(message, [{
                    "message_type": "comment", "subtype_id": comment.id,
                }])
