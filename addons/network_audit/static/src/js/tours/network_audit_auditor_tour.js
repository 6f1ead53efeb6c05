import { registry } from "@web/core/registry";

/**
 * An auditor on a tablet: answers a standard with one tap in the audit form, saves,
 * then opens the standard's requirement and guidance in the full-screen dialog.
 */
registry.category("web_tour.tours").add("network_audit_auditor_answers", {
    steps: () => [
        {
            content: "Select the first answer row",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:eq(0) td[name=answer_yes_no]",
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
            trigger: ".o_field_widget[name=line_ids] .o_data_row:eq(0) button[name=action_open_tablet_form]",
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

/**
 * An auditor on a tablet runs the audit one standard per screen: opens the first
 * standard, answers, goes Next (the answer is saved), is told a failed answer needs a
 * photo, goes back with Previous, and closes with Done.
 */
registry.category("web_tour.tours").add("network_audit_auditor_next_previous", {
    steps: () => [
        {
            content: "Open the first standard full screen",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:eq(0) button[name=action_open_tablet_form]",
            run: "click",
        },
        {
            content: "First of three, in its section",
            trigger: ".modal .o_network_audit_tablet_position",
            run() {
                const text = this.anchor.textContent.replace(/\s+/g, " ").trim();
                if (text !== "Welcome · 1 / 3") {
                    throw new Error(`Position: expected "Welcome · 1 / 3", got "${text}"`);
                }
            },
        },
        {
            content: "No Previous on the first standard",
            trigger: ".modal:not(:has(.o_network_audit_previous))",
        },
        {
            content: "Not answered yet: no score (not 0)",
            trigger: ".modal:not(:has(.o_field_widget[name=score]))",
        },
        {
            content: "One tap: Yes",
            trigger: ".modal .o_field_widget[name=answer_yes_no] .o_selection_badge:contains(Yes)",
            run: "click",
        },
        {
            content: "Answered: its score shows",
            trigger: ".modal .o_field_widget[name=score]:contains(100)",
        },
        {
            content: "Next standard",
            trigger: ".modal .o_network_audit_next",
            run: "click",
        },
        {
            content: "The second standard is shown",
            trigger: ".modal .o_network_audit_tablet_position:contains(2 / 3)",
        },
        {
            content: "Its guidance is in place",
            trigger: ".modal .o_network_audit_line_tablet:contains(Showroom clean)",
        },
        {
            content: "Score 1 of 5: a fail",
            trigger: ".modal .o_field_widget[name=answer_scale] .o_selection_badge:contains(1)",
            run: "click",
        },
        {
            content: "The auditor is told at once that a photo is needed",
            trigger: ".modal .o_network_audit_evidence_missing:visible",
        },
        {
            content: "Back to the first standard",
            trigger: ".modal .o_network_audit_previous",
            run: "click",
        },
        {
            content: "The first standard again, with its saved answer",
            trigger: ".modal .o_network_audit_tablet_position:contains(1 / 3)",
        },
        {
            content: "Its answer was kept",
            trigger: ".modal .o_field_widget[name=answer_yes_no] .o_selection_badge.active:contains(Yes)",
        },
        {
            content: "Done",
            trigger: ".modal .o_network_audit_done",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

/**
 * An auditor on a tablet sees the answers grouped under their program's sections,
 * and a measured answer stays empty until it is measured (not "0.00").
 */
registry.category("web_tour.tours").add("network_audit_auditor_sections", {
    steps: () => [
        {
            content: "The first section heads the answers",
            trigger: ".o_field_widget[name=line_ids] tbody tr:eq(0).o_network_audit_section_row:contains(Welcome)",
        },
        {
            content: "The second section has its own header",
            trigger: ".o_field_widget[name=line_ids] .o_network_audit_section_row:contains(Measures)",
        },
        {
            content: "The measured answer is empty before it is answered",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Waiting time) td[name=answer_numeric]",
            run() {
                const text = this.anchor.textContent.trim();
                if (text !== "") {
                    throw new Error(`An unanswered measure shows "${text}", not empty.`);
                }
            },
        },
        {
            content: "Select the measured answer",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Waiting time) td[name=answer_numeric]",
            run: "click",
        },
        {
            content: "Its input is empty too",
            trigger: ".o_data_row.o_selected_row td[name=answer_numeric] input",
            run() {
                if (this.anchor.value !== "") {
                    throw new Error(`The input shows "${this.anchor.value}", not empty.`);
                }
            },
        },
        {
            content: "Measure 0: a real answer",
            trigger: ".o_data_row.o_selected_row td[name=answer_numeric] input",
            run: "edit 0",
        },
        {
            content: "Save the audit",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the measured 0 shows",
            trigger: ".o_form_saved .o_field_widget[name=line_ids] .o_data_row:contains(Waiting time) td[name=answer_numeric]:contains(0.00)",
        },
    ],
});

/**
 * A network officer validates a submitted audit: reviews the draft action plan, clicks
 * Validate, and sees the audit validated with its action items sent to the outlet.
 */
registry.category("web_tour.tours").add("network_audit_officer_validates", {
    steps: () => [
        {
            content: "The audit is submitted",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Submitted)",
        },
        {
            content: "Validate",
            trigger: ".o_statusbar_buttons button[name=action_validate]",
            run: "click",
        },
        {
            content: "Validated",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Validated)",
        },
        {
            content: "No Validate button any more",
            trigger: ".o_statusbar_buttons:not(:has(button[name=action_validate]))",
        },
    ],
});
