from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.network_audit_line import score_totals
from .common import NetworkAuditCommon
from .images import make_image


@tagged("post_install", "-at_install")
class TestScoringCommon(NetworkAuditCommon):
    @classmethod
    def _add_standard(cls, code, **vals):
        """A standard of the library, added to the program in a section of its own."""
        standard = cls.env["network.audit.standard"].create({
            "code": code, "name": f"Standard {code}", "category_id": cls.category.id,
            "requirement": "<p>Requirement.</p>", "evidence_rule": "never", **vals,
        })
        cls.program.section_ids = [Command.create({
            "name": f"Section {code}", "sequence": 10, "standard_ids": [Command.set(standard.ids)],
        })]
        return standard

    def _line(self, audit, standard):
        return audit.line_ids.filtered(
            lambda line: (line.standard_id.current_standard_id or line.standard_id) == standard
        )

    def _attach_photo(self, line):
        line.photo_ids = [Command.create({
            "name": "evidence.jpg", "raw": make_image(),
            "res_model": "network.audit.line", "res_id": line.id,
        })]

    def _started_audit(self, outlet=None, auditor=None, day="2026-10-10"):
        audit = self._create_audit(outlet=outlet, auditor=auditor, date=day)
        audit.action_start()
        return audit


@tagged("post_install", "-at_install")
class TestScoring(TestScoringCommon):
    def test_weighted_score(self):
        """greeting (weight 2) yes, clean (weight 1) 3/5, safety (weight 1) yes."""
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "3",
                             self.std_safety: "yes"})
        self.assertEqual(audit.score, round((2 * 100 + 1 * 60 + 1 * 100) / 4, 1))
        self.assertEqual(audit.result, "pass")
        self.assertEqual((audit.answered_count, audit.line_count, audit.failed_count), (3, 3, 0))
        self.assertEqual(audit.progress, 100.0)

    def test_weight_changes_the_score(self):
        """The same answers weigh differently with another weight: a 'no' on the
        weight-2 greeting costs twice what a 'no' on the weight-1 safety costs."""
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "5",
                             self.std_safety: "yes"})
        self.assertEqual(audit.score, 50.0)  # (0*2 + 100 + 100) / 4
        self._answer(audit, {self.std_greeting: "yes", self.std_safety: "no"})
        self.assertEqual(audit.score, 75.0)  # (100*2 + 100 + 0) / 4

    def test_scale_steps_of_twenty_points(self):
        audit = self._started_audit()
        line = self._line(audit, self.std_clean)
        for step in range(6):
            with self.subTest(step=step):
                line.answer_scale = str(step)
                self.assertEqual(line.score, 20.0 * step)
                # std_clean passes from 60 points, i.e. from step 3
                self.assertEqual(line.is_failed, step < 3)
                self.assertEqual(line.compliance, 0.0 if step < 3 else 100.0)

    def test_numeric_higher_is_better(self):
        standard = self._add_standard(
            "T-NUM-01", answer_type="numeric", numeric_target=10, pass_score=80,
        )
        line = self._line(self._started_audit(), standard)
        self.assertFalse(line.is_answered)
        for value, score, failed in ((8, 80.0, False), (5, 50.0, True), (12, 100.0, False),
                                     (0, 0.0, True)):
            with self.subTest(value=value):
                line.answer_numeric = value
                self.assertTrue(line.is_answered, "zero is an answer too")
                self.assertEqual(line.score, score)
                self.assertEqual(line.is_failed, failed)

    def test_numeric_lower_is_better(self):
        """E.g. minutes before a visitor is greeted: target 5, 10 measured is half."""
        standard = self._add_standard(
            "T-NUM-02", answer_type="numeric", numeric_target=5,
            numeric_higher_is_better=False,
        )
        line = self._line(self._started_audit(), standard)
        for value, score in ((10, 50.0), (5, 100.0), (4, 100.0), (0, 100.0), (20, 25.0)):
            with self.subTest(value=value):
                line.answer_numeric = value
                self.assertEqual(line.score, score)

    def test_choice_option_scores(self):
        standard = self._add_standard("T-CH-01", answer_type="choice", weight=2, option_ids=[
            Command.create({"name": "Full", "score": 100, "sequence": 1}),
            Command.create({"name": "Partial", "score": 50, "sequence": 2}),
            Command.create({"name": "None", "score": 0, "sequence": 3}),
        ])
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "5",
                             self.std_safety: "yes", standard: standard.option_ids[1]})
        line = self._line(audit, standard)
        self.assertEqual(line.score, 50.0)
        self.assertTrue(line.is_failed)
        self.assertEqual(audit.score, round((200 + 100 + 100 + 2 * 50) / 6, 1))

    def test_na_is_left_out(self):
        """An N.A. answer counts neither in the points nor in the weights."""
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "na", self.std_clean: "2",
                             self.std_safety: "yes"})
        self.assertEqual(audit.score, 70.0)  # (40 + 100) / 2, the greeting's weight left out
        self.assertEqual(audit.answered_count, 3, "N.A. is an answer")
        greeting = self._line(audit, self.std_greeting)
        self.assertTrue(greeting.is_na)
        self.assertFalse(greeting.is_failed)

    def test_na_flag_on_scale_line(self):
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "yes", self.std_safety: "yes"})
        clean = self._line(audit, self.std_clean)
        clean.not_applicable = True
        self.assertTrue(clean.is_answered)
        self.assertEqual(audit.score, 100.0)
        self.assertEqual(audit.progress, 100.0)

    def test_all_na_scores_zero(self):
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "na", self.std_safety: "na"})
        self._line(audit, self.std_clean).not_applicable = True
        self.assertEqual(audit.score, 0.0)
        self.assertEqual(audit.answered_count, 3)

    def test_unanswered_is_left_out(self):
        audit = self._started_audit()
        self.assertFalse(audit.result, "no answer, no result")
        self._answer(audit, {self.std_greeting: "yes"})
        self.assertEqual(audit.score, 100.0)
        self.assertEqual(audit.answered_count, 1)
        self.assertAlmostEqual(audit.progress, 100.0 / 3)
        self.assertEqual(audit.result, "pass")

    def test_critical_failure_fails_a_high_score(self):
        self.program.pass_threshold = 70
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "5",
                             self.std_safety: "no"})
        self.assertEqual(audit.score, 75.0)
        self.assertGreaterEqual(audit.score, audit.pass_threshold)
        self.assertTrue(audit.critical_failed)
        self.assertEqual(audit.result, "fail")
        self._answer(audit, {self.std_safety: "yes"})
        self.assertFalse(audit.critical_failed)
        self.assertEqual(audit.result, "pass")

    def test_major_failure_does_not_fail_by_itself(self):
        """Only critical standards override the percentage."""
        self.program.pass_threshold = 40
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "5",
                             self.std_safety: "yes"})
        self.assertEqual(audit.score, 50.0)
        self.assertFalse(audit.critical_failed)
        self.assertEqual(audit.result, "pass")

    def test_threshold_taken_from_program_at_start(self):
        audit = self._create_audit()
        self.program.pass_threshold = 90
        audit.action_start()
        self.assertEqual(audit.pass_threshold, 90)
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "3",
                             self.std_safety: "yes"})
        self.assertEqual(audit.score, 90.0)
        self.assertEqual(audit.result, "pass")

    def test_threshold_change_after_start_does_not_touch_audit(self):
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "3",
                             self.std_safety: "yes"})
        self.assertEqual(audit.result, "pass")
        self.program.pass_threshold = 95
        self.assertEqual(audit.pass_threshold, 80)
        self.assertEqual(audit.result, "pass")
        self.env.invalidate_all()
        self.assertEqual(audit.result, "pass")

    def test_section_scores(self):
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "4"})
        self.assertEqual(audit._get_section_scores(), [
            {"name": "Welcome", "score": round(80 / 3, 1), "answered": 2, "count": 2,
             "failed": 1},
            {"name": "Safety and paperwork", "score": None, "answered": 0, "count": 1,
             "failed": 0},
        ])
        self._answer(audit, {self.std_safety: "yes"})
        self.assertEqual(audit._get_section_scores()[1]["score"], 100.0)

    def test_section_scores_dealership(self):
        """The dealership's audit holds the paperwork standard in its section."""
        audit = self._started_audit(outlet=self.outlet_b, auditor=self.auditor_b)
        self._answer(audit, {self.std_safety: "yes", self.std_paperwork: "no"})
        safety = audit._get_section_scores()[1]
        self.assertEqual((safety["name"], safety["count"], safety["failed"]),
                         ("Safety and paperwork", 2, 1))
        self.assertEqual(safety["score"], 50.0)


