import logging

from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import fields, models
from odoo.tools import SQL, format_date, format_datetime

from .vehicle_order_location import web_url

_logger = logging.getLogger(__name__)

DATE_FORMAT = "d MMMM yyyy"


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

    def _portal_is_customer(self, user, access_token=None):
        self.ensure_one()
        if access_token and self.access_token and access_token == self.access_token:
            return True
        return (not user._is_public()
                and user.commercial_partner_id == self.sudo().commercial_partner_id)

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

    def _portal_step(self, status):
        return {
            "label": status.customer_label or "",
            "explanation": status.customer_explanation or "",
        } if status and status.customer_visible else None

    def _portal_visible_statuses(self):
        return self.env["vehicle.order.status"].sudo().search([("customer_visible", "=", True)])

    def _portal_cards(self, visible=None):
        """One card per order: current and next step in customer words, ETA and whether
        it moved since the customer's last visit."""
        cards = []
        orders = self.sudo()
        visible = visible if visible is not None else self._portal_visible_statuses()
        for order in orders:
            current = order.customer_status_id
            following = visible.filtered(lambda s, c=current: s.sequence > (c.sequence or -1))
            moved = order._eta_moved_since_last_visit()
            cards.append({
                "order": order,
                "name": order.name,
                "model": order.vehicle_model,
                "state": order.state,
                "current": order._portal_step(current),
                "next": order._portal_step(following[:1]),
                "eta": order._portal_date(order.eta_date),
                "eta_moved": moved,
                "eta_previous": order._portal_date(order.portal_seen_eta_date) if moved else "",
                "url": order.get_portal_url(),
            })
        return cards

    def _portal_home_notices(self):
        by_order = self.env["vehicle.order.notice"]._current_for(self.sudo())
        notices = self.env["vehicle.order.notice"].sudo()
        for order_notices in by_order.values():
            notices |= order_notices
        return notices

    def _portal_timeline(self, statuses=None):
        """Every customer-visible step with its planned, expected and actual dates."""
        self.ensure_one()
        order = self.sudo()
        statuses = statuses if statuses is not None else self._portal_visible_statuses()
        events = {event.status_id.id: event for event in order.event_ids}
        current_sequence = order.customer_status_id.sequence if order.customer_status_id else -1
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
                **order._portal_step(status),
                "state": state,
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
        for change in self.sudo().eta_change_ids:
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
        tz = self.sudo().outlet_id.resource_calendar_id.tz or self.env.user.tz or "UTC"
        return format_datetime(self.env, slot, tz=tz, dt_format="EEEE d MMMM, HH:mm")

    def _portal_forecast(self, visible=None):
        """Our forecast from learned lead times, beside the factory's date; it replaces
        the factory's date once that date has passed without the car being delivered."""
        self.ensure_one()
        forecast = self.env["vehicle.order.lead.time"]._forecast(self, visible)
        if not forecast:
            return None
        median_date, p90_date, legs = forecast
        today = fields.Date.context_today(self)
        return {
            "median": self._portal_date(median_date),
            "p90": self._portal_date(p90_date),
            "replaces_factory_date": bool(self.eta_date and self.eta_date < today),
            "legs": [
                self.env._(
                    "%(from)s → %(to)s: usually %(median)s days (at most %(p90)s)",
                    **{"from": leg.from_status_id.customer_label,
                       "to": leg.to_status_id.customer_label,
                       "median": round(leg.median_days), "p90": round(leg.p90_days)},
                )
                for leg in legs
            ],
        }

    def _portal_page_values(self):
        self.ensure_one()
        order = self.sudo()
        notices = self.env["vehicle.order.notice"]._current_for(order)[order]
        visible = self._portal_visible_statuses()
        return {
            "tasks": order.task_ids,
            "slots": [
                (fields.Datetime.to_string(slot), order._portal_slot_label(slot))
                for slot in order._free_handover_slots()[:40]
            ] if order._handover_booking_open() and order.task_ids.filtered(
                lambda t: t.kind == "handover_slot" and t.state == "todo"
            ) else [],
            "booking_open": order._handover_booking_open(),
            "handover": order._portal_slot_label(order.handover_datetime)
            if order.handover_datetime else "",
            "payment_methods": order.task_ids._fields["payment_method"]._description_selection(
                self.env
            ),
            "forecast": order._portal_forecast(visible),
            "order": order,
            # Only a web address reaches the page, whatever an older record holds.
            "video_url": web_url(order.video_url),
            "card": order._portal_cards(visible)[0],
            "timeline": order._portal_timeline(visible),
            "eta_history": order._portal_eta_history(),
            "location": order._portal_location(),
            "notices": notices,
            "planned_handover": order._portal_date(order.planned_handover_date),
        }
