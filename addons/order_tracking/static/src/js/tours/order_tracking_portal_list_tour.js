import { registry } from "@web/core/registry";

/**
 * A portal list of car orders laid out at the test's browser size: the table fits its
 * page, so that the step and the expected delivery are in view without scrolling
 * sideways (a dealer's list at 800 px, a tablet held upright, had both cut off).
 */
registry.category("web_tour.tours").add("order_tracking_portal_list_fits", {
    steps: () => [
        {
            content: "The list of orders is laid out",
            trigger: ".o_portal_my_doc_table tbody tr",
            run() {
                const wrapper = document.querySelector(".o_portal_my_doc_table").parentElement;
                if (wrapper.scrollWidth > wrapper.clientWidth + 1) {
                    const hidden = [...document.querySelectorAll(".o_portal_my_doc_table th")]
                        .filter(
                            (th) =>
                                th.getBoundingClientRect().right >
                                wrapper.getBoundingClientRect().right + 1
                        )
                        .map((th) => th.textContent.trim());
                    throw new Error(
                        `The list is ${wrapper.scrollWidth} px wide in ${wrapper.clientWidth} px: ` +
                            `cut off: ${hidden.join(", ")}`
                    );
                }
            },
        },
    ],
});
