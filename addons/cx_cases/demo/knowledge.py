"""Demo canned replies and knowledge articles (run by the post-install hook with
the rest of the demo): what the Dutch team (English and
Dutch) and the German team need for delivery delays, charging, recall appointments
and handovers."""

from odoo import Command

# team alias: {language: [(shortcut, text)]}
CANNED = {
    "care-nl": {
        "en_US": [
            ("delay", "Dear {{customer}},\n\nThank you for your patience. Your order {{order}} "
             "({{model}}) is now expected on {{eta}}. We will let you know as soon as it "
             "arrives at {{outlet}}.\n\nKind regards,\n{{agent}}\nCase {{case}}"),
            ("charging", "Dear {{customer}},\n\nSorry about the charging trouble. Please try "
             "the steps in the article below; if the cable stays locked, {{outlet}} will "
             "help you the same day.\n\nKind regards,\n{{agent}}\nCase {{case}}"),
            ("recall", "Dear {{customer}},\n\nYour car (VIN {{vin}}) is part of a service "
             "campaign. {{outlet}} will contact you to plan the appointment; it takes about "
             "two hours and costs you nothing.\n\nKind regards,\n{{agent}}\nCase {{case}}"),
            ("handover", "Dear {{customer}},\n\nYour {{model}} (order {{order}}) will be "
             "ready for handover at {{outlet}} from {{eta}}. You can book your handover "
             "appointment on the portal.\n\nKind regards,\n{{agent}}\nCase {{case}}"),
        ],
        "nl_NL": [
            ("vertraging", "Beste {{customer}},\n\nBedankt voor uw geduld. Uw bestelling "
             "{{order}} ({{model}}) wordt nu verwacht op {{eta}}. We laten het u weten zodra "
             "de auto bij {{outlet}} is.\n\nMet vriendelijke groet,\n{{agent}}\n"
             "Zaak {{case}}"),
            ("laden", "Beste {{customer}},\n\nVervelend dat het laden niet lukt. Probeer de "
             "stappen uit het artikel hieronder; blijft de kabel vastzitten, dan helpt "
             "{{outlet}} u dezelfde dag.\n\nMet vriendelijke groet,\n{{agent}}\n"
             "Zaak {{case}}"),
            ("terugroepactie", "Beste {{customer}},\n\nUw auto (VIN {{vin}}) valt onder een "
             "serviceactie. {{outlet}} neemt contact met u op voor een afspraak; die duurt "
             "ongeveer twee uur en is kosteloos.\n\nMet vriendelijke groet,\n{{agent}}\n"
             "Zaak {{case}}"),
            ("aflevering", "Beste {{customer}},\n\nUw {{model}} (bestelling {{order}}) staat "
             "vanaf {{eta}} klaar voor aflevering bij {{outlet}}. U kunt uw afspraak op het "
             "portaal plannen.\n\nMet vriendelijke groet,\n{{agent}}\nZaak {{case}}"),
        ],
    },
    "care-de": {
        "de_DE": [
            ("verzoegerung", "Sehr geehrte(r) {{customer}},\n\nvielen Dank für Ihre Geduld. "
             "Ihre Bestellung {{order}} ({{model}}) wird jetzt am {{eta}} erwartet.\n\n"
             "Mit freundlichen Grüßen\n{{agent}}\nFall {{case}}"),
            ("laden", "Sehr geehrte(r) {{customer}},\n\nbitte versuchen Sie die Schritte im "
             "folgenden Artikel; {{outlet}} hilft Ihnen gern weiter.\n\n"
             "Mit freundlichen Grüßen\n{{agent}}\nFall {{case}}"),
            ("rueckruf", "Sehr geehrte(r) {{customer}},\n\nIhr Fahrzeug (FIN {{vin}}) ist "
             "Teil einer Serviceaktion. {{outlet}} meldet sich für einen Termin.\n\n"
             "Mit freundlichen Grüßen\n{{agent}}\nFall {{case}}"),
            ("uebergabe", "Sehr geehrte(r) {{customer}},\n\nIhr {{model}} ist ab {{eta}} bei "
             "{{outlet}} zur Übergabe bereit. Den Termin buchen Sie im Portal.\n\n"
             "Mit freundlichen Grüßen\n{{agent}}\nFall {{case}}"),
        ],
    },
}
# market: [(language, slug, title, summary, keywords, type codes, public, body)]
ARTICLES = {
    "nl": [
        ("en_US", "charging-cable-locked", "Charging at home: the cable stays locked",
         "Release a charging cable that stays locked in the car.",
         "charging charge cable stuck locked wallbox", ["technical", "question"], True,
         "<ol><li>Unlock the car with the key or the app.</li><li>Press the release button "
         "on the charging port for three seconds.</li><li>Still locked? Use the emergency "
         "release behind the boot lining on the right.</li></ol>"),
        ("en_US", "delivery-date-moved", "Why did my delivery date move?",
         "What changes an ETA and where to see the latest date.",
         "delivery eta date moved delay late order", ["delivery"], True,
         "<p>Your car's ETA follows its journey from the factory. Ships and trains can "
         "change it by a few days; the latest date is always on <a href='/my/orders'>your "
         "order page</a>.</p>"),
        ("en_US", "handover-checklist", "Handover checklist for agents",
         "What to check with the customer before the handover appointment.",
         "handover appointment delivery checklist", ["delivery"], False,
         "<ul><li>Insurance confirmed</li><li>Payment received</li><li>Winter tyres as "
         "ordered</li></ul>"),
        ("nl_NL", "laadkabel-zit-vast", "Thuis laden: de kabel blijft vastzitten",
         "Een laadkabel losmaken die in de auto vergrendeld blijft.",
         "laden laadkabel kabel vast vergrendeld laadpaal", ["technical", "question"], True,
         "<ol><li>Ontgrendel de auto met de sleutel of de app.</li><li>Druk drie seconden op "
         "de ontgrendelknop bij de laadpoort.</li><li>Zit hij nog vast? Gebruik de "
         "noodontgrendeling achter de bekleding rechts in de kofferbak.</li></ol>"),
        ("nl_NL", "leverdatum-verschoven", "Waarom is mijn leverdatum verschoven?",
         "Wat een verwachte leverdatum verandert en waar u de laatste datum ziet.",
         "levering leverdatum verschoven vertraging bestelling", ["delivery"], True,
         "<p>De verwachte datum volgt de reis van uw auto vanaf de fabriek. Schepen en "
         "treinen kunnen die een paar dagen verschuiven; de laatste datum staat altijd op "
         "<a href='/my/orders'>uw bestelpagina</a>.</p>"),
        ("nl_NL", "terugroepactie-afspraak", "Een afspraak voor een terugroepactie",
         "Hoe de afspraak voor een serviceactie verloopt.",
         "terugroepactie recall afspraak serviceactie", ["recall"], True,
         "<p>Het servicepunt belt u voor een afspraak. De actie duurt ongeveer twee uur en "
         "is kosteloos; een vervangende auto is beschikbaar.</p>"),
    ],
    # Belgium's Dutch-speaking customers read the articles of their own market (an
    # article is a market's: its outlets, its service points), in Dutch.
    "be": [
        ("nl_NL", "laadkabel-zit-vast", "Thuis laden: de kabel blijft vastzitten",
         "Een laadkabel losmaken die in de auto vergrendeld blijft.",
         "laden laadkabel kabel vast vergrendeld laadpaal", ["technical", "question"], True,
         "<ol><li>Ontgrendel de auto met de sleutel of de app.</li><li>Druk drie seconden op "
         "de ontgrendelknop bij de laadpoort.</li><li>Zit hij nog vast? Gebruik de "
         "noodontgrendeling achter de bekleding rechts in de koffer.</li></ol>"),
        ("nl_NL", "leverdatum-verschoven", "Waarom is mijn leverdatum verschoven?",
         "Wat een verwachte leverdatum verandert en waar u de laatste datum ziet.",
         "levering leverdatum verschoven vertraging bestelling", ["delivery"], True,
         "<p>De verwachte datum volgt de reis van uw auto vanaf de fabriek. Schepen en "
         "treinen kunnen die een paar dagen verschuiven; de laatste datum staat altijd op "
         "<a href='/my/orders'>uw bestelpagina</a>.</p>"),
        ("nl_NL", "terugroepactie-afspraak", "Een afspraak voor een terugroepactie",
         "Hoe de afspraak voor een serviceactie verloopt.",
         "terugroepactie recall afspraak serviceactie", ["recall"], True,
         "<p>Het servicepunt in Brussel of Antwerpen belt u voor een afspraak. De actie "
         "duurt ongeveer twee uur en is kosteloos; een vervangwagen is beschikbaar.</p>"),
    ],
    "se": [
        ("sv_SE", "laddkabeln-sitter-fast", "Ladda hemma: kabeln sitter fast",
         "Så lossar du en laddkabel som förblir låst i bilen.",
         "ladda laddning laddkabel kabel fast låst laddbox", ["technical", "question"], True,
         "<ol><li>Lås upp bilen med nyckeln eller appen.</li><li>Håll in upplåsningsknappen "
         "vid laddporten i tre sekunder.</li><li>Sitter den fortfarande fast? Använd "
         "nödupplåsningen bakom klädseln till höger i bagageutrymmet.</li></ol>"),
        ("sv_SE", "leveransdatum-flyttat", "Varför har mitt leveransdatum flyttats?",
         "Vad som ändrar ett beräknat leveransdatum och var du ser det senaste.",
         "leverans leveransdatum flyttat försenad försening beställning", ["delivery"], True,
         "<p>Det beräknade datumet följer bilens resa från fabriken. Fartyg och tåg kan "
         "flytta det några dagar; det senaste datumet finns alltid på "
         "<a href='/my/orders'>din beställningssida</a>.</p>"),
        ("sv_SE", "aterkallelse-tid", "Boka tid för en återkallelse",
         "Så går bokningen av en serviceåtgärd till.",
         "återkallelse recall tid bokning serviceåtgärd", ["recall"], True,
         "<p>Serviceverkstaden ringer dig för att boka en tid. Åtgärden tar ungefär två "
         "timmar och är kostnadsfri; en lånebil finns att tillgå.</p>"),
        ("sv_SE", "infor-overlamningen", "Inför överlämningen av din bil",
         "Vad som ska vara klart innan du hämtar din bil.",
         "överlämning leverans hämta bil tid försäkring betalning", ["delivery"], True,
         "<ul><li>Försäkringen är tecknad från överlämningsdagen.</li><li>Betalningen "
         "har kommit in.</li><li>Tiden för överlämningen är bokad på "
         "<a href='/my/orders'>din beställningssida</a>.</li><li>Ta med legitimation "
         "och körkort.</li></ul>"),
    ],
    "de": [
        ("de_DE", "ladekabel-verriegelt", "Laden zu Hause: das Kabel bleibt verriegelt",
         "Ein verriegeltes Ladekabel lösen.", "laden ladekabel kabel verriegelt wallbox",
         ["technical", "question"], True,
         "<ol><li>Fahrzeug entriegeln.</li><li>Entriegelungstaste am Ladeanschluss drei "
         "Sekunden drücken.</li></ol>"),
    ],
}


def generate_knowledge(env):
    agent_group = env.ref("cx_cases.group_cx_agent")
    teams = env["cx.case.team"].search([("alias_name", "in", list(CANNED))])
    env["mail.canned.response"].create([{
        "source": source, "substitution": text, "cx_lang": lang,
        "cx_team_ids": [Command.set(team.ids)],
        "group_ids": [Command.set(agent_group.ids)],
    } for team in teams for lang, replies in CANNED[team.alias_name].items()
        for source, text in replies])
    types = {t.code: t for t in env["cx.case.type"].search([])}
    env["cx.article"].create([{
        "name": title, "slug": slug, "summary": summary, "keywords": keywords,
        "lang": lang, "is_public": public, "body": body, "state": "published",
        "company_id": env.ref(f"dealer_profile.company_market_{market}").id,
        "type_ids": [Command.set([types[code].id for code in codes if code in types])],
    } for market, articles in ARTICLES.items()
        for lang, slug, title, summary, keywords, codes, public, body in articles])
