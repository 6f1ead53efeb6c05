"""Demo data that XML cannot tell: generated with the models' own methods.

Imported only by the post-install hook, when the module is installed with demo data
(see ``post_init_hook`` in ``order_tracking/__init__.py``).
"""

from odoo.addons.dealer_profile.demo.kpi_history import generate_kpi_history

from .story import load_story


def generate(env):
    load_story(env)
    # The history of the KPI this module feeds, as dealer_profile's demo builds the
    # others: the monthly push replaces it month by month with real handovers.
    generate_kpi_history(env, months=12, codes=["handover_on_time"])
