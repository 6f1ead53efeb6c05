def fill_has_conditional_lines(cr):
    """Store ``network.audit.has_conditional_lines`` of existing audits with two
    statements: created by the update, the stored computed column would be filled by
    the ORM, reading every answer of every audit (millions)."""
    cr.execute(
        "ALTER TABLE network_audit ADD COLUMN IF NOT EXISTS has_conditional_lines boolean"
    )
    cr.execute("UPDATE network_audit SET has_conditional_lines = false")
    cr.execute("""
        UPDATE network_audit SET has_conditional_lines = true
         WHERE id IN (SELECT audit_id FROM network_audit_line
                       WHERE condition_line_id IS NOT NULL)
    """)
