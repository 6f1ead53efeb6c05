import { registry } from "@web/core/registry";

/**
 * An auditor runs a checklist with a gate question and signs on site: "No handover bay"
 * makes Next pass the bay standard by, "Yes" brings it back; then the outlet's manager
 * and the auditor sign on the Signatures tab and the audit is submitted.
 */
registry.category("web_tour.tours").add("network_audit_checklist_and_signatures", {
    steps: () => [
        {
            content: "Open the gate question full screen",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Handover bay?) button[name=action_open_tablet_form]",
            run: "click",
        },
        {
            content: "No handover bay",
            trigger: ".modal .o_field_widget[name=answer_yes_no] .o_selection_badge:contains(No)",
            run: "click",
        },
        {
            content: "Next",
            trigger: ".modal .o_network_audit_next",
            run: "click",
        },
        {
            content: "The bay standard is passed by: the next one is the safety standard",
            trigger: ".modal .o_network_audit_line_tablet:contains(High-voltage area secured)",
        },
        {
            content: "Back to the gate question",
            trigger: ".modal .o_network_audit_previous",
            run: "click",
        },
        {
            content: "There is a handover bay after all",
            trigger: ".modal .o_network_audit_line_tablet:contains(Handover bay?) .o_field_widget[name=answer_yes_no] .o_selection_badge:contains(Yes)",
            run: "click",
        },
        {
            content: "Next",
            trigger: ".modal .o_network_audit_next",
            run: "click",
        },
        {
            content: "Now the bay standard is asked",
            trigger: ".modal .o_network_audit_line_tablet:contains(Bay clean)",
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
        {
            content: "Open the signatures",
            trigger: ".o_notebook .nav-link:contains(Signatures)",
            run: "click",
        },
        {
            content: "The outlet's manager gives their name",
            trigger: ".o_field_widget[name=manager_signer_name] input",
            run: "edit Eva de Vries",
        },
        {
            content: "The manager signs",
            trigger: ".o_field_widget[name=manager_signature] .o_signature",
            run: "click",
        },
        {
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "Adopt the manager's signature",
            trigger: ".modal .modal-footer .btn-primary:enabled",
            run: "click",
        },
        {
            content: "The auditor signs",
            trigger: "body:not(:has(.modal)) .o_field_widget[name=auditor_signature] .o_signature",
            run: "click",
        },
        {
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "Adopt the auditor's signature",
            trigger: ".modal .modal-footer .btn-primary:enabled",
            run: "click",
        },
        {
            content: "Save",
            trigger: "body:not(:has(.modal)) .o_form_button_save",
            run: "click",
        },
        {
            content: "Submit",
            trigger: ".o_form_saved button[name=action_submit]",
            run: "click",
        },
        {
            content: "Submitted",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Submitted)",
        },
    ],
});
