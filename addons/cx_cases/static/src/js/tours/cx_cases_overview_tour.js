import { registry } from "@web/core/registry";

/**
 * The CX overview's team cards laid out at the test's browser size in the user's
 * language: every word of the figures reads whole. A word wider than its quarter of the
 * card was broken in two (Dutch "geen beoordelingen" read "beoordelinge / n"): laid
 * out without breaking inside words, it would stick out of its box.
 */
registry.category("web_tour.tours").add("cx_cases_overview_words_whole", {
    steps: () => [
        {
            content: "The team cards are laid out",
            trigger: ".o_kanban_record .o_cx_team_figures .o_cx_no_csat",
            run() {
                const broken = [];
                for (const box of document.querySelectorAll(".o_cx_team_figures .col-3 *")) {
                    if (!box.childElementCount && box.textContent.trim()) {
                        const style = box.style;
                        style.overflowWrap = style.wordBreak = "normal";
                        if (box.scrollWidth > box.clientWidth + 1) {
                            broken.push(box.textContent.trim());
                        }
                        style.overflowWrap = style.wordBreak = "";
                    }
                }
                if (broken.length) {
                    throw new Error(`Words broken in two: ${[...new Set(broken)].join(", ")}`);
                }
            },
        },
    ],
});
