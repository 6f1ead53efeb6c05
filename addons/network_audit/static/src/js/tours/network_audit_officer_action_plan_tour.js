import { registry } from "@web/core/registry";

// A network officer reviews the action plan of a submitted audit before the outlet
// gets it: the draft item is reworded on the Action Plan tab, then the plan is sent
// (data from network_audit/tests/test_officer_tours.py, TestOfficerSendsActionPlanTour).
registry.category("web_tour.tours").add("network_audit_officer_sends_action_plan", {
    steps: () => [
        {
            content: "Open the action plan",
            trigger: ".o_notebook .nav-link[name=action_plan]",
            run: "click",
        },
        {
            content: "The failed greeting is a draft item",
            trigger: ".o_field_widget[name=action_ids] .o_data_row:contains(Customer greeted within 2 minutes) td[name=name]",
            run: "click",
        },
        {
            content: "Say what the outlet is to do",
            trigger: ".o_field_widget[name=action_ids] .o_selected_row .o_field_widget[name=name] input, .o_field_widget[name=action_ids] .o_selected_row .o_field_widget[name=name] textarea",
            run: "edit Staff a greeter at the door during opening hours",
        },
        {
            content: "Send the action plan",
            trigger: ".o_form_statusbar button[name=action_send_action_plan]",
            run: "click",
        },
        {
            content: "The item is sent to the outlet",
            trigger: ".o_field_widget[name=action_ids] .o_data_row:contains(Staff a greeter at the door):contains(Open)",
        },
        {
            content: "Nothing is left to send",
            trigger: ".o_form_statusbar:not(:has(button[name=action_send_action_plan]))",
        },
    ],
});
