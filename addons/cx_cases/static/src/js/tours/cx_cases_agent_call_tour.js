import { registry } from "@web/core/registry";

// A CX agent takes a customer's call: Log a Call from the Cases menu, the caller found
// by their number (with their open case), a new case logged with the call's notes
// (data from cx_cases/tests/test_agent_tour.py, TestAgentLogsACallTour).
registry.category("web_tour.tours").add("cx_cases_agent_logs_a_call", {
    steps: () => [
        {
            content: "Open the Cases menu",
            trigger: ".o_main_navbar .dropdown-toggle:contains(Cases)",
            run: "click",
        },
        {
            content: "Log a Call",
            trigger: ".dropdown-item:contains(Log a Call)",
            run: "click",
        },
        {
            content: "The caller's number",
            trigger: ".modal .o_field_widget[name=phone] input",
            run: "edit +31 6 1234 5678 && press Tab",
        },
        {
            content: "The caller is found",
            trigger: ".modal .o_field_widget[name=partner_id] input:value(Test Customer)",
        },
        {
            content: "Their open case is shown",
            trigger: ".modal .o_field_widget[name=open_case_ids] .o_data_row:contains(Tour: navigation freezes)",
        },
        {
            content: "A new subject: the call is about something else",
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit Tour: charging stats missing in the app",
        },
        {
            content: "What was said",
            trigger: ".modal .o_field_widget[name=summary] .odoo-editor-editable",
            run: "editor The app shows no charging sessions since the update.",
        },
        {
            content: "Log the call",
            trigger: ".modal .modal-footer button[name=action_log]",
            run: "click",
        },
        {
            content: "The new case opens, in progress",
            trigger: "body:not(:has(.modal)) .o_statusbar_status [aria-checked=true]:contains(In Progress)",
        },
        {
            content: "It is the caller's case about their car",
            trigger: ".o_field_widget[name=order_id] input:value(T-CALL-0001)",
        },
    ],
});
