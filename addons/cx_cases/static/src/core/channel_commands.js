import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";

// Like crm_livechat's /lead: the server method discuss.channel.execute_command_case
// opens a CX case with the conversation's transcript.
registry.category("discuss.channel_commands").add("case", {
    channel_types: ["livechat"],
    help: _t("Open a customer-care case from this chat (/case subject)"),
    methodName: "execute_command_case",
});
