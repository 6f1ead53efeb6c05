import base64
import contextlib
import io
import json
import math
import uuid
from unittest.mock import patch

import websocket
from PIL import Image

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

from .common import NetworkAuditCommon
from .images import make_image

SIGNATURE = base64.b64encode(make_image(120, 40, fmt="PNG")).decode()


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG")
    return base64.b64encode(buffer.getvalue()).decode()


@tagged("post_install", "-at_install")
class TestAuditAppSync(NetworkAuditCommon, HttpCase):
    """The offline app's two calls over real HTTP, as the auditor's tablet makes them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls._create_audit()
        cls.lines = {line.standard_id: line for line in cls.audit.line_ids}

    def _rpc(self, route, params=None):
        response = self.opener.post(f"{self.base_url()}{route}", json={
            "jsonrpc": "2.0", "method": "call", "params": params or {}, "id": 1,
        }, timeout=30)
        self.assertEqual(response.status_code, 200, response.text[:300])
        return response.json()

    def _sync(self, ops, device="tablet-aaaaaaaa"):
        body = self._rpc("/audit/app/api/sync", {"device": device, "ops": ops})
        self.assertNotIn("error", body, body.get("error"))
        return body["result"]["results"]

    @staticmethod
    def _answer(line, base, **values):
        return {"uuid": str(uuid.uuid4()), "kind": "answer", "line": line.id, "base": base,
                "values": values}

    def _error(self, params):
        body = self._rpc("/audit/app/api/sync", params)
        self.assertIn("error", body)
        self.assertNotIn("Traceback", body["error"]["data"].get("message", ""))
        return body["error"]["data"]["message"]

    def test_download_only_my_audits_with_what_is_needed_offline(self):
        other = self._create_audit(outlet=self.outlet_b, auditor=self.auditor_b)
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        result = self._rpc("/audit/app/api/download")["result"]
        self.assertEqual([a["id"] for a in result["audits"]], [self.audit.id])
        self.assertNotIn(other.id, [a["id"] for a in result["audits"]])
        greeting = next(line for line in result["audits"][0]["lines"]
                        if line["code"] == "T-CX-01")
        self.assertIn("Fulfilled when greeted", greeting["guidance"])
        self.assertEqual(greeting["section"], "Welcome")
        self.assertEqual(greeting["value"]["version"], 0)
        self.assertIsNone(greeting["value"]["answer_numeric"])
        # The submit step asks for the signatures the program requires.
        self.assertEqual(result["audits"][0]["signature_rule"], "none")
        self.assertEqual(result["audits"][0]["signer"], self.auditor_a.name)

    def test_who_may_use_the_app(self):
        """Auditors (and the officers who run audits) use it; a viewer or a dealer does
        not get the page nor the data."""
        for user in (self.audit_viewer, self.dealer_a):
            self.authenticate(user.login, user.login)
            self.assertEqual(self.url_open("/audit/app").status_code, 403, user.login)
            body = self._rpc("/audit/app/api/download")
            self.assertIn("error", body, user.login)
            self.assertIn("for auditors", body["error"]["data"]["message"])
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        page = self.url_open("/audit/app")
        self.assertEqual(page.status_code, 200)
        self.assertIn("/network_audit/static/src/audit_app/app.js", page.text)
        self.assertIn("scoped_app_manifest", page.text)
        worker = self.url_open("/audit/app/sw.js")
        self.assertEqual(worker.headers["Service-Worker-Allowed"], "/audit/app")

    def test_an_operation_is_stored_once_whatever_the_retries(self):
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        greeting = self.lines[self.std_greeting]
        start = {"uuid": str(uuid.uuid4()), "kind": "start", "audit": self.audit.id}
        answer = self._answer(greeting, 0, answer_yes_no="no", comment="Nobody at the desk")
        photo = {"uuid": str(uuid.uuid4()), "kind": "photo", "line": greeting.id,
                 "name": "desk.jpg", "data": _jpeg()}
        first = self._sync([start, answer])
        self.assertEqual([r["status"] for r in first], ["ok", "ok"])
        self.assertEqual(self._sync([photo])[0]["status"], "ok")
        # The tablet did not get the answers (network lost): it sends all again.
        again = self._sync([start, answer])
        self.assertEqual([r["status"] for r in again], ["ok", "ok"])
        self.assertTrue(all(r["duplicate"] for r in again))
        self.assertTrue(self._sync([photo])[0]["duplicate"])
        self.env.invalidate_all()
        self.assertEqual(self.audit.state, "in_progress")
        self.assertEqual(greeting.answer_yes_no, "no")
        self.assertEqual(len(greeting.photo_ids), 1)
        self.assertEqual(greeting.sync_version, 2)
        self.assertEqual(self.env["network.audit.sync.op"].search_count(
            [("audit_id", "=", self.audit.id)]), 3)

    def test_a_change_made_elsewhere_is_a_visible_conflict(self):
        self.audit.with_user(self.auditor_a).action_start()
        greeting = self.lines[self.std_greeting]
        # The tablet downloaded version 0; meanwhile the answer is changed in the backend.
        greeting.with_user(self.auditor_a).write({"answer_yes_no": "yes"})
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        result = self._sync([self._answer(greeting, 0, answer_yes_no="no")])[0]
        self.assertEqual(result["status"], "conflict")
        self.assertEqual(result["value"]["answer_yes_no"], "yes")
        self.env.invalidate_all()
        self.assertEqual(greeting.answer_yes_no, "yes", "a conflict never overwrites")
        # "Keep my answer": the app resends with the version it was shown.
        kept = self._sync([self._answer(greeting, result["value"]["version"], answer_yes_no="no")])
        self.assertEqual(kept[0]["status"], "ok")
        self.env.invalidate_all()
        self.assertEqual(greeting.answer_yes_no, "no")

    def test_the_devices_own_edits_are_no_conflict(self):
        self.audit.with_user(self.auditor_a).action_start()
        greeting = self.lines[self.std_greeting]
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        results = self._sync([
            self._answer(greeting, 0, answer_yes_no="no"),
            self._answer(greeting, 0, comment="Corrected after a second look", answer_yes_no="yes"),
        ])
        self.assertEqual([r["status"] for r in results], ["ok", "ok"])
        # ... but the same edits from a second tablet are.
        other = self._sync(
            [self._answer(greeting, 0, answer_yes_no="no")], device="tablet-bbbbbbbb"
        )
        self.assertEqual(other[0]["status"], "conflict")

    def test_the_servers_rules_decide(self):
        """A submitted audit and an audit given to another auditor refuse the tablet's
        changes, with the reason the app shows; nothing is written."""
        self.audit.with_user(self.auditor_a).action_start()
        greeting = self.lines[self.std_greeting]
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        self.audit.write({"auditor_ids": [(6, 0, self.auditor_a2.ids)]})
        reassigned = self._sync([self._answer(greeting, 0, answer_yes_no="no")])[0]
        self.assertEqual(reassigned["status"], "refused")
        self.assertTrue(reassigned["message"])
        self.audit.write({"auditor_ids": [(6, 0, self.auditor_a.ids)]})
        self._answer_all_and_submit()
        locked = self._sync([self._answer(greeting, greeting.sync_version, answer_yes_no="no")])[0]
        self.assertEqual(locked["status"], "refused")
        self.assertIn("locked", locked["message"])
        self.assertEqual(locked["audit_state"], "submitted")
        self.env.invalidate_all()
        self.assertEqual(greeting.answer_yes_no, "yes")

    def _answer_all_and_submit(self):
        audit = self.audit.with_user(self.auditor_a)
        NetworkAuditCommon._answer(audit, {
            self.std_greeting: "yes", self.std_clean: "5", self.std_safety: "yes",
            self.std_paperwork: "yes",
        })
        audit.action_submit()

    def test_submit_refused_until_complete(self):
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        start = {"uuid": str(uuid.uuid4()), "kind": "start", "audit": self.audit.id}
        submit = {"uuid": str(uuid.uuid4()), "kind": "submit", "audit": self.audit.id}
        results = self._sync([start, submit])
        self.assertEqual(results[1]["status"], "refused")
        self.assertIn("no answer", results[1]["message"])

    def _sign(self, **values):
        return {"uuid": str(uuid.uuid4()), "kind": "sign", "audit": self.audit.id,
                "values": values}

    def _started_and_answered(self):
        start = {"uuid": str(uuid.uuid4()), "kind": "start", "audit": self.audit.id}
        answers = [self._answer(self.lines[std], 0, **values) for std, values in (
            (self.std_greeting, {"answer_yes_no": "yes"}),
            (self.std_clean, {"answer_scale": "5"}),
            (self.std_safety, {"answer_yes_no": "yes"}),
        )]
        self.assertEqual({r["status"] for r in self._sync([start, *answers])}, {"ok"})

    def test_submit_from_the_app_with_both_signatures(self):
        """The app's submit step: signatures, then the submission. The program asks
        for the manager's: without it the submission is refused with the reason the
        app shows, and the audit stays in progress; signed, it is submitted."""
        self.program.signature_rule = "auditor_manager"
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        self._started_and_answered()
        submit = {"uuid": str(uuid.uuid4()), "kind": "submit", "audit": self.audit.id}
        results = self._sync([self._sign(auditor_signature=SIGNATURE), submit])
        self.assertEqual([r["status"] for r in results], ["ok", "refused"])
        self.assertIn("outlet manager's name and signature are missing", results[1]["message"])
        self.assertEqual(results[1]["audit_state"], "in_progress")
        self.env.invalidate_all()
        self.assertEqual(self.audit.state, "in_progress")
        self.assertTrue(self.audit.auditor_signature)
        self.assertEqual(self.audit.auditor_signed_by_id, self.auditor_a)

        sign = self._sign(auditor_signature=SIGNATURE, manager_signature=SIGNATURE,
                          manager_signer_name="Eva de Vries")
        submit = {"uuid": str(uuid.uuid4()), "kind": "submit", "audit": self.audit.id}
        results = self._sync([sign, submit])
        self.assertEqual([r["status"] for r in results], ["ok", "ok"])
        self.assertEqual(results[1]["audit_state"], "submitted")
        # The answer was lost on the way back: the retry changes nothing.
        self.assertTrue(all(r["duplicate"] for r in self._sync([sign, submit])))
        self.env.invalidate_all()
        self.assertEqual(self.audit.state, "submitted")
        self.assertTrue(self.audit.auditor_signature and self.audit.manager_signature)
        self.assertEqual(self.audit.manager_signer_name, "Eva de Vries")
        self.assertTrue(self.audit.manager_signed_on)
        self.assertFalse(self.audit.manager_signature_missing_reason)

    def test_submit_from_the_app_with_the_reason_the_manager_did_not_sign(self):
        self.program.signature_rule = "auditor_manager"
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        self._started_and_answered()
        submit = {"uuid": str(uuid.uuid4()), "kind": "submit", "audit": self.audit.id}
        results = self._sync([
            self._sign(auditor_signature=SIGNATURE,
                       manager_signature_missing_reason="Manager on leave, deputy refused"),
            submit,
        ])
        self.assertEqual([r["status"] for r in results], ["ok", "ok"])
        self.env.invalidate_all()
        self.assertEqual(self.audit.state, "submitted")
        self.assertFalse(self.audit.manager_signature)
        self.assertEqual(self.audit.manager_signature_missing_reason,
                         "Manager on leave, deputy refused")

    def test_app_signatures_follow_the_servers_rules(self):
        """Not an image, an unknown field, a planned or submitted audit: refused with
        the reason; nothing is signed."""
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        self.assertIn("unknown field", self._error({"device": "tablet-aaaaaaaa", "ops": [
            self._sign(auditor_signature=SIGNATURE, state="submitted")]}))
        self.assertIn("must be a JSON object", self._error({"device": "tablet-aaaaaaaa", "ops": [
            {"uuid": "u3", "kind": "sign", "audit": self.audit.id, "values": "x"}]}))
        planned = self._sync([self._sign(auditor_signature=SIGNATURE)])[0]
        self.assertEqual(planned["status"], "refused")
        self.assertIn("not in progress", planned["message"])
        self._started_and_answered()
        garbage = base64.b64encode(b"\x00\x01 not an image").decode()
        broken = self._sync([self._sign(auditor_signature=garbage)])[0]
        self.assertEqual(broken["status"], "refused")
        self.assertTrue(broken["message"])
        self.env.invalidate_all()
        self.assertFalse(self.audit.auditor_signature)

    def test_hostile_input_is_refused_with_a_reason(self):
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        greeting = self.lines[self.std_greeting]
        clean = self.lines[self.std_clean]
        cases = {
            "device": {"device": "x", "ops": []},
            "ops must be a list": {"device": "tablet-aaaaaaaa", "ops": {"a": 1}},
            "unknown operation": {"device": "tablet-aaaaaaaa",
                                  "ops": [{"uuid": "u1", "kind": "delete", "line": greeting.id}]},
            "comment": {"device": "tablet-aaaaaaaa",
                        "ops": [self._answer(greeting, 0, comment="a\x00b")]},
            "longer than": {"device": "tablet-aaaaaaaa",
                            "ops": [self._answer(greeting, 0, comment="x" * 5000)]},
            "answer_numeric": {"device": "tablet-aaaaaaaa",
                               "ops": [self._answer(greeting, 0, answer_numeric="NaN")]},
            "answer_scale": {"device": "tablet-aaaaaaaa",
                             "ops": [self._answer(clean, 0, answer_scale="9")]},
            "base": {"device": "tablet-aaaaaaaa", "ops": [
                {"uuid": "u2", "kind": "answer", "line": greeting.id, "values": {"comment": "x"}}]},
            "at most": {"device": "tablet-aaaaaaaa",
                        "ops": [self._answer(greeting, 0, comment="x")] * 401},
        }
        for expected, params in cases.items():
            with self.subTest(expected):
                self.assertIn(expected, self._error(params))
        # Values the format accepts but the audit does not: refused per operation.
        foreign = self.env["network.audit.standard.option"].search([], limit=1)
        results = self._sync([
            self._answer(greeting, 0, option_id=foreign.id or 999999),
            {"uuid": str(uuid.uuid4()), "kind": "photo", "line": greeting.id, "data": "%%%"},
            {"uuid": str(uuid.uuid4()), "kind": "answer", "line": 999999999, "base": 0,
             "values": {"comment": "x"}},
        ])
        self.assertEqual([r["status"] for r in results], ["refused"] * 3)
        self.env.invalidate_all()
        self.assertFalse(greeting.comment or greeting.option_id)

    def test_the_version_is_the_servers(self):
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        greeting = self.lines[self.std_greeting]
        response = self.url_open("/web/dataset/call_kw", data=json.dumps({
            "jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                "model": "network.audit.line", "method": "write",
                "args": [[greeting.id], {"sync_version": 99}], "kwargs": {}},
        }), headers={"Content-Type": "application/json"})
        self.assertIn("kept by the server", response.json()["error"]["data"]["message"])


@tagged("post_install", "-at_install")
class TestAuditAppOffline(NetworkAuditCommon, HttpCase):
    """The auditor downloads, switches the network off (DevTools), closes the tab,
    answers offline, closes the tab again mid-audit, signs with the mouse and has the
    outlet's manager sign with a finger (the program asks for both), submits, closes
    the tab once more, and everything reaches the server once the network is back."""

    browser_size = "1280x800"

    def _js(self, browser, code):
        result = browser._websocket_request("Runtime.evaluate", params={
            "expression": code, "awaitPromise": True, "returnByValue": True,
        }, timeout=60)
        self.assertNotIn("exceptionDetails", result, result)
        return result["result"].get("value")

    def _wait(self, browser, condition, message):
        self.assertTrue(browser._wait_ready(condition, timeout=30), message)

    def _offline(self, browser, offline):
        """Network off (or on) in DevTools, for the page and for its service worker:
        the worker is a target of its own, its fetches are not the page's."""
        conditions = {"offline": offline, "latency": 0, "downloadThroughput": -1,
                      "uploadThroughput": -1}
        browser._websocket_request("Network.enable")
        browser._websocket_request("Network.emulateNetworkConditions", params=conditions)
        if offline:
            workers = [target for target in browser._json_command("list")
                       if target["type"] == "service_worker"]
            self.assertEqual(len(workers), 1, "the app's service worker runs")
            self._worker = websocket.create_connection(
                workers[0]["webSocketDebuggerUrl"], timeout=10, suppress_origin=True)
            self._worker_call("Network.enable", {})
            self._worker_call("Network.emulateNetworkConditions", conditions)
        else:
            self._worker_call("Network.emulateNetworkConditions", conditions)
            self._worker.close()

    def _worker_call(self, method, params):
        self._worker_id = getattr(self, "_worker_id", 0) + 1
        self._worker.send(json.dumps({"id": self._worker_id, "method": method, "params": params}))
        while True:
            answer = json.loads(self._worker.recv())
            if answer.get("id") == self._worker_id:
                self.assertNotIn("error", answer, answer)
                return answer

    def _draw(self, browser, selector, touch=False):
        """A signature drawn on a pad through DevTools input events: a mouse drag, or
        a finger on the touch screen."""
        box = self._js(browser, f"""(() => {{ const pad = document.querySelector('{selector}');
            pad.scrollIntoView({{block: 'center'}}); const r = pad.getBoundingClientRect();
            return [r.left, r.top, r.width, r.height]; }})()""")
        left, top, width, height = box
        loops = 4 if touch else 6  # a handwriting-like trochoid, one per signer
        turns = [2 * math.pi * loops * i / 80 for i in range(81)]
        points = [(left + width * (0.1 + 0.78 * u / turns[-1] - 0.035 * math.sin(u)),
                   top + height * (0.5 - 0.25 * math.cos(u) * (0.7 + 0.3 * math.sin(u / 5))))
                  for u in turns]
        if touch:
            browser._websocket_request("Emulation.setTouchEmulationEnabled",
                                       params={"enabled": True, "maxTouchPoints": 1})
            for index, (x, y) in enumerate(points):
                kind = "touchStart" if index == 0 else "touchMove"
                browser._websocket_request("Input.dispatchTouchEvent", params={
                    "type": kind, "touchPoints": [{"x": x, "y": y}]})
            browser._websocket_request("Input.dispatchTouchEvent", params={
                "type": "touchEnd", "touchPoints": []})
            return
        for index, (x, y) in enumerate(points):
            browser._websocket_request("Input.dispatchMouseEvent", params={
                "type": "mousePressed" if index == 0 else "mouseMoved", "x": x, "y": y,
                "button": "left", "buttons": 1, "clickCount": 1})
        browser._websocket_request("Input.dispatchMouseEvent", params={
            "type": "mouseReleased", "x": points[-1][0], "y": points[-1][1],
            "button": "left", "buttons": 0, "clickCount": 1})

    def _sign_offline(self, browser):
        """The submit step: both pads drawn, the manager's name typed."""
        self._js(browser, OPEN_SIGN_STEP)
        self._wait(browser, "!!document.querySelector('.na-pad[data-pad=manager]') && "
                   "document.querySelector('.na-sign-submit').disabled",
                   "the program asks for signatures: submitting opens the signature step")
        self._draw(browser, ".na-pad[data-pad=auditor]")
        self._draw(browser, ".na-pad[data-pad=manager]", touch=True)
        self._js(browser, TYPE_MANAGER_NAME)
        self._wait(browser, "document.querySelectorAll('.na-pad[data-signed]').length === 2 "
                   "&& !document.querySelector('.na-sign-submit').disabled",
                   "both pads signed and the manager named: the step can be sent")

    def test_audit_offline_end_to_end(self):
        self.program.signature_rule = "auditor_manager"
        audit = self._create_audit()
        self.cr.flush()
        url = f"{self.base_url()}/audit/app"
        browser = ChromeBrowser(self)
        with self.allow_requests(browser=browser), contextlib.ExitStack() as stack:
            stack.callback(self._wait_remaining_requests)
            stack.callback(browser.stop)
            self.authenticate(self.auditor_a.login, self.auditor_a.login, browser=browser)
            browser.navigate_to(url, wait_stop=True)
            self._wait(browser, "!!(navigator.serviceWorker.controller && "
                       "document.querySelector('.na-open-audit'))",
                       "the app downloads the audit and its worker takes over")

            self._offline(browser, True)
            browser.navigate_to(url, wait_stop=True)  # the tab is closed and opened again
            self._wait(browser, "!!document.querySelector('.na-open-audit') && !navigator.onLine",
                       "offline, the app opens from the tablet with the downloaded audit")
            self._js(browser, DRIVE_FIRST_HALF)
            self._wait(browser, "document.body.dataset.pending === '2'",
                       "the start and the answer (with its note) wait in the outbox")

            browser.navigate_to(url, wait_stop=True)  # killed mid-audit, still offline
            self._wait(browser, "document.body.dataset.pending === '2' && "
                       "!!document.querySelector('.na-open-audit')",
                       "nothing typed offline is lost when the tab is closed")
            self.env.invalidate_all()
            self.assertEqual(audit.state, "planned", "nothing reached the server offline")
            self._js(browser, DRIVE_SECOND_HALF)
            self._wait(browser, "document.body.dataset.pending === '4'", "four changes queued")

            self._sign_offline(browser)
            self._js(browser, "document.querySelector('.na-sign-submit').click(), true")
            self._wait(browser, "document.body.dataset.pending === '6' && "
                       "!!document.querySelector('.na-open-audit .na-badge')",
                       "the signatures and the submission are queued")
            browser.navigate_to(url, wait_stop=True)  # killed again, still offline
            self._wait(browser, "document.body.dataset.pending === '6' && "
                       "!!document.querySelector('.na-open-audit')",
                       "the signatures are kept on the tablet")

            self._offline(browser, False)
            self._wait(browser, "document.body.dataset.pending === '0'",
                       "back online, the outbox is sent")
        self.env.invalidate_all()
        answers = {line.standard_id: line for line in audit.line_ids}
        self.assertEqual(audit.state, "submitted")
        self.assertEqual(audit.auditor_signed_by_id, self.auditor_a)
        self.assertEqual(audit.manager_signer_name, "Eva de Vries")
        self.assertTrue(audit.auditor_signed_on and audit.manager_signed_on)
        for signature in (audit.auditor_signature, audit.manager_signature):
            drawing = Image.open(io.BytesIO(base64.b64decode(signature))).convert("L")
            self.assertLess(drawing.getextrema()[0], 80, "a stroke was drawn, not a blank pad")
        self.assertEqual(answers[self.std_greeting].answer_yes_no, "no")
        self.assertEqual(answers[self.std_greeting].comment, "Nobody greeted us for 6 minutes")
        self.assertEqual(answers[self.std_clean].answer_scale, "4")
        self.assertTrue(answers[self.std_safety].not_applicable)
        self.assertEqual(self.env["network.audit.sync.op"].search_count(
            [("audit_id", "=", audit.id)]), 6)


