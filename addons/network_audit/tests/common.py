from odoo.tests.common import TransactionCase, new_test_user


class NetworkAuditCommon(TransactionCase):
    """A small network of its own (the test database also holds demo data, which the
    tests never rely on): one region with two markets, an outlet with a portal
    Space manager in each, an auditor and an officer per market, a few standards
    and a running program."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Company = env["res.company"]
        cls.region = Company.create(
            {"name": "Test Region", "parent_id": env.ref("base.main_company").id}
        )
        cls.market_a = Company.create({"name": "Test Market A", "parent_id": cls.region.id})
        cls.market_b = Company.create({"name": "Test Market B", "parent_id": cls.region.id})
        markets = cls.market_a | cls.market_b
        env.user.company_ids |= cls.region | markets
        # Published rating months (demo data has some) are the tests' to set.
        env["dealer.rating.month"].search([]).unlink()

        def user(login, groups, companies, **kw):
            return new_test_user(
                env, login=login, groups=groups, password=login + "-pass-1234",
                company_id=companies[0].id, company_ids=[(6, 0, companies.ids)], **kw
            )

        cls.auditor_a = user("na_auditor_a", "network_audit.group_audit_auditor", cls.market_a)
        cls.auditor_a2 = user("na_auditor_a2", "network_audit.group_audit_auditor", cls.market_a)
        cls.auditor_b = user("na_auditor_b", "network_audit.group_audit_auditor", cls.market_b)
        cls.viewer = user("na_viewer", "network_audit.group_audit_viewer", markets)
        cls.officer_a = user("na_officer_a", "dealer_profile.group_network_officer", cls.market_a)
        cls.manager = user("na_manager", "dealer_profile.group_network_manager",
                           cls.region | markets)
        cls.dealer_a = user("na_dealer_a", "base.group_portal", cls.market_a,
                            email="dealer.a@example.com")
        cls.dealer_b = user("na_dealer_b", "base.group_portal", cls.market_b,
                            email="dealer.b@example.com")

        Outlet = env["dealer.outlet"]
        cls.outlet_a = Outlet.create({
            "name": "Test Space A", "code": "TSA", "company_id": cls.market_a.id,
            "kind": "space", "sales_model": "agency", "state": "onboarding",
            "user_id": cls.officer_a.id,
            "contact_ids": [(0, 0, {"partner_id": cls.dealer_a.partner_id.id,
                                    "role": "space_manager"})],
        })
        cls.outlet_b = Outlet.create({
            "name": "Test Dealership B", "code": "TDB", "company_id": cls.market_b.id,
            "kind": "dealership", "sales_model": "dealership", "state": "onboarding",
            "contact_ids": [(0, 0, {"partner_id": cls.dealer_b.partner_id.id,
                                    "role": "space_manager"})],
        })
        (cls.outlet_a | cls.outlet_b).action_activate()

        Standard = env["network.audit.standard"]
        cls.category = env.ref("network_audit.category_customer_experience")
        cls.std_greeting = Standard.create({
            "code": "T-CX-01", "name": "Customer greeted within 2 minutes",
            "category_id": cls.category.id, "requirement": "<p>Greet every visitor.</p>",
            "guidance": "<p>Fulfilled when greeted before 2 minutes.</p>",
            "answer_type": "yes_no", "weight": 2, "criticality": "major",
            "evidence_rule": "never",
        })
        cls.std_clean = Standard.create({
            "code": "T-FA-01", "name": "Showroom clean", "category_id": cls.category.id,
            "requirement": "<p>Clean floors.</p>", "answer_type": "scale", "pass_score": 60,
            "weight": 1, "criticality": "minor", "evidence_rule": "on_failure",
        })
        cls.std_safety = Standard.create({
            "code": "T-PR-01", "name": "High-voltage area secured",
            "category_id": cls.category.id, "requirement": "<p>Locked.</p>",
            "answer_type": "yes_no", "weight": 1, "criticality": "critical",
            "evidence_rule": "never",
        })
        cls.std_paperwork = Standard.create({
            "code": "T-PW-01", "name": "Dealer licence displayed",
            "category_id": env.ref("network_audit.category_paperwork").id,
            "requirement": "<p>Licence on the wall.</p>", "answer_type": "yes_no",
            "evidence_rule": "never",
            "sales_model_ids": [(6, 0, env.ref("network_audit.sales_model_dealership").ids)],
        })
        cls.program = env["network.audit.program"].create({
            "name": "Test CX program", "company_id": cls.region.id, "audit_type": "cx",
            "frequency": "monthly", "pass_threshold": 80,
            "section_ids": [
                (0, 0, {"name": "Welcome", "sequence": 1,
                        "standard_ids": [(6, 0, (cls.std_greeting | cls.std_clean).ids)]}),
                (0, 0, {"name": "Safety and paperwork", "sequence": 2,
                        "standard_ids": [(6, 0, (cls.std_safety | cls.std_paperwork).ids)]}),
            ],
        })
        cls.program.action_start()

    @classmethod
    def _create_audit(cls, outlet=None, auditor=None, date="2026-10-10"):
        return cls.env["network.audit"].create({
            "program_id": cls.program.id,
            "outlet_id": (outlet or cls.outlet_a).id,
            "date": date,
            "auditor_ids": [(6, 0, (auditor or cls.auditor_a).ids)],
        })

    @staticmethod
    def _answer(audit, answers):
        """answers: {standard: value} with 'yes'/'no'/'na' or a scale digit."""
        for line in audit.line_ids:
            value = answers.get(line.standard_id.current_standard_id or line.standard_id)
            if value is None:
                continue
            if line.answer_type == "yes_no":
                line.answer_yes_no = value
            elif line.answer_type == "scale":
                line.answer_scale = value
            elif line.answer_type == "numeric":
                line.answer_numeric = value
            else:
                line.option_id = value
