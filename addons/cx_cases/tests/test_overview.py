from lxml import etree

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.dealer_profile.tests.test_i18n import load_language

from .common import CxCommon


@tagged("post_install", "-at_install")
class TestOverview(CxCommon):
    """The CX overview kanban: counts per team, without a query per team."""

    def _queries(self, teams):
        teams.invalidate_recordset()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        teams.read(["open_count", "at_risk_count", "breached_count", "unassigned_count",
                    "csat_today", "csat_month"])
        return self.env.cr.sql_log_count - before

    def test_counts(self):
        self._case(user_id=self.agent_a.id)
        self._case()
        self._case(team=self.team_b)
        self.assertEqual(self.team_a.open_count, 2)
        self.assertEqual(self.team_a.unassigned_count, 1)
        self.assertEqual(self.team_b.open_count, 1)

    def test_no_query_per_team(self):
        more = self.env["cx.case.team"].create([{
            "name": f"Extra team {i}", "company_id": self.market_a.id,
            "resource_calendar_id": self.calendar_nl.id,
            "member_ids": [Command.set(self.agent_a.ids)],
        } for i in range(4)])
        for team in self.team_a | self.team_b | more:
            self._case(team=team)
        few = self._queries(self.team_a | self.team_b)
        many = self._queries(self.team_a | self.team_b | more)
        self.assertEqual(few, many)

    def test_csat_without_answers_is_no_rating(self):
        """A team nobody rated has no CSAT (the overview says "no ratings"), not 0 %."""
        case = self._case()
        self.team_a.invalidate_recordset()
        self.assertEqual(self.team_a.csat_today_answers, 0)
        self.assertEqual(self.team_a.csat_month_answers, 0)
        case.rating_apply(2, token=case._rating_get_access_token())
        self.team_a.invalidate_recordset()
        self.assertEqual(self.team_a.csat_today_answers, 1)
        self.assertEqual(self.team_a.csat_today, 0.0, "rated, and nobody satisfied")

    def test_csat_says_how_many_answered(self):
        """One dissatisfied customer makes a CSAT of 0 %: the card says it rests on one
        answer, then on two."""
        first, second = self._case(), self._case()
        first.rating_apply(2, token=first._rating_get_access_token())
        self.team_a.invalidate_recordset()
        self.assertEqual((self.team_a.csat_month, self.team_a.csat_month_answers), (0.0, 1))
        second.rating_apply(5, token=second._rating_get_access_token())
        self.team_a.invalidate_recordset()
        self.assertEqual((self.team_a.csat_month, self.team_a.csat_month_answers), (50.0, 2))
        arch = self.env["cx.case.team"].get_views([(False, "kanban")])["views"]["kanban"]["arch"]
        answers = etree.fromstring(arch).xpath("//*[hasclass('o_cx_csat_answers')]")
        self.assertEqual(len(answers), 2, "today's figure and the month's say how many")
        self.assertIn("1 answer", etree.tostring(answers[1], encoding="unicode"))

    def test_card_layout(self):
        """The figures' labels stay on one line ("Breached" wrapped as "Breach / ed"),
        and the footer's separator before the alias shows only with an alias."""
        arch = self.env["cx.case.team"].get_views([(False, "kanban")])["views"]["kanban"]["arch"]
        card = etree.fromstring(arch).xpath("//t[@t-name='card']")[0]
        figures = card.xpath(".//div[hasclass('o_cx_team_figures')]")[0]
        self.assertIn("g-0", figures.get("class").split())
        labels = figures.xpath(".//a/div")
        self.assertEqual([label.text for label in labels], ["Open", "At risk", "Breached"])
        for label in labels:
            self.assertIn("text-nowrap", label.get("class").split())
        footer = card.xpath(".//div[hasclass('small')][.//field[@name='alias_email']]")[0]
        alias = footer.xpath(".//field[@name='alias_email']")[0]
        self.assertEqual(alias.getparent().get("invisible"), "not alias_email")
        self.assertIn("·", alias.getparent().text)
        self.assertNotIn("·", footer.xpath("./t")[-1].tail or "", "no stray separator")

    def test_csat_one_decimal(self):
        """CSAT with one decimal, as the KPIs and the Case Analysis write a percentage
        (a German supervisor read "CSAT diesen Monat: 0,00 %")."""
        described = self.env["cx.case.team"].fields_get(["csat_today", "csat_month"])
        self.assertEqual(described["csat_today"]["digits"], (16, 1))
        self.assertEqual(described["csat_month"]["digits"], (16, 1))


@tagged("post_install", "-at_install")
class TestOverviewTour(CxCommon, HttpCase):
    def test_figures_in_dutch(self):
        """A supervisor's overview at 1280 px in Dutch reads its figures' words whole:
        a team without ratings today read "geen beoordelinge / n"."""
        load_language(self.env, "nl_NL", ["cx_cases"])
        self.supervisor_a.partner_id.lang = "nl_NL"
        self.browser_size = "1280x800"
        self.start_tour("/odoo/action-cx_cases.cx_case_team_action_overview",
                        "cx_cases_overview_words_whole", login=self.supervisor_a.login)

    def test_figures_in_dutch_on_a_tablet(self):
        """Also on a tablet held upright (800 px, two cards a row): "geen beoordelingen"
        broke again into "beoordelinge / n"; a team without ratings today shows a dash."""
        load_language(self.env, "nl_NL", ["cx_cases"])
        self.supervisor_a.partner_id.lang = "nl_NL"
        self.browser_size = "800x1280"
        self.start_tour("/odoo/action-cx_cases.cx_case_team_action_overview",
                        "cx_cases_overview_words_whole", login=self.supervisor_a.login)
