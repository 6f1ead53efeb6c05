"""19.0.1.4.0: the Swedish weekdays of the opening hours written alike ("Måndag",
"Tisdag", ...; three were lowercase). A module update keeps the translations already
stored: the three labels are replaced where they still hold the old text."""

DAYS = {"0": ("måndag", "Måndag"), "4": ("fredag", "Fredag"), "5": ("lördag", "Lördag")}


def migrate(cr, version):
    if not version:
        return
    for value, (old, new) in DAYS.items():
        cr.execute(
            """UPDATE ir_model_fields_selection s
                  SET name = jsonb_set(s.name, '{sv_SE}', to_jsonb(%s::text))
                 FROM ir_model_fields f
                WHERE f.id = s.field_id AND f.model = 'dealer.change.request.hours'
                  AND f.name = 'dayofweek' AND s.value = %s AND s.name->>'sv_SE' = %s""",
            (new, value, old),
        )
