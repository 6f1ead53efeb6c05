import { registry } from "@web/core/registry";

// A network officer opens the outlet map, colours it by lifecycle and opens an outlet
// from its point (data from dealer_profile/tests/test_outlet_map.py).
registry.category("web_tour.tours").add("dealer_profile_outlet_map", {
    steps: () => [
        {
            content: "The outlet of the officer's market is on the map",
            trigger: ".o_dealer_outlet_map svg .o_dealer_outlet_map_point:contains(TA1)",
        },
        {
            content: "Not rated yet: grey",
            trigger: ".o_dealer_outlet_map_point:contains(TA1) circle[fill='#9e9e9e']",
        },
        {
            content: "The outlet without coordinates is counted",
            trigger: ".o_dealer_outlet_map:contains(1 without coordinates)",
        },
        {
            content: "Colour by lifecycle",
            trigger: ".o_dealer_outlet_map_by_lifecycle",
            run: "click",
        },
        {
            content: "Active: green",
            trigger: ".o_dealer_outlet_map_point:contains(TA1) circle[fill='#009e73']",
        },
        {
            content: "Tap the outlet's point",
            trigger: ".o_dealer_outlet_map_point:contains(TA1)",
            run: "click",
        },
        {
            content: "The outlet's form opens",
            trigger: ".o_form_view .o_field_widget[name=name]:contains(Test Outlet Amsterdam), .o_form_view .o_field_widget[name=name] input",
            run() {
                const field = document.querySelector(".o_form_view .o_field_widget[name=name]");
                const text = field.querySelector("input")?.value || field.textContent;
                if (!text.includes("Test Outlet Amsterdam")) {
                    throw new Error(`Opened ${text}, not the outlet of the point.`);
                }
            },
        },
    ],
});
