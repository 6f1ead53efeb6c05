"""Nobody acts as someone else: the customer's tokens, the customer's ratings, the
email portal users log in with and the replies of a case's mail thread."""

from email.utils import make_msgid

from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.market_matrix import AccessMatrixMixin
from odoo.addons.dealer_profile.tests.rpc import call_kw

from .common import CxCommon
from .test_mail_gateway import build_mail


class RolesCommon(CxCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        all_companies = cls.hq | cls.region | cls.market_a | cls.market_b
        # A user of another app (an auditor, a sales clerk): internal, no CX group.
        cls.employee = cls._new_user("test_plain_employee", "base.group_user", cls.market_a,
                                     all_companies)
        cls.case = cls._case(name="Rattling door", outlet_id=cls.outlet_a.id)
        cls.rating = cls.env["rating.rating"].create({
            "res_model_id": cls.env["ir.model"]._get_id("cx.case"), "res_id": cls.case.id,
            "partner_id": cls.customer.partner_id.id, "rating": 4, "consumed": True,
            "feedback": "Kind agent, slow workshop",
        })

    def _rpc(self, model, method, args, **kwargs):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": args, "kwargs": kwargs,
        })

    def assertRpcRefused(self, model, method, args, **kwargs):
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as refused:
            self._rpc(model, method, args, **kwargs)
        return refused.exception


@tagged("post_install", "-at_install")
class TestTokensNotReadable(RolesCommon, HttpCase):
    """A dealer read a customer's case token and closed the case "confirmed by email"
    with it; staff and dealers never read tokens (JSON-RPC included)."""

    def test_dealer_and_staff_cannot_read_case_token(self):
        token = self.case._portal_ensure_token()
        for user in (self.dealer_a, self.agent_a, self.supervisor_a, self.cx_manager):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                self.assertRpcRefused("cx.case", "read", [[self.case.id], ["access_token"]])
                self.assertRpcRefused("cx.case", "search_read",
                                      [[("access_token", "=", token)]], fields=["id"])
                # The case itself stays readable: only the token is hidden.
                [values] = self._rpc("cx.case", "read", [[self.case.id], ["name"]])
                self.assertEqual(values["name"], self.case.name)

    def test_staff_cannot_read_rating_token(self):
        self.authenticate(self.supervisor_a.login, self.supervisor_a.login)
        self.assertRpcRefused("rating.rating", "read", [[self.rating.id], ["access_token"]])
        [values] = self._rpc("rating.rating", "read", [[self.rating.id]])
        self.assertNotIn("access_token", values)

    def test_dealer_pages_carry_no_customer_token(self):
        token = self.case._portal_ensure_token()
        self.case.action_start()
        self.case.action_solve()
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        for url in ("/my/cases", f"/my/cases/{self.case.id}",
                    f"/my/cases/{self.case.id}/confirm"):
            with self.subTest(url=url):
                self.assertNotIn(token, self.url_open(url).text)
        # Core's /mail/view link of a notification mail (the dealer follows the case).
        response = self.url_open(f"/mail/view?model=cx.case&res_id={self.case.id}",
                                 allow_redirects=False)
        self.assertNotIn(token, response.headers.get("Location", ""))

    def test_solved_mail_reaches_the_customer_only(self):
        """The solved mail carries the customer's confirm link: the dealer following
        the case neither receives it nor reads it in the case's conversation."""
        self.assertIn(self.dealer_a.partner_id, self.case.message_partner_ids)
        self.case.action_start()
        self.case.action_solve()
        token = self.case.sudo().access_token
        self.assertTrue(token)
        mails = self.env["mail.mail"].search([("model", "=", "cx.case"),
                                              ("res_id", "=", self.case.id)])
        self.assertIn(self.customer.partner_id, mails.recipient_ids)
        self.assertFalse(mails.filtered(lambda m: token in str(m.body_html)
                                        and self.dealer_a.partner_id in m.recipient_ids))
        seen = self.env["mail.message"].with_user(self.dealer_a).search([
            ("model", "=", "cx.case"), ("res_id", "=", self.case.id),
        ])
        self.assertFalse([b for b in seen.mapped("body") if token in str(b)])

    def test_dealer_with_token_cannot_confirm_or_reopen(self):
        token = self.case._portal_ensure_token()
        self.case.action_start()
        self.case.action_solve()
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        self.url_open(f"/my/cases/{self.case.id}/confirm", data={
            "access_token": token, "csrf_token": Request.csrf_token(self),
        })
        self.assertEqual(self.case.stage_kind, "solved")
        self.url_open(f"/my/cases/{self.case.id}/reopen", data={
            "access_token": token, "reason": "dealer", "csrf_token": Request.csrf_token(self),
        })
        self.assertEqual(self.case.stage_kind, "solved")

    def test_customer_logged_in_with_link_reads_the_chatter(self):
        """The customer opens their mail's link while logged in: the portal chatter
        checks the token in sudo (the field is hidden from the customer too)."""
        token = self.case._portal_ensure_token()
        self.case.message_post(body="Visible answer", message_type="comment",
                               subtype_xmlid="mail.mt_comment")
        self.authenticate(self.customer.login, self.customer.login)
        result = self.make_jsonrpc_request("/mail/chatter_fetch", {
            "thread_model": "cx.case", "thread_id": self.case.id, "token": token,
        })
        self.assertIn("Visible answer", str(result))

    def test_mail_links_still_carry_the_customer_token(self):
        """Mails rendered for the customer build their links in sudo; an agent who
        asks for the page's address gets it without the customer's key."""
        token = self.case._portal_ensure_token()
        self.assertIn(f"access_token={token}", self.case.sudo().get_portal_url())
        url = self.case.with_user(self.agent_a).get_portal_url(suffix="/confirm")
        self.assertEqual(url, f"/my/cases/{self.case.id}/confirm")


