import { registry } from "@web/core/registry";

// A user of two markets opens the outlet list: the outlets of both markets are there
// without touching the company switcher (data from dealer_profile/tests/test_markets.py).
registry.category("web_tour.tours").add("dealer_profile_all_markets_shown", {
    steps: () => [
        {
            content: "An outlet of the user's default market",
            trigger: ".o_data_row:contains('Test Outlet Amsterdam')",
        },
        {
            content: "An outlet of the user's other market, shown without ticking it",
            trigger: ".o_data_row:contains('Test Outlet Brussels')",
        },
    ],
});
