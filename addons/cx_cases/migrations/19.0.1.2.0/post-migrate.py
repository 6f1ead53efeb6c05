"""19.0.1.2.0: a team's agents are its routing rows (cx.team.member); the list of users
(member_ids) is computed from them. An agent added to the list before had no row (no
capacity, not routed, not in the agents' load): each gets one, with the defaults."""


def migrate(cr, version):
    if version:
        cr.execute("""
            INSERT INTO cx_team_member (team_id, company_id, user_id, sequence, active,
                                        capacity, create_uid, create_date, write_uid,
                                        write_date)
            SELECT rel.team_id, team.company_id, rel.user_id, 10, TRUE, 10, 1,
                   now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'
              FROM cx_case_team_member_rel rel
              JOIN cx_case_team team ON team.id = rel.team_id
             WHERE NOT EXISTS (SELECT 1 FROM cx_team_member m
                                WHERE m.team_id = rel.team_id AND m.user_id = rel.user_id)
        """)
