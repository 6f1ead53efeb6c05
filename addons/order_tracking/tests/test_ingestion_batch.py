import random
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.order_tracking.models.vehicle_order import VehicleOrder

from .common import OrderTrackingCommon

# The factory's steps in route order, the handover (V999) last.
ROUTE = ["V200", "V250", "V260", "V300", "V333", "V334", "V335", "V336", "D002", "D003",
         "O090", "O100", "O400", "V900", "V999"]
ORDER_FIELDS = ["status_id", "status_date", "customer_status_id", "current_location_id",
                "eta_date", "state", "delivery_date", "phase", "customer_update_due"]
EVENT_FIELDS = ["planned_date", "expected_date", "actual_date", "reason", "location_id",
                "source_system", "message_date"]


@tagged("post_install", "-at_install")
class TestIngestionBatch(OrderTrackingCommon):
    """A batch is stored set-based (one read of the events it may repeat, one INSERT, one
    UPDATE, one pass over the orders): the result must be the one of the same events
    stored one at a time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.port = cls.env["vehicle.order.location"].create({
            "name": "Test Port", "code": "TPORT", "kind": "port",
        })

    def _orders(self, prefix, count):
        return self.env["vehicle.order"].concat(*(
            self._create_order(f"{prefix}-{n:04d}", self.customer_1, self.outlet_a)
            for n in range(count)
        ))

    def _ingest(self, events, source="TEST-OMS"):
        Event = self.env["vehicle.order.event"].with_user(self.integration)
        return Event._ingest(events, source=source)

    def _feed(self, orders, seed):
        """A messy feed: steps out of order, repeats, ETA moves, stale and newer messages,
        locations, rejected entries in between."""
        rng = random.Random(seed)
        events = []
        for n, order in enumerate(orders):
            reached = rng.randrange(3, len(ROUTE) - 1)
            for index, code in enumerate(ROUTE[:reached + 1]):
                event = {"order": order.name, "status": code,
                         "planned_date": self._days(index * 4 - 60).isoformat(),
                         "actual_date": self._days(index * 4 - 60 + n % 3).isoformat()}
                if code == "V336" and n % 2:
                    event["location"] = "tport"
                if n % 4 == 0:
                    event["external_id"] = f"{order.name}-{code}"
                events.append(event)
            for days, sent_at in ((40 + n, "2030-01-02T10:00:00Z"),
                                  (50 + n, "2030-01-03T10:00:00Z"),
                                  (30, "2030-01-01T10:00:00Z")):  # the last one is stale
                events.append({"order": order.name, "status": "V999",
                               "expected_date": self._days(days).isoformat(),
                               "reason": f"slot {days}", "sent_at": sent_at})
            events.append(dict(rng.choice(events)))  # a repeat
            if n % 5 == 0:
                events.append({"order": order.name, "status": "V999",
                               "actual_date": self._days(-1).isoformat()})
        events += [
            {"order": "T-NOPE", "status": "V300", "actual_date": self._days(-1).isoformat()},
            {"order": orders[0].name, "status": "V300", "actual_date": "2026-02-30"},
            {"order": orders[1].name, "status": "X999", "actual_date": self._days(-1).isoformat()},
        ]
        rng.shuffle(events)
        return events

    def _rename(self, events, old_prefix, new_prefix):
        renamed = []
        for event in events:
            event = dict(event)
            for key in ("order", "external_id"):
                if key in event:
                    event[key] = event[key].replace(old_prefix, new_prefix)
            renamed.append(event)
        return renamed

    def _state(self, orders, prefix):
        orders.invalidate_recordset()
        state = []
        for order in orders.sudo():
            events = order.event_ids.sorted(lambda e: e.status_id.sequence)
            state.append({
                **{name: order[name] for name in ORDER_FIELDS},
                "events": [
                    (e.status_id, (e.external_id or "").replace(prefix, "P"),
                     *(e[name] for name in EVENT_FIELDS))
                    for e in events
                ],
                "eta_history": order.eta_change_ids.sorted("id")[-1:].mapped("new_date"),
            })
        return state

    def test_batch_equals_one_by_one(self):
        batch_orders = self._orders("T-BATCH", 12)
        single_orders = self._orders("T-SINGLE", 12)
        feed = self._feed(batch_orders, seed=8)
        batch_verdicts = [v["verdict"] for v in self._ingest(feed)]
        single_verdicts = [
            self._ingest([event])[0]["verdict"]
            for event in self._rename(feed, "T-BATCH", "T-SINGLE")
        ]
        self.assertEqual(batch_verdicts, single_verdicts)
        self.assertEqual(batch_verdicts.count("rejected"), 3)
        self.assertIn("duplicate", batch_verdicts)
        batch_state = self._state(batch_orders, "T-BATCH")
        self.assertEqual(batch_state, self._state(single_orders, "T-SINGLE"))
        self.assertIn("delivered", [s["state"] for s in batch_state])
        self.assertIn("open", [s["state"] for s in batch_state])

    def test_rejected_entries_do_not_block_valid_ones(self):
        orders = self._orders("T-REJ", 2)
        self._ingest([{"order": orders[0].name, "status": "V300", "external_id": "E-1",
                       "actual_date": self._days(-9).isoformat()}])
        results = self._ingest([
            {"order": orders[0].name, "status": "V260", "external_id": "E-1",
             "actual_date": self._days(-8).isoformat()},  # external id of another step
            {"order": orders[1].name, "status": "V260",
             "actual_date": self._days(-8).isoformat()},
            {"order": orders[1].name, "status": "V300", "expected_date": "1999-12-31"},
            {"order": orders[0].name, "status": "V300", "external_id": "E-1",
             "actual_date": self._days(-9).isoformat()},  # a replay
            {"order": orders[1].name, "status": "V333", "actual_date": "2026-13-01"},
            {"order": orders[1].name, "status": "V333",
             "actual_date": self._days(-2).isoformat()},
        ])
        self.assertEqual([r["verdict"] for r in results], [
            "rejected", "accepted", "rejected", "duplicate", "rejected", "accepted",
        ])
        self.assertIn("E-1", results[0]["reason"])
        self.assertEqual(orders[0].status_id.code, "V300")
        self.assertEqual(orders[1].status_id.code, "V333")
        self.assertEqual(len(orders[1].sudo().event_ids), 2)

    def test_status_never_moves_back_within_and_across_batches(self):
        orders = self._orders("T-BACK", 2)
        self._ingest([
            {"order": orders[0].name, "status": "V336", "actual_date": self._days(-2).isoformat()},
            {"order": orders[0].name, "status": "V300", "actual_date": self._days(-20).isoformat()},
            {"order": orders[1].name, "status": "O100", "actual_date": self._days(-1).isoformat()},
        ])
        self._ingest([
            {"order": orders[0].name, "status": "V260", "actual_date": self._days(-30).isoformat()},
            {"order": orders[1].name, "status": "D003", "actual_date": self._days(-4).isoformat()},
        ])
        self.assertEqual(orders[0].status_id.code, "V336")
        self.assertEqual(orders[0].status_date, self._days(-2))
        self.assertEqual(orders[0].customer_status_id.code, "V336")
        # The internal step stays the status; the late visible one is the customer step.
        self.assertEqual(orders[1].status_id.code, "O100")
        self.assertEqual(orders[1].customer_status_id.code, "D003")

    def test_eta_history_per_order_in_a_batch(self):
        orders = self._orders("T-ETA", 3)
        self._ingest([{"order": order.name, "status": "V999", "reason": "confirmed",
                       "expected_date": self._days(40).isoformat()} for order in orders])
        results = self._ingest([
            {"order": orders[0].name, "status": "V999", "reason": "port congestion",
             "expected_date": self._days(52).isoformat()},
            {"order": orders[1].name, "status": "V999", "reason": "confirmed",
             "expected_date": self._days(40).isoformat()},
            {"order": orders[2].name, "status": "V999", "actual_date": self._days(0).isoformat()},
        ])
        self.assertEqual([r["verdict"] for r in results], ["accepted", "duplicate", "accepted"])
        self.assertEqual(orders.mapped("eta_date"),
                         [self._days(52), self._days(40), self._days(0)])
        self.assertEqual([len(order.eta_change_ids) for order in orders], [2, 1, 2])
        moved = orders[0].eta_change_ids.sorted("id")[-1]
        self.assertRecordValues(moved, [{
            "old_date": self._days(40), "new_date": self._days(52), "source": "TEST-OMS",
            "reason": "port congestion", "shift_days": 12,
        }])
        self.assertEqual(moved.event_id.status_id.code, "V999")
        self.assertEqual((orders[2].state, orders[2].delivery_date), ("delivered", self._days(0)))
        self.assertTrue(orders[0].customer_update_due, "queued for the notification job")

    def test_cache_follows_the_batch(self):
        """Records read before a batch show its result without an explicit refresh."""
        order = self._orders("T-CACHE", 1)
        self._ingest([{"order": order.name, "status": "V300", "reason": "first",
                       "actual_date": self._days(-5).isoformat()}])
        event = order.sudo().event_ids
        self.assertEqual((order.status_id.code, event.reason), ("V300", "first"))
        self._ingest([
            {"order": order.name, "status": "V300", "reason": "second",
             "actual_date": self._days(-5).isoformat()},
            {"order": order.name, "status": "V333", "actual_date": self._days(-1).isoformat(),
             "location": "TPORT"},
        ])
        self.assertEqual(event.reason, "second")
        self.assertEqual(len(order.sudo().event_ids), 2)
        self.assertEqual(order.sudo().event_count, 2)
        self.assertEqual((order.status_id.code, order.current_location_id), ("V333", self.port))
        self.assertEqual(order.phase, "logistics")

    def _batch(self, prefix, orders_count):
        orders = self._orders(prefix, orders_count)
        self.env.flush_all()
        return [
            {"order": order.name, "status": code, "external_id": f"{order.name}-{code}",
             "planned_date": self._days(index * 4 - 60).isoformat(),
             **({"expected_date": self._days(30 + n % 7).isoformat()} if code == "V999"
                else {"actual_date": self._days(index * 4 - 60 + n % 5).isoformat()})}
            for n, order in enumerate(orders) for index, code in enumerate(ROUTE)
        ]

    def test_batch_queries_do_not_grow_with_its_size(self):
        """60 or 510 new events (ETA and history for every order) cost the same number of
        queries: nothing is done per event or per order. (The ORM writes the fields it
        recomputes with one UPDATE per set of changed fields: the orders of both batches
        are alike.)"""
        small, large = self._batch("T-Q60", 4), self._batch("T-Q510", 34)
        self._ingest(self._batch("T-WARM", 2))  # warm the registry and ormcaches
        counts = []
        for events in (small, large):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            results = self._ingest(events)
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual({r["verdict"] for r in results}, {"accepted"})
        self.assertEqual(counts[0], counts[1], f"queries for 60 vs 510 events: {counts}")

    def test_500_event_batch_query_count(self):
        events = self._batch("T-Q500", 34)[:500]
        self._ingest(self._batch("T-WARM", 2))
        self.env.invalidate_all()
        # One of them finds the markets below the key user's companies (its market rule).
        # The ETA history is one INSERT, and the orders' reason comes with it: the
        # history is neither updated after nor read back (18 queries before). One reads
        # the key user's event sources (the batch speaks for them only).
        with self.assertQueryCount(17):
            results = self._ingest(events)
        self.assertEqual(len(results), 500)
        self.env.invalidate_all()
        with self.assertQueryCount(8):
            results = self._ingest(events)
        self.assertEqual({r["verdict"] for r in results}, {"duplicate"})

    def _handovers(self, orders, days_ago=1):
        return [{"order": order.name, "status": "V999",
                 "actual_date": self._days(-days_ago - n % 3).isoformat()}
                for n, order in enumerate(orders)]

    def _state_notes(self, order):
        """The order's tracking notes and values, every stored column but those naming
        the row or its moment."""
        self.cr.execute("""
            SELECT to_jsonb(m) - 'id' - 'res_id' - 'message_id' - 'date' - 'create_date'
                   - 'write_date',
                   to_jsonb(t) - 'id' - 'mail_message_id' - 'create_date' - 'write_date'
              FROM mail_message m JOIN mail_tracking_value t ON t.mail_message_id = m.id
             WHERE m.model = 'vehicle.order' AND m.res_id = %s
        """, [order.id])
        return self.cr.fetchall()

    def test_delivery_tracked_as_core_tracks_it(self):
        """A batch's deliveries are logged in the chatter as mail.thread's tracking
        logs a write of the state at commit (a note with the state's tracking value)."""
        orders = self._orders("T-TRK", 3)
        reference = self._orders("T-TRKREF", 1)
        self.cr.flush()  # as committed: core does not track records it created
        self._ingest(self._handovers(orders))
        self.cr.flush()  # commit-time tracking (precommit)

        def core_tracking(self, deliveries):
            for delivery_date, order_ids in deliveries.items():
                self.browse(order_ids).write({"state": "delivered",
                                              "delivery_date": delivery_date})

        with patch.object(VehicleOrder, "_mark_delivered", core_tracking):
            self._ingest(self._handovers(reference))
        self.cr.flush()
        expected = self._state_notes(reference)
        self.assertEqual(len(expected), 1)
        self.assertEqual(expected[0][1]["new_value_char"], "Delivered")
        for order in orders:
            self.assertEqual(order.state, "delivered")
            self.assertEqual(self._state_notes(order), expected)

    def test_order_created_in_the_transaction_not_tracked(self):
        """As core: an order created in the same transaction as its delivery gets no
        tracking note (mail.thread discards the tracking of new records)."""
        self.cr.flush()
        order = self._orders("T-NEWTRK", 1)
        self._ingest(self._handovers(order))
        self.cr.flush()
        self.assertEqual(order.state, "delivered")
        self.assertEqual(self._state_notes(order), [])

    def test_delivery_batch_queries_do_not_grow(self):
        """5 or 50 deliveries cost the same queries, their chatter tracking included."""
        warm = self._orders("T-DWARM", 3)
        self.cr.flush()
        self._ingest(self._handovers(warm))  # warm caches
        self.cr.flush()
        counts = []
        for count in (5, 50):
            orders = self._orders(f"T-D{count}", count)
            self.cr.flush()  # as committed: their delivery is tracked
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            results = self._ingest(self._handovers(orders))
            self.cr.flush()
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual({r["verdict"] for r in results}, {"accepted"})
        self.assertEqual(counts[0], counts[1], f"queries for 5 vs 50 deliveries: {counts}")

    def _row_writes(self):
        """{table: (rows inserted, rows updated)} by this transaction so far."""
        self.env.flush_all()
        self.env.cr.execute("""SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd
                                 FROM pg_stat_xact_user_tables
                                WHERE relname IN ('vehicle_order', 'vehicle_order_eta_change')""")
        return {table: counts for table, *counts in self.env.cr.fetchall()}

    def test_batch_writes_each_order_once(self):
        """A batch that moves orders on writes each of them once: its position and what
        the ORM recomputes from it in the same UPDATE; the ETA history lines are inserted
        complete (company, shift), not updated after. A second write of the same rows
        (their indexes, their foreign keys checked again) is what made a feed slow down
        as the database grows."""
        orders = self._orders("T-ONCE", 6)
        self._ingest([{"order": order.name, "status": "V300", "reason": "confirmed",
                       "actual_date": self._days(-9).isoformat(),
                       "expected_date": self._days(30).isoformat()} for order in orders])
        before = self._row_writes()
        results = self._ingest([event for n, order in enumerate(orders) for event in (
            {"order": order.name, "status": "V333", "actual_date": self._days(-2).isoformat()},
            {"order": order.name, "status": "V999", "reason": "port congestion",
             "expected_date": self._days(40 + n).isoformat()},
        )])
        after = self._row_writes()
        self.assertEqual({r["verdict"] for r in results}, {"accepted"})
        self.assertEqual([(o.status_id.code, o.phase, o.eta_reason) for o in orders],
                         [("V333", "logistics", "port congestion")] * 6)
        self.assertEqual([o.eta_date for o in orders], [self._days(40 + n) for n in range(6)])
        self.assertEqual(after["vehicle_order"][1] - before["vehicle_order"][1], 6,
                         "each order updated once")
        self.assertEqual(
            (after["vehicle_order_eta_change"][0] - before["vehicle_order_eta_change"][0],
             after["vehicle_order_eta_change"][1] - before["vehicle_order_eta_change"][1]),
            (6, 0), "six history lines inserted, none updated",
        )

    def test_eta_history_as_the_orm_computes_it(self):
        """The history lines stored set-based hold what the ORM computes (the order's
        market, the shift), and the orders' ETA reason is the one ``_compute_eta_reason``
        finds in their history (a move without a reason keeps the last one given)."""
        orders = self._orders("T-ETAORM", 8)
        self._ingest(self._feed(orders, seed=3))
        self._ingest([{"order": order.name, "status": "V999",
                       "expected_date": self._days(70 + n).isoformat()}
                      for n, order in enumerate(orders) if n % 2])
        self.env.flush_all()
        changes = orders.sudo().eta_change_ids
        self.assertGreater(len(changes), len(orders) + 2, "moves with and without a reason")
        self.assertTrue(all(order.eta_reason for order in orders))
        stored = [(c.company_id, c.shift_days) for c in changes]
        reasons = [order.eta_reason for order in orders]
        Change = self.env["vehicle.order.eta.change"]
        self.env.add_to_compute(Change._fields["company_id"], changes)
        self.env.add_to_compute(Change._fields["shift_days"], changes)
        self.env.add_to_compute(orders._fields["eta_reason"], orders)
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual([(c.company_id, c.shift_days) for c in changes], stored)
        self.assertEqual([c.company_id for c in changes], [c.order_id.company_id for c in changes])
        self.assertEqual([order.eta_reason for order in orders], reasons)

    def test_orders_moved_in_place(self):
        """The columns a batch changes on its orders (status, phase, customer update due,
        ETA...) are not indexed, and the table leaves room on its pages: PostgreSQL updates
        the orders in place (HOT), without a new entry in each of the table's indexes."""
        orders = self._orders("T-HOT", 4)
        before = self._row_writes()
        self._ingest([{"order": order.name, "status": "V333",
                       "actual_date": self._days(-2).isoformat()} for order in orders])
        after = self._row_writes()
        updated = after["vehicle_order"][1] - before["vehicle_order"][1]
        in_place = after["vehicle_order"][2] - before["vehicle_order"][2]
        self.assertEqual([o.phase for o in orders], ["logistics"] * 4)
        self.assertEqual((updated, in_place), (4, 4))
