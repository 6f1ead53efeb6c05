from email.message import EmailMessage
from email.utils import make_msgid
from unittest.mock import patch

from odoo.modules.registry import Registry
from odoo.tests import TransactionCase, tagged, warmup
from odoo.tools import mute_logger

from ..tools.gateway_memo import GATEWAY_MEMO
from .common import CxCommon


def build_mail(sender, to, subject, body, html=None, headers=None, attachment=None,
               in_reply_to=None, message_id=None):
    """A real RFC 5322 message, as an MTA hands it to Odoo's mailgate."""
    msg = EmailMessage()
    if sender is not None:
        msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = message_id or make_msgid(domain="customer.example.org")
    msg["Date"] = "Mon, 07 Jan 2030 10:00:00 +0100"
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    if attachment:
        filename, content, mimetype = attachment
        maintype, subtype = mimetype.split("/")
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


@tagged("post_install", "-at_install")
class TestMailGateway(CxCommon):
    """Email to the team alias through message_process, the entry point of
    Odoo's mailgate script and of fetchmail."""

    ALIAS = "care-a@cx-test.example.com"

    def _process(self, raw):
        return self.env["mail.thread"].message_process(None, raw)

    def _cases_from(self, email):
        return self.env["cx.case"].search([("email_from", "ilike", email)])

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_new_case_from_email_with_attachment(self):
        raw = build_mail(
            "Emma de Vries <emma.devries@customer.example.org>", self.ALIAS,
            "Charging cable does not lock", "Hello,\nthe cable does not lock.\nEmma",
            attachment=("photo.jpg", b"\xff\xd8\xff\xe0fakejpeg", "image/jpeg"),
        )
        self._process(raw)
        case = self._cases_from("emma.devries@customer.example.org")
        self.assertEqual(len(case), 1)
        self.assertEqual(case.name, "Charging cable does not lock")
        self.assertEqual(case.team_id, self.team_a)
        self.assertEqual(case.channel, "email")
        self.assertEqual(case.company_id, self.market_a)
        self.assertEqual(case.partner_id.email_normalized, "emma.devries@customer.example.org")
        self.assertIn("does not lock", case.description)
        self.assertEqual(case.message_ids.attachment_ids.mapped("name"), ["photo.jpg"])
        self.assertTrue(case.sla_first_response_deadline)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_what_one_mail_learned_stays_with_it(self):
        """The gateway answers a new customer's later look-ups and the first
        message's parent from what it learned routing the mail (GATEWAY_MEMO): the
        mail that opened the case has no parent, the next message on the case has it,
        the same sender's next mail finds the customer created by the first, and
        nothing is left once a mail is processed."""
        sender = "Lotte Bakker <lotte.bakker@customer.example.org>"
        self._process(build_mail(sender, self.ALIAS, "Key fob", "It does not open."))
        case = self._cases_from("lotte.bakker@customer.example.org")
        self.assertIsNone(GATEWAY_MEMO.get())
        first = case.message_ids
        self.assertEqual(len(first), 1)
        self.assertFalse(first.parent_id)
        note = case.message_post(body="Asked the outlet", message_type="comment")
        self.assertEqual(note.parent_id, first)
        self._process(build_mail(sender, self.ALIAS, "Charging flap", "It sticks."))
        cases = self._cases_from("lotte.bakker@customer.example.org")
        self.assertEqual(len(cases), 2)
        self.assertEqual(len(cases.partner_id), 1)
        self.assertFalse((cases - case).message_ids.parent_id)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_reply_is_threaded_and_reopens(self):
        first_id = make_msgid(domain="customer.example.org")
        self._process(build_mail(
            "jan@customer.example.org", self.ALIAS, "Wiper noise", "It squeaks.",
            message_id=first_id,
        ))
        case = self._cases_from("jan@customer.example.org")
        case.action_start()
        case.action_solve()
        self._process(build_mail(
            "jan@customer.example.org", self.ALIAS, "Re: Wiper noise", "Still squeaks!",
            in_reply_to=first_id,
        ))
        self.assertEqual(len(self._cases_from("jan@customer.example.org")), 1)
        self.assertEqual(case.stage_kind, "progress")
        self.assertEqual(case.reopen_count, 1)
        self.assertIn("Still squeaks", case.message_ids[0].body)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_thanks_keeps_solved_case_solved(self):
        """"Thank you" on a solved case is not a reopening: the case still waits for
        the customer's confirmation; "thanks, but..." reopens it."""
        first_id = make_msgid(domain="customer.example.org")
        self._process(build_mail(
            "lies@customer.example.org", self.ALIAS, "Key card", "The key card is dead.",
            message_id=first_id,
        ))
        case = self._cases_from("lies@customer.example.org")
        case.action_start()
        case.action_solve()
        for body in ("Thank you very much!", "Bedankt!\n\nLies",
                     "Thanks!\n\nOn Mon, 7 Jan 2030 the care team wrote:\n> Is it fixed?"):
            with self.subTest(body=body):
                self._process(build_mail("lies@customer.example.org", self.ALIAS,
                                         "Re: Key card", body, in_reply_to=first_id))
                self.assertEqual(case.stage_kind, "solved")
        self.assertEqual(case.reopen_count, 0)
        self._process(build_mail("lies@customer.example.org", self.ALIAS, "Re: Key card",
                                 "Thanks, but it stopped working again.", in_reply_to=first_id))
        self.assertEqual(case.stage_kind, "progress")
        self.assertEqual(case.reopen_count, 1)

    @mute_logger("odoo.addons.mail.models.mail_thread", "odoo.addons.cx_cases.models.mail_thread")
    def test_auto_replies_ignored(self):
        for headers in (
            {"Auto-Submitted": "auto-replied"},
            {"Auto-Submitted": "auto-generated"},
            {"Precedence": "bulk"},
            {"X-Autoreply": "yes"},
        ):
            with self.subTest(headers=headers):
                self._process(build_mail(
                    "ooo@customer.example.org", self.ALIAS, "Out of office",
                    "I am away until Monday.", headers=headers,
                ))
                self.assertFalse(self._cases_from("ooo@customer.example.org"))

    @mute_logger("odoo.addons.mail.models.mail_thread", "odoo.addons.cx_cases.models.mail_thread")
    def test_auto_reply_does_not_reopen(self):
        first_id = make_msgid(domain="customer.example.org")
        self._process(build_mail("lea@customer.example.org", self.ALIAS, "Key", "Lost key",
                                 message_id=first_id))
        case = self._cases_from("lea@customer.example.org")
        case.action_start()
        case.action_solve()
        self._process(build_mail(
            "lea@customer.example.org", self.ALIAS, "Re: Key", "I am on holiday",
            in_reply_to=first_id, headers={"Auto-Submitted": "auto-replied"},
        ))
        self.assertEqual(case.stage_kind, "solved")

    @mute_logger("odoo.addons.mail.models.mail_thread", "odoo.addons.cx_cases.models.mail_thread")
    def test_mail_without_usable_sender_refused(self):
        for sender in (None, "", "not an address", "<>"):
            with self.subTest(sender=sender):
                count = self.env["cx.case"].search_count([])
                result = self._process(build_mail(
                    sender, self.ALIAS, "Anonymous", "Who am I?"
                ))
                self.assertFalse(result)
                self.assertEqual(self.env["cx.case"].search_count([]), count)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_hostile_html_sanitized(self):
        html = (
            '<p onclick="steal()">Hi</p><script>alert(document.cookie)</script>'
            '<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">click</a>'
            '<iframe src="https://evil.example.com"></iframe>'
        )
        self._process(build_mail("mal@customer.example.org", self.ALIAS, "Hostile",
                                 "Hi", html=html))
        case = self._cases_from("mal@customer.example.org")
        self.assertEqual(len(case), 1)
        stored = str(case.description) + str(case.message_ids.mapped("body"))
        for needle in ("<script", "onerror", "onclick", "javascript:", "<iframe"):
            self.assertNotIn(needle, stored)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_duplicate_message_id_ignored(self):
        raw = build_mail("twice@customer.example.org", self.ALIAS, "Twice", "Same mail")
        self._process(raw)
        self._process(raw)
        self.assertEqual(len(self._cases_from("twice@customer.example.org")), 1)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_mail_loop_stopped_by_odoo(self):
        """Odoo's _detect_loop_sender (reading cx.case's _primary_email) stops a
        sender flooding the alias; the threshold is lowered for the test."""
        self.env["ir.config_parameter"].sudo().set_param("mail.gateway.loop.threshold", 3)
        for index in range(6):
            self._process(build_mail("robot@customer.example.org", self.ALIAS,
                                     f"Ticket {index}", "Automatic"))
        self.assertEqual(len(self._cases_from("robot@customer.example.org")), 3)

    @warmup
    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_gateway_query_counts(self):
        """A new customer's mail (partner, case, number, SLA deadlines) and their reply,
        with queries counted so that a change cannot add some silently; the speed is
        measured by tests/benchmark_cx_cases.py."""
        first_id = "<query-count-first@customer.example.org>"
        sender = "Nina Visser <nina.visser@customer.example.org>"
        # Every mail starts with an empty record cache, as the mailgate script (a call
        # per mail) and fetchmail (a commit per mail) run them.
        self.env.invalidate_all()
        with self.assertQueryCount(21):
            self._process(build_mail(sender, self.ALIAS, "Door seal", "Water comes in.",
                                     message_id=first_id))
        case = self._cases_from("nina.visser@customer.example.org")
        self.assertEqual(len(case), 1)
        self.assertEqual(case.partner_id.email_normalized, "nina.visser@customer.example.org")
        self.assertEqual(case.message_ids.author_id, case.partner_id)
        self.assertTrue(case.sla_first_response_deadline)
        self.assertTrue(case.sla_risk_date)
        self.env.invalidate_all()
        with self.assertQueryCount(27):
            self._process(build_mail(sender, self.ALIAS, "Re: Door seal", "Still wet.",
                                     in_reply_to=first_id,
                                     message_id="<query-count-reply@customer.example.org>"))
        self.assertEqual(len(case.message_ids), 2)
        self.assertEqual(case.message_ids[0].author_id, case.partner_id)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_case_opened_as_the_senders_user(self):
        """The gateway opens a case as the user whose address sent it (core's look-up,
        which cx_cases answers with one search when no user has the address): an
        agent, a portal customer; an archived user's address, a contact without a
        user and a new customer open it as the gateway's user."""
        contact = self.env["res.partner"].create({
            "name": "Contact Only", "email": "contact.only@customer.example.org",
        })
        archived = self.agent_a_other
        archived.active = False
        senders = {
            self.agent_a.email: self.agent_a,
            self.customer2.email: self.customer2,
            archived.email: self.env.user,
            contact.email: self.env.user,
            "brand.new@customer.example.org": self.env.user,
        }
        for index, (sender, user) in enumerate(senders.items()):
            subject = f"Sender check {index}"
            self._process(build_mail(sender, self.ALIAS, subject, "Hello"))
            case = self.env["cx.case"].search([("name", "=", subject)])
            self.assertEqual(len(case), 1, sender)
            self.assertEqual(case.create_uid, user, sender)
        # The contact known by its address is the case's customer (no second contact).
        self.assertEqual(self.env["cx.case"].search([("name", "=", "Sender check 3")]).partner_id,
                         contact)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_policy_and_number_changes_reach_the_next_mail(self):
        """The SLA policies a team's case may get and the case sequence are kept
        across mails (no search per mail): a policy created, changed or archived, a
        case type archived and a new prefix apply to the very next mail."""

        def next_case(subject, **values):
            self._process(build_mail("lotte@customer.example.org", self.ALIAS, subject,
                                     "Hello"))
            case = self.env["cx.case"].search([("name", "=", subject)])
            if values:
                case.sudo().write(values)
            return case

        self.assertEqual(next_case("First").sla_policy_id, self.policy_a)
        Policy = self.env["cx.sla.policy"]
        urgent = Policy.create({
            "name": "Urgent", "company_id": self.market_a.id, "team_id": self.team_a.id,
            "priority": "3", "first_response_hours": 1, "resolution_hours": 8,
        })
        self.assertEqual(next_case("Second", priority="3").sla_policy_id, urgent)
        urgent.priority = "2"
        self.assertEqual(next_case("Third", priority="3").sla_policy_id, self.policy_a)
        self.assertEqual(next_case("Fourth", priority="2").sla_policy_id, urgent)
        claims = self.env["cx.case.type"].create({"name": "Claims", "code": "cx_test_claims"})
        urgent.type_ids = claims
        self.assertEqual(next_case("Fifth", priority="2").sla_policy_id, self.policy_a)
        # A policy does not see an archived type: it applies to every type again.
        claims.active = False
        self.assertEqual(next_case("Sixth", priority="2").sla_policy_id, urgent)
        urgent.active = False
        self.assertEqual(next_case("Seventh", priority="2").sla_policy_id, self.policy_a)
        sequence = self.env["ir.sequence"].sudo().search(
            [("code", "=", "cx.case"), ("company_id", "in", (self.env.company.id, False))],
            order="company_id", limit=1,
        )
        sequence.prefix = "MAIL-%(year)s-"
        self.assertRegex(next_case("Eighth").number, r"^MAIL-\d{4}-\d+$")

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_stage_and_policy_changes_reach_the_next_mail(self):
        """A new case's first stage and its policy's figures (targets, market) are
        kept across mails (no search or read per mail): a new first stage of kind
        'new', a stage that changes its kind, and a policy's new targets apply to the
        very next mail, whose deadlines are the calendar's for those targets."""
        Stage = self.env["cx.case.stage"]

        def next_case(subject):
            self.env.invalidate_all()  # as every mail of the gateway starts
            self._process(build_mail("pim@customer.example.org", self.ALIAS, subject, "Hi"))
            return self.env["cx.case"].search([("name", "=", subject)])

        def expected_deadlines(case):
            policy = case.sla_policy_id
            share = 1 - policy.at_risk_ratio / 100.0
            return tuple(self.calendar_nl._working_deadlines(case.date_open, (
                policy.first_response_hours, policy.resolution_hours,
                policy.first_response_hours * share, policy.resolution_hours * share,
            ))[:2])

        first = next_case("Stage one")
        self.assertEqual(first.stage_id, self.stage["new"])
        self.assertEqual(first.stage_kind, "new")
        triage = Stage.create({"name": "Triage", "kind": "new", "sequence": -1})
        self.assertEqual(next_case("Stage two").stage_id, triage)
        triage.kind = "progress"
        third = next_case("Stage three")
        self.assertEqual(third.stage_id, self.stage["new"])
        before = (third.sla_first_response_deadline, third.sla_resolution_deadline)
        self.assertEqual(before, expected_deadlines(third))
        self.policy_a.write({"first_response_hours": 1, "resolution_hours": 3,
                             "at_risk_ratio": 50})
        fourth = next_case("Stage four")
        self.assertEqual(fourth.sla_policy_id, self.policy_a)
        self.assertEqual((fourth.sla_first_response_deadline, fourth.sla_resolution_deadline),
                         expected_deadlines(fourth))
        self.assertNotEqual(fourth.sla_resolution_deadline, before[1])

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_new_customer_gets_the_partners_default_properties(self):
        """The partners' properties definition is kept across mails (core reads it
        for every new contact): a new customer gets its default values, and a
        definition changed since applies to the very next mail."""
        Definition = self.env["properties.base.definition"].sudo()
        definition = Definition._get_definition_for_property_field("res.partner", "properties")

        def customer(address, segment):
            definition.properties_definition = [{
                "name": "segment", "string": "Segment", "type": "char", "default": segment,
            }]
            self.env.invalidate_all()  # as every mail of the gateway starts
            self._process(build_mail(address, self.ALIAS, "Properties", "Hi"))
            partner = self._cases_from(address).partner_id
            self.assertEqual(len(partner), 1)
            return partner.read(["properties"])[0]["properties"][0]["value"]

        self.assertEqual(customer("props1@customer.example.org", "retail"), "retail")
        self.assertEqual(customer("props2@customer.example.org", "fleet"), "fleet")

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_loop_check_counts_archived_customers_cases(self):
        """Odoo's loop check has nothing to count for an address no partner has (a new
        customer's first mail: no count), but still counts the cases of a customer
        whose contact was archived since."""
        self.env["ir.config_parameter"].sudo().set_param("mail.gateway.loop.threshold", 2)
        sender = "flood@customer.example.org"
        for index in range(2):
            self._process(build_mail(sender, self.ALIAS, f"Flood {index}", "Again"))
        cases = self._cases_from(sender)
        self.assertEqual(len(cases), 2)
        cases.partner_id.active = False
        self._process(build_mail(sender, self.ALIAS, "Flood 2", "Again"))
        self.assertEqual(len(self._cases_from(sender)), 2)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_alias_changes_reach_the_next_mail(self):
        """The addresses of the aliases and alias domains are kept across mails (no
        search per mail): an alias created, renamed or deleted and an alias domain's
        address changed apply to the very next mail. A copy to an alias is not a
        recipient of the message (its Cc leaves it out)."""
        desk = "desk@cx-test.example.com"

        def cc_of_next(subject, copy=desk):
            self._process(build_mail("rik@customer.example.org", self.ALIAS, subject, "Hello",
                                     headers={"Cc": copy}))
            case = self.env["cx.case"].search(
                [("name", "=", subject), ("team_id", "=", self.team_a.id)]
            )
            self.assertEqual(len(case), 1)
            return case.message_ids.incoming_email_cc or ""

        self.assertIn(desk, cc_of_next("Plain copy"))
        self.team_b.alias_name = "desk"  # the alias renamed
        self.assertNotIn(desk, cc_of_next("Copy to team B"))
        self.team_b.alias_name = "care-b"
        self.assertIn(desk, cc_of_next("Plain copy again"))
        alias = self.env["mail.alias"].create({
            "alias_name": "desk", "alias_domain_id": self.alias_domain.id,
            "alias_model_id": self.env["ir.model"]._get_id("cx.case"),
            "alias_defaults": repr({"team_id": self.team_b.id}),
        })
        self.assertNotIn(desk, cc_of_next("Copy to a new alias"))
        alias.unlink()
        self.assertIn(desk, cc_of_next("Copy after the alias"))
        self.alias_domain.catchall_alias = "desk"  # the domain's catchall address
        self.assertNotIn(desk, cc_of_next("Copy to the catchall"))
        other = "catchall@desk.example.org"
        self.assertIn(other, cc_of_next("Copy elsewhere", other))
        domain = self.env["mail.alias.domain"].create({"name": "desk.example.org"})
        self.assertNotIn(other, cc_of_next("Copy to a new domain", other))
        domain.unlink()
        self.assertIn(other, cc_of_next("Copy to a deleted domain", other))

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_bounce_address_change_reaches_the_next_mail(self):
        """A mail to an alias domain's bounce address is a bounce (no case), whose
        address is kept across mails: a new bounce address applies to the next mail."""
        returns = "returns@cx-test.example.com"

        def cases_of(subject):
            self._process(build_mail("sam@customer.example.org", returns, subject, "Hello",
                                     headers={"Cc": self.ALIAS}))
            return self.env["cx.case"].search_count([("name", "=", subject)])

        self.assertEqual(cases_of("Before"), 1)
        self.alias_domain.bounce_alias = "returns"
        self.assertEqual(cases_of("After"), 0)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_mail_resets_senders_bounce_counter(self):
        """Mail from an address proves it valid: its contacts' bounce counter is reset
        (the models with a counter are kept per process)."""
        partner = self.env["res.partner"].create({
            "name": "Bo Jansen", "email": "bo@customer.example.org", "message_bounce": 4,
        })
        self._process(build_mail("bo@customer.example.org", self.ALIAS, "Wipers", "Hello"))
        self.assertEqual(partner.message_bounce, 0)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_reply_to_internal_note_stays_internal(self):
        """A mail answering an internal note is an internal note itself (core's rule,
        with the internal subtypes kept per process); one answering a message the
        customer received is not."""
        first_id = make_msgid(domain="customer.example.org")
        self._process(build_mail("noor@customer.example.org", self.ALIAS, "Seat heater",
                                 "Cold seat", message_id=first_id))
        case = self._cases_from("noor@customer.example.org")
        note = case.message_post(body="Check the fuse first", subtype_xmlid="mail.mt_note",
                                 message_type="comment")
        self._process(build_mail("noor@customer.example.org", self.ALIAS, "Re: Seat heater",
                                 "Which fuse?", in_reply_to=note.message_id))
        self.assertTrue(case.message_ids[0].is_internal)
        self._process(build_mail("noor@customer.example.org", self.ALIAS, "Re: Seat heater",
                                 "Still cold", in_reply_to=first_id))
        self.assertFalse(case.message_ids[0].is_internal)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_copy_of_incoming_reply_is_queued(self):
        """A colleague of the customer (same customer company) answers the customer's
        mail: Odoo sends the customer (author of the message answered) a copy, through
        the mail queue, which is woken up, not by the gateway at the end of its
        transaction. (Anyone else's reply waits for an agent: test_roles.)"""
        first_id = make_msgid(domain="customer.example.org")
        self._process(build_mail("pim@customer.example.org", self.ALIAS, "Brakes", "Noisy",
                                 message_id=first_id))
        case = self._cases_from("pim@customer.example.org")
        fleet = self.env["res.partner"].create({"name": "Pim's fleet", "is_company": True})
        case.partner_id.parent_id = fleet
        self.env["res.partner"].create({
            "name": "Fleet workshop", "email": "workshop@garage.example.org",
            "parent_id": fleet.id,
        })
        cron = self.env.ref("mail.ir_cron_mail_scheduler_action")
        Trigger = self.env["ir.cron.trigger"].sudo()
        triggers = Trigger.search_count([("cron_id", "=", cron.id)])
        self._process(build_mail("workshop@garage.example.org", self.ALIAS, "Re: Brakes",
                                 "We replaced the pads.", in_reply_to=first_id))
        copy = self.env["mail.mail"].search([("mail_message_id", "=", case.message_ids[0].id)])
        self.assertEqual(copy.recipient_ids, case.partner_id)
        self.assertEqual(copy.state, "outgoing")
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 1)


