from odoo.tools import SQL


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


# Demo records made inline (one2many commands) that became records of their own, with
# xml ids, so that their names are translated through the .po files:
# (parent model, parent table, child model, child table, link column, id infix,
#  {parent xml id: number of children}).
DEMO_CHILDREN = (
    ("network.audit.standard", "network.audit.standard.option",
     "network_audit_standard_option", "standard_id", "option", {
         "standard_cx_08": 4, "standard_fac_10": 3, "standard_pro_04": 4,
         "standard_brd_04": 3, "standard_pap_05": 3,
     }),
    ("network.audit.program", "network.audit.program.section",
     "network_audit_program_section", "program_id", "section", {
         "program_europe_spaces_cx": 5, "program_apac_facility": 4,
         "program_north_america_dealerships": 4, "program_handover_locations": 3,
         "program_benelux_mystery": 2,
     }),
)


def name_demo_children(cr):
    """Give the options and sections made inline by the demo data of an existing
    database the xml ids the demo files now declare (``<parent>_<infix>_<sequence>``):
    the update then finds them instead of adding a second set."""
    for parent_model, model, table, link, infix, parents in DEMO_CHILDREN:
        for parent_xmlid, count in parents.items():
            cr.execute(SQL(
                """INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
                   SELECT DISTINCT ON (child.sequence) 'network_audit',
                          %(prefix)s || child.sequence, %(model)s, child.id, true
                     FROM ir_model_data parent
                     JOIN %(table)s child ON child.%(link)s = parent.res_id
                    WHERE parent.module = 'network_audit' AND parent.name = %(parent)s
                      AND parent.model = %(parent_model)s
                      AND child.sequence BETWEEN 1 AND %(count)s
                 ORDER BY child.sequence, child.id
                       ON CONFLICT DO NOTHING""",
                prefix=f"{parent_xmlid}_{infix}_", model=model, table=SQL.identifier(table),
                link=SQL.identifier(link), parent=parent_xmlid, parent_model=parent_model,
                count=count,
            ))


def copy_section_names(cr):
    """Answers keep their section's name in every language (the column became
    translated with its English value only)."""
    cr.execute("""
        UPDATE network_audit_line line SET section_name = section.name
          FROM network_audit_program_section section
         WHERE section.id = line.section_id
           AND line.section_name->>'en_US' = section.name->>'en_US'
    """)


def copy_standard_titles(cr):
    """Action items that quote their standard's title take all its translations (the
    column became translated with its English value only)."""
    cr.execute("""
        UPDATE network_audit_action item SET name = standard.name
          FROM network_audit_standard standard
         WHERE standard.id = item.standard_id
           AND item.name->>'en_US' = standard.name->>'en_US'
    """)


def recount_without_skipped(cr):
    """Standards skipped by the checklist logic are neither answered nor counted in an
    audit's progress any more: recount the audits that have some."""
    cr.execute("""
        UPDATE network_audit audit
           SET line_count = counts.asked, answered_count = counts.answered,
               progress = CASE WHEN counts.asked > 0
                               THEN 100.0 * counts.answered / counts.asked ELSE 0 END
          FROM (SELECT audit_id,
                       count(*) FILTER (WHERE NOT coalesce(is_skipped, false)) AS asked,
                       count(*) FILTER (WHERE NOT coalesce(is_skipped, false)
                                          AND coalesce(is_answered, false)) AS answered
                  FROM network_audit_line
              GROUP BY audit_id
                HAVING bool_or(coalesce(is_skipped, false))) counts
         WHERE audit.id = counts.audit_id
    """)


def show_dealer_messages_on_the_portal(cr):
    """The messages an action item's Space manager was sent (the item, a rejected fix, a
    reminder) were notifications: in their inbox, not in the item's conversation on
    their portal page (core's portal chatter reads comments). Made comments."""
    cr.execute(SQL(
        """UPDATE mail_message SET message_type = 'comment'
            WHERE model = 'network.audit.action' AND message_type = 'notification'
              AND subtype_id = (SELECT res_id FROM ir_model_data
                                 WHERE module = 'mail' AND name = 'mt_comment')"""
    ))
