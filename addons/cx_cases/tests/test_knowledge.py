"""Canned replies with the case's values, knowledge articles (search, versions,
access per role) and their portal suggestions."""

from datetime import date
from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.http import Request
from odoo.tests import Form, HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.dealer_profile.tests.hostile import FORM_SETTINGS, hostile_text
from odoo.addons.dealer_profile.tests.test_i18n import load_language

from .common import CxCommon

ETA = date(2030, 3, 12)
DELAY_EN = ("Dear {{customer}}, your order {{order}} is now expected on {{eta}} at "
            "{{outlet}}. Case {{case}}, {{unknown}}.")
DELAY_NL = ("Beste {{ customer }}, uw bestelling {{order}} wordt nu verwacht op {{eta}} bij "
            "{{outlet}}. Zaak {{case}}.")


class KnowledgeCommon(CxCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_language(cls.env, "nl_NL", ["cx_cases"])
        cls.editor = cls._new_user(
            "cx_editor_a", "cx_cases.group_cx_knowledge_editor", cls.market_a
        )
        cls.order = cls.env["vehicle.order"].create({
            "name": "SO-KB-001", "partner_id": cls.customer.partner_id.id,
            "outlet_id": cls.outlet_a.id, "vehicle_model": "Test Model Alpha",
            "vin": "YSMFD3KA1LB000007", "order_date": date(2029, 10, 1),
        })
        cls.order.sudo()._workflow().write({"eta_date": ETA})
        agents = cls.env.ref("cx_cases.group_cx_agent")
        Canned = cls.env["mail.canned.response"]
        cls.reply_en, cls.reply_nl, cls.reply_b = Canned.create([{
            "source": source, "substitution": text, "cx_lang": lang,
            "cx_team_ids": [Command.set(team.ids)], "group_ids": [Command.set(agents.ids)],
        } for source, text, lang, team in (
            ("delay", DELAY_EN, "en_US", cls.team_a),
            ("vertraging", DELAY_NL, "nl_NL", cls.team_a),
            ("delay-b", "Team B only: {{customer}}", False, cls.team_b),
        )])
        types = cls.env["cx.case.type"].search([])
        cls.type_technical = types.filtered(lambda t: t.code == "technical")
        cls.type_delivery = types.filtered(lambda t: t.code == "delivery")
        Article = cls.env["cx.article"]
        cls.art_charging, cls.art_eta, cls.art_internal, cls.art_draft, cls.art_b, \
            cls.art_hq, cls.art_nl = Article.create([
                cls._article_vals("Charging at home: the cable stays locked", cls.market_a,
                                  "charging cable locked stuck wallbox", cls.type_technical),
                cls._article_vals("Why did my delivery date move?", cls.market_a,
                                  "delivery eta date moved", cls.type_delivery),
                cls._article_vals("Charging cable: agent checklist", cls.market_a,
                                  "charging cable", cls.type_technical, public=False),
                cls._article_vals("Charging cable draft", cls.market_a, "charging cable",
                                  cls.type_technical, state="draft"),
                cls._article_vals("Charging cable in market B", cls.market_b,
                                  "charging cable", cls.type_technical),
                cls._article_vals("Charging anywhere: the brand's guide", cls.hq,
                                  "charging", cls.type_technical),
                cls._article_vals("Thuis laden: de kabel blijft vastzitten", cls.market_a,
                                  "laden kabel vast", cls.type_technical, lang="nl_NL"),
            ])

    @classmethod
    def _article_vals(cls, title, company, keywords, case_type, public=True,
                      state="published", lang="en_US"):
        return {
            "name": title, "company_id": company.id, "keywords": keywords,
            "type_ids": [Command.set(case_type.ids)], "is_public": public, "state": state,
            "lang": lang, "summary": f"About {title.lower()}",
            "body": f"<p>The steps for {title.lower()}.</p>",
        }

    def _order_case(self, lang, **vals):
        self.customer.partner_id.lang = lang
        return self._case(
            name=vals.pop("name", "My delivery is late"), order_id=self.order.id,
            user_id=self.agent_a.id, **vals,
        )


class TestCannedReplies(KnowledgeCommon):
    def test_values_filled_in_english(self):
        """An English customer gets the English reply of the team with the case's
        values, the ETA written as in English; unknown placeholders stay visible."""
        case = self._order_case("en_US")
        replies = case.with_user(self.agent_a).cx_canned_responses()
        self.assertEqual([r["id"] for r in replies], self.reply_en.ids)
        text = replies[0]["substitution"]
        self.assertEqual(text, (
            f"Dear {self.customer.partner_id.name}, your order SO-KB-001 is now expected "
            f"on March 12, 2030 at {self.outlet_a.name}. Case {case.number}, {{{{unknown}}}}."
        ))

    def test_values_filled_in_dutch(self):
        """A Dutch customer gets the Dutch reply, the ETA in Dutch."""
        case = self._order_case("nl_NL")
        replies = case.with_user(self.agent_a).cx_canned_responses()
        self.assertEqual([r["id"] for r in replies], self.reply_nl.ids)
        self.assertEqual(replies[0]["substitution"], (
            f"Beste {self.customer.partner_id.name}, uw bestelling SO-KB-001 wordt nu "
            f"verwacht op 12 maart 2030 bij {self.outlet_a.name}. Zaak {case.number}."
        ))

    def test_no_eta_yet(self):
        self.customer.partner_id.lang = "en_US"
        self.order.sudo()._workflow().write({"eta_date": False})
        case = self._order_case("en_US")
        values = case._cx_placeholder_values()
        self.assertEqual((values["order"], values["eta"]), ("SO-KB-001", "to be confirmed"))

    def test_case_without_order_keeps_order_placeholders(self):
        """A case about no order (a software question) leaves the reply's order, model
        and ETA placeholders as written for the agent to fill in: the Dutch handover
        reply read "Uw  (bestelling ) staat vanaf nog te bevestigen klaar"."""
        self.customer.partner_id.lang = "nl_NL"
        case = self._case(user_id=self.agent_a.id)
        self.assertFalse(case.order_id)
        reply = self.env["mail.canned.response"].create({
            "source": "aflevering-test", "cx_lang": "nl_NL",
            "cx_team_ids": [Command.set(self.team_a.ids)],
            "substitution": "Beste {{customer}}, uw {{model}} (bestelling {{order}}) staat "
                            "vanaf {{eta}} klaar.",
        })
        self.assertEqual(case._cx_render_canned(reply), (
            f"Beste {self.customer.partner_id.name}, uw {{{{model}}}} (bestelling "
            "{{order}}) staat vanaf {{eta}} klaar."
        ))

    def test_team_replies_hidden_from_other_teams(self):
        """Another team's reply is not readable, not even by id over RPC."""
        Canned = self.env["mail.canned.response"]
        self.assertNotIn(self.reply_a_ids()[0], Canned.with_user(self.agent_b).search([]).ids)
        self.assertIn(self.reply_b.id, Canned.with_user(self.agent_b).search([]).ids)
        with self.assertRaises(AccessError):
            self.reply_en.with_user(self.agent_b).read(["substitution"])
        # The team's supervisor and the CX managers see them.
        self.assertTrue(self.reply_en.with_user(self.supervisor_a).read(["substitution"]))
        self.assertTrue(self.reply_b.with_user(self.cx_manager).read(["substitution"]))

    def reply_a_ids(self):
        return (self.reply_en | self.reply_nl).ids

    def test_agent_of_other_team_cannot_render_case(self):
        case = self._order_case("en_US")
        with self.assertRaises(AccessError):
            case.with_user(self.agent_b).cx_canned_responses()

    def test_reply_wizard_sends_filled_reply_with_article(self):
        """The agent picks a reply and an article: the customer receives both, with
        the case's values and the article's portal link."""
        case = self._order_case("en_US", name="Charging cable stuck",
                                type_id=self.type_technical.id)
        wizard = self.env["cx.case.reply.wizard"].with_user(self.agent_a).create({
            "case_id": case.id,
        })
        self.assertEqual(wizard.allowed_canned_ids, self.reply_en)
        self.assertEqual(wizard.suggested_article_ids[:1], self.art_charging)
        wizard.canned_response_id = self.reply_en
        wizard.article_ids = self.art_charging | self.art_internal
        self.assertIn("March 12, 2030", wizard.body)
        self.assertIn(f"/help/{self.art_charging.slug}", wizard.body)
        # An internal article has no portal page: its text goes in.
        self.assertIn("The steps for charging cable: agent checklist", wizard.body)
        wizard.action_send()
        message = case.message_ids[0]
        self.assertIn(case.number, message.body)
        self.assertIn("SO-KB-001", message.body)
        self.assertIn(self.customer.partner_id, message.notified_partner_ids)
        self.assertTrue(self.reply_en.last_used)


class TestArticles(KnowledgeCommon):
    def test_search_ranks_title_and_type(self):
        """The case's words find the article about them first; the case's type lifts
        the articles written for it."""
        Article = self.env["cx.article"].with_user(self.agent_a)
        found = Article._cx_search("charging cable stuck", domain=[("lang", "=", "en_US")])
        self.assertEqual(found[:1], self.art_charging)
        found = Article._cx_search("when will the car come, the date moved?",
                                   type_ids=self.type_delivery.ids)
        self.assertEqual(found[:1], self.art_eta)
        self.assertFalse(Article._cx_search("the and for"))

    def test_unrelated_articles_not_suggested(self):
        """A question about winter tyres shares only a common word ("steps") with the
        articles' bodies: no article is suggested, even for the case's type; a long
        question still finds the article of its title words."""
        Article = self.env["cx.article"].with_user(self.agent_a)
        domain = [("lang", "=", "en_US")]
        tyres = ("Which winter tyres fit my car, and can they be mounted at the "
                 "handover? Please tell me the steps")
        self.assertFalse(Article._cx_search(tyres, domain=domain))
        self.assertFalse(Article._cx_search(tyres, domain=domain,
                                            type_ids=self.type_technical.ids))
        long_question = ("Since yesterday evening the charging cable will not come out "
                         "of the socket at home, what should I do now, please advise")
        self.assertEqual(Article._cx_search(long_question, domain=domain)[:1],
                         self.art_charging)

    def test_case_finds_articles_in_customer_language(self):
        self.customer.partner_id.lang = "nl_NL"
        case = self._case(name="Laadkabel zit vast", type_id=self.type_technical.id)
        self.assertEqual(case.with_user(self.agent_a)._cx_find_articles(), self.art_nl)
        self.assertEqual(case.with_user(self.agent_a).cx_article_match_count, 1)

    def test_agent_reads_published_articles_of_their_markets(self):
        visible = self.env["cx.article"].with_user(self.agent_a).search([])
        self.assertEqual(
            visible,
            self.art_charging | self.art_eta | self.art_internal | self.art_hq | self.art_nl,
        )
        with self.assertRaises(AccessError):
            self.art_charging.with_user(self.agent_a).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.env["cx.article"].with_user(self.agent_a).create({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.art_b.with_user(self.agent_a).read(["name"])

    def test_editor_and_supervisor_write_their_markets(self):
        for user in (self.editor, self.supervisor_a):
            with self.subTest(user=user.login):
                Article = self.env["cx.article"].with_user(user)
                self.assertIn(self.art_draft, Article.search([]))
                self.art_draft.with_user(user).name = f"Draft by {user.login}"
                Article.create({"name": f"New guide {user.login}", "company_id": self.market_a.id})
                with self.assertRaises(AccessError):
                    self.art_b.with_user(user).write({"name": "Not my market"})

    def test_market_editor_cannot_change_head_office_articles(self):
        """A head-office article serves every market: a market's editor or supervisor
        reads it, but neither edits it, deletes it, nor writes a new one for the head
        office (which every market's customers would then read)."""
        body = self.art_hq.body
        for user in (self.editor, self.supervisor_a):
            with self.subTest(user=user.login):
                Article = self.env["cx.article"].with_user(user)
                self.assertIn(self.art_hq, Article.search([]))
                with self.assertRaises(AccessError):
                    self.art_hq.with_user(user).write({"body": "<p>Call 0900-SCAM</p>"})
                with self.assertRaises(AccessError):
                    self.art_hq.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    Article.create({"name": "Brand-wide guide", "company_id": self.hq.id})
                with self.assertRaises(AccessError):
                    self.art_charging.with_user(user).write({"company_id": self.hq.id})
        self.assertEqual(self.art_hq.body, body)

    def test_portal_reads_public_articles_of_its_market(self):
        visible = self.env["cx.article"].with_user(self.customer).search([])
        self.assertEqual(visible, self.art_charging | self.art_eta | self.art_hq | self.art_nl)
        with self.assertRaises(AccessError):
            self.art_internal.with_user(self.customer).read(["body"])

    def test_new_version_on_edit_of_published_content(self):
        article = self.art_charging.with_user(self.editor)
        article.body = "<p>New steps.</p>"
        self.assertEqual(article.version, 2)
        self.assertEqual(len(article.version_ids), 1)
        old = article.version_ids
        self.assertEqual((old.version, old.name), (1, article.name))
        self.assertIn("The steps for charging", old.body)
        article.is_public = True  # not content: no version
        self.assertEqual(article.version, 2)
        draft = self.art_draft.with_user(self.editor)
        draft.body = "<p>Still a draft.</p>"
        self.assertEqual((draft.version, len(draft.version_ids)), (1, 0))

    def test_history_and_counters_not_written_by_hand(self):
        with self.assertRaises(ValidationError):
            self.art_charging.with_user(self.editor).write({"avoided_count": 500})
        with self.assertRaises(AccessError):
            self.env["cx.article.version"].with_user(self.editor).create({
                "article_id": self.art_charging.id, "version": 9, "name": "Forged",
            })
        # At creation, in vals or as the context's defaults (added by the ORM later).
        article = self.env["cx.article"].with_user(self.editor).with_context(
            default_view_count=999, default_avoided_count=999, default_version=9,
        ).create({"name": "Test counters", "company_id": self.market_a.id, "view_count": 5})
        self.assertEqual((article.version, article.view_count, article.avoided_count),
                         (1, 0, 0))

    def test_slug_checked(self):
        with self.assertRaises(ValidationError):
            self.art_charging.slug = "../etc"

    def test_form_makes_the_address_from_the_title(self):
        """The article form fills the address from the title (the form required an
        address the editor had to invent: *Save* and *Publish* did nothing); the editor
        may change it, and a saved article keeps its address when retitled."""
        with Form(self.env["cx.article"].with_user(self.editor)) as form:
            form.name = "Key card: not recognised at the door"
            self.assertEqual(form.slug, "key-card-not-recognised-at-the-door")
        article = form.record
        self.assertEqual(article.slug, "key-card-not-recognised-at-the-door")
        article.name = "Key card"
        self.assertEqual(article.slug, "key-card-not-recognised-at-the-door")
        with Form(self.env["cx.article"].with_user(self.editor)) as form:
            form.name = "Winter tyres"
            form.slug = "tyres-winter"
        self.assertEqual(form.record.slug, "tyres-winter")


@tagged("post_install", "-at_install")
class TestKnowledgePortal(KnowledgeCommon, HttpCase):
    def _suggest(self, text):
        return self.make_jsonrpc_request("/my/help/suggest", {"text": text})

    def test_new_request_form_suggests_public_articles(self):
        """While the customer types, the form's JSON route offers the public articles of
        their market in their language, never internal ones or another market's."""
        self.customer.partner_id.lang = "en_US"
        self.authenticate("test_customer", "test_customer")
        result = self._suggest("My charging cable is stuck in the car")
        ids = [article["id"] for article in result["articles"]]
        self.assertEqual(ids[0], self.art_charging.id)
        self.assertNotIn(self.art_internal.id, ids)
        self.assertNotIn(self.art_b.id, ids)
        self.assertNotIn(self.art_draft.id, ids)
        self.assertEqual(result["articles"][0]["url"],
                         "/help/charging-at-home-the-cable-stays-locked?from=request")
        self.assertEqual(self._suggest("x" * 6000)["articles"], [])
        self.assertIn("error", self._suggest("x" * 6000))

    def test_dutch_customer_gets_dutch_articles(self):
        self.customer.partner_id.lang = "nl_NL"
        self.authenticate("test_customer", "test_customer")
        result = self._suggest("de laadkabel zit vast")
        self.assertEqual([a["id"] for a in result["articles"]], self.art_nl.ids)

    def test_case_avoided_counted_once(self):
        self.authenticate("test_customer", "test_customer")
        url = f"/help/{self.art_charging.slug}"
        response = self.url_open(f"{url}?from=request")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Yes, this solved it", response.text)
        self.url_open(f"{url}?from=request")
        for _attempt in range(2):
            response = self.url_open(f"{url}/solved", data={"csrf_token": Request.csrf_token(self)})
            self.assertIn("Glad we could help", response.text)
        self.assertEqual((self.art_charging.view_count, self.art_charging.avoided_count), (1, 1))

    def test_help_pages_show_public_articles_only(self):
        self.authenticate("test_customer", "test_customer")
        page = self.url_open("/my/help?search=charging").text
        self.assertIn(self.art_charging.name, page)
        self.assertNotIn(self.art_internal.name, page)
        self.assertNotIn(self.art_b.name, page)
        self.assertEqual(self.url_open(f"/help/{self.art_internal.slug}").status_code, 404)
        self.assertEqual(self.url_open(f"/help/{self.art_b.slug}").status_code, 404)
        # A visitor reads a public article; the hostile slug is a plain 404.
        self.authenticate(None, None)
        self.assertEqual(self.url_open(f"/help/{self.art_charging.slug}").status_code, 200)
        self.assertEqual(self.url_open(f"/help/{self.art_internal.slug}").status_code, 404)
        self.assertEqual(self.url_open("/help/" + "a" * 500).status_code, 404)

    def test_portal_cannot_reach_internal_articles_over_rpc(self):
        self.authenticate("test_customer", "test_customer")
        with self.assertRaises(JsonRpcException) as raised:
            self.make_jsonrpc_request("/web/dataset/call_kw/cx.article/read", {
                "model": "cx.article", "method": "read",
                "args": [self.art_internal.ids, ["body"]], "kwargs": {},
            })
        self.assertEqual(raised.exception.args[0], "odoo.exceptions.AccessError")
        public = self.make_jsonrpc_request("/web/dataset/call_kw/cx.article/read", {
            "model": "cx.article", "method": "read",
            "args": [self.art_charging.ids, ["name"]], "kwargs": {},
        })
        self.assertEqual(public[0]["name"], self.art_charging.name)

    def test_tour_agent_answers_with_canned_reply_and_article(self):
        """In the browser: the agent opens the case, picks the canned reply and the
        best article, and sends; the customer gets the filled values and the link."""
        self.customer.partner_id.lang = "en_US"
        case = self._order_case("en_US", name="Charging cable stuck",
                                type_id=self.type_technical.id)
        self.start_tour(f"/odoo/action-cx_cases.cx_case_action/{case.id}",
                        "cx_cases_agent_reply", login="cx_agent_a")
        message = case.message_ids.filtered(lambda m: m.author_id == self.agent_a.partner_id)[:1]
        self.assertIn("March 12, 2030", message.body)
        self.assertIn(case.number, message.body)
        self.assertIn(self.customer.partner_id.name, message.body)
        self.assertIn(f"/help/{self.art_charging.slug}", message.body)


# JSON carries text, not bytes: the raw bytes of hostile_text arrive as their latin-1
# characters.
JSON_TEXT = hostile_text().map(lambda v: v.decode("latin-1") if isinstance(v, bytes) else v)
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(),
              st.floats(allow_nan=False, allow_infinity=False), JSON_TEXT),
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.text(max_size=5), children, max_size=3)),
    max_leaves=5,
)