@tagged("post_install", "-at_install")
class TestPortalUrlOverJsonRpc(RolesCommon, HttpCase):
    """``get_portal_url`` is public: staff, a dealer and another customer fetched the
    customer's token with it, then confirmed and rated the case logged out."""

    def _portal_url(self, user, **kwargs):
        self.authenticate(user.login, user.login)
        return call_kw(self, "cx.case", "get_portal_url", [self.case.id], **kwargs)

    def test_only_the_customer_gets_their_token(self):
        token = self.case._portal_ensure_token()
        url, error = self._portal_url(self.customer)
        self.assertIsNone(error)
        self.assertEqual(url, f"/my/cases/{self.case.id}?access_token={token}")
        for user in (self.dealer_a, self.agent_a, self.supervisor_a, self.cx_manager):
            with self.subTest(user=user.login):
                url, error = self._portal_url(user, suffix="/confirm", anchor="x")
                self.assertIsNone(error)
                self.assertEqual(url, f"/my/cases/{self.case.id}/confirm#x")

    def test_who_cannot_read_the_case_is_refused(self):
        token = self.case._portal_ensure_token()
        for user in (self.customer2, self.employee, self.agent_b):
            with self.subTest(user=user.login), mute_logger("odoo.http"):
                url, error = self._portal_url(user)
                self.assertIsNone(url)
                self.assertEqual(error["name"], "odoo.exceptions.AccessError")
                self.assertNotIn(token, error["message"])

    def test_share_wizard_link_carries_no_customer_token(self):
        """Core's portal.share wizard's links carry no token nor a recipient's
        signature for an agent."""
        token = self.case._portal_ensure_token()
        # The wizard is for users who may add contacts.
        self.agent_a.group_ids += self.env.ref("base.group_partner_manager")
        self.authenticate(self.agent_a.login, self.agent_a.login)
        context = {"active_model": "cx.case", "active_id": self.case.id}
        values, error = call_kw(self, "portal.share", "default_get", ["share_link"],
                                context=context)
        self.assertIsNone(error)
        self.assertNotIn(token, values["share_link"])
        self.assertIn(f"res_id={self.case.id}", values["share_link"])
        # The link the wizard mails to a recipient: no signature of theirs either (it
        # lets its holder post in the portal chatter as them).
        url = self.case.with_user(self.agent_a)._get_share_url(
            redirect=True, pid=self.customer.partner_id.id)
        self.assertNotIn(token, url)
        self.assertNotIn("hash=", url)


