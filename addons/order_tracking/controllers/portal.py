from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.dealer_profile.controllers.portal import portal_token
from odoo.addons.dealer_profile.tools.portal_form import clean_search
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class VehicleOrderPortal(CustomerPortal):
    """Customers follow their orders, dealers the orders of their outlets.

    Everything a portal page shows comes from ``vehicle.order._portal_*`` helpers that
    only ever read customer labels and explanations of customer-visible steps: internal
    codes and names never reach a portal page."""

    _orders_per_page = 20
    _search_max_length = 100
    _home_cards = 6

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "vehicle_order_count" in counters:
            Order = request.env["vehicle.order"]
            values["vehicle_order_count"] = (
                Order.search_count([]) if Order.has_access("read") else 0
            )
        return values

    @http.route()
    def home(self, **kw):
        response = super().home(**kw)
        Order = request.env["vehicle.order"]
        if Order.has_access("read"):
            # The latest few: a fleet customer with a thousand open orders gets the same
            # page, in the same number of queries, as one with a single car.
            domain = Order._portal_own_open_domain(request.env.user)
            orders = Order.search(domain, limit=self._home_cards, order="order_date desc, id desc")
            response.qcontext["vehicle_order_cards"] = orders._portal_cards()
            # Counted whatever the number of cards: the same queries for 5 orders or 500.
            total = Order.search_count(domain)
            response.qcontext["vehicle_order_more"] = total if total > self._home_cards else 0
            response.qcontext["vehicle_home_notices"] = orders._portal_home_notices()
            orders._portal_mark_seen(request.env.user)
        return response

    @http.route(["/my/orders", "/my/orders/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_vehicle_orders(self, page=1, filterby="open", search=None, search_in="all",
                                 **kw):
        Order = request.env["vehicle.order"]
        filters = self._vehicle_order_searchbar_filters()
        filterby = filterby if filterby in filters else "open"
        inputs = self._vehicle_order_searchbar_inputs()
        search_in = search_in if search_in in inputs else "all"
        search = clean_search(search, self._search_max_length)
        domain = Domain(filters[filterby]["domain"])
        if search:
            domain &= self._vehicle_order_search_domain(search_in, search)
        count = Order.search_count(domain)
        pager = portal_pager(
            url="/my/orders", total=count, page=page, step=self._orders_per_page,
            url_args={"filterby": filterby, "search_in": search_in, "search": search},
        )
        orders = Order.search(domain, limit=self._orders_per_page, offset=pager["offset"],
                              order="order_date desc, id desc")
        return request.render("order_tracking.portal_my_vehicle_orders", {
            "orders": orders,
            # An outlet's staff read the orders of their customers in the outlet's words.
            "rows": orders._portal_cards(viewer=request.env.user),
            "pager": pager,
            "page_name": "vehicle_orders",
            "default_url": "/my/orders",
            "searchbar_filters": filters,
            "filterby": filterby,
            "searchbar_inputs": inputs,
            "search_in": search_in,
            "search": search,
        })

    def _vehicle_order_searchbar_filters(self):
        return {
            "open": {"label": request.env._("In progress"), "domain": [("state", "=", "open")]},
            "all": {"label": request.env._("All"), "domain": []},
        }

    def _vehicle_order_searchbar_inputs(self):
        env = request.env
        return {
            "all": {"input": "all", "label": env._("Search in All")},
            "vin": {"input": "vin", "label": env._("Search in VIN")},
            "model": {"input": "model", "label": env._("Search in Model")},
            "outlet": {"input": "outlet", "label": env._("Search in Outlet")},
            "status": {"input": "status", "label": env._("Search in Status")},
        }

    def _vehicle_order_search_domain(self, search_in, search):
        """What the searchbar looks in: the customer's words only (the status as the
        customer reads it, never its code or internal name)."""
        # Steps and outlets are matched as sub-queries of the order search (a customer
        # reads neither model): the orders' own record rules still decide what is listed.
        steps = request.env["vehicle.order.status"].sudo()._search(
            [("customer_visible", "=", True), ("customer_label", "ilike", search)])
        outlets = request.env["dealer.outlet"].sudo()._search([("name", "ilike", search)])
        by_input = {
            "vin": [("vin", "ilike", search)],
            "model": [("vehicle_model", "ilike", search)],
            "outlet": [("outlet_id", "in", outlets)],
            "status": [("customer_status_id", "in", steps)],
            "order": [("name", "ilike", search)],
        }
        if search_in == "all":
            return Domain.OR(Domain(domain) for domain in by_input.values())
        return Domain(by_input[search_in])

    @http.route("/my/orders/<int:order_id>", type="http", auth="public", website=True)
    def portal_my_vehicle_order(self, order_id, access_token=None, **kw):
        # A malformed token is no token (and is never echoed into a link).
        access_token = portal_token(access_token)
        try:
            order_sudo = self._document_check_access("vehicle.order", order_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        request_values = self._vehicle_order_request_values(order_sudo, access_token)
        values = self._get_page_view_values(
            order_sudo, access_token,
            order_sudo._portal_page_values(dealer=not request_values["is_customer"]),
            "my_vehicle_orders_history", False,
        )
        values.update(request_values)
        order_sudo._portal_mark_seen(request.env.user)
        return request.render("order_tracking.portal_my_vehicle_order", values)

    def _vehicle_order_request_values(self, order_sudo, access_token):
        return {
            "page_name": "vehicle_order",
            "is_customer": order_sudo._portal_is_customer(request.env.user, access_token),
            "csrf_token": request.csrf_token(),
        }

    @http.route("/my/orders/<int:order_id>/location-image", type="http", auth="public")
    def portal_vehicle_order_location_image(self, order_id, access_token=None, **kw):
        # A malformed token is no token (and is never echoed into a link).
        access_token = portal_token(access_token)
        try:
            order_sudo = self._document_check_access("vehicle.order", order_id, access_token)
        except (AccessError, MissingError):
            return request.not_found()
        location = order_sudo.current_location_id
        if not location.image:
            return request.not_found()
        stream = request.env["ir.binary"]._get_image_stream_from(location, "image")
        return stream.get_response()

    @http.route("/my/orders/<int:order_id>/tasks/<int:task_id>", type="http", auth="public",
                website=True, methods=["POST"])
    def portal_vehicle_order_task(self, order_id, task_id, access_token=None, **post):
        # A malformed token is no token (and is never echoed into a link).
        access_token = portal_token(access_token)
        try:
            order_sudo = self._document_check_access("vehicle.order", order_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        task = order_sudo.task_ids.filtered(lambda t: t.id == task_id)
        if not task or not order_sudo._portal_is_customer(request.env.user, access_token):
            return request.redirect(self._vehicle_order_url(order_sudo, access_token))
        try:
            task._portal_submit(post)
        except (ValidationError, UserError) as error:
            request.env.cr.rollback()
            return self._vehicle_order_error_page(order_sudo, access_token, error, task_id)
        return request.redirect(self._vehicle_order_url(order_sudo, access_token, "todo"))

    @http.route("/my/orders/<int:order_id>/handover/cancel", type="http", auth="public",
                website=True, methods=["POST"])
    def portal_vehicle_order_handover_cancel(self, order_id, access_token=None, **post):
        """The customer cancels their booked handover (rescheduling goes through the
        booking to-do, with the same slot rules)."""
        # A malformed token is no token (and is never echoed into a link).
        access_token = portal_token(access_token)
        try:
            order_sudo = self._document_check_access("vehicle.order", order_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not order_sudo._portal_is_customer(request.env.user, access_token):
            return request.redirect(self._vehicle_order_url(order_sudo, access_token))
        try:
            order_sudo.env["vehicle.order.task"]._portal_handover_cancel(order_sudo)
        except UserError as error:
            request.env.cr.rollback()
            task = order_sudo.task_ids.filtered(lambda t: t.kind == "handover_slot")
            return self._vehicle_order_error_page(order_sudo, access_token, error, task.id)
        return request.redirect(self._vehicle_order_url(order_sudo, access_token, "todo"))

    def _vehicle_order_error_page(self, order_sudo, access_token, error, task_id):
        request_values = self._vehicle_order_request_values(order_sudo, access_token)
        values = self._get_page_view_values(
            order_sudo, access_token,
            order_sudo._portal_page_values(dealer=not request_values["is_customer"]),
            "my_vehicle_orders_history", False,
        )
        values.update(request_values)
        values.update(task_error=error.args[0], task_error_id=task_id)
        return request.render("order_tracking.portal_my_vehicle_order", values, status=400)

    @http.route("/my/orders/<int:order_id>/notifications", type="http", auth="public",
                website=True, methods=["POST"])
    def portal_vehicle_order_notifications(self, order_id, access_token=None, **post):
        # A malformed token is no token (and is never echoed into a link).
        access_token = portal_token(access_token)
        try:
            order_sudo = self._document_check_access("vehicle.order", order_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if order_sudo._portal_is_customer(request.env.user, access_token):
            order_sudo.notify_opt_out = post.get("opt_out") == "1"
        return request.redirect(self._vehicle_order_url(order_sudo, access_token))

    @http.route("/my/orders/<int:order_id>/handover.ics", type="http", auth="public",
                methods=["GET"])
    def portal_vehicle_order_handover_ics(self, order_id, access_token=None, **kw):
        """The booked handover for the customer's calendar (Add to calendar)."""
        try:
            order_sudo = self._document_check_access("vehicle.order", order_id, access_token)
        except (AccessError, MissingError):
            return request.not_found()
        if not order_sudo.handover_datetime:
            return request.not_found()
        return request.make_response(order_sudo._portal_handover_ics(), headers=[
            ("Content-Type", "text/calendar; charset=utf-8"),
            ("Content-Disposition", f'attachment; filename="handover-{order_sudo.id}.ics"'),
        ])

    def _vehicle_order_url(self, order_sudo, access_token, anchor=None):
        """The order's page with the token the visitor came with, never the stored one:
        a redirect must not hand the customer's token to a dealer."""
        query = f"?{url_encode({'access_token': access_token})}" if access_token else ""
        return f"{order_sudo.access_url}{query}{'#' + anchor if anchor else ''}"
