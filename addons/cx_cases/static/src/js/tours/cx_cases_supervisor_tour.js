import { registry } from "@web/core/registry";

// The CX supervisor's main jobs in the backend (data from
// cx_cases/tests/test_supervisor_tours.py).

// A recall: a new campaign for the market's team, the affected car by its VIN, the
// count of affected customers previewed, then the cases opened.
registry.category("web_tour.tours").add("cx_cases_supervisor_launches_recall", {
    steps: () => [
        {
            content: "Name the campaign",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour: brake caliper recall",
        },
        {
            content: "Look for the market's care team",
            trigger: ".o_field_widget[name=team_id] input",
            run: "edit Test Care A",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-menu li a:contains(Test Care A)",
            run: "click",
        },
        {
            content: "The affected car, as the factory listed it",
            trigger: ".o_field_widget[name=vin_list] textarea",
            run: "edit ysmfd3ka1-lb000001",
        },
        {
            content: "What the agents explain",
            trigger: ".o_notebook .nav-link[name=script]",
            run: "click",
        },
        {
            content: "Write the script",
            trigger: ".o_field_widget[name=description] .odoo-editor-editable",
            run: "editor Book a workshop visit: the caliper is replaced free of charge.",
        },
        {
            content: "Save the campaign",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Count the affected customers",
            trigger: ".o_form_statusbar button[name=action_preview]",
            run: "click",
        },
        {
            content: "One customer is affected",
            trigger: ".o_field_widget[name=target_count]:contains(1)",
        },
        {
            content: "Open the cases",
            trigger: ".o_form_statusbar button[name=action_start]:contains(Open the Cases)",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal:contains(One case per affected customer) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The campaign is running: its cases are being opened",
            trigger: ".o_statusbar_status [aria-checked=true]:contains(Opening Cases)",
        },
    ],
});

// The team's queue: from the overview's card, the case waiting for an agent with
// room, given by hand to an agent.
registry.category("web_tour.tours").add("cx_cases_supervisor_works_queue", {
    steps: () => [
        {
            content: "The team's card says one case waits",
            trigger: ".o_kanban_record:contains(Test Care A) a[name=action_open_queue]:contains(1)",
            run: "click",
        },
        {
            content: "Open the waiting case",
            trigger: ".o_list_view .o_data_row td:contains(Tour: waiting for an agent)",
            run: "click",
        },
        {
            content: "Look for the agent",
            trigger: ".o_field_widget[name=user_id] input",
            run: "edit Cx Agent A Other",
        },
        {
            content: "Pick her",
            trigger: ".o-autocomplete--dropdown-menu li a:contains(Cx Agent A Other)",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Back to the queue",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Queue of Test Care A)",
            run: "click",
        },
        {
            content: "The queue is empty",
            trigger: ".o_list_view:not(:has(.o_data_row))",
        },
    ],
});

// A customer rated a case 3 of 5 with a comment that needs an answer: the recovery
// case is opened from the rated case and resolved with how the problem was put right.
registry.category("web_tour.tours").add("cx_cases_supervisor_recovers_a_rating", {
    steps: () => [
        {
            content: "Open the case's confirmation",
            trigger: ".o_notebook .nav-link[name=confirmation]",
            run: "click",
        },
        {
            content: "The customer's rating is on the case",
            trigger: ".o_field_widget[name=rating_last_value]:contains(3)",
        },
        {
            content: "Flag it: open a recovery case",
            trigger: ".o_form_statusbar button[name=action_open_recovery]",
            run: "click",
        },
        {
            content: "The recovery case is open, with the customer's comment",
            trigger: ".o_breadcrumb .o_last_breadcrumb_item:contains(Recovery: Tour: charger keeps tripping)",
        },
        {
            content: "The customer's comment is what the recovery answers",
            trigger: ".o_field_widget[name=description]:contains(the wall box still trips at night)",
        },
        {
            content: "Resolve it",
            trigger: ".o_form_statusbar button[name=action_open_recovery_wizard]",
            run: "click",
        },
        {
            content: "Say how the problem was put right",
            trigger: ".modal .o_field_widget[name=resolution] textarea",
            run: "edit Electrician sent, wall box replaced, customer called back satisfied.",
        },
        {
            content: "Resolve",
            trigger: ".modal .modal-footer button[name=action_resolve]",
            run: "click",
        },
        {
            content: "The recovery case is closed",
            trigger: "body:not(:has(.modal)) .o_statusbar_status [aria-checked=true]:contains(Closed)",
        },
        {
            content: "Open its confirmation",
            trigger: ".o_notebook .nav-link[name=confirmation]",
            run: "click",
        },
        {
            content: "Its resolution is kept",
            trigger: ".o_field_widget[name=recovery_resolution]:contains(wall box replaced)",
        },
    ],
});

// The team's library: a new public help article written and published, then
// corrected, which keeps the published text as a version.
registry.category("web_tour.tours").add("cx_cases_supervisor_writes_article", {
    steps: () => [
        {
            content: "Title the article",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour: the charging cable stays locked",
        },
        {
            content: "One line under the title",
            trigger: ".o_field_widget[name=summary] input",
            run: "edit Unlock the car twice to release it.",
        },
        {
            content: "The words customers use",
            trigger: ".o_field_widget[name=keywords] input",
            run: "edit cable stuck locked charger",
        },
        {
            content: "For customers too: public",
            trigger: ".o_field_widget[name=is_public] input",
            run: "click",
        },
        {
            content: "The steps",
            trigger: ".o_field_widget[name=body] .odoo-editor-editable",
            run: "editor Press unlock twice on the key: the cable is released.",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Publish",
            trigger: ".o_form_statusbar button[name=action_publish]",
            run: "click",
        },
        {
            content: "Published",
            trigger: ".o_statusbar_status [aria-checked=true]:contains(Published)",
        },
        {
            content: "Correct the summary",
            trigger: ".o_field_widget[name=summary] input",
            run: "edit Unlock the car twice with the key to release it.",
        },
        {
            content: "Save the correction",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The published text is kept as a version",
            trigger: "button[name=action_open_versions] .o_stat_value:contains(1)",
        },
    ],
});