@tagged("post_install", "-at_install")
class TestSubmit(TestScoringCommon):
    def test_submit_lists_missing_answers(self):
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "yes"})
        with self.assertRaises(UserError) as error:
            audit.action_submit()
        message = error.exception.args[0]
        self.assertIn("T-FA-01: no answer", message)
        self.assertIn("T-PR-01: no answer", message)
        self.assertNotIn("T-CX-01", message)
        self.assertEqual(audit.state, "in_progress")

    def test_submit_needs_photo_on_failure(self):
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "2",
                             self.std_safety: "yes"})
        clean = self._line(audit, self.std_clean)
        self.assertTrue(clean.evidence_missing)
        with self.assertRaises(UserError) as error:
            audit.action_submit()
        self.assertIn("T-FA-01: photo evidence required", error.exception.args[0])
        self._attach_photo(clean)
        self.assertFalse(clean.evidence_missing)
        audit.action_submit()
        self.assertEqual(audit.state, "submitted")

    def test_no_photo_needed_when_passed_on_failure_rule(self):
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "4",
                             self.std_safety: "yes"})
        audit.action_submit()
        self.assertEqual(audit.state, "submitted")

    def test_submit_needs_photo_always(self):
        self.std_greeting.evidence_rule = "always"
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "4",
                             self.std_safety: "yes"})
        with self.assertRaises(UserError) as error:
            audit.action_submit()
        self.assertIn("T-CX-01: photo evidence required", error.exception.args[0])
        self.assertNotIn("T-FA-01", error.exception.args[0])
        # an N.A. answer needs no photo, whatever the rule
        self._answer(audit, {self.std_greeting: "na"})
        audit.action_submit()
        self.assertEqual(audit.state, "submitted")

    def test_submit_only_in_progress(self):
        audit = self._create_audit()
        with self.assertRaisesRegex(UserError, "cannot be submitted"):
            audit.action_submit()

    def test_submit_creates_draft_action_per_failed_standard(self):
        """Due dates in working days of the market from the audit (Saturday 10
        October 2026): 5 -> Friday 16, 10 -> Friday 23 October, 20 -> Friday 6
        November."""
        self.market_a.write({"audit_due_days_critical": 5, "audit_due_days_major": 10,
                             "audit_due_days_minor": 20})
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "1",
                             self.std_safety: "no"})
        self._line(audit, self.std_clean).comment = "Dust everywhere"
        self._attach_photo(self._line(audit, self.std_clean))
        audit.action_submit()
        actions = audit.action_ids.sorted(lambda a: a.standard_id.code)
        self.assertRecordValues(actions, [
            {"standard_id": self.std_greeting.id, "criticality": "major", "state": "draft",
             "due_date": date(2026, 10, 23), "name": self.std_greeting.name,
             "description": False},
            {"standard_id": self.std_clean.id, "criticality": "minor", "state": "draft",
             "due_date": date(2026, 11, 6), "name": self.std_clean.name,
             "description": "Dust everywhere"},
            {"standard_id": self.std_safety.id, "criticality": "critical", "state": "draft",
             "due_date": date(2026, 10, 16), "name": self.std_safety.name,
             "description": False},
        ])
        self.assertEqual(actions.responsible_user_id, self.dealer_a)
        self.assertEqual(actions.line_id, audit.line_ids)
        self.assertEqual(audit.draft_action_count, 3)

    def test_due_days_of_the_market_company(self):
        """Each market has its own deadlines: B's settings apply to B's outlet
        (45 working days from Saturday 10 October 2026: nine weeks)."""
        self.market_a.audit_due_days_major = 3
        self.market_b.audit_due_days_major = 45
        audit = self._started_audit(outlet=self.outlet_b, auditor=self.auditor_b)
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "5",
                             self.std_safety: "yes", self.std_paperwork: "yes"})
        audit.action_submit()
        self.assertEqual(audit.action_ids.due_date, date(2026, 12, 11))
        self.assertEqual(audit.action_ids.responsible_user_id, self.dealer_b)

    def _market_hours(self, market):
        """Monday to Friday 9-17 in UTC, as the market's working calendar."""
        market.resource_calendar_id = self.env["resource.calendar"].create({
            "name": f"Test {market.name} hours", "tz": "UTC", "company_id": market.id,
            "attendance_ids": [Command.clear()] + [
                Command.create({"name": f"Day {day}", "dayofweek": str(day),
                                "hour_from": 9, "hour_to": 17, "day_period": "morning"})
                for day in range(5)
            ],
        })
        return market.resource_calendar_id

    def _public_holiday(self, calendar, day):
        return self.env["resource.calendar.leaves"].create({
            "name": "Test public holiday", "calendar_id": calendar.id, "resource_id": False,
            "date_from": f"{day} 00:00:00", "date_to": f"{day} 23:59:00",
        })

    def _critical_item_due(self, outlet, auditor, day):
        audit = self._started_audit(outlet=outlet, auditor=auditor, day=day)
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "5",
                             self.std_safety: "no", self.std_paperwork: "yes"})
        audit.action_submit()
        return audit.action_ids.due_date

    def test_due_date_skips_weekend_and_public_holiday_of_the_market(self):
        """2 working days from Thursday 8 October 2026 in market A, whose Monday 12
        is a public holiday: Friday 9 counts, the weekend and Monday do not, so
        Tuesday 13 (in calendar days it was Saturday 10). Market B's calendar does
        not have the holiday: Monday 12 for B's outlet."""
        self.market_a.audit_due_days_critical = self.market_b.audit_due_days_critical = 2
        self._public_holiday(self._market_hours(self.market_a), "2026-10-12")
        self._market_hours(self.market_b)
        self.assertEqual(
            self._critical_item_due(self.outlet_a, self.auditor_a, "2026-10-08"),
            date(2026, 10, 13),
        )
        self.assertEqual(
            self._critical_item_due(self.outlet_b, self.auditor_b, "2026-10-08"),
            date(2026, 10, 12),
        )

    def test_due_date_falls_back_to_the_company_calendar(self):
        """A market without working calendar counts in the current company's."""
        self.market_a.audit_due_days_critical = 2
        self.market_a.resource_calendar_id = False
        self._public_holiday(self._market_hours(self.env.company), "2026-10-12")
        self.assertEqual(
            self._critical_item_due(self.outlet_a, self.auditor_a, "2026-10-08"),
            date(2026, 10, 13),
        )

    def test_no_action_for_passed_or_na(self):
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "na", self.std_clean: "3",
                             self.std_safety: "yes"})
        audit.action_submit()
        self.assertFalse(audit.action_ids)

    def test_resubmit_does_not_duplicate_drafts(self):
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "5",
                             self.std_safety: "yes"})
        audit.action_submit()
        first = audit.action_ids
        self.assertEqual(len(first), 1)
        audit.action_reopen()
        self.assertEqual(audit.state, "in_progress")
        self.assertFalse(first.exists(), "drafts of the reopened audit are dropped")
        audit.action_submit()
        self.assertEqual(len(audit.action_ids), 1)
        self.assertEqual(audit.action_ids.standard_id, self.std_greeting)

    def test_resubmit_with_fixed_answer_drops_its_action(self):
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "5",
                             self.std_safety: "no"})
        audit.action_submit()
        self.assertEqual(len(audit.action_ids), 2)
        audit.action_reopen()
        self._answer(audit, {self.std_safety: "yes"})
        audit.action_submit()
        self.assertEqual(audit.action_ids.standard_id, self.std_greeting)

    def test_resubmit_after_sent_plan_keeps_one_item_per_standard(self):
        """Items already sent to the dealer stay; resubmitting does not add a second
        item for the same failed answer."""
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "no", self.std_clean: "5",
                             self.std_safety: "yes"})
        audit.action_submit()
        audit.action_send_action_plan()
        sent = audit.action_ids
        self.assertEqual(sent.state, "open")
        audit.action_reopen()
        audit.action_submit()
        self.assertEqual(audit.action_ids, sent)
        self.assertEqual(sent.state, "open")


