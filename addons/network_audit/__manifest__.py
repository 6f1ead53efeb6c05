{
    "name": "Dealer Network Audit",
    "summary": "Standards library, regional audit programs, tablet audits with photo "
    "evidence, scoring, action plans, leaderboard and reports",
    "version": "19.0.1.0.0",
    "category": "Sales/Dealer Network",
    "website": "https://github.com/oem-retail-suite/oem-retail-suite",
    "author": "OEM Retail Suite contributors",
    "maintainers": ["oem-retail-suite"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "application": True,
    "depends": ["dealer_profile", "mail", "portal", "web"],
    "external_dependencies": {"python": ["xlsxwriter", "Pillow"]},
    "data": [
        "security/network_audit_security.xml",
        "security/ir.model.access.csv",
        "data/network_audit_data.xml",
        "data/ir_cron_data.xml",
        "views/network_audit_standard_views.xml",
        "views/network_audit_program_views.xml",
        "views/network_audit_views.xml",
        "views/network_audit_line_views.xml",
        "views/network_audit_action_views.xml",
        "views/res_config_settings_views.xml",
        "views/network_audit_menus.xml",
    ],
    "demo": [],
    "assets": {
        "web.assets_backend": [
            "network_audit/static/src/js/camera_binary_field.js",
            "network_audit/static/src/js/camera_binary_field.xml",
        ],
        "web.assets_tests": [
            "network_audit/static/src/js/tours/*.js",
        ],
    },
    "installable": True,
}
