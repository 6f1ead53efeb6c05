"""Demo data only: what the demo's customers and agents write, in the customer's language
(a Dutch customer writes to the Dutch care team in Dutch, and is answered in Dutch)."""

# Language of the demo customers of each market.
MARKET_LANGS = {
    "nl": "nl_NL", "be": "nl_NL", "de": "de_DE", "se": "sv_SE", "no": "nb_NO",
    "my": "en_US", "us": "en_US",
}
# (case type, subject) in each language, in the same order: the same ten questions.
SUBJECTS = {
    "en_US": [
        ("question", "Charging at home: which wall box fits my garage?"),
        ("question", "How do I share my digital key with my partner?"),
        ("complaint", "Handover was 40 minutes late and nobody called"),
        ("complaint", "Paint scratch on the tailgate noticed at delivery"),
        ("technical", "Navigation freezes after the latest software update"),
        ("technical", "Rattling noise from the passenger door above 80 km/h"),
        ("technical", "Phone key stops working in the underground car park"),
        ("delivery", "Can my delivery move one week later?"),
        ("delivery", "Winter tyres not fitted at handover as ordered"),
        ("question", "Invoice shows the wrong company address"),
    ],
    "nl_NL": [
        ("question", "Thuis laden: welke laadpaal past in mijn garage?"),
        ("question", "Hoe deel ik mijn digitale sleutel met mijn partner?"),
        ("complaint", "Overdracht was 40 minuten te laat en niemand belde"),
        ("complaint", "Lakschade op de achterklep gezien bij de aflevering"),
        ("technical", "Navigatie loopt vast sinds de laatste software-update"),
        ("technical", "Rammelend geluid uit de passagiersdeur boven 80 km/u"),
        ("technical", "Telefoonsleutel werkt niet in de parkeergarage"),
        ("delivery", "Kan mijn aflevering een week later?"),
        ("delivery", "Winterbanden niet gemonteerd bij de overdracht zoals besteld"),
        ("question", "Factuur vermeldt het verkeerde bedrijfsadres"),
    ],
    "de_DE": [
        ("question", "Laden zu Hause: welche Wallbox passt in meine Garage?"),
        ("question", "Wie teile ich meinen digitalen Schlüssel mit meiner Partnerin?"),
        ("complaint", "Übergabe 40 Minuten zu spät und niemand hat angerufen"),
        ("complaint", "Lackkratzer an der Heckklappe bei der Auslieferung bemerkt"),
        ("technical", "Navigation friert nach dem letzten Software-Update ein"),
        ("technical", "Klappern an der Beifahrertür ab 80 km/h"),
        ("technical", "Handyschlüssel funktioniert in der Tiefgarage nicht"),
        ("delivery", "Kann meine Auslieferung eine Woche später sein?"),
        ("delivery", "Winterreifen bei der Übergabe nicht wie bestellt montiert"),
        ("question", "Rechnung zeigt die falsche Firmenadresse"),
    ],
    "sv_SE": [
        ("question", "Laddning hemma: vilken laddbox passar i mitt garage?"),
        ("question", "Hur delar jag min digitala nyckel med min partner?"),
        ("complaint", "Överlämningen var 40 minuter sen och ingen ringde"),
        ("complaint", "Lackskada på bakluckan upptäckt vid leveransen"),
        ("technical", "Navigationen fryser efter den senaste programuppdateringen"),
        ("technical", "Skrammel från passagerardörren över 80 km/h"),
        ("technical", "Telefonnyckeln slutar fungera i parkeringsgaraget"),
        ("delivery", "Kan min leverans flyttas en vecka?"),
        ("delivery", "Vinterdäcken inte monterade vid överlämningen som beställt"),
        ("question", "Fakturan har fel företagsadress"),
    ],
    "nb_NO": [
        ("question", "Lading hjemme: hvilken ladeboks passer i garasjen min?"),
        ("question", "Hvordan deler jeg den digitale nøkkelen med partneren min?"),
        ("complaint", "Overleveringen var 40 minutter forsinket og ingen ringte"),
        ("complaint", "Lakkskade på bakluken oppdaget ved levering"),
        ("technical", "Navigasjonen fryser etter siste programvareoppdatering"),
        ("technical", "Skrangling fra passasjerdøren over 80 km/t"),
        ("technical", "Telefonnøkkelen virker ikke i parkeringskjelleren"),
        ("delivery", "Kan leveringen min flyttes en uke?"),
        ("delivery", "Vinterdekkene ble ikke montert ved overleveringen som bestilt"),
        ("question", "Fakturaen har feil firmaadresse"),
    ],
}
# What the agent and the customer write at each step of a case, per language:
# ask: the agent needs something from the customer (the case then waits for them);
# progress: the agent has it in hand; photos: the customer answers the question;
# solve: the agent's answer when solving (the solved mail asks to confirm).
MESSAGES = {
    "en_US": {
        "ask": "Thank you for your message. Could you send us a photo or a short video "
               "of the issue, and tell us when it happens?",
        "progress": "Thank you for contacting us. We are looking into it with the Space and "
                    "will call you as soon as we know more.",
        "photos": "Here are the photos you asked for; the issue happens every morning.",
        "solve": "We have sorted this out with the Space: the details are in this case. "
                 "Please let us know if all is well now.",
    },
    "nl_NL": {
        "ask": "Bedankt voor uw bericht. Kunt u ons een foto of korte video van het "
               "probleem sturen, en laten weten wanneer het optreedt?",
        "progress": "Bedankt voor uw bericht. We zoeken het uit met de Space en bellen u "
                    "zodra we meer weten.",
        "photos": "Hierbij de foto's waar u om vroeg; het gebeurt elke ochtend.",
        "solve": "We hebben het met de Space opgelost: de details staan in deze case. "
                 "Laat u ons weten of alles nu in orde is?",
    },
    "de_DE": {
        "ask": "Vielen Dank für Ihre Nachricht. Können Sie uns ein Foto oder ein kurzes "
               "Video schicken und sagen, wann es auftritt?",
        "progress": "Vielen Dank für Ihre Nachricht. Wir klären es mit dem Space und rufen "
                    "Sie an, sobald wir mehr wissen.",
        "photos": "Hier die gewünschten Fotos; es passiert jeden Morgen.",
        "solve": "Wir haben es mit dem Space gelöst: die Einzelheiten stehen in diesem Fall. "
                 "Bitte sagen Sie uns, ob jetzt alles in Ordnung ist.",
    },
    "sv_SE": {
        "ask": "Tack för ditt meddelande. Kan du skicka ett foto eller en kort video av "
               "problemet och berätta när det händer?",
        "progress": "Tack för att du kontaktade oss. Vi undersöker det med Spacet och ringer "
                    "dig så snart vi vet mer.",
        "photos": "Här är bilderna ni bad om; det händer varje morgon.",
        "solve": "Vi har löst det med Spacet: detaljerna finns i ärendet. Säg gärna till om "
                 "allt fungerar nu.",
    },
    "nb_NO": {
        "ask": "Takk for meldingen. Kan du sende oss et bilde eller en kort video av "
               "problemet, og si når det skjer?",
        "progress": "Takk for at du kontaktet oss. Vi ser på det sammen med Spacet og ringer "
                    "deg så snart vi vet mer.",
        "photos": "Her er bildene dere ba om; det skjer hver morgen.",
        "solve": "Vi har løst det sammen med Spacet: detaljene står i saken. Si gjerne fra "
                 "om alt er i orden nå.",
    },
}
# Comments left with a rating, per language: none, then a good, a mixed and a poor one.
RATING_COMMENTS = {
    "en_US": ["", "Quick and friendly.", "Took a while but solved.",
              "Nobody called me back at first."],
    "nl_NL": ["", "Snel en vriendelijk.", "Duurde even, maar opgelost.",
              "In het begin belde niemand me terug."],
    "de_DE": ["", "Schnell und freundlich.", "Hat gedauert, aber gelöst.",
              "Anfangs hat mich niemand zurückgerufen."],
    "sv_SE": ["", "Snabbt och vänligt.", "Tog ett tag men löstes.",
              "Ingen ringde tillbaka i början."],
    "nb_NO": ["", "Raskt og vennlig.", "Tok litt tid, men ble løst.",
              "Ingen ringte meg tilbake i starten."],
}
# What the agent records when resolving a recovery case, in the customer's language.
RECOVERY_RESOLUTIONS = {
    "en_US": "Called the customer back, apologised and offered a month of free charging; "
             "the customer accepted.",
    "nl_NL": "Klant teruggebeld, excuses aangeboden en een maand gratis laden aangeboden; "
             "de klant nam het aan.",
    "de_DE": "Kunden zurückgerufen, uns entschuldigt und einen Monat kostenloses Laden "
             "angeboten; der Kunde hat angenommen.",
    "sv_SE": "Ringde upp kunden, bad om ursäkt och erbjöd en månads gratis laddning; "
             "kunden tackade ja.",
    "nb_NO": "Ringte kunden tilbake, ba om unnskyldning og tilbød en måned gratis lading; "
             "kunden takket ja.",
}
# The README's portal customers (Dutch, answered in Dutch by the Dutch care team).
EMMA_SUBJECT = "De leverdatum van mijn Polaris 4 is weer verschoven: wanneer komt hij nu?"
EMMA_DESCRIPTION = (
    "Op mijn orderpagina staat een nieuwe verwachte datum. Waarom is die verschoven, en "
    "klopt de nieuwe datum?"
)
EMMA_ANSWER = (
    "Beste Emma, uw Polaris 4 is onderweg en de nieuwe verwachte leverdatum is "
    "%(eta)s: het schip moest wachten tot de storm op de Noordzee voorbij was. U ziet de "
    "datum ook op uw orderpagina, en "
    "we laten het weten als er nog iets verandert. Is uw vraag hiermee beantwoord? "
    "Bevestig het dan met de knop in deze case."
)
NOAH_SUBJECT = (
    "Welke winterbanden horen bij mijn auto, en kunnen ze bij de overdracht gemonteerd "
    "worden?"
)
NOAH_QUESTION = (
    "Beste Noah, bij uw auto kunt u 19-inch winterbanden op lichtmetalen velgen "
    "bestellen; de Space monteert ze graag bij de overdracht. Wilt u ze gemonteerd "
    "hebben, en zullen we uw zomerbanden dan bij ons opslaan of geeft u ze mee?"
)
# Test drives reported by the outlets: the models driven.
TEST_DRIVE_MODELS = ["Aurora Polaris 4", "Aurora Borealis 7", "Aurora Lumen"]
# What the agent notes after the call-back of a test drive, by outcome, in the
# customer's language (the market's care team calls and notes in it). The outcomes are
# in the same order in every language: the demo's random choice among them stays.
CALLBACK_NOTES = {
    "en_US": {
        "order": "Called back: the customer liked the car and is ordering with the Space.",
        "thinking": "Called back: still comparing; sent the configurator link and a quote.",
        "not_reached": "No answer; voicemail left with the Space's number.",
    },
    "nl_NL": {
        "order": "Teruggebeld: de klant vond de auto goed en bestelt bij de Space.",
        "thinking": "Teruggebeld: vergelijkt nog; link naar de configurator en een offerte "
                    "gestuurd.",
        "not_reached": "Geen gehoor; voicemail ingesproken met het nummer van de Space.",
    },
    "de_DE": {
        "order": "Zurückgerufen: Dem Kunden gefiel das Auto, er bestellt beim Space.",
        "thinking": "Zurückgerufen: vergleicht noch; Link zum Konfigurator und ein Angebot "
                    "geschickt.",
        "not_reached": "Nicht erreicht; Nachricht mit der Nummer des Space hinterlassen.",
    },
    "sv_SE": {
        "order": "Ringde upp: kunden gillade bilen och beställer via Spacet.",
        "thinking": "Ringde upp: jämför fortfarande; skickade länk till konfiguratorn och "
                    "en offert.",
        "not_reached": "Inget svar; lämnade röstmeddelande med Spacets nummer.",
    },
    "nb_NO": {
        "order": "Ringte tilbake: kunden likte bilen og bestiller hos Spacet.",
        "thinking": "Ringte tilbake: sammenligner fortsatt; sendte lenke til konfiguratoren "
                    "og et tilbud.",
        "not_reached": "Ikke svar; la igjen talemelding med Spacets nummer.",
    },
}
# The agent's note after a courtesy call (a car delivered a few days before), in the
# customer's language.
COURTESY_CALL_NOTES = {
    "en_US": "Courtesy call: the customer is happy with the car; showed them the app's "
             "charging schedule. No questions open.",
    "nl_NL": "Nabelgesprek: de klant is blij met de auto; laadschema in de app "
             "uitgelegd. Geen open vragen.",
    "de_DE": "Servicegespräch: Der Kunde ist mit dem Auto zufrieden; Ladeplanung in der "
             "App erklärt. Keine offenen Fragen.",
    "sv_SE": "Uppföljningssamtal: kunden är nöjd med bilen; visade laddschemat i appen. "
             "Inga öppna frågor.",
    "nb_NO": "Oppfølgingssamtale: kunden er fornøyd med bilen; viste ladeplanen i appen. "
             "Ingen åpne spørsmål.",
}
# The agent's note when closing a case the customer confirmed on the phone: after a
# call to the customer ("agent"), at the end of a test drive's call-back ("call_back").
CONFIRMATION_NOTES = {
    "en_US": {"agent": "Called the customer: all is well now.",
              "call_back": "The customer confirmed on the call."},
    "nl_NL": {"agent": "Klant gebeld: alles is nu in orde.",
              "call_back": "De klant heeft het telefonisch bevestigd."},
    "de_DE": {"agent": "Kunden angerufen: Jetzt ist alles in Ordnung.",
              "call_back": "Der Kunde hat es am Telefon bestätigt."},
    "sv_SE": {"agent": "Ringde kunden: allt fungerar nu.",
              "call_back": "Kunden bekräftade i telefon."},
    "nb_NO": {"agent": "Ringte kunden: alt er i orden nå.",
              "call_back": "Kunden bekreftet det på telefonen."},
}
