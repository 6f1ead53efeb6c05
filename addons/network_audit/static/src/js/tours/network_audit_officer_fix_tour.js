import { registry } from "@web/core/registry";

// HQ follows up the fixes the outlet reported: the officer lists the action items to
// verify, verifies one fix, and rejects another with a reason the Space manager reads
// (data from network_audit/tests/test_officer_tours.py, TestOfficerVerifiesFixesTour).
registry.category("web_tour.tours").add("network_audit_officer_verifies_fixes", {
    steps: () => [
        {
            content: "Drop the default filter (open items)",
            trigger: ".o_searchview_facet:contains(Open) .o_facet_remove",
            run: "click",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Items whose fix is reported: To Verify",
            trigger: ".o_filter_menu .o-dropdown-item:contains(To Verify)",
            run: "click",
        },
        {
            content: "Both reported fixes are listed",
            trigger: ".o_list_view:has(.o_data_row:contains(High-voltage area secured)) .o_data_row:contains(Customer greeted)",
        },
        {
            content: "Open the greeting's item",
            trigger: ".o_data_row td[name=name]:contains(Customer greeted)",
            run: "click",
        },
        {
            content: "The dealer's report is on the form",
            trigger: ".o_field_widget[name=dealer_comment]:contains(Greeter at the door)",
        },
        {
            content: "Verify the fix",
            trigger: ".o_form_statusbar button[name=action_verify]",
            run: "click",
        },
        {
            content: "The item is verified",
            trigger: ".o_statusbar_status [aria-checked=true]:contains(Verified)",
        },
        {
            content: "Back to the items to verify",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Action Items)",
            run: "click",
        },
        {
            content: "Open the high-voltage area's item",
            trigger: ".o_data_row td[name=name]:contains(High-voltage area secured)",
            run: "click",
        },
        {
            content: "Reject without a reason",
            trigger: ".o_form_statusbar button[name=action_reject]",
            run: "click",
        },
        {
            content: "The officer is asked why",
            trigger: ".o_error_dialog:contains(Write why the fix), .o_notification:contains(Write why the fix)",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Write why",
            trigger: ".o_field_widget[name=rejection_reason] textarea",
            run: "edit The cabinet is still unlocked on the photo: lock it and send a new photo.",
        },
        {
            content: "Reject the fix",
            trigger: ".o_form_statusbar button[name=action_reject]",
            run: "click",
        },
        {
            content: "The item is back with the outlet: rejected",
            trigger: ".o_statusbar_status [aria-checked=true]:contains(Rejected)",
        },
        {
            content: "The Space manager is told why",
            trigger: ".o-mail-Message-body:contains(The fix was not accepted: The cabinet is still unlocked)",
        },
    ],
});
