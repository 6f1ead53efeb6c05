import { registry } from "@web/core/registry";

// A network manager reopens a validated audit that audited the wrong site: Reopen asks
// for the reason, which the audit's chatter keeps, and the audit goes back to its
// auditor (data from network_audit/tests/test_officer_tours.py,
// TestManagerReopensAuditTour).
registry.category("web_tour.tours").add("network_audit_manager_reopens_audit", {
    steps: () => [
        {
            content: "The audit is validated",
            trigger: ".o_statusbar_status [aria-checked=true]:contains(Validated)",
        },
        {
            content: "Reopen it",
            trigger: ".o_form_statusbar button:contains(Reopen)",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea, .modal .o_field_widget[name=reason] input",
            run: "edit The auditor audited the Haarlem site, not Amsterdam.",
        },
        {
            content: "Reopen",
            trigger: ".modal .modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The audit is back with its auditor",
            trigger: "body:not(:has(.modal)) .o_statusbar_status [aria-checked=true]:contains(In Progress)",
        },
        {
            content: "The chatter says who reopened it and why",
            trigger: ".o-mail-Message-body:contains(Validated audit reopened by):contains(audited the Haarlem site)",
        },
    ],
});
