"""Demo data only: what auditors and dealers write in the audits' markets' languages
(Dutch in the Netherlands and Belgium, German in Germany, Malay in Malaysia). The lists
have the English ones' lengths and order, so that the demo's random choices (and its
story) stay the same in every language; markets in other languages keep the English
texts."""

# What an auditor writes next to a failed line of each demo standard.
FINDINGS = {
    "nl_NL": {
        "CX-01": "Twee binnenlopers geobserveerd: de tweede bezoeker wachtte ongeveer vijf "
                 "minuten voordat iemand naar hem toe kwam.",
        "CX-02": "Mystery-bezoek: de specialist liep meteen naar de auto's zonder te vragen "
                 "waarvoor de auto gebruikt zou worden.",
        "CX-03": "Twee van de drie geobserveerde bezoekers vertrokken zonder aanbod voor een "
                 "proefrit.",
        "CX-04": "Testaanvraag dinsdagochtend via de website verstuurd; de volgende dag "
                 "beantwoord.",
        "CX-05": "Steekproef van tien bezoeken vorige maand: vier zonder nabelgesprek of e-mail "
                 "achteraf.",
        "CX-06": "Het grote scherm stond uit; de configuratie werd op een telefoon getoond.",
        "CX-07": "Enquête van vorig kwartaal onder de norm; de meeste opmerkingen gaan over "
                 "wachttijden.",
        "CX-08": "Financiering alleen als folder genoemd; geen persoonlijke offerte gemaakt.",
        "CX-09": "Thuisladen niet besproken; de klant vroeg zelf naar een laadpaal.",
        "CX-10": "Twee afspraken in de agenda zonder bevestiging aan de klant.",
        "CX-11": "Klachtenregister gecontroleerd: meerdere na meer dan vijf werkdagen "
                 "beantwoord.",
        "CX-12": "Koffieautomaat defect en geen wifi-code zichtbaar in de lounge.",
        "FAC-01": "Vingerafdrukken op twee showroomauto's en stof op de vloer bij de ramen.",
        "FAC-02": "Drie proefritauto's onder 80 %; één op 35 % vlak voor een geboekte "
                  "proefrit.",
        "FAC-03": "Een van de twee laadpalen bij de ingang is sinds vorige week defect.",
        "FAC-04": "Keuringslabel van de brandblusser bij de werkplaats verlopen.",
        "FAC-05": "Nooduitgang achter de lounge deels geblokkeerd door dozen folders.",
        "FAC-06": "Meerdere spots boven de showroomauto's kapot; zie foto.",
        "FAC-07": "Om twaalf uur geen papieren handdoekjes op het toilet; schoonmaaklijst "
                  "vandaag niet afgetekend.",
        "FAC-08": "Totem bij opening niet verlicht en zwerfafval op de parkeerplaatsen.",
        "FAC-09": "Proefritplaatsen bezet door auto's van medewerkers; één bord ontbreekt.",
        "FAC-10": "Showroom 17 °C op een koude ochtend: de verwarming gaat te laat aan.",
        "FAC-11": "Markeringstape van de hoogspanningszone verbleekt en de kast niet op slot.",
        "FAC-12": "Hellingbaan bij de zij-ingang geblokkeerd door een geparkeerde auto; zie "
                  "foto.",
        "PRO-01": "Steekproef van bezoeken: meerdere pas twee of drie dagen later in het CRM "
                  "gezet.",
        "PRO-02": "Eén proefritovereenkomst na de rit getekend; kopie rijbewijs ontbreekt.",
        "PRO-03": "Deze maand twee papieren orderformulieren op het verkoopkantoor gevonden.",
        "PRO-04": "Een inruilauto geschat door de manager, niet met de officiële tool.",
        "PRO-05": "Open leads ouder dan een week in het CRM, meerdere zonder enige activiteit.",
        "PRO-06": "Wagenparklogboek van de proefritten van afgelopen weekend niet ingevuld.",
        "PRO-07": "Eerste vrije servicemoment pas over meer dan twee weken.",
        "PRO-08": "Prijskaart van de Borealis 7 in de showroom toont de prijslijst van vorig "
                  "jaar.",
        "PRO-09": "Een getekende order met het adres van de klant lag op een bureau in de "
                  "showroom.",
        "PRO-10": "Twee specialisten hebben de actuele productcertificering nog niet gehaald.",
        "PRO-11": "Openingschecklist op meerdere zaterdagen overgeslagen.",
        "PRO-12": "Twee overdrachten deze week niet twee dagen vooraf aan de klant bevestigd.",
        "BRD-01": "Totempaneel verbleekt en één letter van de gevelreclame brandt niet; zie "
                  "foto.",
        "BRD-02": "Folders van een lokale verzekeringsadviseur op de receptiebalie.",
        "BRD-03": "Campagnebeelden van vorig seizoen nog naast de nieuwe.",
        "BRD-04": "Eén specialist in een eigen jas in plaats van de merkkleding.",
        "BRD-05": "Schermen spelen de loop van vorig kwartaal, niet de actuele "
                  "goedgekeurde content.",
        "BRD-06": "Het presentatieplan vraagt een Lumen bij het raam; er stond een "
                  "occasion.",
        "BRD-07": "Radiozender in de showroom in plaats van de playlist van het merk.",
        "BRD-08": "Meerdere materiaalstalen ontbreken aan de kleur- en bekledingswand.",
        "PAP-01": "Het getoonde inschrijvingsbewijs is het oude, met het vorige adres.",
        "PAP-02": "Steekproef van dossiers: sommige zonder getekend afleverbewijs.",
        "PAP-03": "Eén kredietinformatieformulier gedateerd na het contract.",
        "PAP-04": "Garantiepapieren van twee vorige maand verkochte occasions niet "
                  "uitgereikt.",
        "PAP-05": "Kasregister van contante betalingen de laatste drie weken niet "
                  "bijgehouden.",
        "PAP-06": "Meerdere dossiers zonder kilometerstandverklaring.",
        "PAP-07": "Een auto afgeleverd zonder de uitgeprinte terugroepcontrole in het dossier.",
        "PAP-08": "Archiefkast tijdens het bezoek niet op slot, dossiers niet geordend.",
        "HO-01": "Afleverinspectieformulier van de overdracht van vandaag niet getekend.",
        "HO-02": "Auto met een lage laadstand overgedragen; de klant had een lange rit naar "
                 "huis.",
        "HO-03": "Overdrachtsruimte gebruikt voor bandenopslag; twee lampen kapot.",
        "HO-04": "Overdracht in een korter tijdslot gepland dan de norm van het merk.",
        "HO-05": "App koppelen aan de klant thuis overgelaten; de specialist had geen tijd "
                 "meer.",
        "HO-06": "Klant wachtte bij aankomst in de overdrachtsruimte zonder "
                 "contactpersoon.",
        "HO-07": "Transportfolie zat bij de geobserveerde overdracht nog op de dorpels.",
        "HO-08": "Feedbackverzoeken van vorige week pas dagen na de overdrachten verstuurd.",
    },
    "de_DE": {
        "CX-01": "Zwei Laufkunden beobachtet: Der zweite Besucher wartete etwa fünf Minuten, "
                 "bis jemand auf ihn zukam.",
        "CX-02": "Testkauf: Der Spezialist ging direkt zu den Autos, ohne nach der Nutzung "
                 "des Autos zu fragen.",
        "CX-03": "Zwei von drei beobachteten Besuchern gingen ohne Angebot einer Probefahrt.",
        "CX-04": "Testanfrage am Dienstagmorgen über die Website gesendet; am nächsten Tag "
                 "beantwortet.",
        "CX-05": "Stichprobe von zehn Besuchen im letzten Monat: vier ohne Nachfassanruf "
                 "oder E-Mail.",
        "CX-06": "Der große Bildschirm war aus; die Konfiguration wurde auf einem Handy "
                 "gezeigt.",
        "CX-07": "Umfrage des letzten Quartals unter Ziel; die meisten Kommentare nennen "
                 "Wartezeiten.",
        "CX-08": "Finanzierung nur als Broschüre erwähnt; kein persönliches Angebot erstellt.",
        "CX-09": "Laden zu Hause nicht angesprochen; der Kunde fragte selbst nach einer "
                 "Wallbox.",
        "CX-10": "Zwei Termine im Kalender ohne Bestätigung an den Kunden.",
        "CX-11": "Beschwerdeliste geprüft: mehrere erst nach über fünf Arbeitstagen "
                 "beantwortet.",
        "CX-12": "Kaffeemaschine defekt und kein WLAN-Code in der Lounge ausgehängt.",
        "FAC-01": "Fingerabdrücke auf zwei Ausstellungsfahrzeugen und Staub am Boden vor den "
                  "Fenstern.",
        "FAC-02": "Drei Vorführwagen unter 80 %; einer mit 35 % vor einer gebuchten "
                  "Probefahrt.",
        "FAC-03": "Eine der zwei Ladesäulen am Eingang seit letzter Woche defekt.",
        "FAC-04": "Prüfplakette des Feuerlöschers an der Werkstatt abgelaufen.",
        "FAC-05": "Notausgang hinter der Lounge teilweise durch Prospektkartons versperrt.",
        "FAC-06": "Mehrere Strahler über den Ausstellungsfahrzeugen defekt; siehe Foto.",
        "FAC-07": "Mittags keine Papierhandtücher auf der Toilette; Reinigungsliste heute "
                  "nicht abgezeichnet.",
        "FAC-08": "Pylon zur Öffnungszeit unbeleuchtet und Müll auf den Parkplätzen.",
        "FAC-09": "Probefahrt-Stellplätze von Mitarbeiterautos belegt; ein Schild fehlt.",
        "FAC-10": "Showroom an einem kalten Morgen 17 °C: Die Heizung startet zu spät.",
        "FAC-11": "Markierung des Hochvoltbereichs verblasst und der Schrank nicht "
                  "abgeschlossen.",
        "FAC-12": "Rampe am Seiteneingang durch ein parkendes Auto blockiert; siehe Foto.",
        "PRO-01": "Stichprobe: mehrere Besuche erst zwei oder drei Tage später im CRM "
                  "erfasst.",
        "PRO-02": "Ein Probefahrtvertrag nach der Fahrt unterschrieben; Führerscheinkopie "
                  "fehlt.",
        "PRO-03": "Diesen Monat zwei Auftragsformulare auf Papier im Verkaufsbüro gefunden.",
        "PRO-04": "Eine Inzahlungnahme nach Schätzung des Leiters bewertet, nicht mit dem "
                  "offiziellen Tool.",
        "PRO-05": "Offene Leads älter als eine Woche im CRM, mehrere ohne jede Aktivität.",
        "PRO-06": "Fahrtenbuch der Probefahrten vom letzten Wochenende nicht ausgefüllt.",
        "PRO-07": "Nächster freier Servicetermin erst in mehr als zwei Wochen.",
        "PRO-08": "Preisschild des ausgestellten Borealis 7 zeigt die Preisliste des "
                  "Vorjahres.",
        "PRO-09": "Ein unterschriebener Auftrag mit der Kundenadresse lag auf einem "
                  "Schreibtisch im Showroom.",
        "PRO-10": "Zwei Spezialisten haben die aktuelle Produktzertifizierung noch nicht "
                  "abgelegt.",
        "PRO-11": "Öffnungscheckliste an mehreren Samstagen ausgelassen.",
        "PRO-12": "Zwei Übergaben dieser Woche nicht zwei Tage vorher dem Kunden bestätigt.",
        "BRD-01": "Pylonpaneel verblasst und ein Buchstabe der Fassadenbeschriftung "
                  "unbeleuchtet; siehe Foto.",
        "BRD-02": "Flyer eines örtlichen Versicherungsmaklers am Empfang ausgelegt.",
        "BRD-03": "Kampagnenmotive der letzten Saison noch neben den neuen.",
        "BRD-04": "Ein Spezialist in privater Jacke statt in der Markenkleidung.",
        "BRD-05": "Bildschirme zeigen die Schleife des letzten Quartals, nicht die aktuellen "
                  "freigegebenen Inhalte.",
        "BRD-06": "Der Präsentationsplan sieht einen Lumen am Fenster vor; dort stand ein "
                  "Gebrauchtwagen.",
        "BRD-07": "Radiosender im Showroom statt der Playlist der Marke.",
        "BRD-08": "Mehrere Materialmuster fehlen an der Farb- und Polsterwand.",
        "PAP-01": "Die ausgehängte Gewerbeanmeldung ist die alte, mit der früheren Adresse.",
        "PAP-02": "Stichprobe der Vorgangsakten: einige ohne unterschriebene "
                  "Übergabequittung.",
        "PAP-03": "Eine Kreditinformation mit Datum nach dem Vertrag.",
        "PAP-04": "Garantieunterlagen zweier im letzten Monat verkaufter Gebrauchtwagen nicht "
                  "ausgehändigt.",
        "PAP-05": "Kassenbuch für Barzahlungen seit drei Wochen nicht geführt.",
        "PAP-06": "Mehrere Vorgangsakten ohne Kilometerstandserklärung.",
        "PAP-07": "Ein Auto ohne ausgedruckte Rückrufprüfung in der Akte ausgeliefert.",
        "PAP-08": "Aktenschrank beim Besuch unverschlossen, Akten nicht geordnet.",
        "HO-01": "Auslieferungsprotokoll der heutigen Übergabe nicht unterschrieben.",
        "HO-02": "Auto mit niedrigem Ladestand übergeben; der Kunde hatte eine lange "
                 "Heimfahrt.",
        "HO-03": "Übergabebereich als Reifenlager genutzt; zwei Lampen defekt.",
        "HO-04": "Übergabe in einem kürzeren Zeitfenster geplant als der Markenstandard.",
        "HO-05": "App-Kopplung dem Kunden zu Hause überlassen; dem Spezialisten fehlte die "
                 "Zeit.",
        "HO-06": "Kunde wartete bei Ankunft im Übergabebereich ohne Ansprechpartner.",
        "HO-07": "Transportfolie bei der beobachteten Übergabe noch auf den Einstiegsleisten.",
        "HO-08": "Feedbackanfragen der letzten Woche erst Tage nach den Übergaben "
                 "verschickt.",
    },
    "ms_MY": {
        "CX-01": "Dua pengunjung tanpa temu janji diperhatikan: pengunjung kedua menunggu "
                 "kira-kira lima minit sebelum disapa.",
        "CX-02": "Lawatan misteri: pakar terus menunjukkan kereta tanpa bertanya bagaimana "
                 "kereta itu akan digunakan.",
        "CX-03": "Dua daripada tiga pengunjung yang diperhatikan pergi tanpa ditawarkan pandu "
                 "uji.",
        "CX-04": "Pertanyaan ujian dihantar melalui laman web pada pagi Selasa; dijawab "
                 "keesokan harinya.",
        "CX-05": "Sampel sepuluh lawatan bulan lalu: empat tanpa panggilan atau e-mel susulan.",
        "CX-06": "Skrin besar dimatikan; konfigurasi ditunjukkan pada telefon.",
        "CX-07": "Tinjauan suku tahun lalu di bawah sasaran; kebanyakan ulasan menyebut masa "
                 "menunggu.",
        "CX-08": "Pembiayaan hanya disebut melalui risalah; tiada sebut harga peribadi "
                 "disediakan.",
        "CX-09": "Pengecasan di rumah tidak diterangkan; pelanggan sendiri bertanya tentang "
                 "pengecas dinding.",
        "CX-10": "Dua temu janji dalam diari tanpa pengesahan dihantar kepada pelanggan.",
        "CX-11": "Log aduan disemak: beberapa aduan dijawab selepas lebih lima hari bekerja.",
        "CX-12": "Mesin kopi rosak dan tiada kod Wi-Fi dipaparkan di ruang rehat.",
        "FAC-01": "Kesan cap jari pada dua kereta pameran dan habuk di lantai berhampiran "
                  "tingkap.",
        "FAC-02": "Tiga kereta pandu uji di bawah 80 %; satu pada 35 % sebelum pandu uji yang "
                  "ditempah.",
        "FAC-03": "Satu daripada dua pengecas di pintu masuk rosak sejak minggu lalu.",
        "FAC-04": "Label pemeriksaan alat pemadam api berhampiran bengkel telah tamat tempoh.",
        "FAC-05": "Pintu kecemasan di belakang ruang rehat terhalang sebahagiannya oleh kotak "
                  "risalah.",
        "FAC-06": "Beberapa lampu sorot di atas kereta pameran tidak menyala; lihat foto.",
        "FAC-07": "Tandas kehabisan tisu tangan pada tengah hari; senarai pembersihan belum "
                  "ditandatangani hari ini.",
        "FAC-08": "Lampu totem tidak menyala pada waktu buka dan sampah di petak letak kereta.",
        "FAC-09": "Petak pandu uji digunakan oleh kereta kakitangan; satu papan tanda hilang.",
        "FAC-10": "Bilik pameran melebihi 24 °C pada tengah hari: penghawa dingin dihidupkan "
                  "terlalu lewat.",
        "FAC-11": "Pita kawasan voltan tinggi pudar dan kabinet tidak berkunci.",
        "FAC-12": "Tanjakan di pintu masuk sisi dihalang oleh kereta yang diletakkan; lihat "
                  "foto.",
        "PRO-01": "Sampel lawatan: beberapa dimasukkan ke dalam CRM dua atau tiga hari "
                  "kemudian.",
        "PRO-02": "Satu perjanjian pandu uji ditandatangani selepas pemanduan; salinan lesen "
                  "tiada.",
        "PRO-03": "Dua borang pesanan kertas ditemui di pejabat jualan bulan ini.",
        "PRO-04": "Kereta tukar beli dinilai mengikut anggaran pengurus, bukan dengan alat "
                  "rasmi.",
        "PRO-05": "Prospek terbuka lebih seminggu dalam CRM, beberapa tanpa sebarang aktiviti.",
        "PRO-06": "Log armada tidak diisi untuk pandu uji hujung minggu lalu.",
        "PRO-07": "Slot servis kosong seterusnya lebih dua minggu lagi.",
        "PRO-08": "Label harga Borealis 7 yang dipamerkan masih menunjukkan senarai harga "
                  "tahun lalu.",
        "PRO-09": "Pesanan bertandatangan dengan alamat pelanggan ditinggalkan di atas meja di "
                  "bilik pameran.",
        "PRO-10": "Dua pakar belum mengambil pensijilan produk semasa.",
        "PRO-11": "Senarai semak pembukaan tidak dibuat pada beberapa hari Sabtu.",
        "PRO-12": "Dua penyerahan minggu ini tidak disahkan kepada pelanggan dua hari lebih "
                  "awal.",
        "BRD-01": "Panel totem pudar dan satu huruf papan fasad tidak menyala; lihat foto.",
        "BRD-02": "Risalah ejen insurans tempatan dipamerkan di kaunter penyambut tetamu.",
        "BRD-03": "Visual kempen musim lalu masih di sebelah visual yang baharu.",
        "BRD-04": "Seorang pakar memakai jaket sendiri dan bukan pakaian jenama.",
        "BRD-05": "Skrin memainkan gelung suku tahun lalu, bukan kandungan semasa yang "
                  "diluluskan.",
        "BRD-06": "Pelan pameran meminta Lumen di tingkap; sebuah kereta terpakai diletakkan "
                  "di situ.",
        "BRD-07": "Stesen radio dimainkan di bilik pameran dan bukan senarai main jenama.",
        "BRD-08": "Beberapa sampel bahan tiada di dinding warna dan kemasan.",
        "PAP-01": "Sijil pendaftaran yang dipamerkan ialah sijil lama, dengan alamat "
                  "terdahulu.",
        "PAP-02": "Sampel fail urus niaga: sebahagiannya tanpa resit penghantaran yang "
                  "ditandatangani.",
        "PAP-03": "Satu pendedahan kredit bertarikh selepas kontrak.",
        "PAP-04": "Dokumen waranti dua kereta terpakai yang dijual bulan lalu tidak "
                  "dikeluarkan.",
        "PAP-05": "Daftar bayaran tunai tidak dikemas kini sejak tiga minggu lalu.",
        "PAP-06": "Beberapa fail urus niaga tanpa pernyataan odometer.",
        "PAP-07": "Sebuah kereta diserahkan tanpa cetakan semakan panggil balik dalam failnya.",
        "PAP-08": "Kabinet arkib didapati tidak berkunci semasa lawatan, fail tidak "
                  "berindeks.",
        "HO-01": "Borang pemeriksaan pra-penghantaran bagi penyerahan hari ini tidak "
                 "ditandatangani.",
        "HO-02": "Kereta diserahkan dengan tahap cas rendah; pelanggan mempunyai perjalanan "
                 "jauh untuk pulang.",
        "HO-03": "Ruang penyerahan digunakan untuk menyimpan tayar; dua lampu tidak menyala.",
        "HO-04": "Penyerahan dirancang dalam slot yang lebih singkat daripada standard jenama.",
        "HO-05": "Pemasangan aplikasi diserahkan kepada pelanggan di rumah; pakar kesuntukan "
                 "masa.",
        "HO-06": "Pelanggan menunggu di ruang penyerahan tanpa orang yang menyambutnya "
                 "semasa tiba.",
        "HO-07": "Filem pengangkutan masih pada ambang pintu semasa penyerahan yang "
                 "diperhatikan.",
        "HO-08": "Permintaan maklum balas minggu lalu dihantar beberapa hari selepas "
                 "penyerahan.",
    },
}
NOT_MET = {
    "nl_NL": "Niet in orde op de dag van het bezoek.",
    "de_DE": "Am Tag des Besuchs nicht erfüllt.",
    "ms_MY": "Tidak dipatuhi pada hari lawatan.",
}
# Added to some findings: what followed on site.
FINDING_FOLLOW_UPS = {
    "nl_NL": [
        "", "", "Ter plekke besproken met de Space-manager.",
        "Tweede audit op rij met deze bevinding; de manager pakt het deze maand op.",
    ],
    "de_DE": [
        "", "", "Vor Ort mit dem Space-Manager besprochen.",
        "Zweites Audit in Folge mit diesem Befund; der Leiter kümmert sich diesen Monat "
        "darum.",
    ],
    "ms_MY": [
        "", "", "Dibincangkan dengan pengurus Space di lokasi.",
        "Audit kedua berturut-turut dengan penemuan ini; pengurus bersetuju mengambil "
        "tindakan bulan ini.",
    ],
}
# What the dealer writes when marking an item done: with a photo of the fix, or without.
DEALER_REPLIES_PHOTO = {
    "nl_NL": [
        "De dag na de audit opgelost, zie de foto.",
        "Deze week rechtgezet; foto van vanochtend bijgevoegd.",
    ],
    "de_DE": [
        "Am Tag nach dem Audit behoben, siehe Foto.",
        "Diese Woche behoben; Foto von heute Morgen anbei.",
    ],
    "ms_MY": [
        "Dibaiki sehari selepas audit, lihat foto.",
        "Diperbetulkan minggu ini; foto yang diambil pagi tadi dilampirkan.",
    ],
}
DEALER_REPLIES = {
    "nl_NL": [
        "Team ingelicht in het maandagoverleg; checklist bijgewerkt.",
        "Gedaan. We hebben het aan de dagelijkse openingschecklist toegevoegd.",
        "Coachingsessie met het team gehouden; we controleren het wekelijks.",
    ],
    "de_DE": [
        "Team in der Montagsbesprechung informiert; Checkliste aktualisiert.",
        "Erledigt. Wir haben es in die tägliche Öffnungscheckliste aufgenommen.",
        "Coaching mit dem Team durchgeführt; wir prüfen es wöchentlich.",
    ],
    "ms_MY": [
        "Pasukan diberi taklimat dalam mesyuarat hari Isnin; senarai semak dikemas kini.",
        "Selesai. Kami telah menambahnya ke dalam senarai semak pembukaan harian.",
        "Sesi bimbingan diadakan bersama pasukan; kami akan menyemaknya setiap minggu.",
    ],
}
# What the auditor writes when refusing a fix: with a photo sent, or without.
REJECTIONS_PHOTO = {
    "nl_NL": [
        "De foto laat de oplossing niet zien: stuur er een die ter plekke is gemaakt.",
        "Op de foto is het maar deels opgelost: maak het af en stuur een nieuwe.",
    ],
    "de_DE": [
        "Das Foto zeigt die Behebung nicht: Bitte eines vor Ort aufnehmen und senden.",
        "Auf dem Foto ist es nur teilweise behoben: Bitte fertigstellen und ein neues "
        "senden.",
    ],
    "ms_MY": [
        "Foto tidak menunjukkan pembaikan: sila hantar foto yang diambil di lokasi.",
        "Foto menunjukkan ia hanya dibaiki sebahagian: sila siapkan dan hantar foto baharu.",
    ],
}
REJECTIONS = {
    "nl_NL": [
        "Vertel ook hoe het team dit volhoudt en meld het dan opnieuw als gedaan.",
        "Nog niet zichtbaar in de dossiers die ik heb bekeken: stuur een voorbeeld.",
    ],
    "de_DE": [
        "Bitte auch sagen, wie das Team es beibehält, dann erneut als erledigt melden.",
        "In den geprüften Unterlagen noch nicht sichtbar: Bitte ein Beispiel senden.",
    ],
    "ms_MY": [
        "Sila nyatakan juga bagaimana pasukan mengekalkannya, kemudian tandakan sebagai "
        "selesai semula.",
        "Belum kelihatan dalam fail yang saya semak: sila hantar satu contoh.",
    ],
}
