import { registry } from "@web/core/registry";

// The subject is what an agent reads a case by: on a tablet held upright it keeps room for
// some twenty characters (it was cut to "Courtesy c..." beside an SLA column sized for
// "Paused (waiting for customer)").
const MIN_SUBJECT_EM = 14;

registry.category("web_tour.tours").add("cx_cases_case_list_subject_room", {
    steps: () => [
        {
            content: "The case list is laid out with its subjects",
            trigger: ".o_list_table td.o_data_cell[name=name]",
            run() {
                const narrow = [
                    ...document.querySelectorAll(".o_list_table td.o_data_cell[name=name]"),
                ].filter((cell) => {
                    const em = parseFloat(getComputedStyle(cell).fontSize);
                    return cell.clientWidth < MIN_SUBJECT_EM * em;
                });
                if (narrow.length) {
                    throw new Error(`Subject column ${narrow[0].clientWidth}px wide`);
                }
            },
        },
    ],
});
