import { registry } from "@web/core/registry";
import { formatDate } from "@web/core/l10n/dates";

const { DateTime } = luxon;

// The order desk corrects an order's expected delivery from the order form: the
// dealer phoned that the car leaves the factory later. The desk opens the order's
// events, adds the handover step's new expected date with the reason the customer
// reads, and finds the new date and its reason on the order (data from
// order_tracking/tests/test_desk_tour.py; the new date is 75 days from today).
registry.category("web_tour.tours").add("order_tracking_desk_corrects_eta", {
    steps: () => [
        {
            content: "The order is open",
            trigger: ".o_breadcrumb .o_last_breadcrumb_item:contains(T-ORDER-0001)",
        },
        {
            content: "Open the order's events",
            trigger: "button[name=action_view_events]",
            run: "click",
        },
        {
            content: "Add an event",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "The event is the order's",
            trigger: ".o_field_widget[name=order_id] input:value(T-ORDER-0001)",
        },
        {
            content: "Look for the handover step",
            trigger: ".o_field_widget[name=status_id] input",
            run: "edit V999",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-menu li a:contains(V999)",
            run: "click",
        },
        {
            content: "The new expected date",
            trigger: ".o_field_widget[name=expected_date] input",
            run: `edit ${formatDate(DateTime.now().plus({ days: 75 }))}`,
        },
        {
            content: "Why it moved, in words the customer reads",
            trigger: ".o_field_widget[name=reason] input",
            run: "edit Production slot moved by the factory",
        },
        {
            content: "Save the event",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Back to the order",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(T-ORDER-0001)",
            run: "click",
        },
        {
            content: "The order shows its new expected delivery: 15 days after the planned handover",
            trigger: ".o_field_widget[name=delay_days]:contains(15)",
        },
        {
            content: "It is flagged as delayed",
            trigger: ".o_form_view .ribbon:contains(Delayed)",
        },
        {
            content: "Open the ETA history",
            trigger: ".o_notebook .nav-link[name=eta_history]",
            run: "click",
        },
        {
            content: "The move is listed with its reason",
            trigger: ".o_field_widget[name=eta_change_ids] .o_data_row:contains(Production slot moved by the factory)",
        },
    ],
});
