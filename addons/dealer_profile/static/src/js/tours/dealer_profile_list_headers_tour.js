import { registry } from "@web/core/registry";

/**
 * The lists on the page (a list view, a form's one2many) laid out at the test's browser
 * size in the user's language: every column header is read whole (German "k. A." and
 * "Nicht erfüllt" (network_audit's answers) and Dutch "Portaal" (an outlet's contacts)
 * were cut to "k..", "N..." and "Port..."), and so is every badge of a row (Dutch
 * "Afgewezen" was "Afgewe..."). Used by the suite's addons' tests.
 */
registry.category("web_tour.tours").add("dealer_profile_list_headers_fit", {
    steps: () => [
        {
            content: "The list is laid out with its rows (or its groups, when grouped)",
            trigger: ".o_list_table :is(.o_data_row, .o_group_header)",
            run() {
                const cut = [
                    ...document.querySelectorAll(".o_list_table thead th .text-truncate"),
                ].filter((label) => label.scrollWidth > label.clientWidth + 1);
                if (cut.length) {
                    throw new Error(
                        `Cut column headers: ${cut.map((label) => label.textContent).join(", ")}`
                    );
                }
                // Badges (states, results) are short words: read whole too.
                const badges = [...document.querySelectorAll(".o_list_table td .badge")].filter(
                    (badge) => badge.scrollWidth > badge.clientWidth + 1
                );
                if (badges.length) {
                    throw new Error(
                        `Cut badges: ${[...new Set(badges.map((b) => b.textContent))].join(", ")}`
                    );
                }
            },
        },
    ],
});

/**
 * A kanban view grouped in columns, laid out at the test's browser size in the user's
 * language: every unfolded column's title is read whole (cx_cases' "Solved - Awaiting
 * Customer Confirmation" was cut to "Solved - Awaiting Cus..." at 1280 px).
 */
registry.category("web_tour.tours").add("dealer_profile_kanban_headers_fit", {
    steps: () => [
        {
            content: "The kanban is laid out with its columns and cards",
            trigger: ".o_kanban_group:not(.o_column_folded) .o_kanban_record",
            run() {
                const cut = [
                    ...document.querySelectorAll(
                        ".o_kanban_group:not(.o_column_folded) .o_column_title .text-truncate"
                    ),
                ].filter((title) => title.scrollWidth > title.clientWidth + 1);
                if (cut.length) {
                    throw new Error(
                        `Cut column titles: ${cut.map((title) => title.textContent).join(", ")}`
                    );
                }
            },
        },
    ],
});
