from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.dealer_profile.tools.bulk_mail import array_param, insert_rows, log_notes

# What cx.case's create stores for a planned outbound case besides the values the
# planner gives (defaults and stored computes of a new, unassigned case without an
# SLA policy). test_courtesy_bulk.py compares every stored column with the ORM's.
PLANNED_CASE_DEFAULTS = {
    "active": True,
    "priority": "1",
    "kanban_state": "normal",
    "first_contact_resolution": False,
    "rating_last_value": 0.0,
    "sla_first_response_hours": 0.0,
    "sla_resolution_hours": 0.0,
    "sla_success": 0.0,
}
# The stored fields whose Python constraints run on the inserted cases, as create does
# (texts, VIN). The order's customer check (_check_order_customer) holds by
# construction: a planned case's customer is its order's.
CHECKED_FIELDS = ["name", "description", "vin", "email_from", "partner_phone"]


class CxCase(models.Model):
    """Cases planned by the hundred (a feed's deliveries): inserted set-based with what
    cx.case's create, mail.thread (creation note, followers) and mail.activity's
    create would store, a fixed number of queries for any number of cases."""

    # One concern per file on purpose (cx_case.py holds the case itself).
    _inherit = "cx.case"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _cx_insert_cases(self, vals_list):
        """Insert outbound cases (no SLA policy: the channel is ``proactive``) given as
        column values (the planner's, stored computes included: customer's company,
        email and phone, VIN and outlet of the order), as ``create`` would: number,
        default stage, opening date, creation note, creator and auto-subscribed
        followers. Each of ``vals_list`` gets its case's ``number``. The caller runs
        ``_cx_after_bulk_insert`` once it added its own rows."""
        assert all(vals["channel"] == "proactive" for vals in vals_list)
        stage = self._default_stage()
        stamp = self.env.cr.now()
        common = dict(
            PLANNED_CASE_DEFAULTS, stage_id=stage.id, stage_kind=stage.kind,
            date_open=fields.Datetime.now(), create_uid=self.env.uid,
            write_uid=self.env.uid, create_date=stamp, write_date=stamp,
        )
        for vals, number in zip(vals_list, self._next_numbers(len(vals_list)), strict=True):
            vals["number"] = number
        rows = [dict(common, **vals) for vals in vals_list]
        case_ids = [case_id for case_id, in insert_rows(self, rows)]
        cases = self.browse(case_ids)
        cases._cx_bulk_followers(rows)
        cases._cx_bulk_creation_note(rows)
        return cases

    def _cx_bulk_creation_note(self, rows):
        """The note mail.thread's create logs (``_message_log_batch``), in one insert,
        in the desk's language (``_desk_env``)."""
        if self.env.context.get("mail_create_nolog") or not self:
            return
        first = self[:1]
        if first._creation_subtype():
            # Posted (notified) creation messages are not what a bulk insert mimics.
            for case in self:
                case.sudo().message_post(
                    subtype_id=case._creation_subtype().id,
                    author_id=self.env.user.partner_id.id,
                    body=Markup('<div summary="o_mail_notification"><p>%s</p></div>')
                    % case._creation_message(),
                )
            return
        # In the desk's language: the feed that delivered the cars speaks nobody's.
        # Read per team and market of the rows: the cases' own fields are not loaded.
        bodies, by_desk = {}, {}
        for case, row in zip(self, rows, strict=True):
            desk = (row.get("team_id"), row["company_id"])
            if desk not in by_desk:
                desk_env = self._desk_env_of(self.env["cx.case.team"].browse(desk[0]),
                                             self.env["res.company"].browse(desk[1]))
                by_desk[desk] = first.with_env(desk_env)._creation_message()
            bodies[case.id] = by_desk[desk]
        log_notes(self, bodies)

    def _cx_bulk_followers(self, rows):
        """The followers mail.thread's create subscribes: the creator (an active
        internal user) and those of ``_message_auto_subscribe_followers`` (the
        outlet's Space manager), with the default subtypes."""
        Subtype = self.env["mail.message.subtype"]
        _child, default_ids, _internal, _parent, relation = (
            Subtype._get_auto_subscription_subtypes(self._name)
        )
        followers = defaultdict(dict)
        user = self.env.user
        if not self.env.context.get("mail_create_nosubscribe") and user.active and not user.share:
            default, _internal, _external = Subtype.default_subtypes(self._name)
            for case in self:
                followers[case.id][user.partner_id.id] = set(default.ids)
        if relation:
            # Parent records' followers (subtypes with a relation field): mail.thread's
            # own path, per case.
            for case, row in zip(self, rows, strict=True):
                case._message_auto_subscribe(row, followers_existing_policy="update")
        else:
            # The auto-subscribed followers depend on the outlet only (no assignee).
            self.env["dealer.outlet"].sudo().browse(
                {row["outlet_id"] for row in rows if row.get("outlet_id")}
            ).fetch(["manager_partner_id"])
            by_outlet = {}
            for case, row in zip(self, rows, strict=True):
                key = (row.get("outlet_id"), row.get("order_id") if not row.get("outlet_id")
                       else None)
                if key not in by_outlet:
                    by_outlet[key] = self._message_auto_subscribe_followers(
                        {"outlet_id": key[0], "order_id": key[1]}, default_ids
                    )
                for partner_id, subtype_ids, _template in by_outlet[key]:
                    followers[case.id].setdefault(partner_id, set()).update(subtype_ids or ())
        self._cx_insert_followers(followers)

    @api.model
    def _cx_insert_followers(self, followers):
        """Insert ``{case id: {partner id: subtype ids}}`` (new followers only)."""
        pairs = [(case_id, partner_id) for case_id, partners in followers.items()
                 for partner_id in partners]
        if not pairs:
            return
        inserted = insert_rows(self.env["mail.followers"], [
            {"res_model": self._name, "res_id": case_id, "partner_id": partner_id}
            for case_id, partner_id in pairs
        ], returning=("id", "res_id", "partner_id"))
        links = [(follower_id, subtype_id) for follower_id, case_id, partner_id in inserted
                 for subtype_id in sorted(followers[case_id][partner_id])]
        if links:
            self.env.execute_query(SQL(
                "INSERT INTO mail_followers_mail_message_subtype_rel "
                "(mail_followers_id, mail_message_subtype_id) "
                "SELECT unnest(%s::int4[]), unnest(%s::int4[])",
                array_param([f for f, _s in links], "int4"),
                array_param([s for _f, s in links], "int4"),
            ))

    def _cx_insert_activities(self, vals_list):
        """Insert activities on these cases (``res_id`` in each of ``vals_list``, with
        its stored ``res_name`` and ``user_tz``) as mail.activity's create does with
        mail_activity_quick_update (no assignment mail): the assignees follow the cases
        and their to-do counter moves for what is due today."""
        if not vals_list:
            return self.env["mail.activity"]
        Activity = self.env["mail.activity"].sudo()
        stamp = self.env.cr.now()
        common = {
            "active": True, "res_model": self._name,
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "create_uid": self.env.uid, "write_uid": self.env.uid,
            "create_date": stamp, "write_date": stamp,
        }
        rows = [dict(common, **vals) for vals in vals_list]
        for row in rows:
            row["note"] = Activity._fields["note"].convert_to_column(row.get("note"), Activity)
        activity_ids = [activity_id for activity_id, in insert_rows(Activity, rows)]
        users = self.env["res.users"].sudo().browse({row["user_id"] for row in rows})
        Subtype = self.env["mail.message.subtype"]
        default, _internal, external = Subtype.default_subtypes(self._name)
        followers = defaultdict(dict)
        existing = set(self.env.execute_query(SQL(
            "SELECT res_id, partner_id FROM mail_followers WHERE res_model = %s "
            "AND res_id = ANY(%s) AND partner_id = ANY(%s)",
            self._name, [row["res_id"] for row in rows], users.partner_id.ids,
        )))
        partner_of = {user.id: user.partner_id for user in users}
        for row in rows:
            partner = partner_of[row["user_id"]]
            if (row["res_id"], partner.id) not in existing:
                subtypes = external if partner.partner_share else default
                followers[row["res_id"]][partner.id] = set(subtypes.ids)
        self._cx_insert_followers(followers)
        today = fields.Date.today()
        due = defaultdict(int)
        for row in rows:
            if row["date_deadline"] <= today:
                due[row["user_id"]] += 1
        for user_id, count in due.items():
            users.browse(user_id)._bus_send(
                "mail.activity/updated", {"activity_created": True, "count_diff": count}
            )
        return Activity.browse(activity_ids)

    def _cx_after_bulk_insert(self):
        """What follows create once the rows are in: caches forget what the inserts
        changed, the cases' constraints run, and routing assigns the routable ones."""
        self.env.invalidate_all()
        self._validate_fields(CHECKED_FIELDS)
        self._cx_route()