@tagged("post_install", "-at_install")
class TestSharePostsOverJsonRpc(RolesCommon, HttpCase):
    """``message_post`` is public: a customer posted a system notice, a dealer a
    message with the customer's address and no author. A share user writes comments,
    as themselves, and notifies no one of their choosing; a parameter they may not
    choose is refused with a clear error (it was dropped silently: the caller thought
    the message was what it asked for)."""

    def _post(self, user, **kwargs):
        self.authenticate(user.login, user.login)
        message_id, error = call_kw(self, "cx.case", "message_post", [self.case.id], **kwargs)
        self.assertIsNone(error)
        return self.env["mail.message"].browse(message_id)

    def _assert_refused(self, user, params, **kwargs):
        self.authenticate(user.login, user.login)
        before = self.case.message_ids
        message_id, error = call_kw(self, "cx.case", "message_post", [self.case.id], **kwargs)
        self.assertIsNone(message_id)
        self.assertEqual(error["name"], "odoo.exceptions.UserError")
        self.assertIn(f"{params} cannot be chosen", error["message"])
        self.case.invalidate_recordset(["message_ids"])
        self.assertEqual(self.case.message_ids, before)

    def _assert_comment_by(self, message, user):
        self.assertRecordValues(message, [{
            "message_type": "comment", "subtype_id": self.env.ref("mail.mt_comment").id,
            "author_id": user.partner_id.id, "email_from": user.partner_id.email_formatted,
        }])

    def test_customer_cannot_post_a_system_notice(self):
        for kwargs, params in (({"message_type": "notification"}, "message_type"),
                               ({"subtype_xmlid": "mail.mt_note"}, "subtype_xmlid"),
                               ({"message_type": "email", "is_internal": True},
                                "is_internal, message_type")):
            with self.subTest(kwargs=kwargs):
                self._assert_refused(self.customer, params, body="sys", **kwargs)

    def test_dealer_cannot_post_as_the_customer(self):
        customer = self.customer.partner_id
        for kwargs, params in (({"email_from": customer.email}, "email_from"),
                               ({"author_id": customer.id}, "author_id"),
                               ({"author_id": False, "email_from": customer.email_formatted},
                                "author_id, email_from")):
            with self.subTest(kwargs=kwargs):
                self._assert_refused(self.dealer_a, params, body="I am Emma", **kwargs)

    def test_share_user_cannot_choose_recipients(self):
        """Extra recipients, a core parameter the suite does not offer a share user, are
        refused by name (core's portal chatter route offers mentions, with a token)."""
        self._assert_refused(self.dealer_a, "partner_ids", body="FYI",
                             partner_ids=self.agent_b.partner_id.ids)
        self._assert_refused(self.customer, "record_name", body="x", record_name="Urgent")

    def test_customer_reply_still_posts(self):
        message = self._post(self.customer, body="Thanks, it works", message_type="comment",
                             subtype_xmlid="mail.mt_comment")
        self._assert_comment_by(message, self.customer)
        self.assertIn("Thanks, it works", str(message.body))

    def test_staff_posts_are_not_concerned(self):
        note = self._post(self.agent_a, body="Internal", subtype_xmlid="mail.mt_note")
        self.assertRecordValues(note, [{
            "message_type": "notification", "subtype_id": self.env.ref("mail.mt_note").id,
            "author_id": self.agent_a.partner_id.id,
        }])


