"""Demo data only: the network's languages, ready for the demo's portal users."""

# The languages of the network's dealers and customers.
NETWORK_LANGUAGES = ("nl_NL", "de_DE", "nb_NO", "sv_SE", "ms_MY")
# Each market's language and time zone, on its company's contact: a customer whom a
# mail to the market's team creates speaks the market's language (cx_cases).
MARKET_LOCALES = {
    "company_market_nl": ("nl_NL", "Europe/Amsterdam"),
    "company_market_be": ("nl_NL", "Europe/Brussels"),
    "company_market_de": ("de_DE", "Europe/Berlin"),
    "company_market_se": ("sv_SE", "Europe/Stockholm"),
    "company_market_no": ("nb_NO", "Europe/Oslo"),
    "company_market_my": ("ms_MY", "Asia/Kuala_Lumpur"),
    "company_market_us": ("en_US", "America/New_York"),
    "company_market_ca": ("en_US", "America/Toronto"),
}


def activate_languages(env):
    """Activate the network's languages with the terms of every module installed so
    far (modules installed later load them themselves), as Settings › Languages
    would: demo customers then read the portal and their emails in their language."""
    langs = [env["res.lang"]._activate_lang(code).code for code in NETWORK_LANGUAGES]
    modules = env["ir.module.module"].search(
        [("state", "in", ("installed", "to install", "to upgrade"))]
    )
    modules._update_translations(filter_lang=langs)
    set_market_locales(env, {env.ref(f"dealer_profile.{xmlid}"): locale
                             for xmlid, locale in MARKET_LOCALES.items()})


def set_market_locales(env, locales):
    """Each market's (company's) contact in its language and time zone:
    ``{company: (language code, time zone)}``."""
    for company, (lang, tz) in locales.items():
        company.partner_id.write({"lang": lang, "tz": tz})