@tagged("post_install", "-at_install")
class TestScoringQueries(TestScoringCommon):
    """Query budgets of the hot paths, so a later change cannot silently add
    per-line queries. Measured, then pinned."""

    def _answered_audit(self, day="2026-10-10"):
        audit = self._started_audit(day=day).with_user(self.auditor_a)
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "5",
                             self.std_safety: "yes"})
        return audit

    def test_submit_query_count(self):
        """Submitting a 3-answer audit with one failed answer, as its auditor: state
        tracking message, one action item created with its follower and its
        standard's title in every language (one UPDATE), its due date from one read of
        the market's working calendar (attendances, holidays)."""
        warmup = self._answered_audit(day="2026-09-10")
        audit = self._answered_audit()
        for each in (warmup, audit):
            each.line_ids[0].answer_yes_no = "no"
        warmup.action_submit()  # fills the ormcaches (rules, access rights, subtypes)
        with self.assertQueryCount(13):
            audit.action_submit()
        self.assertEqual(len(audit.action_ids), 1)

    def test_rescore_query_count(self):
        """One answer changed, the audit's score follows: one UPDATE per table, and the
        answer history's row (one INSERT)."""
        audit = self._answered_audit()
        self.assertEqual(audit.score, 100.0)
        with self.assertQueryCount(3):
            audit.line_ids[0].answer_yes_no = "no"
            audit.flush_recordset()
        self.assertEqual(audit.score, 50.0)

    def test_rescore_query_count_cold_cache(self):
        """The same in a new request (nothing in the record cache), as the auditor
        saving one answer (the tablet dialog's save): 2 UPDATEs, one read for all the
        scoring needs (the written line, its audit and standard, the audit's answers'
        score columns: _fetch_for_answer_save), 3 for the record rules (the markets
        under the user's companies for the multi-company rule, the audit's auditor_ids
        and those users) and the answer history's INSERT (its old and new values come
        from the rows the scoring reads anyway). 11 before 2026-12-06 (the audit's line
        ids, then every column of its lines); 10 until the line, audit, standard and
        score rows were read in one query."""
        warmup = self._answered_audit(day="2026-09-10")
        audit = self._answered_audit()
        line_id = audit.line_ids[0].id
        self.env.invalidate_all()
        warmup.line_ids[0].answer_yes_no = "no"  # fills the ormcaches (rules, rights)
        self.env.flush_all()
        self.env.invalidate_all()
        line = self.env["network.audit.line"].with_user(self.auditor_a).browse(line_id)
        with self.assertQueryCount(7):
            line.answer_yes_no = "no"
            self.env.flush_all()
        self.assertEqual(audit.score, 50.0)

    def test_rescore_query_count_cold_cache_superuser(self):
        """Without record rules: 2 UPDATEs, one read (the written line, its audit, its
        standard and the audit's answers' score columns) and the history INSERT. 9
        before 2026-12-06 (the audit's line ids, then all columns of its lines), then 7
        (one read per table: line, audit, standard, score rows)."""
        warmup = self._answered_audit(day="2026-09-10")
        audit = self._answered_audit().sudo()
        Line = self.env["network.audit.line"].sudo()
        line = Line.browse(audit.line_ids[0].id)
        Line.browse(warmup.line_ids[0].id).answer_yes_no = "no"  # fills the ormcaches
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(4):
            line.answer_yes_no = "no"
            self.env.flush_all()
        self.assertEqual(audit.score, 50.0)

    def test_answer_save_read_fills_what_the_orm_reads(self):
        """The one read of an answer's save puts in the cache the values the ORM's
        own reads give: the answer's, its audit's and its standard's columns, the
        audit's answers in their order and their score columns."""
        audit = self._answered_audit().sudo()
        self._line(audit, self.std_clean).answer_scale = "2"
        line_id = self._line(audit, self.std_greeting).id
        self.env.flush_all()
        self.env.invalidate_all()
        line = self.env["network.audit.line"].sudo().browse(line_id)
        with self.assertQueryCount(1):
            line._fetch_for_answer_save()

        def columns(record):
            return {name: record[name] for name, field in record._fields.items()
                    if field.store and field.column_type and field.prefetch is True}

        def snapshot():
            audit = line.audit_id
            return (columns(line), columns(audit), columns(line.standard_id),
                    audit.line_ids.ids,
                    [line._score_totals() for line in audit.line_ids])

        with self.assertQueryCount(0):
            fetched = snapshot()
        self.env.invalidate_all()
        self.assertEqual(fetched, snapshot())

    def test_answer_save_read_keeps_pending_changes(self):
        """A change not flushed yet (the audit's threshold) is neither overwritten by
        the read of an answer's save in the same request nor lost: the verdict uses
        it."""
        audit = self._answered_audit().sudo()
        line_id = self._line(audit, self.std_clean).id
        self.env.invalidate_all()
        audit.write({"pass_threshold": 99.0})  # pending: 80 in the database
        line = self.env["network.audit.line"].sudo().browse(line_id)
        self.assertNotIn("audit_id", line._cache)
        line.answer_scale = "4"  # 80 %: (2 x 100 + 80 + 100) / 4 = 95 % < 99 %
        self.env.flush_all()
        self.assertEqual((audit.score, audit.result), (95.0, "fail"))
        self.env.invalidate_all()
        self.assertEqual(audit.pass_threshold, 99.0)

    def test_answer_save_read_keeps_record_rules(self):
        """The one read applies the caller's record rules: an auditor of the same market
        who is not the audit's own cannot change its answers in a new request, and
        learns nothing from the refusal."""
        audit = self._answered_audit()
        line_id = audit.line_ids[0].id
        self.env.invalidate_all()
        line = self.env["network.audit.line"].with_user(self.auditor_a2).browse(line_id)
        with self.assertRaises(AccessError):
            line.answer_yes_no = "no"
        self.assertNotIn("audit_id", line._cache)

    def test_rescore_open_form_reads_nothing_more(self):
        """The audit's answers are loaded (its form is open): scored from the cache,
        no query for the score rows."""
        audit = self._answered_audit().sudo()
        audit.line_ids.mapped("score")
        with self.assertQueryCount(3):
            audit.line_ids[0].answer_yes_no = "no"
            self.env.flush_all()
        self.assertEqual(audit.score, 50.0)


