import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

import { Component } from "@odoo/owl";

/**
 * Read-only star rating: five slots, filled up to the value, the same markup as the
 * portal's dealer_profile.portal_stars template (so stars look alike everywhere).
 */
export class DealerStarsField extends Component {
    static template = "dealer_profile.DealerStarsField";
    static props = { ...standardFieldProps };

    get stars() {
        return parseInt(this.props.record.data[this.props.name] || 0, 10) || 0;
    }
    get slots() {
        return [1, 2, 3, 4, 5];
    }
    get title() {
        return `${this.stars} / 5`;
    }
    get ariaLabel() {
        return _t("%s out of 5 stars", this.stars);
    }
}

export const dealerStarsField = {
    component: DealerStarsField,
    displayName: _t("Stars (five slots)"),
    supportedTypes: ["selection", "char", "integer"],
};

registry.category("fields").add("dealer_stars", dealerStarsField);
