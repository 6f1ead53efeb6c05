"""Demo data only: the network's languages, ready for the demo's portal users."""

# The languages of the network's dealers and customers.
NETWORK_LANGUAGES = ("nl_NL", "de_DE", "nb_NO", "sv_SE", "ms_MY")


def activate_languages(env):
    """Activate the network's languages with the terms of every module installed so
    far (modules installed later load them themselves), as Settings › Languages
    would: demo customers then read the portal and their emails in their language."""
    langs = [env["res.lang"]._activate_lang(code).code for code in NETWORK_LANGUAGES]
    modules = env["ir.module.module"].search(
        [("state", "in", ("installed", "to install", "to upgrade"))]
    )
    modules._update_translations(filter_lang=langs)