@tagged("post_install", "-at_install")
class TestAuditAppTapTargets(NetworkAuditCommon, HttpCase):
    """On a portrait tablet, the app's photo and N.A. controls are as easy to tap as the
    answers: the photo was the browser's own file button, 20 px high and in the
    browser's language ("Choose File"), the N.A. box 13 px."""

    browser_size = "800x1280"

    def test_photo_and_na_are_finger_sized(self):
        self._create_audit().with_user(self.auditor_a).action_start()
        code = "(async () => {" + _HELPERS + """
            try {
                await tap('.na-open-audit');
                await tap('.na-open-line', 'T-CX-01');
                await wait(() => document.querySelector('.na-photo-input'));
                const height = (selector) =>
                    document.querySelector(selector).getBoundingClientRect().height;
                const small = ['.na-photo', '.na-na', '.na-na-box', '.na-choice']
                    .filter((selector) => height(selector) < (selector === '.na-na-box' ? 24 : 44));
                if (small.length) {
                    throw new Error('too small to tap: ' + small.join(', '));
                }
                const input = document.querySelector('.na-photo-input');
                if (getComputedStyle(input).opacity !== '0'
                        || input.getBoundingClientRect().width > 1) {
                    throw new Error("the browser's own file button shows");
                }
                console.log('test successful');
            } catch (error) {
                console.error(error.message);
            }
        })()"""
        self.browser_js("/audit/app", code, login=self.auditor_a.login)


