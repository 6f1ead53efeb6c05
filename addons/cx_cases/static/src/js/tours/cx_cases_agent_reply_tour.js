import { registry } from "@web/core/registry";

// An agent answers a case: `::` in the chatter offers the team's canned reply with
// the case's values, then the Reply form sends a canned reply with the best article
// as a link (data from cx_cases/tests/test_knowledge.py).
registry.category("web_tour.tours").add("cx_cases_agent_reply", {
    steps: () => [
        {
            content: "Open the chatter's composer",
            trigger: ".o-mail-Chatter-sendMessage",
            run: "click",
        },
        {
            content: "Ask for a canned reply",
            trigger: ".o-mail-Composer-input",
            run: "edit ::del",
        },
        {
            content: "The team's reply is offered with the case's values",
            trigger: ".o-mail-Composer-suggestion:contains('delay'):contains('March 12, 2030')",
            run: "click",
        },
        {
            content: "The composer holds the filled reply",
            trigger: ".o-mail-Composer-input:value(/March 12, 2030/)",
        },
        {
            content: "Answer with the Reply form instead",
            trigger: ".o_form_view button.o_cx_reply",
            run: "click",
        },
        {
            content: "Pick the delay reply",
            trigger: ".modal div[name=canned_response_id] input",
            run: "edit delay",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('delay')",
            run: "click",
        },
        {
            content: "Insert the best matching article",
            trigger: ".modal div[name=article_ids] .form-check:contains('Charging at home') input",
            run: "click",
        },
        {
            content: "The reply has the values and the article's link",
            trigger: ".modal div[name=body]:contains('March 12, 2030') a[href*='/help/charging-at-home']",
        },
        {
            content: "Send",
            trigger: ".modal button.o_cx_send_reply",
            run: "click",
        },
        {
            content: "The reply is in the conversation",
            trigger: ".o-mail-Message:contains('March 12, 2030'):contains('Charging at home')",
        },
    ],
});
