import math
from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, float_repr

from .network_audit_history import HISTORY_FIELDS
from .network_audit_standard import CONDITION_VALUES, CRITICALITIES

SCALE = [(str(n), str(n)) for n in range(6)]
# The answer fields whose change can show or hide the standards that depend on them.
TRIGGER_FIELDS = {"answer_yes_no", "answer_scale", "answer_numeric", "option_id", "not_applicable"}
# Where the history rows of a batch of writes wait (see _history_batched): on the
# cursor, which no JSON-RPC caller reaches, unlike the context.
HISTORY_BATCH = "network_audit.answer_history_batch"


# What an audit's score is made of, per answer, in the order of score_totals' rows.
SCORE_FIELDS = (
    "is_answered", "is_na", "weight", "score", "is_failed", "criticality", "is_skipped",
)


def score_totals(rows):
    """Weighted score of answers given as (is_answered, is_na, weight, score,
    is_failed, criticality, is_skipped) rows, in the audit's order: N.A. and
    unanswered answers are left out. Standards skipped by the checklist logic were not
    asked: neither answered nor counted, as the offline app counts them. ``weight`` is
    the weight scored: none, the score says nothing (N.A.). Plain rows, so that an
    audit is scored from its records or from one query alike."""
    weighted = weights = 0.0
    answered = applicable = failed = count = 0
    critical_failed = False
    for is_answered, is_na, weight, score, is_failed, criticality, is_skipped in rows:
        if is_skipped:
            continue
        count += 1
        if not is_answered:
            continue
        answered += 1
        if is_na:
            continue
        applicable += 1
        weighted += weight * score
        weights += weight
        if is_failed:
            failed += 1
            critical_failed = critical_failed or criticality == "critical"
    return {
        "score": round(weighted / weights, 1) if weights else 0.0,
        "answered": answered,
        "applicable": applicable,
        "weight": weights,
        "count": count,
        "failed": failed,
        "critical_failed": critical_failed,
    }