# What the auditor taps, in the app's own buttons; each step waits for the screen.
_HELPERS = """
const wait = async (test) => { for (let i = 0; i < 200; i++) { const r = test();
    if (r) { return r; } await new Promise((ok) => setTimeout(ok, 50)); }
    throw new Error('timeout: ' + test); };
const tap = async (selector, text) => { const node = await wait(() =>
    [...document.querySelectorAll(selector)].find((n) => !text || n.textContent.includes(text)));
    node.click(); await new Promise((ok) => setTimeout(ok, 150)); };
const type = async (selector, value) => {
    const node = await wait(() => document.querySelector(selector));
    node.value = value; node.dispatchEvent(new Event('change'));
    await new Promise((ok) => setTimeout(ok, 150)); };
"""
DRIVE_FIRST_HALF = "(async () => {" + _HELPERS + """
    await tap('.na-open-audit');
    await tap('.na-start');
    await tap('.na-open-line', 'T-CX-01');
    await tap('.na-choice', 'No');
    await type('.na-comment', 'Nobody greeted us for 6 minutes');
    return true;
})()"""
DRIVE_SECOND_HALF = "(async () => {" + _HELPERS + """
    await tap('.na-open-audit');
    await tap('.na-open-line', 'T-CX-01');
    await wait(() => document.querySelector('.na-choice.selected[data-value=no]'));
    await tap('.na-next');
    await tap('.na-choice', '4');
    await tap('.na-next');
    const box = await wait(() => document.querySelector('.na-na-box'));
    box.click(); await new Promise((ok) => setTimeout(ok, 300));
    return true;
})()"""
OPEN_SIGN_STEP = "(async () => {" + _HELPERS + """
    await tap('.na-back');
    await tap('.na-submit');
    return true;
})()"""
TYPE_MANAGER_NAME = "(async () => {" + _HELPERS + """
    const input = await wait(() => document.querySelector('.na-manager-name'));
    input.value = 'Eva de Vries'; input.dispatchEvent(new Event('input'));
    await new Promise((ok) => setTimeout(ok, 300));
    return true;
})()"""


