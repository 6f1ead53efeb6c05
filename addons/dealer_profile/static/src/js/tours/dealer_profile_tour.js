import { registry } from "@web/core/registry";

// A dealer proposes new opening hours and a new phone number for their outlet
// from the portal (data from dealer_profile/tests/common.py).
registry.category("web_tour.tours").add("dealer_profile_propose_change", {
    url: "/my/outlets",
    steps: () => [
        {
            content: "Open the outlet from the list of my outlets",
            trigger: "a.o_dealer_outlet_link:contains('Test Outlet Amsterdam')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Propose new opening hours",
            trigger: "input#change_hours",
            run: "check",
        },
        {
            content: "Open at 10:00 on Monday",
            trigger: "input[name='open_0']",
            run() {
                // Typing digits one by one into a native time picker empties it:
                // set the value as the picker itself would.
                this.anchor.value = "10:00";
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Monday now opens at 10:00",
            trigger: "input[name='open_0']:value(10:00)",
        },
        {
            content: "Give a new phone number",
            trigger: "input[name='phone']",
            run: "edit +31 20 123 4567",
        },
        {
            content: "Send the proposal",
            trigger: "button.o_dealer_propose_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The network team has the proposal",
            trigger: ".o_dealer_proposal_sent",
        },
    ],
});

// The network officer approves the dealer's pending proposal from the back office.
registry.category("web_tour.tours").add("dealer_profile_approve_change", {
    url: "/odoo/action-dealer_profile.dealer_change_request_action",
    steps: () => [
        {
            content: "Open the pending proposal",
            trigger: ".o_data_row .o_data_cell:contains('Test Outlet Amsterdam')",
            run: "click",
        },
        {
            content: "Approve and apply it",
            trigger: ".o_form_view button[name='action_approve']",
            run: "click",
        },
        {
            content: "The proposal is approved",
            trigger: ".o_statusbar_status button[aria-checked='true']:contains('Approved')",
        },
    ],
});
