import io
import struct
import zlib
from datetime import date

from lxml import html
from PIL import Image

from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .common import NetworkAuditCommon


def _png(color="red"):
    output = io.BytesIO()
    Image.new("RGB", (8, 8), color=color).save(output, format="PNG")
    return output.getvalue()


def _png_bomb(width=20000, height=20000):
    """A PNG whose header claims width x height pixels and holds almost nothing:
    a decompression bomb before decoding."""

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b""))


@tagged("post_install", "-at_install")
class TestAuditPortal(NetworkAuditCommon, HttpCase):
    """Two dealers on the portal, through real HTTP requests: each sees and fixes
    only what belongs to their own outlet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit_a = cls._validated_audit(cls.outlet_a, {
            cls.std_greeting: "no", cls.std_clean: "1", cls.std_safety: "yes",
        }, comments={cls.std_clean: "Dust under the display cars"})
        cls.audit_b = cls._validated_audit(cls.outlet_b, {
            cls.std_greeting: "no", cls.std_clean: "5", cls.std_safety: "yes",
            cls.std_paperwork: "yes",
        })
        cls.item_greeting_a = cls._item(cls.audit_a, cls.std_greeting)
        cls.item_clean_a = cls._item(cls.audit_a, cls.std_clean)
        cls.item_b = cls._item(cls.audit_b, cls.std_greeting)
        # Submitted, not validated: its audit and its draft items stay internal.
        cls.audit_a_draft = cls._create_audit(date="2026-11-10")
        cls.audit_a_draft.action_start()
        cls._answer(cls.audit_a_draft, {
            cls.std_greeting: "yes", cls.std_clean: "5", cls.std_safety: "no",
        })
        cls.audit_a_draft.action_submit()
        cls.draft_item = cls.audit_a_draft.action_ids

    @classmethod
    def _validated_audit(cls, outlet, answers, comments=None, day="2026-10-10"):
        audit = cls._create_audit(outlet=outlet, date=day)
        audit.action_start()
        cls._answer(audit, answers)
        for line in audit.line_ids:
            line.comment = (comments or {}).get(line.standard_id, False)
            if line.evidence_missing:
                line.photo_ids = cls.env["ir.attachment"].create({
                    "name": f"{line.standard_code}.png", "raw": _png("grey"),
                    "res_model": "network.audit.line", "res_id": line.id,
                })
        audit.action_submit()
        audit.action_validate()
        return audit

    @staticmethod
    def _item(audit, standard):
        return audit.action_ids.filtered(lambda a: a.standard_id == standard)

    # Helpers -----------------------------------------------------------------------

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response

    def _assert_refused(self, url):
        """Refused URLs say so, 404 for others' records as for missing ones (an id reveals
        nothing)."""
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 404, url)
        self.assertIn("o_dealer_portal_refused", response.text)
        return response

    def _post_update(self, item, files=None, **data):
        return self.url_open(
            f"/my/actions/{item.id}/update",
            data={"csrf_token": Request.csrf_token(self), **data}, files=files,
        )

    def _publish_october(self):
        """Publish October 2026, the month of the two validated audits (demo data may
        have published it already): it is then the latest published rating month."""
        month = self.env["dealer.rating.month"]._get_or_create([date(2026, 10, 1)])
        if month.state == "draft":
            month.action_publish()
        else:
            month.action_recompute()
        self.assertTrue(month.is_latest)
        return month

    def _leaderboard_rows(self, response):
        page = html.fromstring(response.content)
        return [
            (int(row.xpath("string(.//td[contains(@class, 'o_network_leaderboard_rank')])")),
             row.xpath("string(.//td[contains(@class, 'o_network_leaderboard_name')])"),
             row.xpath("string(.//span[contains(@class, 'o_dealer_stars')]/@title)"),
             float(row.xpath(
                 "string(.//td[contains(@class, 'o_network_leaderboard_score')])"
             ).split()[0]),
             "table-primary" in (row.get("class") or ""))
            for row in page.xpath("//tbody/tr")
        ]

    def _error_text(self, response):
        errors = html.fromstring(response.content).xpath(
            "//div[contains(@class, 'o_network_action_error')]"
        )
        self.assertEqual(len(errors), 1, "the page shows the error")
        return errors[0].text_content()

    # Audits ------------------------------------------------------------------------

    def test_only_the_responsible_is_offered_to_report_the_fix(self):
        """Another contact of the outlet reads the item but is offered no form: the
        server lets the item's responsible alone report its fix, and refuses a post
        (403) without writing the comment, a photo or the state."""
        colleague = self._new_user("test_dealer_a_sales", "base.group_portal", self.market_a)
        self.env["dealer.outlet.contact"].create({
            "outlet_id": self.outlet_a.id, "partner_id": colleague.partner_id.id,
            "role": "sales_manager",
        })
        item = self.item_greeting_a
        self.assertEqual(item.responsible_user_id, self.dealer_a)
        for user, is_responsible in ((colleague, False), (self.dealer_a, True)):
            self._login(user)
            page = html.fromstring(self._page(f"/my/actions/{item.id}").content)
            with self.subTest(user=user.login):
                self.assertEqual(bool(page.xpath("//form[contains(@class, "
                                                 "'o_network_action_form')]")), is_responsible)
                self.assertEqual(bool(page.xpath("//*[contains(@class, "
                                                 "'o_network_action_responsible')]")),
                                 not is_responsible)
        self._login(colleague)
        state, comment = item.state, item.dealer_comment
        response = self._post_update(item, comment="Fixed by sales", operation="done")
        self.assertEqual(response.status_code, 403)
        self.assertIn("reports its fix", response.text)
        item.invalidate_recordset()
        self.assertEqual((item.state, item.dealer_comment), (state, comment))

    def test_audit_list_shows_own_validated_audits_only(self):
        for dealer, own, other in ((self.dealer_a, self.audit_a, self.audit_b),
                                   (self.dealer_b, self.audit_b, self.audit_a)):
            with self.subTest(dealer=dealer.login):
                self._login(dealer)
                page = self._page("/my/audits").text
                self.assertIn(f'href="/my/audits/{own.id}"', page)
                self.assertIn(own.outlet_id.name, page)
                self.assertNotIn(other.name, page)
                self.assertNotIn(other.outlet_id.name, page)
                self.assertNotIn(self.audit_a_draft.name, page, "not validated yet")

    def test_audit_page_shows_sections_findings_photos_and_plan(self):
        self._login(self.dealer_a)
        response = self._page(f"/my/audits/{self.audit_a.id}")
        page = html.fromstring(response.content)
        sections = [
            " ".join(row.text_content().split())
            for row in page.xpath("//table[contains(@class, 'o_network_audit_sections')]//tr")
        ]
        self.assertEqual(sections, ["Welcome 6.7 % 2 failed",
                                    "Safety and paperwork 100.0 % 0 failed"])
        score = page.xpath("string(//*[contains(@class, 'o_network_audit_score')])")
        self.assertIn("30.0 %", score)
        findings = page.xpath("//div[contains(@class, 'o_network_audit_failed_line')]")
        self.assertEqual(len(findings), 2)
        self.assertIn("Dust under the display cars", response.text)
        [photo_url] = page.xpath("//div[contains(@class, 'o_network_audit_photos')]//img/@src")
        photo = self.item_clean_a.line_id.photo_ids
        self.assertEqual(
            photo_url, f"/web/image/{photo.id}/192x192?access_token={photo.access_token}"
        )
        image = self.url_open(photo_url)
        self.assertEqual(image.status_code, 200)
        self.assertEqual(image.headers["Content-Type"], "image/png")
        plan = page.xpath("//a[starts-with(@href, '/my/actions/')]/@href")
        self.assertEqual(sorted(plan), sorted(
            f"/my/actions/{item.id}" for item in self.item_greeting_a | self.item_clean_a
        ))

    def test_other_dealer_and_unvalidated_pages_refused(self):
        self._login(self.dealer_a)
        for url in (f"/my/audits/{self.audit_b.id}", f"/my/actions/{self.item_b.id}",
                    f"/my/audits/{self.audit_a_draft.id}", f"/my/actions/{self.draft_item[0].id}",
                    "/my/audits/999999", "/my/actions/999999"):
            with self.subTest(url=url):
                self._assert_refused(url)

    def test_photo_of_other_dealer_not_served_without_token(self):
        self._login(self.dealer_b)
        photo = self.item_clean_a.line_id.photo_ids
        response = self.url_open(f"/web/image/{photo.id}")
        self.assertNotEqual(response.content, photo.raw, "a placeholder at most")

    # Action items ------------------------------------------------------------------

    def test_action_list_open_and_all(self):
        self.item_greeting_a.sudo().action_mark_done("Greeter desk staffed")
        self._login(self.dealer_a)
        links = {
            filterby: html.fromstring(self._page(f"/my/actions?filterby={filterby}").content)
            .xpath("//a[contains(@class, 'o_network_action_link')]/@href")
            for filterby in ("open", "all")
        }
        self.assertEqual(links["open"], [f"/my/actions/{self.item_clean_a.id}"])
        self.assertEqual(sorted(links["all"]), sorted(
            f"/my/actions/{item.id}" for item in self.item_greeting_a | self.item_clean_a
        ), "draft items of the unvalidated audit and the other dealer's items are hidden")
        self.assertEqual(
            self._page("/my/actions").text.count("o_network_action_link"), 1, "open by default"
        )

    def test_action_list_names_the_audit(self):
        """Two audits can raise the same finding: each item says which audit it is from."""
        self._login(self.dealer_a)
        page = html.fromstring(self._page("/my/actions?filterby=all").content)
        audits = page.xpath("//div[contains(@class, 'o_network_action_audit')]/text()[1]")
        self.assertTrue(audits)
        for text in audits:
            self.assertIn(self.item_clean_a.audit_id.name, text)

    def test_action_page_shows_item_and_chatter(self):
        self._login(self.dealer_a)
        page = self._page(f"/my/actions/{self.item_clean_a.id}").text
        for text in ("Showroom clean", "Clean floors.", "Dust under the display cars",
                     'name="photos"', 'accept="image/*"', 'capture="environment"',
                     "o_portal_chatter"):
            self.assertIn(text, page)
        self.assertIn(f'data-token="{self.item_clean_a.access_token}"', page)

    def test_mark_done_of_other_dealers_item_changes_nothing(self):
        self._login(self.dealer_a)
        response = self._post_update(
            self.item_b, comment="Not mine", operation="done",
            files=[("photos", ("fix.png", _png(), "image/png"))],
        )
        self.assertEqual(response.status_code, 404)
        self.env.invalidate_all()
        self.assertRecordValues(self.item_b, [{"state": "open", "dealer_comment": False}])
        self.assertFalse(self.item_b.evidence_ids)
        self.assertFalse(self.env["ir.attachment"].search(
            [("res_model", "=", "network.audit.action"), ("res_id", "=", self.item_b.id)]
        ))

    def test_mark_done_posts_to_chatter(self):
        self._login(self.dealer_a)
        response = self._post_update(
            self.item_clean_a, comment="Floors cleaned every morning", operation="done",
            files=[("photos", ("floor.jpg", _png(), "image/png"))],
        )
        self.assertTrue(response.url.endswith(f"/my/actions/{self.item_clean_a.id}?done=1"))
        self.assertIn("o_network_action_done", response.text)
        self.env.invalidate_all()
        item = self.item_clean_a
        self.assertRecordValues(item, [{
            "state": "done", "dealer_comment": "Floors cleaned every morning",
        }])
        self.assertEqual(item.evidence_ids.mapped("mimetype"), ["image/png"])
        self.assertEqual(item.evidence_ids.name, "floor.png", "normalized, named as a PNG")
        message = item.message_ids.filtered(
            lambda m: m.message_type == "comment" and "Floors cleaned" in m.body
        )
        self.assertEqual(message.author_id, self.dealer_a.partner_id)
        self.assertNotIn("o_network_action_form", response.text, "done: no more form")

    def test_upload_of_non_image_rerenders_with_error_and_keeps_the_rest(self):
        self._login(self.dealer_a)
        response = self._post_update(
            self.item_clean_a, comment="Cleaned, see photos", operation="done",
            files=[("photos", ("before.png", _png(), "image/png")),
                   ("photos", ("notes.txt", b"just some text", "text/plain"))],
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("notes.txt", self._error_text(response))
        page = html.fromstring(response.content)
        self.assertEqual(page.xpath("string(//textarea[@name='comment'])"), "Cleaned, see photos")
        self.env.invalidate_all()
        item = self.item_clean_a
        self.assertEqual(item.state, "in_progress", "not done while a photo was refused")
        self.assertEqual(item.dealer_comment, "Cleaned, see photos")
        self.assertEqual(item.evidence_ids.mapped("name"), ["before.png"], "accepted photo kept")

    def test_upload_of_decompression_bomb_is_refused(self):
        self._login(self.dealer_a)
        response = self._post_update(
            self.item_clean_a, comment="Cleaned", operation="save",
            files=[("photos", ("bomb.png", _png_bomb(), "image/png"))],
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("bomb.png", self._error_text(response))
        self.env.invalidate_all()
        self.assertFalse(self.item_clean_a.evidence_ids)
        self.assertEqual(self.item_clean_a.dealer_comment, "Cleaned")

    def test_mark_done_without_required_photo_shows_error(self):
        self._login(self.dealer_a)
        response = self._post_update(self.item_clean_a, comment="Cleaned", operation="done")
        self.assertEqual(response.status_code, 200)
        self.assertIn("needs a photo", self._error_text(response))
        self.env.invalidate_all()
        self.assertEqual(self.item_clean_a.state, "open")

    def test_save_starts_work_on_item(self):
        self._login(self.dealer_a)
        response = self._post_update(self.item_greeting_a, comment="Hiring a greeter",
                                     operation="save")
        self.assertTrue(response.url.endswith("?saved=1"), response.url)
        self.env.invalidate_all()
        self.assertRecordValues(self.item_greeting_a, [{
            "state": "in_progress", "dealer_comment": "Hiring a greeter",
        }])

    def test_home_counters(self):
        self._publish_october()
        self._login(self.dealer_a)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": [
            "audit_count", "audit_action_count", "audit_leaderboard_count",
        ]})
        rows = self._leaderboard_rows(self._page("/my/audit-leaderboard"))
        self.assertGreaterEqual(len(rows), 2)
        self.assertEqual(counters, {
            "audit_count": 1, "audit_action_count": 2, "audit_leaderboard_count": len(rows),
        })
        self._login(self.customer)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": [
            "audit_count", "audit_action_count", "audit_leaderboard_count",
        ]})
        self.assertEqual(counters, {
            "audit_count": 0, "audit_action_count": 0, "audit_leaderboard_count": 0,
        })

    # Leaderboard -------------------------------------------------------------------

    def test_leaderboard_shows_names_scores_and_stars_only(self):
        """The latest published month: every outlet whose audit scores count in it
        (demo outlets included), ranked by score with ties sharing a rank; the
        dealer's own row highlighted; stars of that same month; nothing private."""
        self._publish_october()
        self._login(self.dealer_a)
        response = self._page("/my/audit-leaderboard")
        rows = self._leaderboard_rows(response)
        by_name = {name: (rank, stars, score, own) for rank, name, stars, score, own in rows}
        def stars(outlet):
            return f"{outlet.rating_stars} / 5" if outlet.rating_stars else ""

        self.assertEqual(by_name["Test Outlet Brussels"][1:], (stars(self.outlet_b), 60.0, False))
        self.assertEqual(by_name["Test Outlet Amsterdam"][1:3], (stars(self.outlet_a), 30.0))
        self.assertTrue(by_name["Test Outlet Amsterdam"][3],
                        "the dealer's own outlet is highlighted")
        self.assertEqual(sum(own for *_rest, own in rows), 1)
        scores = [score for _rank, _name, _stars, score, _own in rows]
        self.assertEqual(scores, sorted(scores, reverse=True))
        for rank, name, _stars, score, _own in rows:
            self.assertEqual(rank, 1 + sum(other > score for other in scores), name)
        self.assertIn("October 2026", response.text, "the latest published month")
        for private in (self.audit_b.name, self.audit_a.name, self.dealer_b.email,
                        self.dealer_b.name, "Test Market B", "Test CX program"):
            self.assertNotIn(private, response.text)

    def test_leaderboard_waits_for_the_month_to_be_published(self):
        """A better audit validated in the running month does not move the published
        leaderboard; a validated audit reopened by a manager leaves it at once."""
        self._publish_october()
        november = self._validated_audit(self.outlet_b, {
            self.std_greeting: "yes", self.std_clean: "5", self.std_safety: "yes",
            self.std_paperwork: "yes",
        }, day="2026-11-05")
        self.assertEqual(november.score, 100.0)
        self._login(self.dealer_a)
        rows = {name: score for _rank, name, _stars, score, _own
                in self._leaderboard_rows(self._page("/my/audit-leaderboard"))}
        self.assertEqual(rows["Test Outlet Brussels"], 60.0)
        self.audit_b.with_user(self.manager).action_reopen(reason="Audited the wrong site")
        rows = {name: score for _rank, name, _stars, score, _own
                in self._leaderboard_rows(self._page("/my/audit-leaderboard"))}
        self.assertNotIn("Test Outlet Brussels", rows)

    def test_leaderboard_before_any_published_month(self):
        self.env["dealer.rating.month"].search([("is_latest", "=", True)])._workflow_write(
            {"is_latest": False}
        )
        self._login(self.dealer_a)
        response = self._page("/my/audit-leaderboard")
        self.assertIn("No monthly rating has been published yet.", response.text)
        self.assertFalse(self._leaderboard_rows(response))

    def test_leaderboard_refused_to_non_dealer(self):
        self._login(self.customer)
        response = self._assert_refused("/my/audit-leaderboard")
        self.assertIn("contacts of an outlet", response.text)

    # Query counts ------------------------------------------------------------------

    def test_list_query_counts(self):
        """Second load of each list, caches warm: a later N+1 shows up here.

        Measured: 10 queries for /my/audits and 11 for /my/actions (session, user,
        counts, search, one read per model shown: the items' audits and standards
        included), the same with one or four audits."""
        for day in ("2026-07-10", "2026-08-10", "2026-09-10"):
            audit = self._create_audit(date=day)
            audit.action_start()
            self._answer(audit, {self.std_greeting: "no", self.std_clean: "5",
                                 self.std_safety: "yes"})
            audit.action_submit()
            audit.action_validate()
        self._login(self.dealer_a)
        for url, count, links in (("/my/audits", 10, 4), ("/my/actions", 11, 5)):
            with self.subTest(url=url):
                self._page(url)
                with self.assertQueryCount(count):
                    page = self._page(url).text
                self.assertEqual(page.count('href="' + url + "/"), links)

    # Tour --------------------------------------------------------------------------

    def test_tour_dealer_marks_action_done(self):
        self.start_tour("/my/actions", "network_audit_portal_action_done",
                        login=self.dealer_a.login)
        self.env.invalidate_all()
        item = self.item_clean_a
        self.assertRecordValues(item, [{
            "state": "done", "dealer_comment": "Floors cleaned, cleaning plan on the wall",
        }])
        self.assertEqual(item.evidence_ids.mapped("mimetype"), ["image/png"])
        self.assertTrue(item.evidence_ids.raw.startswith(b"\x89PNG"))


    # Hostile input to the action-update form (dealer_profile's validation path), the
    # audit PDF, refused URLs --------------------------------------------------------

    def _assert_form_again(self, response, *messages):
        self.assertEqual(response.status_code, 400, response.text[:300])
        page = html.fromstring(response.content)
        error = page.xpath("string(//div[contains(@class, 'o_network_action_error')])")
        for message in messages:
            self.assertIn(message, error)
        self.env.invalidate_all()
        self.assertRecordValues(self.item_clean_a, [{"state": "open", "dealer_comment": False}])
        self.assertFalse(self.item_clean_a.evidence_ids)
        return page

    def test_nul_in_comment_refused(self):
        self._login(self.dealer_a)
        page = self._assert_form_again(
            self._post_update(self.item_clean_a, comment="Floor\x00 cleaned"),
            "What did you do?", "U+0000",
        )
        self.assertEqual(page.xpath("//textarea[@name='comment']/text()"), ["Floor cleaned"])

    def test_nul_in_file_name_refused(self):
        self._login(self.dealer_a)
        self._assert_form_again(
            self._post_update(self.item_clean_a, comment="Cleaned",
                              files=[("photos", ("floor\x00.png", _png(), "image/png"))]),
            "Photo file name", "U+0000",
        )

    def test_huge_comment_refused(self):
        self._login(self.dealer_a)
        response = self._post_update(self.item_clean_a, comment="Cleaned. " * 625_000,
                                     operation="done")
        self._assert_form_again(response, "at most 5000")
        self.assertLess(len(response.content), 200_000)
        self.assertFalse(self.item_clean_a.message_ids.tracking_value_ids.filtered(
            lambda t: len(t.new_value_char or "") > 5000))

    def test_audit_pdf_downloaded_by_its_dealer_only(self):
        self._login(self.dealer_a)
        page = self._page(f"/my/audits/{self.audit_a.id}").text
        self.assertIn(f"/my/audits/{self.audit_a.id}?report_type=pdf", page)
        response = self.url_open(f"/my/audits/{self.audit_a.id}?report_type=pdf&download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment;", response.headers["Content-Disposition"])
        self.assertIn(".pdf", response.headers["Content-Disposition"])
        # Odoo's test mode renders reports as HTML (no wkhtmltopdf run): the audit's.
        self.assertIn(self.audit_a.name, response.text)
        for url in (f"/my/audits/{self.audit_b.id}?report_type=pdf",
                    f"/my/audits/{self.audit_a_draft.id}?report_type=pdf"):
            with self.subTest(url=url):
                response = self._assert_refused(url)
                self.assertFalse(response.content.startswith(b"%PDF"))

    def test_section_colour_as_in_pdf(self):
        """One rule colours a section on the portal and in the PDF: green when its
        score reaches the pass threshold, even with a minor failure (80 % of 80 %)."""
        audit = self._create_audit(date="2026-09-10")
        audit.action_start()
        self._answer(audit, {self.std_greeting: "yes", self.std_clean: "2",
                             self.std_safety: "yes"})
        for line in audit.line_ids.filtered("evidence_missing"):
            line.photo_ids = self.env["ir.attachment"].create({
                "name": "floor.png", "raw": _png("grey"),
                "res_model": "network.audit.line", "res_id": line.id,
            })
        audit.action_submit()
        audit.action_validate()
        self._login(self.dealer_a)
        page = html.fromstring(self._page(f"/my/audits/{audit.id}").content)
        [bar] = page.xpath("//table[contains(@class, 'o_network_audit_sections')]"
                           "//tr[td[1][normalize-space()='Welcome']]//div[@role='progressbar']/div")
        self.assertIn("bg-success", bar.get("class"))
