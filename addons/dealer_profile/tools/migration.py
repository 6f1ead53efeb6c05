"""Helpers of the suite's migration scripts."""


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
