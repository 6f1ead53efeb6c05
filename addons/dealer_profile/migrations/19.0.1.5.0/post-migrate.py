"""19.0.1.5.0: German and Norwegian dates written 12.11.2026, not Odoo's 12/11/2026
(data/res_lang_data.xml, noupdate: an update does not load it). A format somebody
chose in Settings > Languages is left as it is."""

LANGS = ("de_DE", "nb_NO")
SHIPPED, NATIVE = "%d/%m/%Y", "%d.%m.%Y"


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE res_lang SET date_format = %s WHERE code IN %s AND date_format = %s",
        (NATIVE, LANGS, SHIPPED),
    )
