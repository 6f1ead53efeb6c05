"""19.0.1.4.0: an integration key speaks for its own source systems only (Event Sources
on the user form). Each existing feed user without any is given the sources it has sent
batches for (the ingestion log), most used first (the default of a batch naming none), so
that a running feed keeps working; a feed user that never sent anything is left empty
and answered 403 until an administrator sets its sources. The demo factory feed (a
``noupdate`` record: the demo file's value is not loaded again) gets the demo's sources."""

# The demo feed's systems (demo/order_tracking_demo.xml, demo/story.py).
DEMO_FEED_SOURCES = "AURORA-OMS, NORDIC-RORO"


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        WITH used AS (
            SELECT log.user_id, log.source_system, count(*) AS batches
              FROM vehicle_order_ingestion log
              JOIN res_groups_users_rel rel ON rel.uid = log.user_id
              JOIN ir_model_data imd ON imd.res_id = rel.gid AND imd.model = 'res.groups'
                   AND imd.module = 'order_tracking'
                   AND imd.name = 'group_order_tracking_integration'
             WHERE log.source_system IS NOT NULL
             GROUP BY log.user_id, log.source_system
        )
        UPDATE res_users u
           SET order_event_sources = sources.names
          FROM (SELECT user_id,
                       string_agg(source_system, ', ' ORDER BY batches DESC, source_system)
                           AS names
                  FROM used GROUP BY user_id) sources
         WHERE u.id = sources.user_id
           AND coalesce(u.order_event_sources, '') = ''
        """
    )
    cr.execute(
        """
        UPDATE res_users u SET order_event_sources = %s
          FROM ir_model_data imd
         WHERE imd.module = 'order_tracking' AND imd.name = 'user_factory_feed'
           AND imd.model = 'res.users' AND imd.res_id = u.id
           AND coalesce(u.order_event_sources, '') = ''
        """,
        [DEMO_FEED_SOURCES],
    )
