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

// A customer opens a care request from the portal: the form's boxes are there and
// what they type reaches the case (data from cx_cases/tests/test_http.py).
registry.category("web_tour.tours").add("cx_cases_portal_new_request", {
    steps: () => [
        {
            content: "Type a subject",
            trigger: "form[action='/my/cases/new'] input#subject",
            run: "edit Charging cable stuck",
        },
        {
            content: "Describe the problem in the 'How can we help?' box",
            trigger: "form[action='/my/cases/new'] textarea#description",
            run: "edit The cable stays locked in the car after charging at home.",
        },
        {
            content: "Send the request",
            trigger: "button.o_cx_submit_case",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The new request is shown with its subject",
            trigger: "body:contains('Charging cable stuck')",
        },
        {
            content: "and what the customer wrote",
            trigger: "body:contains('The cable stays locked in the car after charging at home.')",
        },
    ],
});

// A customer follows the link of the rating email, picks a score and writes a
// comment (data from cx_cases/tests/test_http.py).
registry.category("web_tour.tours").add("cx_cases_portal_rate_with_comment", {
    steps: () => [
        {
            content: "Pick four stars",
            trigger: "label[for='cx_score_4']",
            run: "click",
        },
        {
            content: "Write a comment",
            trigger: "textarea#cx_feedback",
            run: "edit Quick answer, thank you.",
        },
        {
            content: "Send",
            trigger: "button.o_cx_rating_send",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The answer is acknowledged",
            trigger: ".o_cx_rating_done",
        },
    ],
});
