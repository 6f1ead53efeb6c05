import { registry } from "@web/core/registry";
import { formatDate } from "@web/core/l10n/dates";

const { DateTime } = luxon;

// A network officer plans the audits of their market: a new monthly program with a
// section of standards from the library and the auditor who runs it, started, its
// period planned; the planned audit is rescheduled to the day agreed with the outlet
// (data from network_audit/tests/test_officer_tours.py, TestOfficerPlansAuditsTour;
// the agreed day is the 22nd of this
// month, the planner's is the 15th).
registry.category("web_tour.tours").add("network_audit_officer_plans_audits", {
    steps: () => [
        {
            content: "Name the program",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour: Amsterdam welcome check",
        },
        {
            content: "Open the frequencies",
            trigger: ".o_field_widget[name=frequency] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "Audited every month",
            trigger: ".o_select_menu_menu .o_select_menu_item:contains(Monthly)",
            run: "click",
        },
        {
            content: "Look for the auditor",
            trigger: ".o_field_widget[name=auditor_ids] input",
            run: "edit Na Auditor A2",
        },
        {
            content: "Pick them",
            trigger: ".o-autocomplete--dropdown-menu li a:contains(Na Auditor A2)",
            run: "click",
        },
        {
            content: "Add a section",
            trigger: ".o_field_widget[name=section_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Name the section",
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit Welcome",
        },
        {
            content: "Add standards to it",
            trigger: ".modal .o_field_widget[name=standard_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Search the library",
            trigger: ".modal:has(.o_list_view .o_list_record_selector) .o_searchview_input",
            run: "edit T-CX-01",
        },
        {
            content: "Search",
            trigger: ".modal:has(.o_list_view .o_list_record_selector) .o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Pick the greeting standard",
            trigger: ".modal .o_list_view .o_data_row:only-child td:contains(Customer greeted within 2 minutes)",
            run: "click",
        },
        {
            content: "The standard is in the section",
            trigger: ".modal .o_field_widget[name=standard_ids] .o_data_row:contains(T-CX-01)",
        },
        {
            content: "Keep the section",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The section is on the program",
            trigger: ".o_field_widget[name=section_ids] .o_data_row:contains(Welcome):contains(T-CX-01)",
        },
        {
            content: "Save the program",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Start it",
            trigger: ".o_form_statusbar button[name=action_start]",
            run: "click",
        },
        {
            content: "Plan this month's audits",
            trigger: ".o_form_statusbar button[name=action_plan_now]",
            run: "click",
        },
        {
            content: "One audit is planned",
            trigger: "button[name=action_view_audits] .o_stat_value:contains(1)",
        },
        {
            content: "Open the program's audits",
            trigger: "button[name=action_view_audits]",
            run: "click",
        },
        {
            content: "Open the outlet's audit",
            trigger: ".o_kanban_record:contains(Test Outlet Amsterdam)",
            run: "click",
        },
        {
            content: "It is the program's auditor's",
            trigger: ".o_field_widget[name=auditor_ids] .o_tag:contains(Na Auditor A2)",
        },
        {
            content: "Open the audit's date",
            trigger: ".o_field_widget[name=date] button",
            run: "click",
        },
        {
            content: "Reschedule it to the day agreed with the outlet",
            trigger: ".o_field_widget[name=date] input",
            run: `edit ${formatDate(DateTime.now().set({ day: 22 }))}`,
        },
        {
            content: "Confirm the date",
            trigger: ".o_field_widget[name=date] input",
            run: "press Enter",
        },
        {
            content: "Save the audit",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
