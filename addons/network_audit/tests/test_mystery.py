import io
import json
from datetime import date

from PIL import Image

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import Request
from odoo.tests import HttpCase, tagged

from odoo.addons.dealer_profile.tests.rpc import call_kw

from .common import NetworkAuditCommon


def _png(size=(8, 8)):
    output = io.BytesIO()
    Image.new("RGB", size, color="blue").save(output, format="PNG")
    return output.getvalue()


class MysteryCommon(NetworkAuditCommon):
    """Two external shoppers (portal users, not dealers), a mystery program and one
    visit each: shopper A at dealer A's outlet, shopper B at dealer B's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def shopper(login, market):
            return cls._new_user(login, "network_audit.group_mystery_shopper", market)

        cls.shopper_a = shopper("na_shopper_a", cls.market_a)
        cls.shopper_b = shopper("na_shopper_b", cls.market_b)
        cls.std_receipt = cls.env["network.audit.standard"].create({
            "code": "T-MS-01", "name": "Proof of visit", "category_id": cls.category.id,
            "requirement": "<p>Photo of the card or receipt.</p>", "answer_type": "yes_no",
            "evidence_rule": "always",
        })
        cls.mystery_program = cls.env["network.audit.program"].create({
            "name": "Test mystery program", "company_id": cls.region.id,
            "audit_type": "mystery", "frequency": "monthly", "pass_threshold": 70,
            "section_ids": [(0, 0, {"name": "Visit", "sequence": 1, "standard_ids": [
                (6, 0, (cls.std_greeting | cls.std_clean).ids)]})],
        })
        cls.mystery_program.action_start()
        cls.visit_a = cls._create_visit(cls.outlet_a, cls.shopper_a, "A family of four")
        cls.visit_b = cls._create_visit(cls.outlet_b, cls.shopper_b, "A company car driver")

    @classmethod
    def _create_visit(cls, outlet, shopper, scenario, program=None, day="2026-10-10"):
        return cls.env["network.audit"].create({
            "program_id": (program or cls.mystery_program).id,
            "outlet_id": outlet.id, "date": day, "shopper_id": shopper.id,
            "visit_from": "2026-10-06", "visit_to": "2026-10-11", "scenario": scenario,
        })

    def _conduct(self, visit, shopper, answers):
        visit = visit.with_user(shopper)
        visit.action_start()
        self._answer(visit, answers)
        visit.action_submit()


class TestMysteryRules(MysteryCommon):

    def test_shopper_reads_only_own_visits(self):
        Audit = self.env["network.audit"].with_user(self.shopper_a)
        self.assertEqual(Audit.search([]), self.visit_a)
        with self.assertRaises(AccessError):
            self.visit_b.with_user(self.shopper_a).read(["score"])
        # Not a dealer: no outlet, no action item, no audit of the outlet they visit.
        self.assertFalse(self.env["dealer.outlet"].with_user(self.shopper_a).search([]))
        audit = self._create_audit()
        with self.assertRaises(AccessError):
            audit.with_user(self.shopper_a).read(["score"])

    def test_dealer_sees_visit_only_once_validated(self):
        Audit = self.env["network.audit"].with_user(self.dealer_a)
        self._conduct(self.visit_a, self.shopper_a, {self.std_greeting: "yes",
                                                     self.std_clean: "4"})
        self.assertFalse(Audit.search_count([("audit_type", "=", "mystery")]))
        with self.assertRaises(AccessError):
            self.visit_a.with_user(self.dealer_a).read(["score"])
        self.visit_a.with_user(self.officer).action_validate()
        self.assertEqual(Audit.search([("audit_type", "=", "mystery")]), self.visit_a)
        # The outlet reads the result, never who came nor what they played.
        with self.assertRaises(AccessError):
            self.visit_a.with_user(self.dealer_a).read(["shopper_id"])
        with self.assertRaises(AccessError):
            self.visit_a.with_user(self.dealer_a).read(["scenario"])

    def test_only_the_shopper_conducts_the_visit(self):
        with self.assertRaises(AccessError):
            self.visit_a.with_user(self.auditor_a).action_start()
        with self.assertRaises(AccessError):
            self.visit_a.with_user(self.officer).action_start()
        with self.assertRaises(AccessError):
            self.visit_b.with_user(self.shopper_a).action_start()
        self.visit_a.with_user(self.shopper_a).action_start()
        self.assertEqual(self.visit_a.state, "in_progress")
        self.assertFalse(self.visit_a.auditor_ids, "the shopper is not an auditor")

    def test_shopper_writes_answers_only(self):
        visit = self.visit_a.with_user(self.shopper_a)
        visit.action_start()
        line = visit.line_ids[:1]
        line.write({"answer_yes_no": "yes", "comment": "Welcomed at once"})
        for vals in ({"date": "2026-10-01"}, {"shopper_id": self.shopper_b.id},
                     {"auditor_ids": [(4, self.shopper_a.id)]}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                visit.write(vals)
        with self.assertRaises(UserError):
            line.write({"weight": 100})
        with self.assertRaises(UserError):
            visit.action_validate()

    def test_shopper_cannot_answer_after_submission(self):
        self._conduct(self.visit_a, self.shopper_a, {self.std_greeting: "yes",
                                                     self.std_clean: "4"})
        with self.assertRaises(UserError):
            self.visit_a.line_ids[:1].with_user(self.shopper_a).answer_yes_no = "no"

    def test_validation_feeds_the_mystery_kpi(self):
        self._conduct(self.visit_a, self.shopper_a, {self.std_greeting: "no",
                                                     self.std_clean: "4"})
        KpiValue = self.env["dealer.kpi.value"]
        domain = [("outlet_id", "=", self.outlet_a.id), ("kpi_id.code", "=", "audit_mystery")]
        self.assertFalse(KpiValue.search(domain), "no KPI before HQ validates")
        self.visit_a.with_user(self.officer).action_validate()
        value = KpiValue.search(domain)
        self.assertEqual(value.month, date(2026, 10, 1))
        self.assertAlmostEqual(value.value, self.visit_a.score)
        self.assertLess(self.visit_a.score, 100)

    def test_assignment_rules(self):
        with self.assertRaises(ValidationError):
            self._create_visit(self.outlet_a, self.dealer_a, "Not a shopper", day="2026-11-10")
        with self.assertRaises(ValidationError):
            self._create_visit(self.outlet_a, self.shopper_a, "Not a mystery program",
                               program=self.program, day="2026-11-10")
        with self.assertRaises(ValidationError):
            self._create_visit(self.outlet_b, self.shopper_a, "Another market", day="2026-11-10")
        with self.assertRaises(ValidationError):
            self.visit_a.write({"visit_from": "2026-10-12"})

    def test_mystery_programs_are_not_planned_for_every_outlet(self):
        audits = self.mystery_program._plan_audits(date(2026, 11, 3))
        self.assertFalse(audits)


@tagged("post_install", "-at_install")
class TestMysteryHttp(HttpCase, MysteryCommon):
    """The same isolation through real HTTP pages and /web/dataset/call_kw."""

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def test_shopper_pages(self):
        self._login(self.shopper_a)
        page = self.url_open("/my/visits")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.outlet_a.name, page.text)
        self.assertNotIn(self.outlet_b.name, page.text)
        page = self.url_open(f"/my/visits/{self.visit_a.id}")
        self.assertIn("A family of four", page.text)
        self.assertEqual(self.url_open(f"/my/visits/{self.visit_b.id}").status_code, 404)
        # Nothing of the dealer portal: no outlet, no audit.
        self.assertEqual(self.url_open(f"/my/audits/{self.visit_a.id}").status_code, 404)
        self.assertNotIn(self.visit_a.name, self.url_open("/my/audits").text)

    def test_dealer_pages_before_and_after_validation(self):
        self._conduct(self.visit_a, self.shopper_a, {self.std_greeting: "yes",
                                                     self.std_clean: "4"})
        self._login(self.dealer_a)
        self.assertEqual(self.url_open(f"/my/audits/{self.visit_a.id}").status_code, 404)
        self.assertNotIn(self.visit_a.name, self.url_open("/my/audits").text)
        self.assertEqual(self.url_open(f"/my/visits/{self.visit_a.id}").status_code, 404)
        self.assertEqual(self.url_open("/my/visits").status_code, 404)
        self.visit_a.with_user(self.officer).action_validate()
        page = self.url_open(f"/my/audits/{self.visit_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(self.shopper_a.name, page.text)
        self.assertNotIn("A family of four", page.text)
        self.assertEqual(self.url_open(f"/my/visits/{self.visit_a.id}").status_code, 404)

    def test_dealer_rpc_before_validation(self):
        self._conduct(self.visit_a, self.shopper_a, {self.std_greeting: "yes",
                                                     self.std_clean: "4"})
        self._login(self.dealer_a)
        rows, error = call_kw(self, "network.audit", "search_read",
                              [("audit_type", "=", "mystery")], ["name"])
        self.assertEqual(rows, [])
        count, error = call_kw(self, "network.audit", "search_count", [])
        self.assertEqual(count, 0)
        __, error = call_kw(self, "network.audit", "read", self.visit_a.ids, ["score"])
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        lines, error = call_kw(self, "network.audit.line", "search_read",
                               [("audit_id", "=", self.visit_a.id)], ["score"])
        self.assertEqual(lines, [])

    def test_dealer_rpc_does_not_learn_who_visited(self):
        """Once validated the outlet reads its visit and answers, but not who wrote
        them: the answers' (and the visit's) last writer is the shopper."""
        self._conduct(self.visit_a, self.shopper_a, {self.std_greeting: "yes",
                                                     self.std_clean: "4"})
        self.visit_a.with_user(self.officer).action_validate()
        self.assertIn(self.shopper_a, self.visit_a.line_ids.write_uid)
        self._login(self.dealer_a)
        lines, error = call_kw(self, "network.audit.line", "search_read",
                               [("audit_id", "=", self.visit_a.id)], ["score"])
        self.assertTrue(lines, error)
        for model, ids in (("network.audit.line", self.visit_a.line_ids.ids),
                           ("network.audit", self.visit_a.ids)):
            for field in ("write_uid", "create_uid"):
                with self.subTest(model=model, field=field):
                    rows, error = call_kw(self, model, "read", ids, [field])
                    self.assertIsNone(rows)
                    self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        rows, error = call_kw(self, "network.audit.line", "search_read",
                              [("write_uid", "=", self.shopper_a.id)], ["score"])
        self.assertFalse(rows)

    def test_shopper_rpc(self):
        self._login(self.shopper_a)
        rows, __ = call_kw(self, "network.audit", "search_read", [], ["name"])
        self.assertEqual([row["id"] for row in rows], self.visit_a.ids)
        outlets, error = call_kw(self, "dealer.outlet", "search_read", [], ["name"])
        self.assertFalse(outlets)
        __, error = call_kw(self, "network.audit", "read", self.visit_b.ids, ["scenario"])
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        __, error = call_kw(self, "network.audit", "write", self.visit_a.ids,
                            {"date": "2026-10-01"})
        self.assertTrue(error)
        __, error = call_kw(self, "network.audit", "action_validate", self.visit_a.ids)
        self.assertTrue(error)
        self.assertEqual(self.visit_a.state, "planned")
        self.assertEqual(self.visit_a.date, date(2026, 10, 10))

    def _post(self, visit, data, files=None):
        return self.url_open(f"/my/visits/{visit.id}/save", data={
            "csrf_token": Request.csrf_token(self), **data}, files=files)

    def test_form_submit_with_receipt(self):
        visit = self._create_visit(self.outlet_a, self.shopper_a, "Receipt visit",
                                   program=self._receipt_program())
        lines = {line.standard_id: line for line in visit.line_ids}
        self._login(self.shopper_a)
        answers = {f"answer_{lines[self.std_greeting].id}": "no",
                   f"comment_{lines[self.std_greeting].id}": "Waited 6 minutes",
                   f"answer_{lines[self.std_receipt].id}": "yes",
                   "summary": "Long wait", "operation": "submit"}
        # Without the receipt photo the server refuses the submission: nothing kept.
        response = self._post(visit, answers)
        self.assertEqual(response.status_code, 400)
        self.assertIn("photo evidence required", response.text)
        self.assertEqual(visit.state, "planned")
        photo_field = f"photo_{lines[self.std_receipt].id}"
        response = self._post(visit, answers, files={
            photo_field: ("receipt.png", b"not an image", "image/png")})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(visit.state, "planned")
        self.assertFalse(lines[self.std_receipt].photo_ids)
        response = self._post(visit, answers, files={
            photo_field: ("receipt.png", _png((2400, 1200)), "image/png")})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(visit.state, "submitted")
        self.assertEqual(lines[self.std_greeting].comment, "Waited 6 minutes")
        # Normalized as every audit photo: at most 1920 px on its longest side.
        photo = Image.open(io.BytesIO(lines[self.std_receipt].photo_ids.raw))
        self.assertEqual(photo.size, (1920, 960))
        self.assertEqual(visit.shopper_id, self.shopper_a)

    def test_form_refuses_bad_input(self):
        line = self.visit_a.line_ids[:1]
        self._login(self.shopper_a)
        for data in ({f"answer_{line.id}": "maybe", "operation": "save"},
                     {f"answer_{line.id}": "yes", "operation": "validate"},
                     {f"comment_{line.id}": "x" * 3000, "operation": "save"},
                     {"summary": "bad\x00char", "operation": "save"}):
            with self.subTest(data=list(data)):
                self.assertEqual(self._post(self.visit_a, data).status_code, 400)
        self.assertEqual(self.visit_a.state, "planned")
        self.assertFalse(line.answer_yes_no)
        # Another shopper's visit: not found, nothing written.
        self.assertEqual(self._post(self.visit_b, {"operation": "save"}).status_code, 404)

    def _receipt_program(self):
        program = self.env["network.audit.program"].create({
            "name": "Test mystery with receipt", "company_id": self.region.id,
            "audit_type": "mystery", "frequency": "yearly",
            "section_ids": [(0, 0, {"name": "Visit", "standard_ids": [
                (6, 0, (self.std_greeting | self.std_receipt).ids)]})],
        })
        program.action_start()
        return program

    def test_portal_url_carries_no_token(self):
        """``get_portal_url`` is public: a dealer and a shopper fetched an audit's and
        its action items' tokens with it. An audit has no customer: no one but the
        superuser gets one, and who cannot read the record is refused."""
        self._conduct(self.visit_a, self.shopper_a, {self.std_greeting: "no",
                                                     self.std_clean: "4"})
        self.visit_a.with_user(self.officer).action_validate()
        item = self.visit_a.action_ids[:1]
        self.assertTrue(item, "the failed greeting gives an action item")
        for record, readers in ((self.visit_a, (self.dealer_a, self.shopper_a, self.officer)),
                                (item, (self.dealer_a, self.officer))):
            token = record._portal_ensure_token()
            for user in readers:
                with self.subTest(model=record._name, user=user.login):
                    self._login(user)
                    url, error = call_kw(self, record._name, "get_portal_url", record.ids)
                    self.assertIsNone(error)
                    self.assertEqual(url, record.access_url)
            self._login(self.shopper_b)
            url, error = call_kw(self, record._name, "get_portal_url", record.ids)
            self.assertEqual(error["name"], "odoo.exceptions.AccessError")
            self.assertNotIn(token, error["message"])


@tagged("post_install", "-at_install")
class TestMysteryTour(HttpCase, MysteryCommon):
    browser_size = "390x844"

    def test_shopper_fills_questionnaire_on_phone(self):
        self.start_tour("/my/visits", "network_audit_mystery_shopper",
                        login=self.shopper_a.login)
        self.assertEqual(self.visit_a.state, "submitted")
        lines = {line.standard_id: line for line in self.visit_a.line_ids}
        self.assertEqual(lines[self.std_greeting].answer_yes_no, "yes")
        self.assertEqual(lines[self.std_clean].answer_scale, "4")
        self.assertEqual(lines[self.std_clean].comment, "Dust on the display car")


@tagged("post_install", "-at_install")
class TestMysteryVisitInAuditApp(MysteryCommon, HttpCase):
    """The audit app shows, under each standard, the outlet's answer at its last
    validated audit (read as the server: the auditor of today did not conduct it)."""

    def test_app_never_shows_a_mystery_visit_as_the_last_audit(self):
        """A mystery visit shares standards with the outlet's audits; validated after
        the last audit, its answers and the shopper's notes were sent to the auditor's
        tablet as the outlet's last time."""
        earlier = self._create_audit(auditor=self.auditor_a2, date="2026-09-01")
        earlier.line_ids.filtered(lambda line: line.standard_id == self.std_greeting).write(
            {"answer_yes_no": "yes", "comment": "Greeted at the door by the Space manager"}
        )
        earlier.state = "validated"
        visit_line = self.visit_a.line_ids.filtered(
            lambda line: line.standard_id == self.std_greeting)
        visit_line.write({"answer_yes_no": "no",
                          "comment": "Shopper note: nobody came, I left after ten minutes"})
        self.visit_a.state = "validated"
        today = self._create_audit(date="2026-10-20")
        self.authenticate(self.auditor_a.login, self.auditor_a.login)
        response = self.url_open("/audit/app/api/download", data=json.dumps(
            {"jsonrpc": "2.0", "method": "call", "params": {}, "id": 1}),
            headers={"Content-Type": "application/json"})
        self.assertNotIn("Shopper note", response.text)
        audit = next(a for a in response.json()["result"]["audits"] if a["id"] == today.id)
        greeting = next(line for line in audit["lines"] if line["code"] == "T-CX-01")
        self.assertEqual(greeting["previous"]["comment"],
                         "Greeted at the door by the Space manager")
        self.assertEqual(greeting["previous"]["date"], "2026-09-01")