class NetworkAuditLine(models.Model):
    _name = "network.audit.line"
    _description = "Audit Answer"
    _inherit = ["dealer.workflow.mixin", "dealer.month.label.mixin"]
    _order = "audit_id, sequence, id"
    # Scores come from the answers; an answer stays with its audit and standard.
    _workflow_fields = (
        "audit_id", "standard_id", "criticality", "weight", "is_na", "is_answered",
        "score", "is_failed", "compliance",
        # Set by the audit's condition logic: the auditor answers, the server decides
        # what is asked.
        "condition_line_id", "condition_value", "is_skipped",
    )
    _workflow_create_fields = ("audit_id", "standard_id")
    # Set by create/write whenever a measure is written (0 is a measure).
    _server_only_fields = ("numeric_answered",)

    audit_id = fields.Many2one("network.audit", required=True, ondelete="cascade", index=True)
    audit_state = fields.Selection(related="audit_id.state")
    company_id = fields.Many2one(related="audit_id.company_id", store=True, string="Market")
    region_id = fields.Many2one(related="audit_id.region_id", store=True)
    outlet_id = fields.Many2one(related="audit_id.outlet_id", store=True, index=True)
    month = fields.Date(related="audit_id.month", store=True)
    program_id = fields.Many2one(related="audit_id.program_id", store=True)
    section_id = fields.Many2one(
        "network.audit.program.section", string="Program Section", ondelete="set null"
    )
    # The section's name in every language when the audit was made (_copy_section_names):
    # renaming or removing the program's section leaves past audits as they were.
    section_name = fields.Char(string="Section", translate=True)
    sequence = fields.Integer(default=10)
    standard_id = fields.Many2one(
        "network.audit.standard", required=True, ondelete="restrict", index=True,
        context={"active_test": False},
    )
    standard_code = fields.Char(related="standard_id.code", string="Code")
    standard_name = fields.Char(related="standard_id.name", string="Standard Title")
    requirement = fields.Html(related="standard_id.requirement")
    guidance = fields.Html(related="standard_id.guidance")
    answer_type = fields.Selection(related="standard_id.answer_type")
    evidence_rule = fields.Selection(related="standard_id.evidence_rule")
    category_id = fields.Many2one(related="standard_id.category_id", store=True)
    criticality = fields.Selection(
        CRITICALITIES, compute="_compute_standard_values", store=True
    )
    weight = fields.Float(compute="_compute_standard_values", store=True)
    answer_yes_no = fields.Selection(
        [("yes", "Yes"), ("no", "No"), ("na", "N.A.")], string="Answer"
    )
    answer_scale = fields.Selection(SCALE, string="Scale")
    answer_numeric = fields.Float(string="Measured")
    numeric_answered = fields.Boolean(readonly=True)
    option_id = fields.Many2one(
        "network.audit.standard.option",
        domain="[('standard_id', '=', standard_id)]",
    )
    not_applicable = fields.Boolean(string="N.A.")
    comment = fields.Text()
    photo_ids = fields.Many2many(
        "ir.attachment", "network_audit_line_photo_rel", "line_id", "attachment_id",
        string="Photos",
    )
    is_na = fields.Boolean(compute="_compute_score", store=True, string="Not Applicable")
    is_answered = fields.Boolean(compute="_compute_score", store=True)
    score = fields.Float(compute="_compute_score", store=True, aggregator="avg")
    is_failed = fields.Boolean(compute="_compute_score", store=True, string="Failed")
    compliance = fields.Float(
        compute="_compute_score", store=True, aggregator="avg", string="Compliance (%)",
        help="100 when fulfilled, 0 when failed; averaged it is the compliance rate.",
    )
    evidence_missing = fields.Boolean(compute="_compute_evidence_missing")
    # Where the tablet dialog stands in the audit's list ("3 / 15", previous, next).
    tablet_position = fields.Char(compute="_compute_tablet_position")
    tablet_is_first = fields.Boolean(compute="_compute_tablet_position")
    tablet_is_last = fields.Boolean(compute="_compute_tablet_position")
    # Checklist logic (see _apply_conditions of the audit).
    condition_line_id = fields.Many2one(
        "network.audit.line", string="Shown When Answer Of", readonly=True,
        ondelete="set null", index="btree_not_null",
        help="The earlier answer of the audit that shows or skips this standard.",
    )
    condition_value = fields.Selection(CONDITION_VALUES, readonly=True)
    is_skipped = fields.Boolean(
        string="Skipped", readonly=True,
        help="Its condition is not met: not asked, counted as not applicable.",
    )
    note_rule = fields.Selection(related="standard_id.note_rule")
    action_rule = fields.Selection(related="standard_id.action_rule")
    note_missing = fields.Boolean(compute="_compute_note_missing")

    @api.depends("standard_id.criticality", "standard_id.weight")
    def _compute_standard_values(self):
        for line in self:
            line.criticality = line.standard_id.criticality
            line.weight = line.standard_id.weight

    @api.depends(
        "answer_yes_no", "answer_scale", "answer_numeric", "numeric_answered", "option_id",
        "not_applicable", "standard_id", "is_skipped",
    )
    def _compute_score(self):
        for line in self:
            standard = line.standard_id
            # A standard skipped by its condition was not asked: not applicable.
            line.is_na = line.not_applicable or line.answer_yes_no == "na" or line.is_skipped
            line.is_answered = line.is_na or {
                "yes_no": bool(line.answer_yes_no),
                "scale": bool(line.answer_scale),
                "numeric": line.numeric_answered,
                "choice": bool(line.option_id),
            }.get(standard.answer_type, False)
            if line.is_answered and not line.is_na:
                line.score = standard._score_answer(line)
                line.is_failed = line.score < standard.pass_score
                line.compliance = 0.0 if line.is_failed else 100.0
            else:
                line.score = line.compliance = 0.0
                line.is_failed = False

    @api.depends("photo_ids", "is_failed", "evidence_rule", "is_na")
    def _compute_evidence_missing(self):
        for line in self:
            needs_photo = not line.is_na and (
                line.evidence_rule == "always"
                or (line.evidence_rule == "on_failure" and line.is_failed)
            )
            line.evidence_missing = needs_photo and not line.photo_ids

    @api.model_create_multi
    def create(self, vals_list):
        self._check_workflow_create(vals_list)
        opened = self._server_values_open(vals_list, ["numeric_answered"], create=True)
        for vals in vals_list:
            self._check_numeric_answer(vals)
            if "answer_numeric" in vals:
                vals["numeric_answered"] = True
        lines = super(NetworkAuditLine, opened).create(vals_list).with_env(self.env)
        lines._check_workflow_created()
        lines.audit_id._workflow()._link_conditions()
        return lines

    def write(self, vals):
        if len(self) == 1 and (HISTORY_FIELDS.keys() | TRIGGER_FIELDS) & vals.keys():
            self._fetch_for_answer_save()
        self._check_workflow_write(vals)
        # Whether a measure was given is the server's word: a client writing
        # numeric_answered would answer a standard with no measure (or unanswer one).
        opened = self._server_values_open([vals], ["numeric_answered"])
        self._check_numeric_answer(vals)
        if "answer_numeric" in vals:
            vals["numeric_answered"] = True
        kinds = {HISTORY_FIELDS[name] for name in HISTORY_FIELDS.keys() & vals.keys()}
        # Once the audit has started, every change of an answer is kept.
        started = self.filtered(lambda line: line.audit_id.state != "planned") if kinds else ()
        if started:
            # filtered() drops the prefetch set: the values before are read at once
            # for every answer the caller is writing, not one write's share.
            started = started.with_prefetch(self._prefetch_ids)
        before = {line.id: line._history_values(kinds) for line in started}
        result = super(NetworkAuditLine, opened).write(vals)
        if before:
            started._log_history(before, kinds)
        if TRIGGER_FIELDS & vals.keys():
            self.audit_id._workflow()._apply_conditions()
        return result

    def _fetch_for_answer_save(self):
        """Saving one answer in a new request (the tablet dialog, the form, one
        operation of the app) reads this answer, its audit (state, market, threshold,
        conditions), its standard (how it scores; code and title for the history) and
        the score columns of the audit's answers (its new score): four queries, one per
        table, as the ORM reads them. This reads them in one and puts them in the cache
        as the ORM's ``_fetch_query`` does: the same columns (``_field_to_sql``), the
        same cache insertion (``_insert_cache``: pending changes are kept), the
        caller's record rules on the answer and the audit. An answer or audit they hide
        is not fetched here: the ORM's own read then refuses it as before. Scoring stays
        the models' Python code (``_compute_score``, ``score_totals``); a batch of
        answers is read by the ORM's prefetch instead."""
        self.ensure_one()
        if not isinstance(self.id, int) or "audit_id" in self._cache:
            return
        try:
            query, aliases = self._answer_save_query()
        except AccessError:
            return  # the ORM's own read says it
        tables = [
            (model, alias, [
                field for field in model._determine_fields_to_fetch(None)
                # binary columns follow the bin_size context: left to the ORM
                if field.store and field.column_type and field.type != "binary"
            ])
            for model, alias in zip(
                (self, self.env["network.audit"], self.env["network.audit.standard"]),
                aliases, strict=True,
            )
        ]
        terms = []
        for model, alias, columns in tables:
            terms.append(SQL.identifier(alias, "id"))
            terms.extend(self._column_sql(model, alias, field, query) for field in columns)
        terms.extend(SQL.identifier("saved_answers", name) for name in ("ids", *SCORE_FIELDS))
        rows = self.env.execute_query(query.select(*terms))
        if not rows:
            return
        values = iter(rows[0])
        records = []
        for model, _alias, columns in tables:
            records.append(model.browse(next(values)))
            for field in columns:
                field._insert_cache(records[-1], [next(values)])
        audit = records[1]
        answer_ids = next(values)
        audit._fields["line_ids"]._insert_cache(audit, [tuple(answer_ids)])
        answers = self.browse(answer_ids)
        for name, column in zip(SCORE_FIELDS, values, strict=True):
            self._fields[name]._insert_cache(answers, column)

    def _answer_save_query(self):
        """The query of _fetch_for_answer_save and its aliases of the answer, audit and
        standard tables; raises AccessError when the caller may not read answers or
        audits at all."""
        audits = self.env["network.audit"]
        standards = self.env["network.audit.standard"]
        query = self._search([("id", "=", self.id)], active_test=False)
        # Own aliases: the record rules may have joined these tables already.
        audit_alias = query.join(self._table, "audit_id", audits._table, "id", "saved_audit_id")
        if not self.env.su:
            readable = audits._search([], active_test=False)
            query.add_where(SQL("%s IN %s", SQL.identifier(audit_alias, "id"),
                                readable.subselect()))
        # The standard is read as the related fields and the scoring read it: as
        # superuser (compute_sudo), without record rules.
        standard_alias = query.join(self._table, "standard_id", standards._table, "id",
                                    "saved_standard_id")
        query.add_join("JOIN", "saved_answers", self._score_columns_sql(audit_alias),
                       SQL("TRUE"))
        return query, (self._table, audit_alias, standard_alias)

    def _score_columns_sql(self, audit_alias):
        """The audit's answers as arrays in their order: ids, then SCORE_FIELDS."""
        alias = "saved_answer"

        def column(name):
            return SQL.identifier(alias, name)

        order = SQL("ORDER BY %s, %s", column("sequence"), column("id"))
        return SQL(
            "LATERAL (SELECT %s FROM %s AS %s WHERE %s = %s)",
            SQL(", ").join(
                SQL("array_agg(%s %s) AS %s", column(name), order,
                    SQL.identifier("ids" if name == "id" else name))
                for name in ("id", *SCORE_FIELDS)
            ),
            SQL.identifier(self._table),
            SQL.identifier(alias),
            column("audit_id"),
            SQL.identifier(audit_alias, "id"),
            to_flush=[self._fields[name] for name in (*SCORE_FIELDS, "audit_id", "sequence")],
        )

    @staticmethod
    def _column_sql(model, alias, field, query):
        """A column as the ORM's _fetch_query selects it."""
        sql = model._field_to_sql(alias, field.name, query)
        if field.translate:
            return sql
        # The fetched field's own pending value is kept by _insert_cache: no flush.
        return SQL(sql.code, *sql.params, to_flush=[f for f in sql.to_flush if f != field])

    def _check_numeric_answer(self, vals):
        """A measured answer is a finite number: JSON-RPC accepts NaN and Infinity
        (and the ORM the strings "nan", "inf"), which scored 100 %."""
        value = vals.get("answer_numeric")
        if value is None or value is False:
            return
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if isinstance(value, bool) or not math.isfinite(number):
            raise ValidationError(self.env._(
                "A measured answer must be a number (%(value)s is not one).",
                value=str(value)[:40],
            ))

    def _check_workflow_write(self, vals):
        result = super()._check_workflow_write(vals)
        if HISTORY_FIELDS.keys() & vals.keys() and not self._in_workflow():
            self._check_answer_writer()
        return result

    def _check_answer_writer(self):
        """Answers (and their photos) are given by the audit's own auditors (a mystery
        visit's shopper) while they conduct it: an officer who may write every audit
        of the market reviews the answers, never gives them in the auditor's place."""
        for audit in self.sudo().audit_id:
            if audit.state != "in_progress":
                self._refuse_workflow("write", self.env._(
                    "%(audit)s is not in progress: start it before answering it.",
                    audit=audit.display_name,
                ))
            if not audit.with_env(self.env)._is_audit_conductor():
                raise AccessError(self.env._(
                    "Only the auditors of %(audit)s answer it: ask a manager to assign "
                    "you to it.", audit=audit.display_name,
                ))

    def _workflow_locked(self):
        """Answers and photos change while the audit is conducted; once submitted the
        reviewer reopens it, once validated only a manager does (tracked)."""
        return self.filtered(lambda line: line.audit_id.state not in ("planned", "in_progress"))

    def _workflow_lock_message(self, record):
        audit = record.audit_id
        return self.env._(
            "%(audit)s is %(state)s: its answers and photos are locked. Reopen the audit "
            "to change them.",
            audit=audit.display_name, state=dict(audit._fields["state"].selection)[audit.state],
        )

    def _copy_section_names(self):
        """Copy the name of each line's program section, all its translations, onto
        the line: one query for the lines of a batch of audits."""
        self.env["network.audit.program.section"].flush_model(["name"])
        self.flush_recordset(["section_id", "section_name"])
        self.env.execute_query(SQL(
            """UPDATE network_audit_line AS line SET section_name = section.name
                 FROM network_audit_program_section AS section
                WHERE line.id = ANY(%s) AND section.id = line.section_id""",
            self.ids,
        ))
        self.invalidate_recordset(["section_name"])

    def _score_totals(self):
        """Weighted score of these lines: N.A. and unanswered lines are left out."""
        return score_totals([
            (line.is_answered, line.is_na, line.weight, line.score, line.is_failed,
             line.criticality, line.is_skipped)
            for line in self
        ])

    def _prepare_action_vals(self, due_dates):
        """An action item for this failed answer; ``due_dates`` by criticality
        (``res.company._network_audit_due_dates``)."""
        self.ensure_one()
        audit = self.audit_id
        return {
            "audit_id": audit.id,
            "line_id": self.id,
            "standard_id": self.standard_id.id,
            "name": self.standard_id.name,
            "description": self.comment or False,
            "criticality": self.criticality,
            "due_date": due_dates[self.criticality],
            "responsible_user_id": audit.outlet_id.manager_user_id.id,
        }

    def _compute_tablet_position(self):
        positions = {}  # line id: (index, count), one pass per audit
        for audit in self.audit_id:
            ids = audit.line_ids._tablet_lines(self).ids  # in the list's order (_order)
            positions.update({line_id: (index, len(ids)) for index, line_id in enumerate(ids)})
        for line in self:
            index, count = positions.get(line.id, (0, 1))
            line.tablet_position = f"{index + 1} / {count}"
            line.tablet_is_first = index == 0
            line.tablet_is_last = index >= count - 1

    def action_tablet_next(self):
        """Saved by the dialog's button: the next standard of the audit, or close."""
        return self._tablet_sibling(1)

    def action_tablet_previous(self):
        return self._tablet_sibling(-1)

    def _tablet_sibling(self, step):
        self.ensure_one()
        siblings = self.audit_id.line_ids._tablet_lines(self)
        index = siblings.ids.index(self.id) + step
        if not 0 <= index < len(siblings):
            return {"type": "ir.actions.act_window_close"}
        return siblings[index].action_open_tablet_form()

    def _tablet_lines(self, current):
        """The lines of self the one-standard-per-screen dialog walks through (in
        order), ``current`` always among them: skipped standards are not asked."""
        return self.filtered(lambda line: not line.is_skipped or line in current)

    def action_open_tablet_form(self):
        """Requirement, guidance, answer and photos of one standard, full screen."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "network.audit.line",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("network_audit.network_audit_line_view_form_tablet").id,
                       "form")],
            "target": "new",
            "name": self.standard_id.display_name,
        }

    # Checklist logic -------------------------------------------------------------

    @api.depends("comment", "is_failed", "is_na", "note_rule")
    def _compute_note_missing(self):
        for line in self:
            line.note_missing = not line.is_na and not (line.comment or "").strip() and (
                line.note_rule == "always" or (line.note_rule == "on_failure" and line.is_failed)
            )

    def _needs_action(self):
        """Whether the answer goes into the outlet's action plan."""
        self.ensure_one()
        if self.is_na or not self.is_answered:
            return False
        return self.action_rule == "always" or (
            self.action_rule == "on_failure" and self.is_failed
        )

    def _raw_answered(self):
        """Answered by the auditor, skipping left aside."""
        self.ensure_one()
        return bool(self.not_applicable or {
            "yes_no": self.answer_yes_no,
            "scale": self.answer_scale,
            "numeric": self.numeric_answered,
            "choice": self.option_id,
        }.get(self.answer_type))

    def _condition_met_by(self, trigger, skipped_ids, newly_shown_ids):
        """Whether ``trigger``'s answer, as it stands, shows this line."""
        self.ensure_one()
        if trigger.id in skipped_ids or not trigger._raw_answered():
            return False
        if trigger.not_applicable or trigger.answer_yes_no == "na":
            return False
        if self.condition_value in ("yes", "no"):
            return trigger.answer_yes_no == self.condition_value
        if trigger.id in newly_shown_ids:
            # Its stored verdict was the one of a skipped line: score it afresh.
            standard = trigger.standard_id
            failed = standard._score_answer(trigger) < standard.pass_score
        else:
            failed = trigger.is_failed
        return failed == (self.condition_value == "failed")

    # Answer history ---------------------------------------------------------------

    def _history_values(self, kinds):
        """{kind: the value as the auditor reads it} of this answer."""
        self.ensure_one()
        return {kind: getattr(self, f"_history_text_{kind}")() for kind in kinds}

    def _history_text_answer(self):
        if self.answer_type == "yes_no":
            return {"yes": self.env._("Yes"), "no": self.env._("No"),
                    "na": self.env._("N.A.")}.get(self.answer_yes_no, "")
        if self.answer_type == "scale":
            return self.answer_scale or ""
        if self.answer_type == "numeric":
            return float_repr(self.answer_numeric, 2) if self.numeric_answered else ""
        return self.option_id.name or ""

    def _history_text_na(self):
        return self.env._("N.A.") if self.not_applicable else ""

    def _history_text_comment(self):
        return self.comment or ""

    def _history_text_photos(self):
        return ", ".join(self.photo_ids.sorted("id").mapped("name"))

    def _log_history(self, before, kinds):
        vals_list = []
        for line in self:
            after = line._history_values(kinds)
            vals_list.extend(
                line._prepare_history_vals(kind, before[line.id][kind], after[kind])
                for kind in sorted(kinds) if before[line.id][kind] != after[kind]
            )
        batch = self.env.cr.cache.get(HISTORY_BATCH)
        if batch is not None:
            batch.extend(vals_list)
        elif vals_list:
            self.env["network.audit.answer.history"].sudo().create(vals_list)

    @api.model
    @contextmanager
    def _history_batched(self):
        """The history rows of the writes made inside are created together when the
        block succeeded (none when it raises): the same rows, inserted in the ORM's
        batches of 100 instead of one INSERT per write. Each write still checks and
        records what it does. An error caught inside the block would keep the rows of
        the write that failed: callers let errors leave it (a savepoint around)."""
        cache = self.env.cr.cache
        if cache.get(HISTORY_BATCH) is not None:
            yield  # an outer batch creates them
            return
        cache[HISTORY_BATCH] = batch = []
        try:
            yield
        finally:
            del cache[HISTORY_BATCH]
        if batch:
            self.env["network.audit.answer.history"].sudo().create(batch)

    def _prepare_history_vals(self, kind, old, new):
        self.ensure_one()
        return {
            "audit_id": self.audit_id.id,
            "company_id": self.company_id.id,
            "line_id": self.id,
            "standard_code": self.standard_code,
            "standard_name": self.standard_name,
            "kind": kind,
            "old_value": old,
            "new_value": new,
            "user_id": self.env.uid,
        }
