import { registry } from "@web/core/registry";

// Writing in a case's conversation on the portal, in the chatter's own message box
// (data from cx_cases/tests/test_http.py, TestPortal): the customer answers the agent;
// the outlet's Space manager writes as themselves and has no customer's button.
function replySteps(text) {
    return [
        {
            content: "The conversation's message box is there",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: `edit ${text}`,
        },
        {
            content: "Send",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is in the conversation",
            trigger: `#chatterRoot:shadow .o-mail-Message-body:contains(${text})`,
        },
    ];
}

registry.category("web_tour.tours").add("cx_cases_portal_customer_replies", {
    steps: () => [
        {
            content: "The case waits for my confirmation",
            trigger: "button.o_cx_confirm_solved",
        },
        ...replySteps("It rattles again since this morning."),
    ],
});

registry.category("web_tour.tours").add("cx_cases_portal_dealer_replies", {
    steps: () => [
        {
            content: "The Space manager reads the case of their outlet",
            trigger: "body:contains(rattling door)",
        },
        {
            content: "No button to confirm or reopen for the customer",
            trigger: "body:not(:has(button.o_cx_confirm_solved)):not(:has(.o_cx_reopen))",
        },
        ...replySteps("The door is adjusted on Friday at the Space."),
    ],
});
