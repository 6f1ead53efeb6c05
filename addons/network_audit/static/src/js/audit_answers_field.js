import { registry } from "@web/core/registry";
import { ListRenderer } from "@web/views/list/list_renderer";
import { X2ManyField, x2ManyField } from "@web/views/fields/x2many/x2many_field";
import { FloatField, floatField } from "@web/views/fields/float/float_field";
import { useEffect } from "@odoo/owl";

/**
 * The audit's answers, one header row per section of the program (the lines come in
 * the program's order): the auditor sees where a standard belongs, as in the
 * printed checklist. The header rows are not records, so the dialog's
 * Previous / Next and the score only ever see answers.
 */
export class AuditAnswersListRenderer extends ListRenderer {
    static rowsTemplate = "network_audit.AuditAnswersListRenderer.Rows";

    /** The section that starts at this record, or null when it continues one. */
    sectionStartingAt(record, index) {
        const section = record.data.section_name || "";
        const previous = index > 0 ? this.props.list.records[index - 1] : null;
        if (previous && (previous.data.section_name || "") === section) {
            return null;
        }
        return section;
    }
}

export class AuditAnswersField extends X2ManyField {
    static components = { ...X2ManyField.components, ListRenderer: AuditAnswersListRenderer };
}

export const auditAnswersField = {
    ...x2ManyField,
    component: AuditAnswersField,
};

registry.category("fields").add("audit_answers", auditAnswersField);

/**
 * A measured answer stays empty until the auditor types it: a float field reads 0.0
 * for "nothing yet", and 0 is a real measure (0 complaints). ``numeric_answered``
 * tells them apart once saved; a value typed but not saved yet shows as typed.
 */
export class AuditNumericField extends FloatField {
    setup() {
        super.setup();
        // Typing the stored 0 into an empty answer is an answer: the input hook only
        // writes values that differ from the record's, so this one is written here.
        useEffect(
            (input) => {
                if (!input) {
                    return;
                }
                // What was typed, read before the input hook resets an unchanged value.
                let typed = "";
                const onInput = () => (typed = input.value);
                const onChange = () => this.commitUnchangedAnswer(typed);
                input.addEventListener("input", onInput);
                input.addEventListener("change", onChange);
                return () => {
                    input.removeEventListener("input", onInput);
                    input.removeEventListener("change", onChange);
                };
            },
            () => [this.inputRef.el]
        );
    }

    get isAnswered() {
        const record = this.props.record;
        const typed = Boolean(record._changes && this.props.name in record._changes);
        return Boolean(record.data.numeric_answered) || typed;
    }

    get formattedValue() {
        return this.isAnswered ? super.formattedValue : "";
    }

    commitUnchangedAnswer(text) {
        if (this.isAnswered || !text.trim()) {
            return;
        }
        let value;
        try {
            value = this.parse(text);
        } catch {
            return; // invalid: the input hook marks the field
        }
        if (value === this.props.record.data[this.props.name]) {
            this.props.record.update({ [this.props.name]: value });
        }
    }
}

export const auditNumericField = {
    ...floatField,
    component: AuditNumericField,
    fieldDependencies: [{ name: "numeric_answered", type: "boolean" }],
};

registry.category("fields").add("audit_numeric", auditNumericField);
