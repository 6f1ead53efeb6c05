import { registry } from "@web/core/registry";

// The CX agent's main job in the backend: open a case from the list, answer the
// customer from the chatter, mark the case solved (data from
// cx_cases/tests/test_agent_tour.py).
registry.category("web_tour.tours").add("cx_cases_agent_answer_and_solve", {
    steps: () => [
        {
            content: "Switch the cases to the list",
            trigger: "button.o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the customer's case from the list",
            trigger: ".o_list_view .o_data_row td:contains('Tour: charging cable stuck')",
            run: "click",
        },
        {
            content: "The case is in progress",
            trigger: ".o_statusbar_status [aria-checked='true']:contains('In Progress')",
        },
        {
            content: "Answer the customer from the chatter",
            trigger: "button.o-mail-Chatter-sendMessage",
            run: "click",
        },
        {
            content: "Write the reply",
            trigger: ".o-mail-Composer-input",
            run: "edit Please unlock the car twice with the key: the cable is released.",
        },
        {
            content: "Send it",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The reply is in the case's history",
            trigger: ".o-mail-Message-body:contains('the cable is released')",
        },
        {
            content: "Mark the case solved",
            trigger: ".o_form_statusbar button[name='action_solve']",
            run: "click",
        },
        {
            content: "The case now waits for the customer's confirmation",
            trigger: ".o_statusbar_status [aria-checked='true']:contains('Solved')",
        },
        {
            content: "Solving is done: the button is gone",
            trigger: ".o_form_statusbar:not(:has(button[name='action_solve']))",
        },
    ],
});
