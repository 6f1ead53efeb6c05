import { LivechatCommandDialog } from "@im_livechat/core/common/livechat_command_dialog";

import { registerThreadAction } from "@mail/core/common/thread_actions";
import "@mail/discuss/call/common/thread_actions";

import { _t } from "@web/core/l10n/translation";
import { usePopover } from "@web/core/popover/popover_hook";

// A button in the header of a live chat, as crm_livechat's "Create Lead": asks for the
// subject and runs the /case command (the transcript goes to the new case).
registerThreadAction("create-cx-case", {
    actionPanelComponent: LivechatCommandDialog,
    actionPanelComponentProps: ({ action }) => ({
        close: () => action.close(),
        commandName: "case",
        placeholderText: _t("e.g. Charging flap stuck"),
        title: _t("Open a CX Case"),
        icon: "fa fa-life-ring",
    }),
    close: ({ action }) => action.popover?.close(),
    condition: false, // decided by the ThreadAction patch (thread_action_patch.js)
    panelOuterClass: "bg-100",
    icon: "fa fa-life-ring",
    name: _t("Open a CX Case"),
    sequence: 11,
    sequenceGroup: 25,
    setup({ owner }) {
        if (!owner.env.inChatWindow) {
            this.popover = usePopover(LivechatCommandDialog, {
                onClose: () => this.close(),
                popoverClass: this.panelOuterClass,
            });
        }
    },
    toggle: true,
    open({ owner, thread }) {
        this.popover?.open(owner.root.el.querySelector(`[name="${this.id}"]`), {
            thread,
            ...this.actionPanelComponentProps,
        });
    },
});