class BulkAuditCommon(NetworkAuditCommon):
    """A started audit of 150 yes/no standards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        standards = cls.env["network.audit.standard"].create([{
            "code": f"T-BULK-{n:03d}", "name": f"Bulk standard {n}",
            "category_id": cls.category.id, "requirement": "<p>Check.</p>",
            "answer_type": "yes_no", "evidence_rule": "never",
        } for n in range(150)])
        cls.program.section_ids[0].standard_ids = [(6, 0, standards.ids)]
        cls.program.section_ids[1:].standard_ids = [(5, 0, 0)]
        cls.audit = cls._create_audit()
        cls.audit.with_user(cls.auditor_a).action_start()


@tagged("post_install", "-at_install")
class TestAuditAppSyncQueries(BulkAuditCommon):
    """A tablet sends a whole audit after a day offline: 150 answers and 20 photos in
    one call cost a bounded number of queries, not a few per answer. The tablet sends
    its photos one per call on a weak network; the server takes them in any number.
    Measured first after the class set-up, so the registry's caches are as warm in any
    run (a test before it may clear them)."""

    def test_sync_of_a_whole_audit(self):
        lines = self.audit.line_ids
        self.assertEqual(len(lines), 150)
        ops = [{
            "uuid": str(uuid.uuid4()), "kind": "answer", "line": line.id, "base": 0,
            "values": {"answer_yes_no": "yes" if n % 7 else "no",
                       "comment": "Seen on site" if n % 7 == 0 else ""},
        } for n, line in enumerate(lines)]
        photo = _jpeg()
        ops += [{"uuid": str(uuid.uuid4()), "kind": "photo", "line": line.id,
                 "name": f"evidence-{n}.jpg", "data": photo} for n, line in enumerate(lines[:20])]
        audit_model = self.env["network.audit"].with_user(self.auditor_a)
        self.env.flush_all()
        self.env.invalidate_all()
        # 37 measured with a cold record cache (51 before the answer history of a run
        # was inserted at once and the photos read as the server; each answer written
        # on its own: 2,600)
        with self.assertQueryCount(__system__=37):
            results = audit_model._audit_app_sync("tablet-aaaaaaaa", ops)
            self.env.flush_all()
        self.assertEqual({r["status"] for r in results}, {"ok"})
        self.assertEqual(lines.mapped("answer_yes_no").count("yes"), 128)
        self.assertEqual(len(lines[:20].photo_ids), 20)
        self.assertEqual([r["value"]["photo_count"] for r in results[:21]], [1] * 20 + [0])
        History = self.env["network.audit.answer.history"]
        # 150 answers, the 22 notes, the 20 photos
        self.assertEqual(History.search_count([("audit_id", "=", self.audit.id)]), 192)
        # The tablet lost the answer and sends the whole audit again: stored once.
        again = audit_model._audit_app_sync("tablet-aaaaaaaa", ops)
        self.assertTrue(all(r["duplicate"] and r["status"] == "ok" for r in again))
        self.env.invalidate_all()
        self.assertEqual(len(lines[:20].photo_ids), 20)
        self.assertEqual(History.search_count([("audit_id", "=", self.audit.id)]), 192)



@tagged("post_install", "-at_install")
class TestAuditAppSyncBatchEquivalence(BulkAuditCommon):
    def test_a_run_records_what_one_by_one_records(self):
        """The batched run and the one-operation-at-a-time path (the batch's fallback)
        leave the same answers, photos, versions and answer history."""
        twin = self._create_audit(date="2026-11-10")
        twin.with_user(self.auditor_a).action_start()
        audit_model = self.env["network.audit"].with_user(self.auditor_a)
        photo = _jpeg()

        def ops_for(audit):
            lines = audit.line_ids.sorted("sequence")[:30]
            ops = [{"uuid": str(uuid.uuid4()), "kind": "answer", "line": line.id, "base": 0,
                    "values": {"answer_yes_no": "no" if n % 4 == 0 else "yes",
                               "comment": f"Note {n}" if n % 5 == 0 else ""}}
                   for n, line in enumerate(lines)]
            ops += [{"uuid": str(uuid.uuid4()), "kind": "photo", "line": line.id,
                     "name": f"evidence-{n}.jpg", "data": photo}
                    for n, line in enumerate(lines[:5])]
            return ops

        def state(audit):
            history = self.env["network.audit.answer.history"].search(
                [("audit_id", "=", audit.id)])
            return (
                sorted((h.standard_code, h.kind, h.old_value or "", h.new_value or "",
                        h.user_id.id) for h in history),
                sorted((line.standard_code, line.answer_yes_no or "", line.comment or "",
                        line.sync_version, line.sync_device or "",
                        tuple(sorted(line.photo_ids.mapped("name"))))
                       for line in audit.line_ids),
            )

        batched = audit_model._audit_app_sync("tablet-aaaaaaaa", ops_for(self.audit))
        with patch.object(type(audit_model), "_audit_app_apply_run", return_value=None):
            single = audit_model._audit_app_sync("tablet-aaaaaaaa", ops_for(twin))
        self.assertEqual([r["status"] for r in batched], [r["status"] for r in single])
        self.env.invalidate_all()
        batched_state, single_state = state(self.audit), state(twin)
        self.assertEqual(len(batched_state[0]), 30 + 6 + 5)
        self.assertEqual(batched_state, single_state)