def _wire(value):
    """What goes on the wire: bytes as they are, lone surrogates included."""
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


@tagged("post_install", "-at_install")
class TestKnowledgePortalFuzz(KnowledgeCommon, HttpCase):
    """Whatever the page's script or anyone else posts to the suggestion route and
    the help pages: an answer (articles or what is wrong), never a 500."""

    def setUp(self):
        super().setUp()
        self.authenticate(self.customer.login, self.customer.login)

    @mute_logger("odoo.http")
    @FORM_SETTINGS
    @given(st.one_of(
        st.fixed_dictionaries({"text": st.one_of(JSON_TEXT, st.text(max_size=300))}),
        st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=3),
    ))
    def test_suggest_route(self, payload):
        result = self.make_jsonrpc_request("/my/help/suggest", payload)
        self.assertIsInstance(result["articles"], list)
        shown = {article["id"] for article in result["articles"]}
        self.assertFalse(shown & set((self.art_internal | self.art_b | self.art_draft).ids))

    @mute_logger("odoo.http")
    @FORM_SETTINGS
    @given(hostile_text(huge=False), st.text(max_size=100))
    def test_help_pages(self, search, slug):
        response = self.url_open("/my/help", params={"search": _wire(search)})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(self.art_internal.name, response.text)
        response = self.url_open(f"/help/{quote(_wire(slug), safe='')}")
        self.assertIn(response.status_code, (200, 404))
