"""Demo data that XML cannot tell: generated with the models' own methods.

Imported only by the post-install hook, when the module is installed with demo data
(see ``post_init_hook`` in ``cx_cases/__init__.py``).
"""

from .story import generate
