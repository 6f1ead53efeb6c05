{
    "name": "Dealer Network Profile",
    "summary": "Retail network of a car maker: outlets, markets and regions, "
    "contacts, lifecycle, monthly KPIs, star rating and ranking",
    "version": "19.0.1.0.0",
    "category": "Sales/Dealer Network",
    "website": "https://github.com/oem-retail-suite/oem-retail-suite",
    "author": "OEM Retail Suite contributors",
    "maintainers": ["oem-retail-suite"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "application": True,
    "depends": ["mail", "phone_validation", "portal", "resource"],
    "data": [
        "security/dealer_profile_security.xml",
        "security/ir.model.access.csv",
        "data/dealer_kpi_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "wizard/dealer_outlet_state_wizard_views.xml",
        "views/dealer_brand_views.xml",
        "views/dealer_outlet_views.xml",
        "views/dealer_outlet_document_views.xml",
        "views/dealer_kpi_views.xml",
        "views/dealer_outlet_rating_views.xml",
        "views/dealer_change_request_views.xml",
        "views/res_company_views.xml",
        "views/res_config_settings_views.xml",
        "views/dealer_profile_menus.xml",
        "views/portal_templates.xml",
    ],
    "demo": [
        "demo/dealer_profile_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "dealer_profile/static/src/components/**/*",
        ],
        "web.assets_tests": [
            "dealer_profile/static/src/js/tours/*.js",
        ],
    },
    "installable": True,
}
