import { registry } from "@web/core/registry";

/** The elements matching `selector` whose text is cut (an ellipsis instead of words). */
function cutTexts(selector) {
    return [...document.querySelectorAll(selector)]
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.value || el.textContent.trim());
}

/**
 * The audits' list: every row's outlet reads whole (a Dutch officer read
 * "[RTM01] Rot..." at 1280 px, squeezed by the audit's number, market and program).
 */
registry.category("web_tour.tours").add("network_audit_list_outlets_whole", {
    steps: () => [
        {
            content: "The audits' list is laid out with its rows",
            trigger: ".o_list_table .o_data_row td[name='outlet_id']",
            run() {
                const cut = cutTexts(".o_list_table .o_data_row td[name='outlet_id']");
                if (cut.length) {
                    throw new Error(`Cut outlets: ${cut.join(", ")}`);
                }
            },
        },
    ],
});

/**
 * An audit's form: the outlet under the audit's number reads whole, also while the audit
 * is planned and the outlet is an input ("[RTM01] Rotterdam Ha..." on a tablet).
 */
registry.category("web_tour.tours").add("network_audit_form_outlet_whole", {
    steps: () => [
        {
            content: "The audit's title shows its outlet",
            trigger: ".oe_title h2 .o_field_many2one :is(input, a, span)",
            run() {
                const cut = cutTexts(".oe_title h2 .o_field_many2one :is(input, a, span)");
                if (cut.length) {
                    throw new Error(`Cut outlet: ${cut.join(", ")}`);
                }
            },
        },
    ],
});

/**
 * An audit's answers on a portrait tablet (800 px): the list scrolls sideways, the
 * button that opens a standard's screen (answer, N.A., note, photo) is in reach without
 * scrolling (it was at the row's end, off screen), and opens it.
 */
registry.category("web_tour.tours").add("network_audit_standard_screen_in_reach", {
    steps: () => [
        {
            content: "The first standard's button is on screen",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:eq(0) button[name=action_open_tablet_form]",
            run() {
                const button = document.querySelector(
                    ".o_field_widget[name=line_ids] .o_data_row button[name=action_open_tablet_form]"
                );
                const box = button.getBoundingClientRect();
                const list = button.closest(".o_list_renderer").getBoundingClientRect();
                if (box.left < list.left || box.right > Math.min(list.right, window.innerWidth)) {
                    throw new Error(
                        `The standard's button is off screen: ${box.left}-${box.right} px`
                    );
                }
                button.click();
            },
        },
        {
            content: "The standard's screen opens",
            trigger: ".modal .o_network_audit_line_tablet",
        },
    ],
});

/**
 * The audits' kanban on a portrait tablet: each card's date reads on one line beside
 * its outlet ("24 dec" broke into "24" over "dec" beside "Rotterdam Handover Hub").
 */
registry.category("web_tour.tours").add("network_audit_kanban_dates_whole", {
    steps: () => [
        {
            content: "The kanban shows its cards",
            trigger: ".o_kanban_record .o_network_audit_card_date",
            run() {
                const broken = [
                    ...document.querySelectorAll(".o_kanban_record .o_network_audit_card_date"),
                ].filter((date) => {
                    // The text's line boxes: the card's row stretches the element itself.
                    const range = document.createRange();
                    range.selectNodeContents(date);
                    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                    return tops.size > 1;
                });
                if (broken.length) {
                    throw new Error(
                        `Dates on two lines: ${broken.map((d) => d.textContent).join(", ")}`
                    );
                }
            },
        },
    ],
});
