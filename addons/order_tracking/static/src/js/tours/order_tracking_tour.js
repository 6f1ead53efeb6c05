import { registry } from "@web/core/registry";

// A customer follows their car from /my: the card, the timeline, the ETA history, then
// confirms their registration details (data from order_tracking/tests/test_portal.py).
registry.category("web_tour.tours").add("order_tracking_customer_timeline", {
    url: "/my",
    steps: () => [
        {
            content: "The card of my car tells where it is",
            trigger: ".o_vehicle_order_card .o_vehicle_current_step:contains('At sea')",
        },
        {
            content: "Open my order from its card",
            trigger: ".o_vehicle_order_card a:contains('Aurora Polaris 4')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The current step of the timeline is 'At sea'",
            trigger: ".o_vehicle_step_current:contains('At sea')",
        },
        {
            content: "The next step is still to come",
            trigger: ".o_vehicle_step_upcoming:contains('Arrived in your country')",
        },
        {
            content: "The ETA history explains why the date moved",
            trigger: ".o_vehicle_eta_history:contains('port congestion')",
        },
        {
            content: "Where the car is now, with its live stream",
            trigger: ".o_vehicle_location a.o_vehicle_live_stream",
        },
        {
            content: "Type my registration details",
            trigger: ".o_vehicle_task_todo textarea[name='answer']",
            run: "edit Emma de Vries, Keizersgracht 12, 1015 CS Amsterdam",
        },
        {
            content: "Save them",
            trigger: ".o_vehicle_task_todo:has(textarea[name='answer']) button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Registration details are done",
            trigger: ".o_vehicle_task_done:contains('Confirm registration details')",
        },
    ],
});

/**
 * The customer's home page in their language: everything a car's card says stays inside
 * the card (the Dutch "moved since your last visit (was 12 January 2027)" badge ran past
 * the card's edge at 1280 px: badges do not wrap by default).
 */
registry.category("web_tour.tours").add("order_tracking_home_cards_fit", {
    url: "/my",
    steps: () => [
        {
            content: "The card says the delivery date moved since my last visit",
            trigger: ".o_vehicle_order_card .o_vehicle_eta_moved",
            run() {
                const outside = [];
                for (const card of document.querySelectorAll(".o_vehicle_order_card")) {
                    const edge = card.getBoundingClientRect();
                    for (const item of card.querySelectorAll(".card-body *")) {
                        const box = item.getBoundingClientRect();
                        if (box.width && (box.right > edge.right + 1 || box.left < edge.left - 1)) {
                            outside.push(item.textContent.trim());
                        }
                    }
                }
                if (outside.length) {
                    throw new Error(`Out of the car's card: ${[...new Set(outside)].join(" | ")}`);
                }
            },
        },
    ],
});
