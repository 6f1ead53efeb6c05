from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dealer_profile.models.dealer_workflow_mixin import Allow

from .cx_case import CASE_TRANSITIONS, TEXT_LIMIT
from .cx_case_followup import CxCase as FollowupCase
from .cx_case_stage import OPEN_KINDS

# A rating this low (1 or 2 out of 5) opens a recovery case.
RECOVERY_RATING_MAX = 2
# The customer is asked again how we did this long after the recovery was resolved.
RECOVERY_RATING_DELAY = timedelta(days=10)
RECOVERY_FIELDS = (
    "recovery_of_id", "recovery_resolution", "recovery_resolved_date",
    "recovery_rating_due", "recovery_rating_sent",
)
# A recovery case closes when the agent records how it was resolved, from any open
# stage; the customer's confirmation alone does not close it (see
# _workflow_transition_error).
RESOLVE = Allow(check="_workflow_is_recovery_staff", button="resolve_recovery",
                method_only=True)
RECOVERY_TRANSITIONS = {
    **CASE_TRANSITIONS,
    **{kind: {**CASE_TRANSITIONS[kind], "closed": RESOLVE} for kind in OPEN_KINDS},
}


class CxCase(models.Model):
    """Recovery on a poor rating: a rating of 1 or 2, or a comment an agent flags,
    opens a recovery case for the team, due within one working day and followed by
    the outlet's Space manager; it closes only once resolved, and the customer is
    asked to rate again ten days later."""

    _inherit = "cx.case"  # pylint: disable=consider-merging-classes-inherited
    _workflow_fields = tuple(sorted(set(FollowupCase._workflow_fields) | set(RECOVERY_FIELDS)))
    _workflow_transitions = RECOVERY_TRANSITIONS

    recovery_of_id = fields.Many2one(
        "cx.case", readonly=True, index="btree_not_null",
        ondelete="set null", copy=False,
        help="The case whose poor rating this recovery case answers.",
    )
    recovery_case_ids = fields.One2many(
        "cx.case", "recovery_of_id", string="Recovery Cases", readonly=True,
    )
    recovery_count = fields.Integer(compute="_compute_recovery_count")
    recovery_resolution = fields.Text(readonly=True, copy=False)
    recovery_resolved_date = fields.Datetime(readonly=True, copy=False)
    recovery_rating_due = fields.Datetime(
        string="Follow-up Rating Due", readonly=True, copy=False, index="btree_not_null",
    )
    recovery_rating_sent = fields.Datetime(
        string="Follow-up Rating Sent", readonly=True, copy=False,
    )
    can_resolve_recovery = fields.Boolean(compute="_compute_workflow_can")

    def _compute_recovery_count(self):
        counts = dict(self.env["cx.case"]._read_group(
            [("recovery_of_id", "in", self.ids)], ["recovery_of_id"], ["__count"],
        )) if self.ids else {}
        for case in self:
            case.recovery_count = counts.get(case, 0)

    # Guard -----------------------------------------------------------------------

    def _workflow_is_recovery_staff(self):
        return bool(self.recovery_of_id) and self._workflow_is_staff()

    def _workflow_transition_error(self, target, button):
        """A recovery case is not solved and left for the customer to confirm: it is
        resolved, and closes only once its resolution is recorded, whoever closes it
        (the customer's reply paths and the server's own included)."""
        error = super()._workflow_transition_error(target, button)
        if error is not None or not self.recovery_of_id:
            return error
        if target == "solved":
            return UserError(self.env._(
                "%(case)s is a recovery case: use 'Resolve' and say how the customer's "
                "problem was put right.", case=self.display_name,
            ))
        if (target == "closed" and button != "resolve_recovery"
                and not self.recovery_resolution and self._workflow_state() != "closed"):
            return UserError(self.env._(
                "%(case)s is a recovery case: it closes once resolved. Use 'Resolve' and "
                "say how the customer's problem was put right.", case=self.display_name,
            ))
        return None

    # Rating ------------------------------------------------------------------------

    def rating_apply(self, rate, token=None, rating=None, feedback=None,
                     subtype_xmlid=None, notify_delay_send=False):
        rating = super().rating_apply(
            rate, token=token, rating=rating, feedback=feedback,
            subtype_xmlid=subtype_xmlid, notify_delay_send=notify_delay_send,
        )
        if rating.res_model == self._name and 0 < rate <= RECOVERY_RATING_MAX:
            self.sudo().browse(rating.res_id)._cx_open_recovery()
        return rating

    def _send_rating_request(self):
        """A recovery case asks for its rating ten days after it was resolved (the
        follow-up job), not when it closes."""
        return super(CxCase, self.filtered(lambda c: not c.recovery_of_id))._send_rating_request()

    # Actions -----------------------------------------------------------------------

    def action_open_recovery(self):
        """An agent flags a rating comment: the recovery starts as for a poor score."""
        self.ensure_one()
        if not self._workflow_is_staff() or not self.rating_ids.filtered("consumed"):
            raise UserError(self.env._(
                "Only a rated case can be flagged for recovery, by the CX staff."
            ))
        self.check_access("write")
        recovery = self.sudo()._cx_open_recovery() or self.recovery_case_ids.filtered(
            lambda c: c.stage_kind != "closed"
        )[:1]
        return {
            "type": "ir.actions.act_window", "res_model": "cx.case", "view_mode": "form",
            "res_id": recovery.id,
        }

    def action_open_recovery_wizard(self):
        self.ensure_one()
        self._check_workflow_button("resolve_recovery")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Resolve the recovery"),
            "res_model": "cx.case.recovery.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def action_view_recovery_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_cases.cx_case_action")
        action["domain"] = [("recovery_of_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_resolve_recovery(self, resolution):
        """The agent records how the customer's problem was put right: the recovery
        case closes, and the customer is asked to rate again ten days later."""
        self._check_workflow_button("resolve_recovery")
        resolution = (resolution or "").strip()
        if not resolution or len(resolution) > TEXT_LIMIT or "\x00" in resolution:
            raise UserError(self.env._(
                "Say how the customer's problem was put right (a short note is required)."
            ))
        now = fields.Datetime.now()
        cases = self._workflow()
        # The resolution first: the move to closed is checked against it.
        cases.write({
            "recovery_resolution": resolution, "recovery_resolved_date": now,
            "recovery_rating_due": now + RECOVERY_RATING_DELAY, "recovery_rating_sent": False,
        })
        cases.write({
            "stage_id": self._stage_of_kind("closed").id,
            "confirmation_method": "agent", "confirmation_date": now,
            "confirmed_by_id": self.env.uid, "confirmation_note": resolution,
        })
        for case in self:
            case.message_post(
                body=self.env._("Recovery resolved: %(note)s", note=resolution),
                message_type="notification", subtype_xmlid="mail.mt_note",
            )

    # Business ------------------------------------------------------------------------

    def _cx_open_recovery(self):
        """A recovery case for each of these rated cases without one still open;
        returns the new ones. Runs as the server (the customer's rating page)."""
        cases = self.filtered(lambda c: not c.recovery_of_id and not c.anonymized)
        busy = self.search([
            ("recovery_of_id", "in", cases.ids), ("stage_kind", "!=", "closed"),
        ]).recovery_of_id
        cases -= busy
        if not cases:
            return self.browse()
        recovery_type = self.env["ir.model.data"]._xmlid_to_res_id(
            "cx_cases.cx_case_type_recovery", raise_if_not_found=False
        )
        now = fields.Datetime.now()
        vals_list = [
            case._cx_recovery_values(recovery_type, now) for case in cases
        ]
        recoveries = self.create(vals_list)
        for case, recovery in zip(cases, recoveries, strict=True):
            case.message_post(
                body=Markup("%s <a href='#' data-oe-model='cx.case' data-oe-id='%s'>%s</a>") % (
                    case._desk_env()._("Poor rating: recovery case opened"), recovery.id,
                    recovery.display_name,
                ),
                message_type="notification", subtype_xmlid="mail.mt_note",
            )
        return recoveries

    def _cx_recovery_values(self, recovery_type, now):
        self.ensure_one()
        rating = self.rating_ids.filtered("consumed").sorted("write_date")[-1:]
        calendar = self.team_id.resource_calendar_id or self.company_id.resource_calendar_id
        due = calendar and calendar._working_deadline(now, calendar.hours_per_day or 8.0)
        # Shown to the customer (portal, mails): in their language, as test drives'.
        lang_env = self.partner_id._lang_env()
        return {
            "name": lang_env._("Recovery: %(subject)s", subject=self.name)[:250],
            "recovery_of_id": self.id,
            "partner_id": self.partner_id.id,
            "team_id": self.team_id.id,
            "company_id": self.company_id.id,
            "outlet_id": self.outlet_id.id,
            "order_id": self.order_id.id,
            "vin": self.vin,
            "type_id": recovery_type or self.type_id.id,
            "priority": "2",
            "channel": "proactive",
            "date_due": due or now + timedelta(days=1),
            "description": Markup("<p>%s</p><p>%s</p>") % (
                lang_env._("Rated %(score)s/5.", score=int(rating.rating or 0)),
                rating.feedback or "",
            ),
        }

    @api.model
    def _followup_recovery_ratings(self, now):
        """Ten days after a recovery was resolved, the customer rates it."""
        cases = self.sudo().search([
            ("recovery_rating_due", "<=", now), ("recovery_rating_sent", "=", False),
            ("anonymized", "=", False), ("partner_id", "!=", False),
        ], limit=500)
        if not cases:
            return cases
        super(CxCase, cases)._send_rating_request()
        for case in cases:
            case.message_post(
                body=case._desk_env()._(
                    "Follow-up: the customer was asked to rate the recovery."
                ),
                message_type="notification", subtype_xmlid="mail.mt_note",
            )
        cases._workflow().write({"recovery_rating_sent": now})
        return cases

    @api.model
    def _cron_followup(self, batch_size=200):
        self._followup_recovery_ratings(fields.Datetime.now())
        return super()._cron_followup(batch_size=batch_size)
