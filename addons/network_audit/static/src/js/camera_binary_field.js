import { registry } from "@web/core/registry";
import {
    Many2ManyBinaryField,
    many2ManyBinaryField,
} from "@web/views/fields/many2many_binary/many2many_binary_field";
import { useEffect, useRef } from "@odoo/owl";

/**
 * Audit photos: the file input opens the tablet's rear camera (`capture`) and only
 * accepts images. The server normalizes every upload (orientation, size, EXIF).
 */
export class AuditPhotoField extends Many2ManyBinaryField {
    static template = "network_audit.AuditPhotoField";

    setup() {
        super.setup();
        this.root = useRef("root");
        useEffect(() => {
            for (const input of this.root.el?.querySelectorAll("input[type=file]") || []) {
                input.setAttribute("capture", "environment");
                input.setAttribute("accept", "image/*");
            }
        });
    }
}

export const auditPhotoField = {
    ...many2ManyBinaryField,
    component: AuditPhotoField,
};

registry.category("fields").add("audit_photos", auditPhotoField);
