from odoo import Command
from odoo.tests import tagged

from ..models.network_audit_standard import VERSIONED_FIELDS
from .common import NetworkAuditCommon


@tagged("post_install", "-at_install")
class TestStandardVersioning(NetworkAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Standard = cls.env["network.audit.standard"].with_context(active_test=False)

    def _started_audit(self, outlet=None, auditor=None, date="2026-10-10"):
        audit = self._create_audit(outlet=outlet, auditor=auditor, date=date)
        audit.action_start()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "3",
                             self.std_safety: "yes", self.std_paperwork: "yes"})
        return audit

    def _line(self, audit, standard):
        return audit.line_ids.filtered(
            lambda line: (line.standard_id.current_standard_id or line.standard_id) == standard
        )

    def _versions(self, standard):
        return self.Standard.search([("code", "=", standard.code)], order="version")

    def test_versioned_fields(self):
        """What changes the meaning or the scoring of an answer is versioned; where a
        standard applies, its code and its archiving are not."""
        self.assertLessEqual(
            {"name", "requirement", "weight", "criticality", "pass_score", "option_ids",
             "answer_type", "numeric_target", "evidence_rule"}, VERSIONED_FIELDS,
        )
        self.assertFalse(
            {"active", "code", "kind_ids", "sales_model_ids", "market_ids"} & VERSIONED_FIELDS
        )

    def test_weight_change_on_started_audit_freezes_a_version(self):
        audit = self._started_audit()
        line = self._line(audit, self.std_clean)
        score = audit.score
        self.std_clean.weight = 3
        frozen = self.std_clean.previous_version_ids
        self.assertEqual(len(frozen), 1)
        self.assertRecordValues(frozen, [{
            "code": "T-FA-01", "version": 1, "active": False, "weight": 1.0,
            "current_standard_id": self.std_clean.id, "pass_score": 60.0,
        }])
        self.assertRecordValues(self.std_clean, [{
            "version": 2, "active": True, "weight": 3.0, "current_standard_id": False,
        }])
        self.assertEqual(self._versions(self.std_clean), frozen | self.std_clean)
        self.assertEqual(line.standard_id, frozen)
        self.assertEqual((line.weight, line.score), (1.0, 60.0))
        self.assertEqual(audit.score, score, "the audit keeps the score it was done with")
        self.assertIn("(v1)", frozen.display_name)
        self.assertIn("(v2)", self.std_clean.display_name)

    def test_wording_change_on_submitted_audit_freezes_a_version(self):
        audit = self._started_audit()
        audit.action_submit()
        line = self._line(audit, self.std_greeting)
        old_name = self.std_greeting.name
        self.std_greeting.write({"name": "Visitor greeted within 1 minute",
                                 "requirement": "<p>Greet every visitor at once.</p>"})
        frozen = line.standard_id
        self.assertNotEqual(frozen, self.std_greeting)
        self.assertEqual(frozen.current_standard_id, self.std_greeting)
        self.assertEqual((frozen.version, self.std_greeting.version), (1, 2))
        self.assertEqual(line.standard_name, old_name)
        self.assertIn("Greet every visitor.", line.requirement)
        self.assertEqual(self.std_greeting.name, "Visitor greeted within 1 minute")
        self.assertEqual(line.score, 100.0)

    def test_frozen_version_keeps_applicability(self):
        audit = self._started_audit(outlet=self.outlet_b, auditor=self.auditor_b)
        self.std_paperwork.weight = 2
        frozen = self._line(audit, self.std_paperwork).standard_id
        self.assertEqual(frozen.version, 1)
        self.assertEqual(frozen.sales_model_ids, self.std_paperwork.sales_model_ids)
        self.assertTrue(frozen.sales_model_ids)

    def test_action_item_keeps_standard_of_its_audit(self):
        """The answer behind an action item stays on the version it was audited
        against."""
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "no"})
        audit.action_submit()
        item = audit.action_ids
        self.std_greeting.requirement = "<p>A new rule.</p>"
        self.assertEqual(item.line_id.standard_id.version, 1)
        self.assertIn("Greet every visitor.", item.line_id.requirement)

    def test_planned_audit_follows_live_standard(self):
        started = self._started_audit()
        planned = self._create_audit(outlet=self.outlet_b, auditor=self.auditor_b)
        self.std_clean.weight = 4
        planned_line = self._line(planned, self.std_clean)
        self.assertEqual(planned_line.standard_id, self.std_clean)
        self.assertEqual(planned_line.weight, 4.0)
        self.assertEqual(self._line(started, self.std_clean).weight, 1.0)

    def test_each_version_holds_its_own_audits(self):
        """A second change freezes version 2 only when an audit used version 2."""
        first = self._started_audit()
        self.std_clean.weight = 2
        self.std_clean.weight = 5  # nobody answered version 2 yet: no new version
        self.assertEqual(self.std_clean.version, 2)
        self.assertEqual(len(self.std_clean.previous_version_ids), 1)
        second = self._started_audit(date="2026-11-10")
        self.assertEqual(self._line(second, self.std_clean).weight, 5.0)
        self.std_clean.weight = 1
        versions = self._versions(self.std_clean)
        self.assertEqual(versions.mapped("version"), [1, 2, 3])
        self.assertEqual(versions[:2].current_standard_id, self.std_clean)
        self.assertEqual(versions.mapped("weight"), [1.0, 5.0, 1.0])
        self.assertEqual(self._line(first, self.std_clean).standard_id, versions[0])
        self.assertEqual(self._line(second, self.std_clean).standard_id, versions[1])
        self.assertEqual(self._line(second, self.std_clean).weight, 5.0)

    def test_non_versioned_change_creates_no_version(self):
        audit = self._started_audit()
        self.std_clean.write({
            "kind_ids": [Command.set(self.env.ref("network_audit.outlet_kind_space").ids)],
            "market_ids": [Command.set(self.market_a.ids)],
        })
        self.std_safety.active = False
        for standard in (self.std_clean, self.std_safety):
            with self.subTest(code=standard.code):
                self.assertEqual(standard.version, 1)
                self.assertFalse(standard.previous_version_ids)
                self.assertEqual(self._line(audit, standard).standard_id, standard)
        self.assertEqual(len(self._versions(self.std_clean)), 1)

    def test_same_values_create_no_version(self):
        """Saving a form or reloading data with unchanged wording and scoring."""
        self._started_audit()
        self.std_clean.write({"weight": 1, "name": "Showroom clean",
                              "requirement": "<p>Clean floors.</p>"})
        self.assertEqual(self.std_clean.version, 1)
        self.assertFalse(self.std_clean.previous_version_ids)

    def test_unused_standard_creates_no_version(self):
        self.std_clean.write({"weight": 3, "name": "Showroom spotless"})
        self.assertEqual(self.std_clean.version, 1)
        self.assertFalse(self._versions(self.std_clean) - self.std_clean)

    def test_planned_audit_alone_creates_no_version(self):
        planned = self._create_audit()
        self.std_clean.weight = 3
        self.assertEqual(self.std_clean.version, 1)
        self.assertEqual(self._line(planned, self.std_clean).standard_id, self.std_clean)
        self.assertEqual(self._line(planned, self.std_clean).weight, 3.0)

    def test_several_standards_in_one_write(self):
        """Used and unused standards written together: only the used one versions."""
        self._started_audit()
        unused = self.env["network.audit.standard"].create({
            "code": "T-UN-01", "name": "Unused", "category_id": self.category.id,
            "requirement": "<p>-</p>",
        })
        (self.std_clean | self.std_safety | unused).write({"criticality": "major"})
        self.assertEqual((self.std_clean.version, self.std_safety.version, unused.version),
                         (2, 2, 1))
        self.assertEqual(self.std_clean.previous_version_ids.criticality, "minor")
        self.assertEqual(self.std_safety.previous_version_ids.criticality, "critical")
        self.assertFalse(unused.previous_version_ids)

    def test_choice_options_copied_and_remapped(self):
        standard = self.env["network.audit.standard"].create({
            "code": "T-CH-01", "name": "Brochures", "category_id": self.category.id,
            "requirement": "<p>Brochures on display.</p>", "answer_type": "choice",
            "evidence_rule": "never", "option_ids": [
                Command.create({"name": "All models", "score": 100, "sequence": 1}),
                Command.create({"name": "Some models", "score": 50, "sequence": 2}),
                Command.create({"name": "None", "score": 0, "sequence": 3}),
            ],
        })
        self.program.section_ids[0].standard_ids = [Command.link(standard.id)]
        audit = self._started_audit()
        live_partial = standard.option_ids[1]
        self._answer(audit, {standard: live_partial})
        line = self._line(audit, standard)
        self.assertEqual(line.score, 50.0)
        standard.option_ids = [Command.update(live_partial.id, {"score": 80})]
        frozen = standard.previous_version_ids
        self.assertEqual(frozen.option_ids.mapped("name"),
                         ["All models", "Some models", "None"])
        self.assertEqual(frozen.option_ids.mapped("score"), [100.0, 50.0, 0.0])
        self.assertFalse(frozen.option_ids & standard.option_ids)
        self.assertEqual(line.standard_id, frozen)
        self.assertEqual(line.option_id, frozen.option_ids[1])
        self.assertEqual(line.score, 50.0)
        self.assertEqual(live_partial.score, 80.0)
        self.assertEqual(live_partial.standard_id, standard)
