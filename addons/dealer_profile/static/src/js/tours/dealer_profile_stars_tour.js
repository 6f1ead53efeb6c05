import { registry } from "@web/core/registry";

function checkFiveSlots(anchor, filled) {
    const icons = [...anchor.querySelectorAll("i")].map((icon) => icon.className);
    const expected = [1, 2, 3, 4, 5].map((slot) => (slot <= filled ? "fa fa-star" : "fa fa-star-o"));
    if (JSON.stringify(icons) !== JSON.stringify(expected)) {
        throw new Error(`Expected ${JSON.stringify(expected)}, got ${JSON.stringify(icons)}`);
    }
}

// Stars in the back office: five slots, filled up to the rating, as on the portal
// (data from dealer_profile/tests/test_rating_publication.py).
registry.category("web_tour.tours").add("dealer_profile_backend_stars", {
    steps: () => [
        {
            content: "One star in the outlet list: one filled slot, four empty ones",
            trigger: ".o_data_row:contains('Test Outlet Amsterdam') .o_dealer_stars[title='1 / 5']",
            run() {
                checkFiveSlots(this.anchor, 1);
            },
        },
        {
            content: "Five stars in the outlet list",
            trigger: ".o_data_row:contains('Test Outlet Haarlem') .o_dealer_stars[title='5 / 5']",
            run() {
                checkFiveSlots(this.anchor, 5);
            },
        },
        {
            content: "Open the one-star outlet",
            trigger: ".o_data_row .o_data_cell:contains('Test Outlet Amsterdam')",
            run: "click",
        },
        {
            content: "The form shows the same five slots",
            trigger: ".o_form_view .oe_title .o_dealer_stars[title='1 / 5']",
            run() {
                checkFiveSlots(this.anchor, 1);
            },
        },
    ],
});
