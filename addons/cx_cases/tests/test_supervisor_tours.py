"""The CX supervisor's main jobs in the backend, clicked in Chromium."""

from datetime import date

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import CxCommon


@tagged("post_install", "-at_install")
class TestSupervisorTours(CxCommon, HttpCase):

    def test_supervisor_launches_a_recall(self):
        """Market A's supervisor writes a recall campaign in the form (team, the
        affected VIN as the factory typed it, the agents' script), previews the count
        and opens the cases: the campaign runs, and its batch job opens one case for
        the car's customer, with the order, in the team."""
        order = self.env["vehicle.order"].create({
            "partner_id": self.customer.partner_id.id, "outlet_id": self.outlet_a.id,
            "vehicle_model": "Test Model Alpha", "vin": "YSMFD3KA1LB000001",
            "order_date": date(2026, 10, 1),
        })
        self.env["vehicle.order"].create({
            "partner_id": self.customer2.partner_id.id, "outlet_id": self.outlet_a.id,
            "vehicle_model": "Test Model Alpha", "vin": "YSMFD3KA1LB000002",
            "order_date": date(2026, 10, 2),
        })
        self.start_tour("/odoo/action-cx_cases.cx_campaign_action/new",
                        "cx_cases_supervisor_launches_recall", login=self.supervisor_a.login)
        campaign = self.env["cx.campaign"].search([("name", "=", "Tour: brake caliper recall")])
        self.assertRecordValues(campaign, [{
            "kind": "recall", "company_id": self.market_a.id, "team_id": self.team_a.id,
            "type_id": self.env.ref("cx_cases.cx_case_type_recall").id,
            "vin_list": "ysmfd3ka1-lb000001", "state": "running", "target_count": 1,
        }])
        self.assertIn("replaced free of charge", str(campaign.description))
        self._run_job(self.env["cx.campaign"]._cron_open_cases)
        self.assertEqual(campaign.state, "open")
        self.assertRecordValues(campaign.case_ids, [{
            "partner_id": self.customer.partner_id.id, "order_id": order.id,
            "team_id": self.team_a.id, "campaign_outcome": "pending",
        }])

    def test_supervisor_gives_a_queued_case_to_an_agent(self):
        """On a routed team whose agent is full, a new case waits in the queue; the
        supervisor opens the queue from the overview's card and gives the case to
        another agent of the team."""
        self.team_a.member_ids = [Command.link(self.agent_a_other.id)]
        self.team_a.agent_ids.capacity = 1
        self.team_a.assignment_method = "balanced"
        self._case(name="Tour: already on it", user_id=self.agent_a.id)
        self.team_a.agent_ids.filtered(lambda m: m.user_id == self.agent_a_other).active = False
        waiting = self._case(name="Tour: waiting for an agent")
        self.assertFalse(waiting.user_id, "agent A is full, the other agent out of routing")
        self.assertEqual(self.team_a.unassigned_count, 1)
        self.start_tour("/odoo/action-cx_cases.cx_case_team_action_overview",
                        "cx_cases_supervisor_works_queue", login=self.supervisor_a.login)
        self.assertEqual(waiting.user_id, self.agent_a_other)
        self.team_a.invalidate_recordset(["unassigned_count"])
        self.assertEqual(self.team_a.unassigned_count, 0)

    def test_supervisor_recovers_a_rating(self):
        """A solved, confirmed case rated 3 of 5 with a comment (no recovery of its
        own: only 1 and 2 open one): the supervisor opens a recovery case from it and
        resolves it with how the problem was put right; the customer will be asked
        to rate again."""
        case = self._case(name="Tour: charger keeps tripping", user_id=self.agent_a.id)
        case.action_start()
        case.action_solve()
        case.sudo()._confirm_by_customer("email")
        # As the rating page does once the customer's token is checked.
        case.sudo().rating_apply(3, token=case._rating_get_access_token(),
                                 feedback="It works, but the wall box still trips at night.")
        self.assertFalse(case.recovery_case_ids)
        self.start_tour(f"/odoo/action-cx_cases.cx_case_action/{case.id}",
                        "cx_cases_supervisor_recovers_a_rating", login=self.supervisor_a.login)
        recovery = case.recovery_case_ids
        self.assertEqual(len(recovery), 1)
        self.assertRecordValues(recovery, [{
            "stage_kind": "closed", "team_id": self.team_a.id,
            "recovery_resolution": "Electrician sent, wall box replaced, customer called "
                                   "back satisfied.",
            "confirmed_by_id": self.supervisor_a.id,
        }])
        self.assertTrue(recovery.recovery_rating_due)

    def test_supervisor_writes_and_corrects_an_article(self):
        """The supervisor writes a public help article of market A, publishes it and
        corrects its summary: the article is at version 2 with the published text as
        version 1, agents of the market read it and customers of the market find it."""
        self.start_tour("/odoo/action-cx_cases.cx_article_action/new",
                        "cx_cases_supervisor_writes_article", login=self.supervisor_a.login)
        article = self.env["cx.article"].search(
            [("name", "=", "Tour: the charging cable stays locked")])
        self.assertRecordValues(article, [{
            "state": "published", "is_public": True, "company_id": self.market_a.id,
            "summary": "Unlock the car twice with the key to release it.",
            "keywords": "cable stuck locked charger", "version": 2,
            "create_uid": self.supervisor_a.id,
        }])
        self.assertIn("the cable is released", str(article.body))
        self.assertEqual(article.version_ids.mapped("summary"),
                         ["Unlock the car twice to release it."])
        Article = self.env["cx.article"]
        self.assertIn(article, Article.with_user(self.agent_a).search([]))
        self.assertNotIn(article, Article.with_user(self.agent_b).search([]))
