import { registry } from "@web/core/registry";

// A read-only viewer at head office checks an audit: the form offers no action and no
// edit, and Changes lists who changed which answer after the start (data from
// network_audit/tests/test_officer_tours.py, TestViewerReadsChangesTour).
registry.category("web_tour.tours").add("network_audit_viewer_reads_changes", {
    steps: () => [
        {
            content: "The submitted audit, for reading only: no workflow button",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_validate])):not(:has(button[name=action_reopen]))",
        },
        {
            content: "No field to edit",
            trigger: ".o_form_view:not(:has(.o_field_widget[name=date] button)):has(.o_field_widget[name=date] span)",
        },
        {
            content: "Open the changes",
            trigger: "button[name=action_view_history]",
            run: "click",
        },
        {
            content: "The auditor changed the greeting from No to Yes",
            trigger: ".o_list_view .o_data_row:contains(T-CX-01):contains(Na Auditor A):has(td[name=old_value]:contains(No)):has(td[name=new_value]:contains(Yes))",
        },
    ],
});
