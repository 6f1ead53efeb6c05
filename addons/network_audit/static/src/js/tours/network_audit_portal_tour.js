import { registry } from "@web/core/registry";

// A 1x1 PNG: enough for the server's photo normalization to accept it.
const PIXEL_PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

function pngFile(name) {
    const bytes = Uint8Array.from(atob(PIXEL_PNG), (char) => char.charCodeAt(0));
    return new File([bytes], name, { type: "image/png" });
}

// A dealer fixes an action item from the portal: comment, evidence photo, mark done
// (data from network_audit/tests/test_portal.py).
registry.category("web_tour.tours").add("network_audit_portal_action_done", {
    url: "/my/actions",
    steps: () => [
        {
            content: "Open the item to fix from my action items",
            trigger: "a.o_network_action_link:contains('Showroom clean')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Say what was done",
            trigger: "textarea[name='comment']",
            run: "edit Floors cleaned, cleaning plan on the wall",
        },
        {
            content: "Add a photo of the fix (what the tablet camera would give)",
            trigger: "input[type='file'][name='photos']",
            run() {
                const transfer = new DataTransfer();
                transfer.items.add(pngFile("showroom.png"));
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Mark the item done",
            trigger: "button.o_network_action_mark_done",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The item is done, with its photo",
            trigger: ".o_network_action_done",
        },
        {
            content: "Its status says so",
            trigger: ".o_network_action_state:contains('Done')",
        },
        {
            content: "The photo is shown as evidence",
            trigger: ".o_network_audit_photos img",
        },
    ],
});