@tagged("post_install", "-at_install")
class TestScoreRows(TestScoringCommon):
    """An audit nobody has open is scored from one query of its answers' score rows;
    the totals are the ones its records give."""

    def test_rows_give_the_totals_of_the_records(self):
        critical = self._add_standard("T-CRIT", criticality="critical", weight=3)
        numeric = self._add_standard(
            "T-NUM", answer_type="numeric", numeric_target=7, pass_score=80, weight=2
        )
        self._add_standard("T-OPEN")  # left unanswered
        audit = self._started_audit()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "3",
                             self.std_safety: "na", critical: "no"})
        self._line(audit, numeric).answer_numeric = 6.1  # 87.14 %: a rounded score
        self.env.flush_all()
        fields = ["score", "result", "critical_failed", "answered_count", "line_count",
                  "failed_count", "progress"]
        from_records = audit.line_ids._score_totals()
        self.env.invalidate_all()
        rows = audit._score_rows()
        self.assertEqual(set(rows), {audit.id}, "nothing loaded: scored from the rows")
        self.assertEqual(score_totals(rows[audit.id]), from_records)
        stored = audit.read(fields)[0]
        audit.line_ids.mapped("score")
        self.assertEqual(audit._score_rows(), {}, "loaded: scored from the records")
        # Recomputed both ways, the stored fields do not move.
        for loaded in (False, True):
            with self.subTest(loaded=loaded):
                self.env.invalidate_all()
                if loaded:
                    audit.line_ids.mapped("score")
                self.env.add_to_compute(audit._fields["score"], audit)
                self.env.flush_all()
                self.assertEqual(audit.read(fields)[0], stored)
        self.assertEqual((stored["result"], stored["critical_failed"]), ("fail", True))
        self.assertEqual(stored["answered_count"], 5)
        self.assertFalse(audit.has_conditional_lines)
