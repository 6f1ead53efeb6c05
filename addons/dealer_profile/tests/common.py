import ast
from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

# Complete months no demo KPI value uses (the demo covers the last twelve months).
MONTH_1 = date(2024, 1, 1)
MONTH_2 = date(2024, 2, 1)
MONTH_3 = date(2024, 3, 1)


def new_calendar(env, name, slots, tz="UTC", company=None):
    """A working-time calendar from ``slots`` [(weekday, hour_from, hour_to)]."""
    vals = {"company_id": company.id} if company else {}
    return env["resource.calendar"].create({
        **vals, "name": name, "tz": tz,
        "attendance_ids": [Command.clear()] + [
            Command.create({
                "name": f"{day} {hour_from}", "dayofweek": str(day),
                "hour_from": hour_from, "hour_to": hour_to,
                "day_period": "morning" if hour_from < 12 else "afternoon",
            })
            for day, hour_from, hour_to in slots
        ],
    })


class DealerProfileCommon(TransactionCase):
    """A small network of its own: one region with markets A and B, one outlet per
    market managed by a portal dealer, a second outlet in market A that no dealer
    manages (so that portal isolation does not rest on the market rule alone), staff
    users of each tier and two test KPIs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.hq = cls.env.ref("base.main_company")
        cls.region = Company.create({"name": "Test Region", "parent_id": cls.hq.id})
        cls.market_a = Company.create({"name": "Test Market A", "parent_id": cls.region.id})
        cls.market_b = Company.create({"name": "Test Market B", "parent_id": cls.region.id})
        all_companies = cls.hq | cls.region | cls.market_a | cls.market_b

        cls.viewer = cls._new_user(
            "test_viewer", "dealer_profile.group_network_viewer", cls.market_a, all_companies
        )
        cls.officer = cls._new_user(
            "test_officer_a", "dealer_profile.group_network_officer", cls.market_a, cls.market_a
        )
        cls.manager = cls._new_user(
            "test_manager", "dealer_profile.group_network_manager", cls.market_a, all_companies
        )
        cls.dealer_a = cls._new_user("test_dealer_a", "base.group_portal", cls.market_a)
        cls.dealer_b = cls._new_user("test_dealer_b", "base.group_portal", cls.market_b)
        cls.customer = cls._new_user("test_customer", "base.group_portal", cls.market_a)

        cls.calendar_a = cls.env["resource.calendar"].create({
            "name": "Test Outlet A hours",
            "company_id": cls.market_a.id,
            "attendance_ids": [Command.clear()] + [
                Command.create({
                    "name": f"Day {day}", "dayofweek": str(day), "day_period": period,
                    "hour_from": hour_from, "hour_to": hour_to,
                })
                for day in range(5)
                for period, hour_from, hour_to in (("morning", 9, 12), ("afternoon", 13, 18))
            ],
        })
        cls.outlet_a = cls._create_outlet(
            "Test Outlet Amsterdam", "TA1", cls.market_a,
            phone="+31 20 000 0001", email="outlet-a@example.com",
            resource_calendar_id=cls.calendar_a.id,
        )
        cls.outlet_b = cls._create_outlet(
            "Test Outlet Brussels", "TB1", cls.market_b,
            phone="+32 2 000 0002", email="outlet-b@example.com",
        )
        cls.outlet_a2 = cls._create_outlet(
            "Test Outlet Haarlem", "TA2", cls.market_a,
            phone="+31 23 000 0003", email="outlet-a2@example.com",
        )
        Contact = cls.env["dealer.outlet.contact"]
        cls.contact_a = Contact.create({
            "outlet_id": cls.outlet_a.id, "partner_id": cls.dealer_a.partner_id.id,
            "role": "space_manager",
        })
        cls.contact_b = Contact.create({
            "outlet_id": cls.outlet_b.id, "partner_id": cls.dealer_b.partner_id.id,
            "role": "space_manager",
        })

        Kpi = cls.env["dealer.kpi"]
        cls.kpi_sales = Kpi.create({
            "code": "test_sales", "name": "Test sales", "target": 100.0, "weight": 3.0,
            "max_value": 1000.0,
        })
        cls.kpi_response = Kpi.create({
            "code": "test_response", "name": "Test response hours", "target": 4.0,
            "weight": 1.0, "higher_is_better": False,
        })

        # The network's published months (demo data has some) are the tests' to set:
        # the latest published month is then the one a test publishes.
        cls.env["dealer.rating.month"].search([]).unlink()

    @classmethod
    def _new_user(cls, login, groups, company, companies=None):
        """Logins are 8+ characters: new_test_user then uses the login as password."""
        companies = companies or company
        return new_test_user(
            cls.env, login, groups=groups, name=login.replace("_", " ").title(),
            email=f"{login}@example.com",
            company_id=company.id, company_ids=[Command.set(companies.ids)],
            context={"no_reset_password": True},
        )

    @classmethod
    def _add_asia_region(cls):
        """A second region (Asia) with one market, the officer of markets A and B (the
        Netherlands and Belgium) and the head office's manager of every market: for
        writes that would move a record to a market its writer does not hold."""
        Company = cls.env["res.company"]
        cls.region_asia = Company.create({"name": "Test Region Asia", "parent_id": cls.hq.id})
        cls.market_asia = Company.create(
            {"name": "Test Market Malaysia", "parent_id": cls.region_asia.id}
        )
        markets = cls.market_a | cls.market_b
        cls.officer_ab = cls._new_user(
            "test_officer_ab", "dealer_profile.group_network_officer", cls.market_a, markets
        )
        cls.manager_hq = cls._new_user(
            "test_manager_hq", "dealer_profile.group_network_manager", cls.hq,
            cls.hq | cls.region | markets | cls.region_asia | cls.market_asia,
        )

    @staticmethod
    def _as(user, record):
        """``record`` as ``user``, working in all their markets at once."""
        return record.with_user(user).with_context(allowed_company_ids=user.company_ids.ids)

    @classmethod
    def _create_outlet(cls, name, code, company, **vals):
        return cls.env["dealer.outlet"].create({
            "name": name, "code": code, "company_id": company.id, "state": "active",
            "user_id": cls.officer.id, **vals,
        })

    @classmethod
    def _push_kpis(cls, outlet, month, sales, response=None):
        """Feed the test KPIs of one outlet for one month, ratings recomputed."""
        entries = [{"outlet_id": outlet.id, "kpi_code": "test_sales", "month": month,
                    "value": sales}]
        if response is not None:
            entries.append({"outlet_id": outlet.id, "kpi_code": "test_response",
                            "month": month, "value": response})
        return cls.env["dealer.kpi.value"].upsert_values(entries)

    def _rating(self, outlet, month):
        return self.env["dealer.outlet.rating"].search(
            [("outlet_id", "=", outlet.id), ("month", "=", month)]
        )

    def _publish(self, *months, user=None):
        """Publish complete months as a network manager (the cron's or a manager's act)."""
        rating_months = self.env["dealer.rating.month"]._get_or_create(months)
        rating_months.with_user(user or self.manager).action_publish()
        return rating_months

    def _months_for_a_feed(self, *months):
        """Complete months with no KPI value yet (demo data removed), published and
        flagged for recomputation: a KPI feed pushing into them only inserts its values,
        so a query count pins the feed's own cost, not the rating engine's."""
        self.env["dealer.kpi.value"].sudo().search([("month", "in", list(months))]).unlink()
        rating_months = self.env["dealer.rating.month"].sudo()._get_or_create(months)
        rating_months._workflow_write({"state": "published", "needs_recompute": True})
        self.env.flush_all()
        return rating_months


def graph_groups(action, groupby, measure, domain=()):
    """The groups the graph view of a window ``action`` draws: the web client asks with
    ``fill_temporal`` (months without records added) unless the action's context says
    otherwise; ``measure`` like ``score:avg``."""
    context = {"fill_temporal": True, **ast.literal_eval(action.context or "{}")}
    model = action.env[action.res_model].with_context(**context)
    return model.formatted_read_group(
        ast.literal_eval(action.domain or "[]") + list(domain), [groupby], [measure])
