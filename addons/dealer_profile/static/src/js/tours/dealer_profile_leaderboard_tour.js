import { registry } from "@web/core/registry";

/**
 * The dealer's leaderboard at the test's browser size: every "Top outlet" badge is seen
 * whole. The portal's tables cut a cell at 10rem on one line: next to a longer outlet
 * name ("Hamburg Handover", "Montréal Dealership") the badge was cut away ("...").
 */
registry.category("web_tour.tours").add("dealer_profile_leaderboard_awards_seen", {
    steps: () => [
        {
            content: "The leaderboard shows its awards",
            trigger: ".o_dealer_leaderboard_name .o_dealer_award",
            run() {
                const hidden = [...document.querySelectorAll(".o_dealer_award")].filter(
                    (badge) =>
                        badge.getBoundingClientRect().right >
                        badge.closest("td").getBoundingClientRect().right + 1
                );
                if (hidden.length) {
                    throw new Error(
                        `Awards cut: ${hidden.map((b) => b.closest("td").textContent.trim())}`
                    );
                }
            },
        },
    ],
});
