import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";

const WIDTH = 1000;
const HEIGHT = 620;
const PADDING = 40;
// The smallest span shown (radians, about 6 km): one outlet alone is not a full zoom.
const MIN_SPAN = 0.001;

// Colours read on a white background and by most colour-blind users (Okabe-Ito).
export const STAR_COLORS = {
    0: "#9e9e9e",
    1: "#d55e00",
    2: "#e69f00",
    3: "#f0e442",
    4: "#56b4e9",
    5: "#009e73",
};
export const LIFECYCLE_COLORS = {
    prospect: "#9e9e9e",
    onboarding: "#56b4e9",
    active: "#009e73",
    suspended: "#e69f00",
    closed: "#444444",
};

/** Web Mercator, in radians: the map the officers know from their phones. */
function mercator(lat, lng) {
    const phi = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180;
    return [(lng * Math.PI) / 180, Math.log(Math.tan(Math.PI / 4 + phi / 2))];
}

/**
 * Places outlets (lat/lng) in a WIDTH x HEIGHT box, north up, keeping distances'
 * proportions. Returns the points with x/y added.
 */
export function projectOutlets(outlets, width = WIDTH, height = HEIGHT, padding = PADDING) {
    if (!outlets.length) {
        return [];
    }
    const projected = outlets.map((outlet) => [outlet, ...mercator(outlet.lat, outlet.lng)]);
    const xs = projected.map((p) => p[1]);
    const ys = projected.map((p) => p[2]);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const spanX = Math.max(maxX - minX, MIN_SPAN);
    const spanY = Math.max(maxY - minY, MIN_SPAN);
    const scale = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
    const centerX = (minX + maxX) / 2;
    const centerY = (minY + maxY) / 2;
    return projected.map(([outlet, x, y]) => ({
        ...outlet,
        x: Math.round((width / 2 + (x - centerX) * scale) * 10) / 10,
        y: Math.round((height / 2 - (y - centerY) * scale) * 10) / 10,
    }));
}

/**
 * The outlets of the selected markets on a map, coloured by rating or lifecycle;
 * a point opens its outlet. Self-contained: no map tiles, nothing fetched outside.
 */
export class OutletMap extends Component {
    static template = "dealer_profile.OutletMap";
    static components = { Layout };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.width = WIDTH;
        this.height = HEIGHT;
        this.state = useState({
            outlets: [],
            lifecycle: [],
            withoutPosition: 0,
            colorBy: "rating",
            marketId: 0,
            hoveredId: 0,
        });
        onWillStart(() => this.load());
    }

    async load() {
        const data = await this.orm.call("dealer.outlet", "get_map_data", []);
        this.state.outlets = data.outlets;
        this.state.lifecycle = data.lifecycle;
        this.state.withoutPosition = data.without_position;
    }

    get markets() {
        const markets = new Map();
        for (const outlet of this.state.outlets) {
            markets.set(outlet.market_id, outlet.market);
        }
        return [...markets.entries()].map(([id, name]) => ({ id, name }));
    }

    get visibleOutlets() {
        const marketId = this.state.marketId;
        return this.state.outlets.filter((o) => !marketId || o.market_id === marketId);
    }

    get points() {
        return projectOutlets(this.visibleOutlets);
    }

    get legend() {
        if (this.state.colorBy === "lifecycle") {
            return this.state.lifecycle.map(([key, label]) => ({
                key,
                label,
                color: LIFECYCLE_COLORS[key] || "#9e9e9e",
            }));
        }
        return [5, 4, 3, 2, 1, 0].map((stars) => ({
            key: String(stars),
            label: stars ? "★".repeat(stars) : _t("Not rated yet"),
            color: STAR_COLORS[stars],
        }));
    }

    colorOf(outlet) {
        return this.state.colorBy === "lifecycle"
            ? LIFECYCLE_COLORS[outlet.state] || "#9e9e9e"
            : STAR_COLORS[outlet.stars] || STAR_COLORS[0];
    }

    tooltip(outlet) {
        const rating = outlet.stars
            ? `${"★".repeat(outlet.stars)} (${outlet.score.toFixed(1)} %)`
            : _t("Not rated yet");
        return `[${outlet.code}] ${outlet.name}, ${outlet.city}\n${outlet.market} · ${outlet.state_label} · ${rating}`;
    }

    onMarketChange(ev) {
        this.state.marketId = parseInt(ev.target.value) || 0;
    }

    setColorBy(colorBy) {
        this.state.colorBy = colorBy;
    }

    openOutlet(outletId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "dealer.outlet",
            res_id: outletId,
            views: [[false, "form"]],
        });
    }
}

registry.category("actions").add("dealer_profile.outlet_map", OutletMap);
