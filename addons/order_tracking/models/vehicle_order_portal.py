import logging
from datetime import timedelta

import pytz
from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import fields, models
from odoo.tools import SQL, format_date, format_time

from .vehicle_order_location import web_url

_logger = logging.getLogger(__name__)

# The language's own long date ("24. januar 2027" in Norwegian, "24 januari 2027" in
# Dutch, "January 24, 2027" in US English), never a pattern fixed for every language.
DATE_FORMAT = "long"
PORTAL_STATUS_FIELDS = ["sequence", "customer_visible", "customer_label", "customer_explanation",
                        "dealer_label", "dealer_explanation", "is_handover"]
PORTAL_EVENT_FIELDS = ["status_id", "planned_date", "expected_date", "actual_date"]
PORTAL_TASK_FIELDS = ["order_id", "sequence", "kind", "state", "due_date", "answer",
                      "payment_method", "done_date"]


class VehicleOrderPortalMixin(models.AbstractModel):
    """What the portal shows of an order (mixed into vehicle.order). Only customer labels
    and explanations of customer-visible steps leave these helpers: never a code or an
    internal name."""

    _name = "vehicle.order.portal.mixin"
    _description = "Vehicle Order Portal Helpers"

    def _portal_date(self, value):
        return format_date(self.env, value, date_format=DATE_FORMAT) if value else ""

    def _portal_own_open_domain(self, user):
        """The open orders a portal user bought (not those of the outlets they manage)."""
        return [("commercial_partner_id", "=", user.commercial_partner_id.id),
                ("state", "=", "open")]

    def _portal_mark_seen(self, user):
        """Remember the ETA a customer saw, to tell them next time whether it moved.

        Bookkeeping written in its own short transaction and given up on a conflict
        (two tabs of the same customer): a page view never waits for, nor is retried
        because of, this write."""
        if user._is_public() or not user.share:
            return
        updates = [
            (order.eta_date, order.id) for order in self.sudo()
            if order.commercial_partner_id == user.commercial_partner_id
            and order.portal_seen_eta_date != order.eta_date
        ]
        if not updates:
            return
        try:
            with self.env.registry.cursor() as cr:
                for eta_date, order_id in updates:
                    cr.execute(SQL(
                        "UPDATE vehicle_order SET portal_seen_eta_date = %s WHERE id = %s",
                        eta_date, order_id,
                    ))
        except (SerializationFailure, LockNotAvailable):
            _logger.debug("Seen ETA of orders %s not saved: concurrent update", updates)
        self.invalidate_recordset(["portal_seen_eta_date"])

    def _portal_step(self, status, dealer=False):
        """A step in the customer's words, or in the outlet's (``dealer``): the outlet
        reads "on its way to the outlet" where the customer reads "to your dealer"."""
        if not (status and status.customer_visible):
            return None
        return {
            "label": (dealer and status.dealer_label) or status.customer_label or "",
            "explanation": (dealer and status.dealer_explanation)
            or status.customer_explanation or "",
        }

    def _portal_visible_statuses(self):
        # Everything a page reads of a step, in the query that finds the steps.
        return self.env["vehicle.order.status"].sudo().search_fetch(
            [("customer_visible", "=", True)], PORTAL_STATUS_FIELDS,
        )

    def _portal_cards(self, visible=None, viewer=None, dealer=False):
        """One card per order: current and next step in customer words, ETA and whether
        it moved since the customer's last visit. The outlet's words (``dealer``, or for
        the orders a ``viewer`` did not buy) where an outlet looks at a customer's order."""
        cards = []
        orders = self.sudo()
        visible = visible if visible is not None else self._portal_visible_statuses()
        own = viewer.commercial_partner_id if viewer else None
        for order in orders:
            current = order.customer_status_id
            following = visible.filtered(lambda s, c=current: s.sequence > (c.sequence or -1))
            moved = order._eta_moved_since_last_visit()
            words = dealer or bool(viewer and order.commercial_partner_id != own)
            cards.append({
                "order": order,
                "name": order.name,
                "model": order.vehicle_model,
                "state": order.state,
                "current": order._portal_step(current, words),
                "next": order._portal_step(following[:1], words),
                "eta": order._portal_date(order.eta_date),
                "eta_moved": moved,
                "eta_previous": order._portal_date(order.portal_seen_eta_date) if moved else "",
                # No token: dealers list their outlets' orders with these cards.
                "url": order.access_url,
                "ordered": order._portal_date(order.order_date),
            })
        return cards

    def _portal_home_notices(self):
        by_order = self.env["vehicle.order.notice"]._current_for(self.sudo())
        notices = self.env["vehicle.order.notice"].sudo()
        for order_notices in by_order.values():
            notices |= order_notices
        return notices

    def _portal_events(self):
        """The order's events with the fields its page shows, in one query."""
        self.ensure_one()
        return self.env["vehicle.order.event"].sudo().search_fetch(
            [("order_id", "=", self.id)], PORTAL_EVENT_FIELDS,
        )

    def _portal_timeline(self, statuses=None, events=None, dealer=False):
        """Every customer-visible step with its planned, expected and actual dates."""
        self.ensure_one()
        order = self.sudo()
        statuses = statuses if statuses is not None else self._portal_visible_statuses()
        events = events if events is not None else order._portal_events()
        events = {event.status_id.id: event for event in events}
        current_sequence = order.customer_status_id.sequence if order.customer_status_id else -1
        sequences = [status.sequence for status in statuses]
        # On a phone only the last step done, the current one and the next show at first.
        done = [seq for seq in sequences if seq < current_sequence]
        upcoming = [seq for seq in sequences if seq > current_sequence]
        near = {*done[-1:], current_sequence, *upcoming[:1]}
        steps = []
        for status in statuses:
            event = events.get(status.id)
            if status.sequence < current_sequence:
                state = "done"
            elif status.sequence == current_sequence:
                state = "current"
            else:
                state = "upcoming"
            steps.append({
                **order._portal_step(status, dealer),
                "state": state,
                "near": status.sequence in near,
                "planned": order._portal_date(event.planned_date) if event else "",
                "expected": order._portal_date(event.expected_date) if event else "",
                "actual": order._portal_date(event.actual_date) if event else "",
                "is_handover": status.is_handover,
            })
        return steps

    def _portal_eta_history(self):
        """The ETA history in plain words, newest first."""
        self.ensure_one()
        lines = []
        changes = self.env["vehicle.order.eta.change"].sudo().search_fetch(
            [("order_id", "=", self.id)], ["old_date", "new_date", "changed_at", "reason",
                                           "shift_days"],
        )
        for change in changes:
            new = self._portal_date(change.new_date)
            if change.old_date:
                text = self.env._(
                    "moved from %(old)s to %(new)s", old=self._portal_date(change.old_date),
                    new=new,
                )
            else:
                text = self.env._("first expected on %(new)s", new=new)
            lines.append({
                "when": self._portal_date(fields.Date.to_date(change.changed_at)),
                "text": text,
                "reason": change.reason or "",
                "later": change.shift_days > 0,
            })
        return lines

    def _portal_location(self):
        self.ensure_one()
        location = self.sudo().current_location_id
        if not location:
            return None
        return {
            "name": location.name,
            "description": location.description or "",
            "kind": dict(location._fields["kind"]._description_selection(self.env)).get(
                location.kind
            ),
            "has_image": bool(location.image),
            "map_url": location.map_url,
            "live_stream_url": web_url(location.live_stream_url, schemes=("https",))
            if self.state == "open" else False,
        }

    def _portal_slot_label(self, slot):
        # The outlet's hours, else the reader's time zone (the market's for a visitor
        # of the customer's link: the context's, which env.user.tz ignored).
        tz = self.sudo().outlet_id.resource_calendar_id.tz
        local = pytz.utc.localize(slot).astimezone(pytz.timezone(tz) if tz else self.env.tz)
        day = format_date(self.env, local.date(), date_format="full")
        return f"{day}, {format_time(self.env, local.time(), time_format='HH:mm')}"

    def _portal_handover_address(self):
        """Where the car is handed over: the outlet's name and address on one line."""
        outlet = self.sudo().outlet_id
        parts = [outlet.name, outlet.street, outlet.street2,
                 " ".join(filter(None, [outlet.zip, outlet.city]))]
        return ", ".join(part for part in parts if part)

    def _portal_handover_ics(self):
        """The booked handover as an iCalendar file (RFC 5545) for the customer's
        calendar: one hour at the outlet, with its address."""
        self.ensure_one()
        order = self.sudo()
        start = order.handover_datetime
        stamp = fields.Datetime.now()

        def text(value):
            return (value or "").replace("\\", "\\\\").replace(";", "\\;").replace(
                ",", "\\,").replace("\n", "\\n")

        def utc(value):
            return value.strftime("%Y%m%dT%H%M%SZ")

        summary = self.env._("Handover of your %(model)s", model=order.vehicle_model)
        lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//OEM Retail Suite//Order Tracking//EN",
            "METHOD:PUBLISH", "BEGIN:VEVENT",
            f"UID:vehicle-order-{order.id}-handover@{self.env.cr.dbname}",
            f"DTSTAMP:{utc(stamp)}", f"DTSTART:{utc(start)}",
            f"DTEND:{utc(start + timedelta(hours=1))}",
            f"SUMMARY:{text(summary)}",
            f"LOCATION:{text(order._portal_handover_address())}",
            f"DESCRIPTION:{text(self.env._('Order %(order)s', order=order.name))}",
            "END:VEVENT", "END:VCALENDAR",
        ]
        return "\r\n".join(lines) + "\r\n"

    def _portal_forecast(self, visible=None, events=None, dealer=False):
        """Our forecast from learned lead times, beside the factory's date; it replaces
        the factory's date once that date has passed without the car being delivered."""
        self.ensure_one()
        forecast = self.env["vehicle.order.lead.time"]._forecast(self, visible, events)
        if not forecast:
            return None
        median_date, p90_date, legs = forecast
        today = fields.Date.context_today(self)
        order = self.sudo()  # the caller's access was checked; no second rule query
        if order.state != "open" or (order.eta_date and today <= order.eta_date
                                     and not median_date <= order.eta_date <= p90_date):
            # Beside a factory's date outside our range, "at the latest 28 Dec" next to
            # "expected 29 Dec" contradicts it: the factory's date stands alone until it
            # has passed; a delivered car has no forecast.
            return None
        return {
            "median": self._portal_date(median_date),
            "p90": self._portal_date(p90_date),
            "replaces_factory_date": bool(self.eta_date and self.eta_date < today),
            "legs": [
                self.env._(
                    "%(from)s → %(to)s: usually %(median)s days (at most %(p90)s)",
                    **{"from": self._portal_step(leg.from_status_id, dealer)["label"],
                       "to": self._portal_step(leg.to_status_id, dealer)["label"],
                       "median": round(leg.median_days), "p90": round(leg.p90_days)},
                )
                for leg in legs
            ],
        }

    def _portal_page_values(self, dealer=False):
        """What the order page shows; in the outlet's words for ``dealer``."""
        self.ensure_one()
        order = self.sudo()
        # The steps first: the order's current step is then read with them.
        visible = self._portal_visible_statuses()
        events = order._portal_events()
        tasks = self.env["vehicle.order.task"].sudo().search_fetch(
            [("order_id", "=", order.id)], PORTAL_TASK_FIELDS,
        )
        notices = self.env["vehicle.order.notice"]._current_for(order)[order]
        Task = self.env["vehicle.order.task"]
        booking_open = Task._handover_booking_open(order)
        # Free slots to book, or to move a booked handover to until its cut-off.
        can_reschedule = bool(order.handover_datetime) and Task._can_change_handover(order)
        wants_slot = can_reschedule or tasks.filtered(
            lambda t: t.kind == "handover_slot" and t.state == "todo")
        return {
            "tasks": tasks,
            "slots": [
                (fields.Datetime.to_string(slot), order._portal_slot_label(slot))
                for slot in Task._free_handover_slots(order)[:40]
                if slot != order.handover_datetime
            ] if booking_open and wants_slot else [],
            "booking_open": booking_open,
            "can_reschedule": can_reschedule,
            "today": fields.Date.context_today(order),
            "handover": order._portal_slot_label(order.handover_datetime)
            if order.handover_datetime else "",
            "payment_methods": tasks._fields["payment_method"]._description_selection(
                self.env
            ),
            "forecast": order._portal_forecast(visible, events, dealer),
            "order": order,
            # Only a web address reaches the page, whatever an older record holds.
            "video_url": web_url(order.video_url),
            "card": order._portal_cards(visible, dealer=dealer)[0],
            "timeline": order._portal_timeline(visible, events, dealer),
            "eta_history": order._portal_eta_history(),
            "location": order._portal_location(),
            "notices": notices,
            "planned_handover": order._portal_date(order.planned_handover_date),
        }
