"""Demo data that XML cannot tell: generated with the models' own methods.

Imported only by the post-install hook, when the module is installed with demo data
(see ``run_demo_generators`` in ``dealer_profile/__init__.py``): a database without demo
data never loads this package, and the registry holds no demo model.
"""

from odoo import fields

from .holidays import add_outlet_holidays
from .kpi_history import generate_kpi_history
from .languages import activate_languages


def generate(env):
    # The network's languages first: the demo customers of later modules read theirs.
    activate_languages(env)
    # Up to twelve months of KPI values per outlet since it went live, then ratings.
    generate_kpi_history(env, months=12)
    # Handover slots come from the outlets' opening hours: none on a public holiday.
    add_outlet_holidays(env, fields.Date.context_today(env.user))
