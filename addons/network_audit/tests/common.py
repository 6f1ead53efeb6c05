from odoo.addons.dealer_profile.tests.common import DealerProfileCommon


class NetworkAuditCommon(DealerProfileCommon):
    """dealer_profile's test network (a region with markets A and B, their outlets,
    dealers and staff; the test database also holds demo data, which the tests never
    rely on) with what audits add: auditors, an audit viewer, a few standards and a
    running program. Outlet A is a Space of the agency model, outlet B a dealership;
    the second outlet of market A is archived: a program audits one outlet per market."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        markets = cls.market_a | cls.market_b
        env.user.company_ids |= cls.region | markets
        cls.outlet_b.write({"kind": "dealership", "sales_model": "dealership"})
        cls.outlet_a2.active = False

        cls.auditor_a = cls._new_user(
            "na_auditor_a", "network_audit.group_audit_auditor", cls.market_a
        )
        cls.auditor_a2 = cls._new_user(
            "na_auditor_a2", "network_audit.group_audit_auditor", cls.market_a
        )
        cls.auditor_b = cls._new_user(
            "na_auditor_b", "network_audit.group_audit_auditor", cls.market_b
        )
        cls.audit_viewer = cls._new_user(
            "na_viewer", "network_audit.group_audit_viewer", cls.market_a, markets
        )

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
            # The market's auditor: an auditor is assigned in their own markets only.
            "auditor_ids": [(6, 0, (auditor or (
                cls.auditor_b if outlet and outlet.company_id == cls.market_b
                else cls.auditor_a
            )).ids)],
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
