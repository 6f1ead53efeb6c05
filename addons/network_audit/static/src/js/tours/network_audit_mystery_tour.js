import { registry } from "@web/core/registry";

// A mystery shopper fills the questionnaire of their visit on a phone after the visit
// (data from network_audit/tests/test_mystery.py).
registry.category("web_tour.tours").add("network_audit_mystery_shopper", {
    url: "/my/visits",
    steps: () => [
        {
            content: "Open the assigned visit",
            trigger: "a.o_mystery_visit_link:contains('Test Outlet Amsterdam')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The scenario to play is shown",
            trigger: ".o_mystery_scenario:contains('A family of four')",
        },
        {
            content: "Greeted within 2 minutes: yes",
            trigger: ".o_mystery_question[data-code='T-CX-01'] label:contains('Yes')",
            run: "click",
        },
        {
            content: "Showroom cleanliness: 4 out of 5",
            trigger: ".o_mystery_question[data-code='T-FA-01'] label:contains('4')",
            run: "click",
        },
        {
            content: "Say what was seen",
            trigger: ".o_mystery_question[data-code='T-FA-01'] textarea",
            run: "edit Dust on the display car",
        },
        {
            content: "Overall impression",
            trigger: "textarea[name='summary']",
            run: "edit Friendly, quick, a bit dusty",
        },
        {
            content: "Submit the questionnaire",
            trigger: "button.o_mystery_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The shopper is thanked",
            trigger: ".o_mystery_submitted",
        },
    ],
});
