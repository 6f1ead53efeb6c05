"""19.0.1.5.0: a customer notice belongs to a market (``company_id``) and reaches only
its orders. A notice reached every market before: each existing one is given the top
company of its author's company (the head office in a single-brand database), so that
it reaches the same orders as before; one whose target named a market by its id (the
way to aim at a market before) keeps working, the market now narrows it twice."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE vehicle_order_notice notice
           SET company_id = split_part(company.parent_path, '/', 1)::int
          FROM res_users author
          JOIN res_company company ON company.id = author.company_id
         WHERE author.id = notice.create_uid
        """
    )
