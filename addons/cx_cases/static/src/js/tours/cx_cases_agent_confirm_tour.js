import { registry } from "@web/core/registry";

// A CX agent called the customer of a solved case back: the customer confirms by phone,
// the agent records it and the case closes (data from cx_cases/tests/test_agent_tour.py,
// TestAgentRecordsConfirmationTour).
registry.category("web_tour.tours").add("cx_cases_agent_records_confirmation", {
    steps: () => [
        {
            content: "The case waits for the customer's confirmation",
            trigger: ".o_statusbar_status [aria-checked=true]:contains(Solved)",
        },
        {
            content: "Record the confirmation",
            trigger: ".o_form_statusbar button[name=action_open_confirm_wizard]",
            run: "click",
        },
        {
            content: "How the customer confirmed",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Called back at 14:05, the customer confirms the new key works.",
        },
        {
            content: "Close the case",
            trigger: ".modal .modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The case is closed",
            trigger: "body:not(:has(.modal)) .o_statusbar_status [aria-checked=true]:contains(Closed)",
        },
    ],
});
