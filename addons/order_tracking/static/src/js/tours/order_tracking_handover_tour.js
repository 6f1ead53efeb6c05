import { registry } from "@web/core/registry";

// A customer books a handover slot on their order page, then moves it to another slot
// (data from order_tracking/tests/test_handover.py).
registry.category("web_tour.tours").add("order_tracking_customer_handover", {
    steps: () => [
        {
            content: "The booking to-do offers free slots, with a due date",
            trigger: ".o_vehicle_task_handover_slot.o_vehicle_task_todo .o_vehicle_task_due",
        },
        {
            content: "Choose the second free slot",
            trigger: ".o_vehicle_task_handover_slot select[name='slot']",
            run: "selectByIndex 1",
        },
        {
            content: "Save the booking",
            trigger: ".o_vehicle_task_handover_slot button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "My handover is booked, with the outlet's address and a calendar file",
            trigger: ".o_vehicle_handover:has(.o_vehicle_handover_address):has(a.o_vehicle_handover_ics)",
        },
        {
            content: "The booking to-do is done",
            trigger: ".o_vehicle_task_handover_slot.o_vehicle_task_done",
        },
        {
            content: "Press Reschedule",
            trigger: ".o_vehicle_handover_reschedule summary",
            run: "click",
        },
        {
            content: "Choose another slot: the first free one",
            trigger: ".o_vehicle_handover_reschedule select[name='slot']",
            run: "selectByIndex 0",
        },
        {
            content: "Save the new slot",
            trigger: ".o_vehicle_handover_reschedule button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "My handover is still booked and can be moved or cancelled again",
            trigger: ".o_vehicle_handover:has(.o_vehicle_handover_reschedule):has(.o_vehicle_handover_cancel)",
        },
    ],
});
