import { registry } from "@web/core/registry";

// A customer opens their solved case on the portal and confirms that all is
// well (data from cx_cases/tests/test_http.py).
registry.category("web_tour.tours").add("cx_cases_portal_confirm", {
    steps: () => [
        {
            content: "The case waits for the customer's confirmation",
            trigger: ".o_cx_stage:contains('Solved')",
        },
        {
            content: "Confirm that everything is all right",
            trigger: "button.o_cx_confirm_solved",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The confirmation is acknowledged",
            trigger: ".o_cx_confirmed",
        },
        {
            content: "The case is closed",
            trigger: ".o_cx_stage:contains('Closed')",
        },
    ],
});
