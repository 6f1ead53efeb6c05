import { registry } from "@web/core/registry";

// A market's order-tracking manager tells the customers whose cars are on their way
// about a ferry strike: a new notice, its target built in the domain editor (Phase is
// Logistics), the reach read on the form, then the email sent once per customer (data
// from order_tracking/tests/test_notifications.py, TestNoticeTour).
registry.category("web_tour.tours").add("order_tracking_manager_notice", {
    steps: () => [
        {
            content: "Title the notice",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Ferry strike in Zeebrugge",
        },
        {
            content: "It is a warning",
            trigger: ".o_field_widget[name=importance] input[data-value=warning]",
            run: "click",
        },
        {
            content: "Write what the customers read",
            trigger: ".o_field_widget[name=body] textarea",
            run: "edit Ferries stay in port until Thursday: cars on their way may arrive two days later.",
        },
        {
            content: "Open the target's editor",
            trigger: ".o_field_widget[name=target_domain] .o_field_domain_dialog_button",
            run: "click",
        },
        {
            content: "Add a rule",
            trigger: ".modal .o_domain_selector a:contains(New Rule)",
            run: "click",
        },
        {
            content: "Choose the field of the rule",
            trigger: ".modal .o_tree_editor_condition .o_model_field_selector",
            run: "click",
        },
        {
            content: "Look for the order's phase",
            trigger: ".o_model_field_selector_popover_search input",
            run: "edit Phase",
        },
        {
            content: "Pick Phase",
            trigger: ".o_model_field_selector_popover_item_name:contains(Phase)",
            run: "click",
        },
        {
            content: "Cars in logistics: on their way",
            trigger: ".modal .o_tree_editor_condition > .o_tree_editor_editor:last-child select",
            run: 'select "logistics"',
        },
        {
            content: "Keep the target",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The form says whom it reaches: one order",
            trigger: ".o_stat_info:has(.o_stat_text:contains(Orders)) .o_stat_value:contains(1)",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the record has its id in the address",
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
        {
            content: "Email the targeted customers",
            trigger: ".o_form_statusbar button[name=action_send_emails]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "One customer emailed",
            trigger: ".o_stat_info:has(.o_stat_text:contains(Emailed)) .o_stat_value:contains(1)",
        },
    ],
});