@tagged("post_install", "-at_install")
class TestOnlyThanks(CxCommon):
    """The reading of a reply as a plain thank-you, in the suite's languages."""

    def test_thanks_and_not(self):
        from ..tools.replies import is_only_thanks  # noqa: PLC0415

        for body in ("<p>Thank you!</p>", "Dank je wel, fijne dag", "Vielen Dank!",
                     "Tusen takk", "Tack så mycket!", "Terima kasih banyak"):
            with self.subTest(body=body):
                self.assertTrue(is_only_thanks(body))
        for body in ("Thanks. Can you call me?", "Bedankt, maar het piept nog steeds",
                     "Danke, aber es geht nicht", "It still rattles", "",
                     "Thanks " + "x" * 300):
            with self.subTest(body=body[:30]):
                self.assertFalse(is_only_thanks(body))


@tagged("post_install", "-at_install")
class TestKeptPerProcessSources(TransactionCase):
    """What the gateway keeps per process (first stages, policies, alias addresses,
    the case sequence) is emptied by a change of the records it is read from, once
    the change is made, and by those records only (dealer.process.cache.mixin): an
    alias without a name, a sequence other than the cases', a stage's new name
    change nothing, so the other workers keep their caches."""

    def _clears(self, change, read=lambda: None):
        """What ``read`` returns each time ``change`` empties the caches."""
        seen = []
        original = Registry.clear_cache

        def clear_cache(registry, *cache_names):
            seen.append(read())
            return original(registry, *cache_names)

        with patch.object(Registry, "clear_cache", clear_cache):
            change()
        return seen

    def test_stage_emptied_after_its_kind_changes(self):
        Stage = self.env["cx.case.stage"]
        stage = Stage.create({"name": "Test Triage", "kind": "waiting", "sequence": -1})
        self.assertEqual(self._clears(lambda: stage.write({"name": "Test", "fold": True})), [])
        self.assertEqual(self._clears(lambda: stage.write({"kind": "new"}),
                                      lambda: stage.kind), ["new"])
        self.assertEqual(Stage._first_of_kind("new"), stage.id)
        self.assertEqual(len(self._clears(stage.unlink)), 1)
        self.assertNotEqual(Stage._first_of_kind("new"), stage.id)

    def test_unnamed_alias_and_other_sequence_keep_the_caches(self):
        Alias, Sequence = self.env["mail.alias"], self.env["ir.sequence"]
        model_id = self.env["ir.model"]._get_id("cx.case")
        alias = Alias.create({"alias_model_id": model_id})
        sequence = Sequence.create({"name": "Test other", "code": "test.other"})
        for change in (lambda: Alias.create({"alias_model_id": model_id}),
                       lambda: alias.write({"alias_domain_id": False}),
                       alias.unlink,
                       lambda: Sequence.create({"name": "Test more", "code": "test.more"}),
                       lambda: sequence.write({"prefix": "T"}),
                       sequence.unlink):
            self.assertEqual(self._clears(change), [])

    def test_named_alias_and_case_sequence_empty_the_caches(self):
        Alias = self.env["mail.alias"]
        model_id = self.env["ir.model"]._get_id("cx.case")
        alias = Alias.create({"alias_model_id": model_id})
        self.assertEqual(len(self._clears(lambda: alias.write({"alias_name": "kept"}))), 1)
        self.assertEqual(len(self._clears(alias.unlink)), 1)
        self.assertEqual(len(self._clears(lambda: Alias.create({
            "alias_name": "kept-too", "alias_model_id": model_id,
        }))), 1)
        sequence = self.env["ir.sequence"].search([("code", "=", "cx.case")], limit=1)
        self.assertTrue(sequence)
        self.assertEqual(len(self._clears(lambda: sequence.write({"padding": 6}))), 1)