@tagged("post_install", "-at_install")
class TestRatingPageOnlyForCustomer(RolesCommon, HttpCase):
    """/cx/rate/<token>: a logged-in user who is not the customer never answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.open_rating = cls.env["rating.rating"].browse(cls.env["rating.rating"].search([
            ("access_token", "=", cls.case._rating_get_access_token()),
        ]).id)
        cls.token = cls.open_rating.sudo().access_token

    def _send(self, score):
        return self.url_open(f"/cx/rate/{self.token}/submit", data={
            "score": score, "feedback": "x", "csrf_token": Request.csrf_token(self),
        })

    @mute_logger("odoo.http")
    def test_dealer_and_agent_cannot_rate(self):
        for user in (self.dealer_a, self.agent_a):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                self.assertEqual(self.url_open(f"/cx/rate/{self.token}/5").status_code, 404)
                self.assertEqual(self._send(5).status_code, 404)
                self.assertFalse(self.open_rating.consumed)

    def test_customer_logged_in_rates(self):
        self.authenticate(self.customer.login, self.customer.login)
        self.assertEqual(self._send(5).status_code, 200)
        self.assertTrue(self.open_rating.consumed)


@tagged("post_install", "-at_install")
class TestCaseRatingsOverJsonRpc(RolesCommon, HttpCase):
    """Viewer, another app's user, an officer and agents wrote and read the customers'
    ratings of cases over /web/dataset/call_kw."""

    def test_nobody_writes_creates_or_deletes_case_ratings(self):
        model_id = self.env["ir.model"]._get_id("cx.case")
        for user in (self.viewer, self.employee, self.officer, self.agent_a, self.agent_b,
                     self.supervisor_a, self.cx_manager):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                for context in ({}, {"dealer_kpi_no_rating": True}):
                    self.assertRpcRefused("rating.rating", "write",
                                          [[self.rating.id], {"rating": 1}], context=context)
                self.assertRpcRefused("rating.rating", "create", [{
                    "res_model_id": model_id, "res_id": self.case.id, "rating": 5,
                    "consumed": True, "partner_id": self.customer.partner_id.id,
                }])
                # The case's model as the context's default: the ORM adds it after
                # create's check of vals ran.
                self.assertRpcRefused("rating.rating", "create", [{
                    "res_id": self.case.id, "rating": 5, "consumed": True,
                    "partner_id": self.customer.partner_id.id,
                }], context={"default_res_model_id": model_id})
                self.assertRpcRefused("rating.rating", "unlink", [[self.rating.id]])
        self.assertRecordValues(self.rating, [{"rating": 4, "consumed": True}])
        self.assertEqual(self.case.rating_ids, self.rating)

    def test_other_model_rating_cannot_be_moved_onto_a_case(self):
        model_id = self.env["ir.model"]._get_id("res.partner")
        other = self.env["rating.rating"].create({
            "res_model_id": model_id, "res_id": self.customer.partner_id.id, "rating": 5,
            "consumed": True,
        })
        self.authenticate(self.agent_a.login, self.agent_a.login)
        self.assertRpcRefused("rating.rating", "write", [[other.id], {
            "res_model_id": self.env["ir.model"]._get_id("cx.case"), "res_id": self.case.id,
        }])
        self.assertEqual(other.res_model, "res.partner")

    def test_reads_follow_the_case_rules(self):
        for user, visible in ((self.viewer, False), (self.employee, False),
                              (self.officer, False), (self.agent_b, False),
                              (self.agent_a_other, False), (self.agent_a, True),
                              (self.supervisor_a, True), (self.cx_manager, True)):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                found = self._rpc("rating.rating", "search_read",
                                  [[("feedback", "!=", False)]], fields=["feedback"])
                self.assertEqual(self.rating.id in [r["id"] for r in found], visible)
                if not visible:
                    self.assertRpcRefused("rating.rating", "read",
                                          [[self.rating.id], ["feedback", "partner_id"]])


@tagged("post_install", "-at_install")
class TestCaseRatingAccessMatrix(AccessMatrixMixin, RolesCommon):
    """rating.rating of a case of market A, team A, per role: reads follow the case,
    nobody writes, creates or deletes one (the customer's flow runs in sudo)."""

    MODELS = ("rating.rating",)
    EXPECTED_RIGHTS = {
        "agent_team": {"rating.rating": "r"},
        "agent_other_team": {"rating.rating": ""},
        "agent_other_market": {"rating.rating": ""},
        "supervisor": {"rating.rating": "r"},
        "manager": {"rating.rating": "r"},
        "network_viewer": {"rating.rating": ""},
        "network_officer": {"rating.rating": ""},
        "other_app_user": {"rating.rating": ""},
        "portal": {"rating.rating": ""},
    }
    READ_FIELD = {"rating.rating": "feedback"}

    def _create_vals(self, model):
        return {"res_model_id": self.env["ir.model"]._get_id("cx.case"),
                "res_id": self.case.id, "partner_id": self.customer.partner_id.id,
                "rating": 5, "consumed": True, "feedback": "Matrix"}

    def _write_vals(self, model):
        return {"rating": 1}

    def test_matrix(self):
        for role, user in (
            ("agent_team", self.agent_a), ("agent_other_team", self.agent_a_other),
            ("agent_other_market", self.agent_b), ("supervisor", self.supervisor_a),
            ("manager", self.cx_manager), ("network_viewer", self.viewer),
            ("network_officer", self.officer), ("other_app_user", self.employee),
            ("portal", self.customer),
        ):
            self._check_matrix(role, user)

    def test_customer_flow_still_records(self):
        """rating_apply through the rating page's sudo, and the anonymization."""
        rating = self.case.sudo().rating_apply(2, token=self.case._rating_get_access_token())
        self.assertEqual((rating.rating, rating.consumed), (2, True))
        self.assertEqual(rating.cx_case_id, self.case)


@tagged("post_install", "-at_install")
class TestPortalLoginEmail(RolesCommon, HttpCase):
    """An agent rewrote a customer's email with contact-manager rights, then "reset
    password" mailed the link to the new address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_b = cls._new_user("test_customer_market_b", "base.group_portal",
                                       cls.market_b)
        cls.admin = cls.env.ref("base.user_admin")

    def _partner_email(self, user):
        user.partner_id.invalidate_recordset()
        return user.partner_id.email

    def test_staff_cannot_rewrite_portal_user_email_over_json_rpc(self):
        for staff in (self.agent_a, self.agent_b, self.supervisor_a, self.cx_manager,
                      self.officer, self.manager):
            for portal_user in (self.customer, self.customer_b, self.dealer_a):
                with self.subTest(staff=staff.login, portal=portal_user.login):
                    self.authenticate(staff.login, staff.login)
                    before = self._partner_email(portal_user)
                    refused = self.assertRpcRefused(
                        "res.partner", "write",
                        [[portal_user.partner_id.id], {"email": "attacker@evil.example.com"}],
                    )
                    self.assertIn(str(refused), ("odoo.exceptions.UserError",
                                                 "odoo.exceptions.AccessError"))
                    self.assertEqual(self._partner_email(portal_user), before)

    def test_staff_still_edit_other_contacts_and_portal_users_other_fields(self):
        contact = self.env["res.partner"].create({"name": "Walk-in", "email": "a@example.com"})
        self.authenticate(self.agent_a.login, self.agent_a.login)
        self._rpc("res.partner", "write", [[contact.id], {"email": "b@example.com"}])
        self._rpc("res.partner", "write", [[self.customer.partner_id.id],
                                           {"phone": "+31 6 0000 0000",
                                            "email": self.customer.partner_id.email}])
        self.assertEqual(contact.email, "b@example.com")

    def test_access_rights_administrator_may(self):
        self.customer.partner_id.with_user(self.admin).write({"email": "new@example.com"})
        self.assertEqual(self.customer.partner_id.email, "new@example.com")

    def _wizard(self, user, portal_user, email="moved@example.com"):
        return self.env["dealer.portal.email.wizard"].with_user(user).create({
            "partner_id": portal_user.partner_id.id, "new_email": email,
            "reason": "Customer called from the known number",
        })

    def test_tracked_change_by_supervisor_of_the_market(self):
        old = self.customer.partner_id.email
        self._wizard(self.supervisor_a, self.customer).action_apply()
        self.assertEqual(self.customer.partner_id.email, "moved@example.com")
        note = self.customer.partner_id.message_ids[0]
        self.assertIn(old, str(note.body))
        self.assertTrue(self.env["mail.mail"].search([("email_to", "=", old)]))

    def test_tracked_change_refuses_bad_input(self):
        """The wizard's fields follow the portal forms' rule: a clear error, nothing changed."""
        before = self.customer.partner_id.email
        for vals in ({"new_email": "Name <a@example.com>"}, {"new_email": "a@\x00b.com"},
                     {"reason": "called\x00"}, {"reason": "x" * 501}, {"reason": " "}):
            with self.subTest(vals=str(vals)[:40]):
                # Refused when typed (saved) or when applied: a clear error either way.
                with self.assertRaises(UserError):
                    wizard = self._wizard(self.supervisor_a, self.customer)
                    wizard.write(vals)
                    wizard.action_apply()
                self.assertEqual(self.customer.partner_id.email, before)

    def test_tracked_change_refused_across_markets_and_to_agents(self):
        for user, portal_user in ((self.supervisor_a, self.customer_b),
                                  (self.agent_a, self.customer)):
            with self.subTest(user=user.login, portal=portal_user.login):
                before = portal_user.partner_id.email
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    self._wizard(user, portal_user).action_apply()
                self.assertEqual(portal_user.partner_id.email, before)

    def test_orm_write_refused_with_clear_error(self):
        with self.assertRaises(UserError):
            self.customer.partner_id.with_user(self.agent_a).write({"email": "x@evil.example"})

    def test_supervisor_cannot_move_a_dealers_or_shoppers_login(self):
        """Customer Care changes customers' logins, not a Space manager's (nor a
        portal user's with another role): that was a takeover of the dealer's account
        by a supervisor of their market, over JSON-RPC or the wizard."""
        shopper = self._new_user("cx_test_shopper", "base.group_portal", self.market_a)
        shopper.group_ids |= self.env.ref("base.group_multi_company")
        for portal_user in (self.dealer_a, shopper):
            with self.subTest(portal=portal_user.login):
                before, login = portal_user.partner_id.email, portal_user.login
                self.authenticate(self.supervisor_a.login, self.supervisor_a.login)
                wizard_id, error = call_kw(self, "dealer.portal.email.wizard", "create", {
                    "partner_id": portal_user.partner_id.id,
                    "new_email": "taken.over@example.com", "reason": "Called us",
                })
                self.assertIsNone(error)
                with mute_logger("odoo.http"):
                    __, error = call_kw(self, "dealer.portal.email.wizard", "action_apply",
                                        [wizard_id])
                self.assertEqual(error and error["name"], "odoo.exceptions.AccessError", error)
                self.assertEqual(portal_user.partner_id.email, before)
                portal_user.invalidate_recordset()
                self.assertEqual(portal_user.login, login)
        # A network manager of the market still changes the dealer's.
        self._wizard(self.manager, self.dealer_a).action_apply()
        self.assertEqual(self.dealer_a.partner_id.email, "moved@example.com")


@tagged("post_install", "-at_install")
class TestPortalUserPartnerMatrix(RolesCommon):
    """res.partner of portal users (customers of markets A and B, a dealer), per role:
    who reads them and who changes the email they log in with."""

    EMAIL_WRITERS = ("admin",)
    # Contacts are shared by the apps (core's res.partner rules); what changes per
    # role is who rewrites the login email (nobody but access-rights administrators).
    READERS = ("admin", "agent", "agent_b", "supervisor", "cx_manager", "officer",
               "network_manager", "viewer", "other_app_user")
    # Contact-manager rights: CX agents and up, network officers and up (a contact
    # with the portal user's email is no login: users log in with their own).
    CONTACT_CREATORS = ("admin", "agent", "agent_b", "supervisor", "cx_manager", "officer",
                        "network_manager")

    def assertRefused(self, func):
        with mute_logger("odoo.models"):
            try:
                func()
            except (UserError, RedirectWarning):
                return
        self.fail(f"{func} was not refused")

    def test_matrix(self):
        customer_b = self._new_user("test_customer_market_b2", "base.group_portal",
                                    self.market_b)
        roles = {
            "admin": self.env.ref("base.user_admin"), "agent": self.agent_a,
            "agent_b": self.agent_b, "supervisor": self.supervisor_a,
            "cx_manager": self.cx_manager, "officer": self.officer,
            "network_manager": self.manager, "viewer": self.viewer,
            "other_app_user": self.employee, "portal": self.customer2,
        }
        for role, user in roles.items():
            for portal_user in (self.customer, customer_b, self.dealer_a):
                partner = portal_user.partner_id.with_user(user)
                with self.subTest(role=role, portal=portal_user.login, op="read"):
                    if role in self.READERS:
                        self.assertEqual(partner.email, portal_user.email)
                    else:
                        with self.assertRaises(AccessError), mute_logger("odoo.models"):
                            partner.invalidate_recordset()
                            partner.read(["email"])
                with self.subTest(role=role, portal=portal_user.login, op="create contact"):
                    vals = {"name": "Colleague", "parent_id": portal_user.partner_id.id,
                            "email": portal_user.email}
                    if role in self.CONTACT_CREATORS:
                        self.assertTrue(self.env["res.partner"].with_user(user).create(vals))
                    else:
                        with self.assertRaises(AccessError), mute_logger("odoo.models"):
                            self.env["res.partner"].with_user(user).create(vals)
                with self.subTest(role=role, portal=portal_user.login, op="write email"):
                    if role in self.EMAIL_WRITERS:
                        partner.write({"email": f"{role}@example.com"})
                        self.assertEqual(portal_user.partner_id.email, f"{role}@example.com")
                    else:
                        # AccessError (no write right) is a UserError too.
                        with self.assertRaises(UserError), mute_logger("odoo.models"):
                            partner.write({"email": "attacker@evil.example.com"})
                with self.subTest(role=role, portal=portal_user.login, op="unlink"):
                    # Core keeps the partner of a user (RedirectWarning, even for admin).
                    self.assertRefused(partner.unlink)
                    self.assertTrue(portal_user.partner_id.exists())


@tagged("post_install", "-at_install")
class TestForeignMailReplies(RolesCommon):
    """message_process with forged From / In-Reply-To / References / Cc headers: a
    reply joins and reopens a case only when its author is the case's customer."""

    ALIAS = "care-a@cx-test.example.com"

    def _process(self, raw):
        return self.env["mail.thread"].message_process(None, raw)

    def setUp(self):
        super().setUp()
        self.first_id = make_msgid(domain="customer.example.org")
        self._process(build_mail(self.customer.email, self.ALIAS, "Wiper noise",
                                 "It squeaks.", message_id=self.first_id))
        self.mail_case = self.env["cx.case"].search([("name", "=", "Wiper noise")])
        self.assertEqual(self.mail_case.partner_id, self.customer.partner_id)
        self.mail_case.action_start()
        self.mail_case.action_solve()

    def _reply(self, sender, body, cc=None):
        headers = {"Cc": cc} if cc else None
        self._process(build_mail(sender, self.ALIAS, "Re: Wiper noise", body,
                                 in_reply_to=self.first_id, headers=headers))
        return self.mail_case.message_ids.filtered(lambda m: body in str(m.body))

    def _mails_to_customer(self):
        return self.env["mail.mail"].search([
            ("recipient_ids", "in", self.customer.partner_id.ids),
        ])

    @mute_logger("odoo.addons.mail.models.mail_thread", "odoo.addons.cx_cases.models.mail_thread")
    def test_other_customer_or_stranger_reply_waits_for_an_agent(self):
        mailed = self._mails_to_customer()
        for sender in (self.customer2.email, "stranger@evil.example.com",
                       self.dealer_a.email):
            with self.subTest(sender=sender):
                message = self._reply(sender, f"Hijack from {sender}",
                                      cc="accomplice@evil.example.com")
                self.assertEqual(len(message), 1)
                self.assertTrue(message.subtype_id.internal, "an internal note")
                self.assertEqual(self.mail_case.stage_kind, "solved")
                self.assertFalse(self.mail_case.reopen_count)
                self.assertNotIn("accomplice", self.mail_case.email_cc or "")
                suggested = self.mail_case._message_get_suggested_recipients()
                self.assertNotIn("accomplice", str(suggested))
                self.assertEqual(self._mails_to_customer(), mailed, "nothing to the customer")

    @mute_logger("odoo.addons.mail.models.mail_thread", "odoo.addons.cx_cases.models.mail_thread")
    def test_stranger_does_not_reopen_closed_case(self):
        self.mail_case._confirm_by_customer("portal")
        self._reply("stranger@evil.example.com", "Reopen please")
        self.assertEqual(self.mail_case.stage_kind, "closed")

    @mute_logger("odoo.addons.mail.models.mail_thread", "odoo.addons.cx_cases.models.mail_thread")
    def test_spoofed_staff_from_records_no_first_response(self):
        first_id = make_msgid(domain="customer.example.org")
        self._process(build_mail(self.customer.email, self.ALIAS, "Horn", "Silent horn",
                                 message_id=first_id))
        case = self.env["cx.case"].search([("name", "=", "Horn")])
        self.assertFalse(case.first_response_date)
        self._process(build_mail(self.agent_a.email, self.ALIAS, "Re: Horn",
                                 "We are on it (spoofed)", in_reply_to=first_id))
        self.assertIn("spoofed", str(case.message_ids[0].body))
        self.assertFalse(case.first_response_date)
        case.with_user(self.agent_a).message_post(
            body="We are on it", message_type="comment", subtype_xmlid="mail.mt_comment",
        )
        self.assertTrue(case.first_response_date)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_customer_and_colleague_replies_join_and_reopen(self):
        company = self.env["res.partner"].create({"name": "Fleet Ltd", "is_company": True})
        self.customer.partner_id.parent_id = company
        colleague = self.env["res.partner"].create({
            "name": "Colleague", "email": "colleague@fleet.example.com", "parent_id": company.id,
        })
        message = self._reply(colleague.email, "Still squeaks here too")
        self.assertFalse(message.subtype_id.internal)
        self.assertEqual(self.mail_case.stage_kind, "progress")
        self.mail_case.action_solve()
        self._reply(self.customer.email, "Still squeaking", cc="wife@customer.example.org")
        self.assertEqual(self.mail_case.reopen_count, 2)
        self.assertIn("wife@customer.example.org", self.mail_case.email_cc)


@tagged("post_install", "-at_install")
class TestCommercialEntityMoves(RolesCommon, HttpCase):
    """Portal rules follow a contact's commercial entity: an agent who put a customer
    under the dealer's company (contact-manager rights) let the dealer read and confirm
    the customer's cases as theirs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.walk_in = cls.env["res.partner"].create({"name": "Walk-in customer"})
        cls.walk_in_case = cls._case(name="Walk-in: wiper noise", partner=cls.walk_in)
        cls.garage = cls.env["res.partner"].create({"name": "Garage Jansen BV", "is_company": True})
        cls.admin = cls.env.ref("base.user_admin")

    def test_staff_cannot_move_contacts_into_or_out_of_portal_companies(self):
        dealer_entity = self.dealer_a.partner_id.commercial_partner_id
        moves = (
            (self.walk_in, {"parent_id": dealer_entity.id}),  # into the dealer's
            (self.customer.partner_id, {"parent_id": self.garage.id}),  # a portal user out
            (self.garage, {"parent_id": dealer_entity.id}),  # a company, into the dealer's
        )
        for staff in (self.agent_a, self.supervisor_a, self.cx_manager, self.officer,
                      self.manager):
            for partner, vals in moves:
                with self.subTest(staff=staff.login, partner=partner.name):
                    self.authenticate(staff.login, staff.login)
                    refused = self.assertRpcRefused("res.partner", "write", [partner.ids, vals])
                    self.assertEqual(str(refused), "odoo.exceptions.UserError")
                    partner.invalidate_recordset()
                    self.assertFalse(partner.parent_id)
        self.authenticate(self.dealer_a.login, self.dealer_a.login)
        self.assertNotIn("wiper noise", self.url_open("/my/cases").text)

    def test_staff_still_file_contacts_under_other_companies(self):
        self.authenticate(self.agent_a.login, self.agent_a.login)
        self._rpc("res.partner", "write", [self.walk_in.ids, {"parent_id": self.garage.id}])
        self.assertEqual(self.walk_in.commercial_partner_id, self.garage)

    def test_access_rights_administrator_may(self):
        self.walk_in.with_user(self.admin).write({"parent_id": self.garage.id})
        self.customer.partner_id.with_user(self.admin).write({"parent_id": self.garage.id})
        self.assertEqual(self.customer.partner_id.commercial_partner_id, self.garage)


@tagged("post_install", "-at_install")
class TestMailGatewayCallers(RolesCommon, HttpCase):
    """The gateway's steps run as the superuser: called over JSON-RPC by a user, they
    posted a forged mail as a customer and created cases with any value. Only the
    gateway's callers may: fetchmail (the superuser) and an administrator (the mailgate
    script logs in as one)."""

    def _raw(self, subject):
        return build_mail(self.customer.email, "care-a@cx-test.example.com", subject,
                          "Is everything all right now? Yes, thank you.").decode()

    def test_users_cannot_feed_the_gateway(self):
        msg_dict = {"subject": "Forged", "email_from": self.customer.email,
                    "body": "<p>forged</p>", "message_id": make_msgid()}
        forged = {"confirmation_method": "portal", "company_id": self.market_b.id}
        for user in (self.employee, self.agent_a, self.supervisor_a, self.cx_manager,
                     self.officer, self.manager, self.dealer_a, self.customer):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                for model, method, args, kwargs in (
                    ("mail.thread", "message_process", ["cx.case", self._raw("Forged 1")],
                     {"custom_values": forged}),
                    ("mail.thread", "message_process", [None, self._raw("Forged 2")],
                     {"thread_id": self.case.id}),
                    ("cx.case", "message_new", [msg_dict], {"custom_values": forged}),
                    ("cx.case", "message_update", [self.case.ids, msg_dict], {}),
                ):
                    refused = self.assertRpcRefused(model, method, args, **kwargs)
                    self.assertEqual(str(refused), "odoo.exceptions.AccessError", method)
        self.assertFalse(self.env["cx.case"].search([("name", "like", "Forged")]))
        self.assertNotIn("forged", " ".join(self.case.message_ids.mapped("body")))

    def test_the_mailgate_script_as_administrator(self):
        self.authenticate("admin", "admin")
        self._rpc("mail.thread", "message_process", [None, self._raw("Charging cable")])
        case = self.env["cx.case"].search([("name", "=", "Charging cable")])
        self.assertEqual(case.partner_id, self.customer.partner_id)
