import { registry } from "@web/core/registry";

// A cut cell keeps room for about a dozen characters (8em with its padding): the subject
// of a case was cut to "Lad..." on a tablet held upright, its column squeezed.
const MIN_CUT_CELL_EM = 8;

function listFitSteps({ cells = false } = {}) {
    return [
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
                if (!cells) {
                    return;
                }
                // A long text may be cut, in a column wide enough to tell rows apart.
                const squeezed = [...document.querySelectorAll(".o_list_table td.o_data_cell")]
                    .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
                    .filter((cell) => {
                        const em = parseFloat(getComputedStyle(cell).fontSize);
                        return cell.clientWidth < MIN_CUT_CELL_EM * em;
                    });
                if (squeezed.length) {
                    throw new Error(
                        `Squeezed cells: ${squeezed
                            .map((cell) => `${cell.getAttribute("name")} (${cell.clientWidth}px)`)
                            .join(", ")}`
                    );
                }
            },
        },
    ];
}

/**
 * The lists on the page (a list view, a form's one2many) laid out at the test's browser
 * size in the user's language: every column header is read whole (German "k. A." and
 * "Nicht erfüllt" (network_audit's answers) and Dutch "Portaal" (an outlet's contacts)
 * were cut to "k..", "N..." and "Port..."), and so is every badge of a row (Dutch
 * "Afgewezen" was "Afgewe..."). Used by the suite's addons' tests.
 */
registry.category("web_tour.tours").add("dealer_profile_list_headers_fit", {
    steps: () => listFitSteps(),
});

/**
 * The same, and no cell cut in a column narrower than a dozen characters: a cut text
 * still says enough to tell the rows apart (cx_cases' case list on a tablet held
 * upright cut subjects to three characters; its campaign list cut names and teams).
 */
registry.category("web_tour.tours").add("dealer_profile_list_cells_fit", {
    steps: () => listFitSteps({ cells: true }),
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
