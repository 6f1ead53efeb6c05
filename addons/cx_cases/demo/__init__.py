"""Demo data that XML cannot tell: generated with the models' own methods.

Imported only by the post-install hook, when the module is installed with demo data
(see ``post_init_hook`` in ``cx_cases/__init__.py``).
"""

from .knowledge import generate_knowledge
from .story import generate as generate_story


def generate(env):
    generate_story(env)
    # The replies and articles of the teams the story created.
    generate_knowledge(env)
