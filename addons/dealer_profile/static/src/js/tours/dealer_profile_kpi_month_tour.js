import { registry } from "@web/core/registry";
import { formatDate } from "@web/core/l10n/dates";

const { DateTime } = luxon;

// January 2024: a complete month that no demo KPI value uses.
const JANUARY = () => formatDate(DateTime.fromISO("2024-01-01"));

function kpiValueRow(outlet, kpi, value) {
    return [
        {
            content: "A new value",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Its month",
            trigger: ".o_selected_row .o_field_widget[name=month] input",
            run: `edit ${JANUARY()}`,
        },
        {
            content: "Look for the outlet",
            trigger: ".o_selected_row .o_field_widget[name=outlet_id] input",
            run: `edit ${outlet}`,
        },
        {
            content: "Pick it",
            trigger: `.o-autocomplete--dropdown-menu li a:contains(${outlet})`,
            run: "click",
        },
        {
            content: "Look for the KPI",
            trigger: ".o_selected_row .o_field_widget[name=kpi_id] input",
            run: `edit ${kpi}`,
        },
        {
            content: "Pick it",
            trigger: `.o-autocomplete--dropdown-menu li a:contains(${kpi})`,
            run: "click",
        },
        {
            content: "The value",
            trigger: ".o_selected_row .o_field_widget[name=value] input",
            run: `edit ${value}`,
        },
        {
            content: "Save the line",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "The line is saved",
            trigger: `.o_list_view:not(:has(.o_selected_row)) .o_data_row:contains(${outlet}):contains(${kpi})`,
        },
    ];
}

// A network officer records a month's KPI values of their market's outlets in the KPI
// values list (data from dealer_profile/tests/test_kpi_month_tour.py).
registry.category("web_tour.tours").add("dealer_profile_officer_records_kpis", {
    steps: () => [
        ...kpiValueRow("Test Outlet Haarlem", "Test sales", "120"),
        ...kpiValueRow("Test Outlet Amsterdam", "Test sales", "80"),
    ],
});

// A network manager publishes that month (rated as soon as its values were typed) and
// reads its ranking: in the month's form, then under Top Outlets of the Month.
registry.category("web_tour.tours").add("dealer_profile_manager_publishes_month", {
    steps: () => [
        {
            content: "January is rated, not published yet: open it",
            trigger: ".o_list_view .o_data_row:contains(2024-01):contains(Not Published) td[name=name]",
            run: "click",
        },
        {
            content: "Its outlets are rated, best first",
            trigger: ".o_field_widget[name=outlet_rating_ids] .o_data_row:first-child:contains(Test Outlet Haarlem)",
        },
        {
            content: "Publish",
            trigger: ".o_form_statusbar button[name=action_publish]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal:contains(Publish the ratings of this month) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The month is published",
            trigger: ".o_statusbar_status [aria-checked=true]:contains(Published)",
        },
        {
            content: "Open the Performance menu",
            trigger: ".o_main_navbar .dropdown-toggle:contains(Performance)",
            run: "click",
        },
        {
            content: "Top Outlets of the Month",
            trigger: ".dropdown-item:contains(Top Outlets of the Month)",
            run: "click",
        },
        {
            content: "Haarlem leads the market",
            trigger: ".o_list_view .o_data_row:first-child:contains(Test Outlet Haarlem) td[name=rank_market]:contains(1)",
        },
        {
            content: "Amsterdam is second",
            trigger: ".o_list_view .o_data_row:contains(Test Outlet Amsterdam) td[name=rank_market]:contains(2)",
        },
    ],
});
