{
    "name": "Vehicle Order Tracking",
    "summary": "From order to handover: factory and logistics events, ETA and its history, "
    "a customer portal in the customer's language, notices and an ingestion API",
    "version": "19.0.1.0.0",
    "category": "Sales/Dealer Network",
    "website": "https://github.com/oem-retail-suite/oem-retail-suite",
    "author": "OEM Retail Suite contributors",
    "maintainers": ["oem-retail-suite"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "application": True,
    "depends": ["dealer_profile", "mail", "portal", "resource"],
    "data": [
        "security/order_tracking_security.xml",
        "security/ir.model.access.csv",
        "data/vehicle_order_status_data.xml",
        "data/vehicle_order_status_wording.xml",
        "data/ir_sequence_data.xml",
        "data/mail_template_data.xml",
        "data/dealer_kpi_data.xml",
        "data/ir_cron_data.xml",
        "views/vehicle_order_status_views.xml",
        "views/vehicle_order_location_views.xml",
        "views/vehicle_order_event_views.xml",
        "views/vehicle_order_views.xml",
        "views/vehicle_order_notice_views.xml",
        "views/res_company_views.xml",
        "views/order_tracking_menus.xml",
        "views/portal_templates.xml",
    ],
    "demo": [
        "demo/order_tracking_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "order_tracking/static/src/scss/portal.scss",
        ],
        "web.assets_tests": [
            "order_tracking/static/src/js/tours/*.js",
        ],
    },
    "installable": True,
}
