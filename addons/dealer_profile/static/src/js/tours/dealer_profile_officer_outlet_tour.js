import { registry } from "@web/core/registry";

// A network officer opens a new outlet of their market: the outlet's form, its Space
// manager as contact, invited to the portal with one click, then onboarding and
// activation (data from dealer_profile/tests/test_outlet_tour.py).
registry.category("web_tour.tours").add("dealer_profile_officer_opens_outlet", {
    steps: () => [
        {
            content: "Name the outlet",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour Space Rotterdam",
        },
        {
            content: "Its code in the market",
            trigger: ".o_field_widget[name=code] input",
            run: "edit TR1",
        },
        {
            content: "Its city",
            trigger: ".o_field_widget[name=city] input",
            run: "edit Rotterdam",
        },
        {
            content: "Add a contact",
            trigger: ".o_field_widget[name=contact_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Look for the Space manager",
            trigger: ".o_field_widget[name=contact_ids] .o_selected_row .o_field_widget[name=partner_id] input",
            run: "edit Tour Manager Rotterdam",
        },
        {
            content: "Pick her",
            trigger: ".o-autocomplete--dropdown-menu li a:contains(Tour Manager Rotterdam)",
            run: "click",
        },
        {
            content: "Save the outlet",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Invite the Space manager to the portal",
            trigger: ".o_field_widget[name=contact_ids] .o_data_row:contains(Tour Manager Rotterdam) button[name=action_grant_portal_access]",
            run: "click",
        },
        {
            content: "She has portal access",
            trigger: ".o_field_widget[name=contact_ids] .o_data_row:contains(Tour Manager Rotterdam):not(:has(button[name=action_grant_portal_access])) td[name=has_portal_access] input:checked",
        },
        {
            content: "Start the onboarding",
            trigger: ".o_form_statusbar button[name=action_start_onboarding]",
            run: "click",
        },
        {
            content: "Onboarding",
            trigger: ".o_statusbar_status [aria-checked=true]:contains(Onboarding)",
        },
        {
            content: "Activate the outlet",
            trigger: ".o_form_statusbar button[name=action_activate]",
            run: "click",
        },
        {
            content: "The outlet is active",
            trigger: ".o_statusbar_status [aria-checked=true]:contains(Active)",
        },
    ],
});
