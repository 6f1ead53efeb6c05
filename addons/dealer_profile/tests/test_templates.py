from lxml import etree

from odoo.tests import TransactionCase, tagged

# Elements that HTML parses as raw text up to their closing tag: written empty in a
# template (``<textarea t-out="..."/>``), QWeb renders ``<textarea/>`` whenever the value
# is empty, and the browser then swallows the rest of the page into the box.
RAW_TEXT_TAGS = ("textarea", "script", "title", "style")
# The suite's addons (those installed in this database are checked).
SUITE_MODULES = ("dealer_profile", "network_audit", "order_tracking", "cx_cases")


@tagged("post_install", "-at_install")
class TestTemplatesRenderTheirInputs(TransactionCase):

    def test_no_raw_text_element_left_empty(self):
        """Every textarea (and script, title, style) of the suite's QWeb views has a
        body, so QWeb always writes its closing tag."""
        data = self.env["ir.model.data"].search([
            ("module", "in", SUITE_MODULES), ("model", "=", "ir.ui.view"),
        ])
        views = self.env["ir.ui.view"].browse(data.mapped("res_id")).filtered(
            lambda view: view.type == "qweb")
        self.assertTrue(views, "the suite's portal templates were not found")
        empty = []
        for view in views:
            arch = etree.fromstring(view.arch_db)
            for node in arch.iter(*RAW_TEXT_TAGS):
                if len(node) == 0 and not (node.text or "").strip() and not node.get("src"):
                    name = view.xml_id or view.name
                    empty.append(f"{name}: <{node.tag} name={node.get('name')}>")
        self.assertFalse(empty, "raw-text elements without a body (they swallow the page "
                                "when their value is empty):\n" + "\n".join(empty))
