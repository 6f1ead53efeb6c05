import { registry } from "@web/core/registry";

/**
 * An auditor on a tablet: answers a standard with one tap in the audit form, saves,
 * then opens the standard's requirement and guidance in the full-screen dialog.
 */
registry.category("web_tour.tours").add("network_audit_auditor_answers", {
    steps: () => [
        {
            content: "Select the first answer row",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:first-child td[name=answer_yes_no]",
            run: "click",
        },
        {
            content: "One tap: No",
            trigger: ".o_data_row.o_selected_row td[name=answer_yes_no] .o_selection_badge:contains(No)",
            run: "click",
        },
        {
            content: "Save the audit",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the failed answer counts",
            trigger: ".o_field_widget[name=failed_count]:contains(1)",
        },
        {
            content: "Open requirement and guidance",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:first-child button[name=action_open_tablet_form]",
            run: "click",
        },
        {
            content: "The guidance is at hand",
            trigger: ".modal .o_network_audit_line_tablet:contains(Fulfilled when greeted)",
        },
        {
            content: "The photo button opens the rear camera",
            trigger: ".modal .o_field_widget[name=photo_ids] .o_attach",
            run() {
                const input = document.querySelector(
                    ".modal .o_field_widget[name=photo_ids] input[type=file]"
                );
                if (input?.getAttribute("capture") !== "environment") {
                    throw new Error("The photo input does not open the camera.");
                }
            },
        },
    ],
});
