import { registry } from "@web/core/registry";

// An agent opens a CX case from the header of a live chat in Discuss (data from
// cx_cases/tests/test_livechat.py).
registry.category("web_tour.tours").add("cx_cases_livechat_case", {
    steps: () => [
        {
            content: "The live chat shows the button to open a case",
            trigger: ".o-mail-DiscussContent-header button[title='Open a CX Case']",
            run: "click",
        },
        {
            content: "Give the case a subject",
            trigger: ".o-livechat-LivechatCommandDialog-form input",
            run: "edit Charging flap stuck",
        },
        {
            content: "Open the case",
            trigger: ".o-mail-ActionPanel button:contains('Open a CX Case')",
            run: "click",
        },
        {
            content: "The chat says which case was opened",
            trigger: ".o-mail-Thread:contains('Opened case')",
        },
    ],
});
