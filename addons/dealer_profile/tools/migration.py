"""Helpers of the suite's migration scripts."""

import json


def hand_over_xmlids(cr, moved):
    """Give XML ids of dealer_profile to the modules now declaring them: {name: module}.

    The records keep their values; only the owner of the XML id changes, so that the new
    declaration finds the record (a second one with the same code would be refused) and
    the update does not treat it as removed. An id the module already owns is left."""
    for name, module in moved.items():
        cr.execute(
            """
            UPDATE ir_model_data SET module = %s
             WHERE module = 'dealer_profile' AND name = %s
               AND NOT EXISTS (SELECT 1 FROM ir_model_data WHERE module = %s AND name = %s)
            """,
            (module, name, module, name),
        )



def _mail_template_ids(cr, module, names):
    """The ids of these mail templates (xml ids without the module) of ``module``."""
    cr.execute(
        """SELECT res_id FROM ir_model_data
            WHERE module = %s AND model = 'mail.template' AND name IN %s""",
        (module, tuple(names)),
    )
    return tuple(row[0] for row in cr.fetchall())


def replace_in_mail_templates(cr, module, names, replacements):
    """Replace texts in the body of these mail templates of ``module``, in every language
    it is stored in ((old, new) pairs): a template an administrator changed keeps their
    changes, and each translation gets the new text as well (a module update rewrites
    neither a ``noupdate`` template nor the translations already stored)."""
    ids = _mail_template_ids(cr, module, names)
    if not ids:
        return
    for old, new in replacements:
        # As the texts appear inside the JSON of the translations (quotes, newlines).
        old_json, new_json = (json.dumps(text, ensure_ascii=False)[1:-1] for text in (old, new))
        cr.execute(
            "UPDATE mail_template SET body_html = replace(body_html::text, %s, %s)::jsonb"
            " WHERE id IN %s",
            (old_json, new_json, ids),
        )


def replace_mail_template_subjects(cr, module, names, lang_subjects):
    """Give these mail templates of ``module`` a new subject in some languages
    ({lang: (old, new)}), where the stored translation is still the old one: a
    module update does not rewrite the translations already stored."""
    ids = _mail_template_ids(cr, module, names)
    if not ids:
        return
    for lang, (old, new) in lang_subjects.items():
        cr.execute(
            """UPDATE mail_template SET subject = jsonb_set(subject, %s, to_jsonb(%s::text))
                WHERE id IN %s AND subject->>%s = %s""",
            ([lang], new, ids, lang, old),
        )
