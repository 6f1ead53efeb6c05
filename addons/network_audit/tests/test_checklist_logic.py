from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..models.network_audit_standard import VERSIONED_FIELDS
from ..tools.migration import fill_has_conditional_lines
from .common import NetworkAuditCommon


class ChecklistCommon(NetworkAuditCommon):
    """A gate question (handover bay?), a standard asked only on Yes, one asked only when
    the greeting failed, and one depending on that follow-up (a chain)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Standard = cls.env["network.audit.standard"]
        common = {"category_id": cls.category.id, "answer_type": "yes_no",
                  "evidence_rule": "never"}
        cls.std_gate = Standard.create({
            **common, "code": "T-HO-00", "name": "Handover bay?", "requirement": "<p>Bay</p>",
            "pass_score": 0, "weight": 0, "action_rule": "never",
        })
        cls.std_bay = Standard.create({
            **common, "code": "T-HO-03", "name": "Bay clean", "requirement": "<p>Clean</p>",
            "weight": 2, "condition_standard_id": cls.std_gate.id, "condition_value": "yes",
        })
        cls.std_follow = Standard.create({
            **common, "code": "T-CX-02", "name": "Reason for the late greeting known",
            "requirement": "<p>Known</p>", "condition_standard_id": cls.std_greeting.id,
            "condition_value": "failed",
        })
        cls.std_chain = Standard.create({
            **common, "code": "T-CX-03", "name": "Coaching planned",
            "requirement": "<p>Planned</p>", "condition_standard_id": cls.std_follow.id,
            "condition_value": "no",
        })
        cls.program.section_ids[0].standard_ids |= cls.std_follow | cls.std_chain
        cls.program.section_ids[1].standard_ids |= cls.std_gate | cls.std_bay
        # The sections list their standards in the library's order (by code), as read
        # from the database: gate, bay, then the safety standard.
        cls.env["network.audit.program.section"].invalidate_model(["standard_ids"])

    def _started(self, day="2026-10-10"):
        audit = self._create_audit(date=day)
        audit.action_start()
        return audit

    def _line(self, audit, standard):
        return audit.line_ids.filtered(
            lambda line: (line.standard_id.current_standard_id or line.standard_id) == standard
        )

    def _skipped(self, audit):
        return {
            (line.standard_id.current_standard_id or line.standard_id).code
            for line in audit.line_ids if line.is_skipped
        }


@tagged("post_install", "-at_install")
class TestConditions(ChecklistCommon):
    def test_conditions_link_to_the_earlier_answer(self):
        audit = self._started()
        self.assertEqual(self._line(audit, self.std_bay).condition_line_id,
                         self._line(audit, self.std_gate))
        self.assertEqual(self._line(audit, self.std_chain).condition_line_id,
                         self._line(audit, self.std_follow))
        self.assertFalse(self._line(audit, self.std_gate).condition_line_id)

    def test_audit_stores_that_it_has_conditions(self):
        """Read with the audit's row when an answer changes: without it, every answer
        of the audit is loaded to find out (the migration fills existing audits)."""
        audit, other = self._started(), self._started(day="2026-09-10")
        self.assertTrue(audit.has_conditional_lines)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE network_audit_line SET condition_line_id = NULL WHERE audit_id = %s",
            [other.id],
        )
        self.env.cr.execute(
            "UPDATE network_audit SET has_conditional_lines = NULL WHERE id IN %s",
            [(audit.id, other.id)],
        )
        fill_has_conditional_lines(self.env.cr)
        self.env.invalidate_all()
        self.assertEqual((audit.has_conditional_lines, other.has_conditional_lines),
                         (True, False))
        self.env.cr.execute("SELECT count(*) FROM network_audit "
                            "WHERE has_conditional_lines IS NULL")
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_unanswered_trigger_skips_its_dependents(self):
        audit = self._started()
        self.assertEqual(self._skipped(audit), {"T-HO-03", "T-CX-02", "T-CX-03"})
        bay = self._line(audit, self.std_bay)
        self.assertTrue(bay.is_na and bay.is_answered, "skipped counts as not applicable")
        self.assertEqual(audit.skipped_count, 3)

    def test_no_skips_yes_shows_and_rescores(self):
        """The handover bay standard is asked only when there is a bay; changing the gate
        answer hides or shows it and the score follows."""
        audit = self._started()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "5",
                             self.std_safety: "yes", self.std_gate: "yes"})
        bay = self._line(audit, self.std_bay)
        self.assertFalse(bay.is_skipped)
        self.assertFalse(bay.is_answered, "shown: it waits for its answer")
        bay.answer_yes_no = "no"
        self.assertEqual(audit.score, 66.7)  # (2*100 + 100 + 100 + 0*100 + 2*0) / 6
        self.assertEqual(audit.failed_count, 1)
        self._line(audit, self.std_gate).answer_yes_no = "no"
        self.assertTrue(bay.is_skipped and bay.is_na)
        self.assertFalse(bay.is_failed)
        self.assertEqual(audit.score, 100.0, "the skipped standard counts as N.A.")
        self.assertEqual(audit.failed_count, 0)
        self.assertEqual(bay.answer_yes_no, "no", "its answer is kept should it come back")
        self._line(audit, self.std_gate).answer_yes_no = "yes"
        self.assertFalse(bay.is_skipped)
        self.assertEqual(audit.score, 66.7)

    def test_fail_shows_follow_up_and_chain(self):
        audit = self._started()
        greeting = self._line(audit, self.std_greeting)
        greeting.answer_yes_no = "no"
        self.assertEqual(self._skipped(audit), {"T-HO-03", "T-CX-03"})
        self._line(audit, self.std_follow).answer_yes_no = "no"
        self.assertEqual(self._skipped(audit), {"T-HO-03"})
        greeting.answer_yes_no = "yes"
        self.assertEqual(self._skipped(audit), {"T-HO-03", "T-CX-02", "T-CX-03"},
                         "a skipped follow-up skips what depends on it")

    def test_fail_on_scale_and_na_trigger(self):
        std_fix = self.env["network.audit.standard"].create({
            "code": "T-FA-02", "name": "Cleaning plan agreed", "category_id": self.category.id,
            "requirement": "<p>Plan</p>", "answer_type": "yes_no", "evidence_rule": "never",
            "condition_standard_id": self.std_clean.id, "condition_value": "failed",
        })
        self.program.section_ids[0].standard_ids |= std_fix
        audit = self._started()
        clean = self._line(audit, self.std_clean)
        self.assertEqual(self._line(audit, std_fix).condition_line_id, clean)
        clean.answer_scale = "1"
        self.assertNotIn("T-FA-02", self._skipped(audit))
        clean.answer_scale = "4"
        self.assertIn("T-FA-02", self._skipped(audit), "fulfilled: no follow-up")
        clean.answer_scale = "0"
        self.assertNotIn("T-FA-02", self._skipped(audit))
        clean.not_applicable = True
        self.assertIn("T-FA-02", self._skipped(audit), "an N.A. trigger meets no condition")

    def test_submit_needs_only_the_asked_standards(self):
        audit = self._started()
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "5",
                             self.std_safety: "yes", self.std_gate: "no",
                             self.std_follow: "yes"})
        audit.action_submit()
        self.assertEqual(audit.state, "submitted")
        self.assertEqual(audit.action_ids.standard_id, self.std_greeting,
                         "no item for the gate question nor the skipped ones")

    def test_skipped_standards_in_the_pdf(self):
        audit = self._started()
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "network_audit.report_network_audit", audit.ids)
        self.assertIn(b'name="skipped_standards"', html)
        self.assertIn(b"T-HO-03", html)

    def test_excel_counts_skipped_as_not_applicable(self):
        audit = self._started()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "5",
                             self.std_safety: "yes", self.std_gate: "no"})
        audit.action_submit()
        audit.action_validate()
        wizard = self.env["network.audit.export"].create({
            "date_from": "2026-10-01", "date_to": "2026-10-31"})
        stats = wizard._standard_stats([("id", "=", audit.id)])
        self.assertNotIn(self.std_bay, stats, "skipped: not checked")
        self.assertEqual(stats[self.std_greeting], [1, 0])

    def test_tablet_dialog_passes_skipped_standards(self):
        audit = self._started()
        gate, bay, safety = (self._line(audit, std)
                             for std in (self.std_gate, self.std_bay, self.std_safety))
        self.assertEqual(gate.action_tablet_next()["res_id"], safety.id,
                         "the skipped bay standard is not asked")
        self.assertEqual(safety.action_tablet_previous()["res_id"], gate.id)
        self.assertEqual(gate.tablet_position, "3 / 4")
        gate.answer_yes_no = "yes"
        (gate | safety).invalidate_recordset(["tablet_position"])
        self.assertEqual(gate.action_tablet_next()["res_id"], bay.id)
        self.assertEqual(safety.tablet_position, "5 / 5")

    def test_condition_setup_checked(self):
        with self.assertRaises(ValidationError):
            self.std_bay.condition_value = False
        with self.assertRaises(ValidationError):
            self.std_bay.write({"condition_standard_id": self.std_clean.id,
                                "condition_value": "yes"})


@tagged("post_install", "-at_install")
class TestSkippedNotCounted(ChecklistCommon):
    """Skipped standards were not asked: neither answered nor counted, in the audit's
    progress as in the offline app ("0/33 answered") and in the section scores."""

    def test_planned_audit_progress_ignores_skipped(self):
        audit = self._create_audit()
        self.assertEqual(self._skipped(audit), {"T-HO-03", "T-CX-02", "T-CX-03"})
        asked = len(audit.line_ids) - 3
        self.assertEqual((audit.answered_count, audit.line_count, audit.progress),
                         (0, asked, 0.0))

    def test_progress_counts_the_asked_standards(self):
        audit = self._started()
        self._answer(audit, {self.std_greeting: "yes", self.std_gate: "no"})
        asked = len(audit.line_ids) - len(self._skipped(audit))
        self.assertEqual((audit.answered_count, audit.line_count), (2, asked))
        self.assertAlmostEqual(audit.progress, 200.0 / asked)
        self.env.invalidate_all()  # scored from the rows of one query the same
        self.env.add_to_compute(audit._fields["score"], audit)
        self.assertEqual((audit.answered_count, audit.line_count), (2, asked))

    def test_section_without_scored_weight(self):
        """The gate question weighs nothing, the bay it skips was not asked, the safety
        standard is N.A.: the section has no score, and two of its two asked
        standards are answered."""
        audit = self._started()
        self._answer(audit, {self.std_gate: "no", self.std_safety: "na"})
        section = audit._get_section_scores()[1]
        self.assertEqual(
            (section["name"], section["answered"], section["count"], section["score"]),
            ("Safety and paperwork", 2, 2, None),
        )


@tagged("post_install", "-at_install")
class TestAnswerRequirements(ChecklistCommon):
    def test_note_required_on_failure(self):
        self.std_greeting.note_rule = "on_failure"
        audit = self._started()
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "5",
                             self.std_safety: "yes", self.std_follow: "yes",
                             self.std_gate: "no"})
        greeting = self._line(audit, self.std_greeting)
        self.assertTrue(greeting.note_missing)
        with self.assertRaisesRegex(UserError, "T-CX-01: a note is required"):
            audit.action_submit()
        greeting.comment = "Nobody at the desk."
        audit.action_submit()
        self.assertEqual(audit.state, "submitted")

    def test_action_item_always_and_never(self):
        self.std_clean.action_rule = "always"
        self.std_greeting.action_rule = "never"
        audit = self._started()
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "5",
                             self.std_safety: "yes", self.std_follow: "yes",
                             self.std_gate: "no"})
        audit.action_submit()
        self.assertEqual(audit.action_ids.standard_id, self.std_clean)


@tagged("post_install", "-at_install")
class TestConditionVersioning(ChecklistCommon):
    def test_condition_fields_are_versioned(self):
        self.assertLessEqual(
            {"condition_standard_id", "condition_value", "note_rule", "action_rule"},
            VERSIONED_FIELDS,
        )

    def test_condition_change_keeps_the_started_audit(self):
        """A started audit keeps the condition it was conducted with."""
        audit = self._started()
        self._line(audit, self.std_gate).answer_yes_no = "yes"
        bay = self._line(audit, self.std_bay)
        self.std_bay.condition_value = "no"
        frozen = bay.standard_id
        self.assertNotEqual(frozen, self.std_bay)
        self.assertEqual((frozen.condition_value, self.std_bay.condition_value), ("yes", "no"))
        self.assertEqual(bay.condition_value, "yes")
        self.assertFalse(bay.is_skipped)
        # A new audit follows the new version.
        other = self._started(day="2026-11-10")
        self._line(other, self.std_gate).answer_yes_no = "yes"
        self.assertTrue(self._line(other, self.std_bay).is_skipped)

    def test_trigger_versioned_keeps_the_link(self):
        audit = self._started()
        self._line(audit, self.std_gate).answer_yes_no = "yes"
        self.std_gate.name = "Is there a handover bay?"
        bay = self._line(audit, self.std_bay)
        self.assertEqual(bay.condition_line_id, self._line(audit, self.std_gate))
        self.assertFalse(bay.is_skipped)


@tagged("post_install", "-at_install")
class TestConditionGuard(ChecklistCommon):
    def test_skip_flags_written_by_the_server_only(self):
        audit = self._started()
        bay = self._line(audit, self.std_bay).with_user(self.auditor_a)
        with self.assertRaises(UserError):
            bay.write({"is_skipped": False})
        with self.assertRaises(UserError):
            bay.write({"condition_line_id": False})
