"""19.0.1.4.0, two changes.

1. The solved stage is named "Solved". "Solved - Awaiting Customer Confirmation" was cut
   in the case kanban's column header; the waiting for the customer's confirmation is
   now said by the stage's description (shown on the header's hover). The stages are
   ``noupdate`` data and a module update rewrites no stored translation: each
   language's name and description are replaced where they still hold the text the
   module gave them, so that a stage an administrator renamed keeps its name.
2. A knowledge article (and its history) is changed only by the staff of its market or
   of a region or head office above it; its readers are unchanged (its market, the
   markets below it and above it). The rules are kept from updates (noupdate): the
   read rule that also allowed writing an article of a market above one's own (a
   market's editor changing the head office's articles every market reads) is made
   read-only here; the update adds the write rules.
"""

from psycopg2 import sql

from odoo import SUPERUSER_ID, api

NAMES = {
    "en_US": ("Solved - Awaiting Customer Confirmation", "Solved"),
    "nl_NL": ("Opgelost - wacht op bevestiging klant", "Opgelost"),
    "de_DE": ("Gelöst - wartet auf Bestätigung des Kunden", "Gelöst"),
    "nb_NO": ("Løst - venter på kundens bekreftelse", "Løst"),
    "sv_SE": ("Löst - inväntar kundens bekräftelse", "Löst"),
    "ms_MY": ("Selesai - menunggu pengesahan pelanggan", "Diselesaikan"),
}
DESCRIPTIONS = {
    "en_US": (
        "Closed only when the customer confirms; a reply reopens it.",
        "Awaiting the customer's confirmation: closed only when the customer confirms; "
        "a reply reopens it.",
    ),
    "nl_NL": (
        "Alleen gesloten als de klant bevestigt; een antwoord heropent de zaak.",
        "Wacht op bevestiging van de klant: alleen gesloten als de klant bevestigt; "
        "een antwoord heropent de zaak.",
    ),
    "de_DE": (
        "Nur geschlossen, wenn der Kunde bestätigt; eine Antwort öffnet ihn wieder.",
        "Wartet auf die Bestätigung des Kunden: nur geschlossen, wenn der Kunde "
        "bestätigt; eine Antwort öffnet ihn wieder.",
    ),
    "nb_NO": (
        "Lukkes bare når kunden bekrefter; et svar gjenåpner den.",
        "Venter på kundens bekreftelse: lukkes bare når kunden bekrefter; et svar "
        "gjenåpner den.",
    ),
    "sv_SE": (
        "Stängs bara när kunden bekräftar; ett svar öppnar det igen.",
        "Inväntar kundens bekräftelse: stängs bara när kunden bekräftar; ett svar "
        "öppnar det igen.",
    ),
    "ms_MY": (
        "Ditutup hanya apabila pelanggan mengesahkan; balasan akan membukanya semula.",
        "Menunggu pengesahan pelanggan: ditutup hanya apabila pelanggan mengesahkan; "
        "balasan akan membukanya semula.",
    ),
}


def _rename(cr, stage_id, column, texts):
    for lang, (old, new) in texts.items():
        cr.execute(
            sql.SQL(
                """UPDATE cx_case_stage SET {column} = {column} || jsonb_build_object(%s, %s)
                    WHERE id = %s AND {column} ->> %s = %s"""
            ).format(column=sql.Identifier(column)),
            (lang, new, stage_id, lang, old),
        )

READ_RULES = {
    "cx_cases.cx_article_rule_company":
        "Knowledge articles: read those of the allowed markets and the markets above them",
    "cx_cases.cx_article_version_rule_company":
        "Knowledge article history: read that of the allowed markets and the markets above them",
}


def _rename_solved_stage(cr):
    cr.execute(
        """SELECT res_id FROM ir_model_data
            WHERE module = 'cx_cases' AND name = 'stage_solved' AND model = 'cx.case.stage'"""
    )
    row = cr.fetchone()
    if row:
        _rename(cr, row[0], "name", NAMES)
        _rename(cr, row[0], "description", DESCRIPTIONS)


def _read_only_article_rules(cr):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, name in READ_RULES.items():
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.write({
                "name": name, "perm_read": True, "perm_write": False,
                "perm_create": False, "perm_unlink": False,
            })


def migrate(cr, version):
    if not version:
        return
    _rename_solved_stage(cr)
    _read_only_article_rules(cr)
