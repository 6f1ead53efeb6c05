"""Courtesy calls planned set-based (cx_case_bulk.py) store what the ORM path stores."""

from datetime import date, datetime, timedelta
from unittest.mock import patch

import pytz

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.dealer_profile.tests.test_i18n import load_language

from ..models.vehicle_order import CourtesyTexts, VehicleOrder
from .common import CxCommon

# Columns that name the row itself or its moment, not what was planned.
IDENTITY = {
    "id", "number", "order_id", "res_id", "res_name", "message_id", "date_open", "date",
    "create_date", "write_date",
    # The ORM's flush of the cases' stored computes writes them as superuser.
    "write_uid",
}


@tagged("post_install", "-at_install")
class TestCourtesyBulk(CxCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_language(cls.env, "nl_NL", ["cx_cases"])
        cls.market_a.cx_courtesy_call_days = 14
        cls.market_b.cx_courtesy_call_days = 7
        cls.customer.partner_id.lang = "nl_NL"
        # Text the sanitizer rewrites: its script is rendered on its own.
        cls.customer_b = cls.env["res.partner"].create({
            "name": "Seán O'Brien & <Sons>", "email": "sean@obrien.example.com",
            "phone": "+32 470 12 34 56", "lang": "en_US",
        })
        cls.v999 = cls.env["vehicle.order.status"].search([("code", "=", "V999")])
        cls.integration_feed = cls._new_user(
            "test_feed_courtesy", "order_tracking.group_order_tracking_integration",
            cls.market_a, cls.market_a | cls.market_b,
        )

    def _orders(self, count, partner, outlet, model="Aurora Polaris 4"):
        return self.env["vehicle.order"].create([{
            "partner_id": partner.id, "outlet_id": outlet.id, "vehicle_model": model,
            "order_date": date(2029, 10, 1),
        } for _n in range(count)])

    def _deliver(self, orders, day=None):
        """Handover events for ``orders`` through the feed's upsert, as the API stores
        them (the integration user's batch, three delivery days unless ``day``)."""
        Event = self.env["vehicle.order.event"].with_user(self.integration_feed).sudo()
        Event._upsert([Event._normalize_vals({
            "order_id": order.id, "status_id": self.v999.id, "source_system": "TEST-FACTORY",
            "actual_date": day or date(2030, 1, 2 + n % 3),
        }) for n, order in enumerate(orders)])
        self.env.flush_all()

    def _deliver_by_orm(self, order):
        """The planning as the ORM path did it before the set-based one: cx.case's
        create and mail.activity's create."""
        order_date = date(2030, 1, 4)
        with patch.object(VehicleOrder, "_cx_plan_courtesy_calls", lambda self: None):
            self._deliver(order, order_date)
        env = self.env(user=self.integration_feed)
        order = order.with_env(env).sudo()
        customer_env = order.partner_id._lang_env()
        team = env["cx.case.team"].sudo()._team_for(order.company_id)
        due = order._cx_courtesy_due(
            team.resource_calendar_id,
            order_date + timedelta(days=order.company_id.cx_courtesy_call_days),
        )
        case = env["cx.case"].sudo().with_context(mail_create_nosubscribe=True).create([{
            "name": CourtesyTexts(order, customer_env).subject(order.vehicle_model),
            "description": order._cx_courtesy_call_script(customer_env, order_date),
            "partner_id": order.partner_id.id, "order_id": order.id,
            "outlet_id": order.outlet_id.id, "channel": "proactive",
            "type_id": self.env.ref("cx_cases.cx_case_type_courtesy_call").id,
            "team_id": team.id, "company_id": order.company_id.id, "date_due": due,
        }])
        if team.supervisor_id:
            activity_type = self.env.ref("cx_cases.mail_activity_type_call")
            tz = pytz.timezone(team.resource_calendar_id.tz or "UTC")
            env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create({
                "activity_type_id": activity_type.id, "summary": "Courtesy call",
                "automated": True, "note": activity_type.default_note,
                "date_deadline": pytz.utc.localize(case.date_due).astimezone(tz).date(),
                "res_model_id": self.env["ir.model"]._get_id("cx.case"), "res_id": case.id,
                "user_id": team.supervisor_id.id,
            })
        self.env.flush_all()

    def _stored(self, order):
        """Every stored column of the order's courtesy case, its notes, activities and
        followers (with their subtypes), as PostgreSQL holds them."""
        cr = self.env.cr
        cr.execute("SELECT to_jsonb(c) FROM cx_case c WHERE c.order_id = %s", [order.id])
        [(case,)] = cr.fetchall()
        rows = {"case": case}
        for key, query in (
            ("messages", "SELECT to_jsonb(m) FROM mail_message m WHERE m.model = 'cx.case' "
                         "AND m.res_id = %s ORDER BY m.id"),
            ("activities", "SELECT to_jsonb(a) FROM mail_activity a "
                           "WHERE a.res_model = 'cx.case' AND a.res_id = %s ORDER BY a.id"),
        ):
            cr.execute(query, [case["id"]])
            rows[key] = [row for row, in cr.fetchall()]
        cr.execute("""
            SELECT f.partner_id, array_agg(r.mail_message_subtype_id ORDER BY 1)
              FROM mail_followers f
              JOIN mail_followers_mail_message_subtype_rel r ON r.mail_followers_id = f.id
             WHERE f.res_model = 'cx.case' AND f.res_id = %s
          GROUP BY f.partner_id ORDER BY f.partner_id
        """, [case["id"]])
        rows["followers"] = cr.fetchall()
        return rows

    def _planned(self, rows):
        """``rows`` without the columns that name the row or its moment."""
        def strip(row):
            return {key: value for key, value in row.items() if key not in IDENTITY}
        return {
            "case": strip(rows["case"]),
            "messages": [strip(row) for row in rows["messages"]],
            "activities": [strip(row) for row in rows["activities"]],
            "followers": rows["followers"],
        }

    def test_bulk_stores_what_the_orm_stores(self):
        """Two markets, two languages, a customer name the sanitizer rewrites: each
        case planned in a batch has the columns, note, activity and followers the ORM
        path gives the same order (all stored columns compared)."""
        batch_a = self._orders(3, self.customer.partner_id, self.outlet_a)
        batch_b = self._orders(3, self.customer_b, self.outlet_b)
        self._deliver(batch_a | batch_b, day=date(2030, 1, 4))
        for batch, partner, outlet in ((batch_a, self.customer.partner_id, self.outlet_a),
                                       (batch_b, self.customer_b, self.outlet_b)):
            reference = self._orders(1, partner, outlet)
            self._deliver_by_orm(reference)
            expected = self._planned(self._stored(reference))
            self.assertTrue(expected["messages"] and expected["followers"])
            for order in batch:
                with self.subTest(order=order.name):
                    self.assertEqual(self._planned(self._stored(order)), expected)

    def test_bulk_values(self):
        """What the planned cases hold, per market: team, due date at the team's first
        working hour, the subject and script in the customer's language, the creation
        note, the supervisor's call on their due day and the followers."""
        order_a = self._orders(1, self.customer.partner_id, self.outlet_a)
        order_b = self._orders(1, self.customer_b, self.outlet_b, model="Aurora Nova")
        self._deliver(order_a | order_b, day=date(2030, 1, 4))
        case_a, case_b = order_a.cx_case_ids, order_b.cx_case_ids
        # Friday 4 January + 14 days: Friday 18 January, 8:00 (NL hours, UTC).
        self.assertEqual(case_a.date_due, datetime(2030, 1, 18, 8, 0))
        self.assertEqual((case_a.team_id, case_a.company_id), (self.team_a, self.market_a))
        self.assertEqual(case_a.name, "Nabelgesprek: Aurora Polaris 4 afgeleverd")
        self.assertIn("<strong>Belscript</strong>", case_a.description)
        self.assertIn("4 januari 2030", case_a.description)
        # + 7 days: Friday 11 January, 9:00 (B hours).
        self.assertEqual(case_b.date_due, datetime(2030, 1, 11, 9, 0))
        self.assertEqual((case_b.team_id, case_b.company_id), (self.team_b, self.market_b))
        self.assertEqual(case_b.name, "Courtesy call: Aurora Nova delivered")
        self.assertIn("Seán O'Brien &amp; &lt;Sons&gt;", case_b.description)
        for case in case_a | case_b:
            self.assertEqual(case.stage_id, self.stage["new"])
            self.assertEqual(case.type_id, self.env.ref("cx_cases.cx_case_type_courtesy_call"))
            self.assertEqual((case.channel, case.priority), ("proactive", "1"))
            self.assertFalse(case.sla_policy_id)
            self.assertTrue(case.number.startswith("CX"))
            self.assertEqual(case.create_uid, self.integration_feed)
            note = case.message_ids
            self.assertEqual(len(note), 1)
            self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
            self.assertEqual(note.author_id, self.integration_feed.partner_id)
            self.assertIn("created", note.body)
        activity = case_a.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id,
                         self.env.ref("cx_cases.mail_activity_type_call"))
        self.assertEqual((activity.user_id, activity.date_deadline),
                         (self.supervisor_a, date(2030, 1, 18)))
        self.assertEqual(activity.res_name, case_a.display_name)
        self.assertFalse(case_b.activity_ids, "team B has no supervisor")
        # The feed's user is not internal: it does not follow what it creates.
        self.assertTrue(self.integration_feed.share)
        self.assertEqual(case_a.message_partner_ids,
                         self.supervisor_a.partner_id | self.outlet_a.manager_partner_id)
        self.assertEqual(case_b.message_partner_ids, self.outlet_b.manager_partner_id)

    def test_supervisor_reads_the_call_in_their_language(self):
        """The feed (English) plans the Dutch supervisor's to-do in Dutch."""
        self.supervisor_a.lang = "nl_NL"
        order = self._orders(1, self.customer.partner_id, self.outlet_a)
        self._deliver(order, day=date(2030, 1, 4))
        self.assertEqual(self.integration_feed.lang, "en_US")
        self.assertEqual(order.cx_case_ids.activity_ids.summary, "Nabelgesprek")

    def test_creation_note_in_the_desks_language(self):
        """The feed (English) creates the Dutch desk's cases: their note reads Dutch."""
        load_language(self.env, "nl_NL", ["mail"])
        self.market_a.partner_id.lang = "nl_NL"
        order = self._orders(1, self.customer.partner_id, self.outlet_a)
        self._deliver(order, day=date(2030, 1, 4))
        case = order.cx_case_ids
        self.assertEqual(str(case.message_ids.body),
                         f"<p>{case.with_context(lang='nl_NL')._creation_message()}</p>")
        self.assertNotIn("created", case.message_ids.body)

    def test_desk_clerk_does_not_follow_the_call(self):
        """An order desk clerk who records a handover by hand (an internal user, unlike
        the feed) plans the courtesy call for the team: the clerk does not follow the
        case, so its replies do not land in the clerk's inbox."""
        clerk = self._new_user("test_desk_courtesy", "order_tracking.group_order_tracking_user",
                               self.market_a)
        order = self._orders(1, self.customer.partner_id, self.outlet_a)
        self.env["vehicle.order.event"].with_user(clerk).create({
            "order_id": order.id, "status_id": self.v999.id, "actual_date": date(2030, 1, 4),
        })
        self.env.flush_all()
        case = order.cx_case_ids
        self.assertEqual(len(case), 1)
        self.assertEqual(case.create_uid, clerk)
        self.assertEqual(case.message_partner_ids,
                         self.supervisor_a.partner_id | self.outlet_a.manager_partner_id)

    def test_resent_delivery_plans_nothing(self):
        orders = self._orders(4, self.customer.partner_id, self.outlet_a)
        self._deliver(orders)
        cases = orders.cx_case_ids
        self.assertEqual(len(cases), 4)

        def counts():
            self.env.cr.execute("""
                SELECT (SELECT count(*) FROM cx_case),
                       (SELECT count(*) FROM mail_message WHERE model = 'cx.case'),
                       (SELECT count(*) FROM mail_activity WHERE res_model = 'cx.case'),
                       (SELECT count(*) FROM mail_followers WHERE res_model = 'cx.case')
            """)
            return self.env.cr.fetchone()

        before = counts()
        self._deliver(orders)
        orders._cx_plan_courtesy_calls()
        self.env.flush_all()
        self.assertEqual(counts(), before)

    def test_due_calls_move_the_supervisor_counter(self):
        """As mail.activity's create: the supervisor's to-do counter moves (bus) by the
        calls due today or before, in one notification."""
        late = self._orders(2, self.customer.partner_id, self.outlet_a)
        Bus = self.env["bus.bus"].sudo()
        self.cr.flush()
        last = Bus.search([], order="id desc", limit=1).id
        self._deliver(late, day=date(2020, 1, 6))
        self._deliver(self._orders(1, self.customer.partner_id, self.outlet_a),
                      day=date(2030, 1, 4))
        self.cr.flush()  # bus notifications are stored at precommit
        notes = Bus.search([("id", ">", last), ("message", "like", "mail.activity/updated")])
        self.assertEqual(len(notes), 1, notes.mapped("message"))
        self.assertIn('"count_diff":2', notes.message)
        self.assertIn(f'"res.partner",{self.supervisor_a.partner_id.id}', notes.channel)
        self.assertEqual(len(late.cx_case_ids.activity_ids.filtered(
            lambda a: a.user_id == self.supervisor_a)), 2)

    def test_case_constraints_still_run(self):
        """The inserted cases go through cx.case's constraints as created ones do: a
        subject over 500 characters is refused (the ORM path refused it too)."""
        order = self._orders(1, self.customer.partner_id, self.outlet_a, model="X" * 600)
        with self.assertRaisesRegex(ValidationError, "Subject is too long"), self.cr.savepoint():
            self._deliver(order)

    def _batch_queries(self, count, expected):
        orders = self._orders(count, self.customer.partner_id, self.outlet_a)
        self.cr.flush()  # as committed: the orders' delivery is tracked in their chatter
        self.env.invalidate_all()
        with self.assertQueryCount(expected):
            self._deliver(orders)
            self.cr.flush()  # the orders' chatter tracking (precommit) included
        self.assertEqual(len(orders.cx_case_ids), count)

    def test_batch_queries_do_not_grow(self):
        """5 or 50 deliveries (three days, one market): the same queries, the
        courtesy planning included."""
        warm = self._orders(3, self.customer.partner_id, self.outlet_a)
        self.cr.flush()
        self._deliver(warm)  # warm caches
        self.cr.flush()
        self._batch_queries(5, 38)
        self._batch_queries(50, 38)
