import { registry } from "@web/core/registry";

/**
 * A list of audit answers (the audit form's, the Compliance Analysis) at 1280 px in the
 * user's language: every column header is read whole (German "k. A.", "Kommentar" and
 * "Nicht erfüllt" were cut to "k..", "Kommen..." and "N...").
 */
registry.category("web_tour.tours").add("network_audit_list_headers_fit", {
    steps: () => [
        {
            content: "The list is laid out with its answers",
            trigger: ".o_list_table .o_data_row",
            run() {
                const cut = [
                    ...document.querySelectorAll(".o_list_table thead th .text-truncate"),
                ].filter((label) => label.scrollWidth > label.clientWidth + 1);
                if (cut.length) {
                    throw new Error(
                        `Cut column headers: ${cut.map((label) => label.textContent).join(", ")}`
                    );
                }
            },
        },
    ],
});
