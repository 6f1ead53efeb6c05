import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";

const WIDTH = 1000;
const HEIGHT = 620;
const PADDING = 40;
const LABEL_ROOM = 60;
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
    return projection(outlets, width, height, padding).points;
}

/** A round step (degrees) giving 2 to 6 grid lines over ``span`` degrees. */
function gridStep(span) {
    for (const step of [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 45]) {
        if (span / step <= 6) {
            return step;
        }
    }
    return 90;
}

function degreeLabel(value, positive, negative) {
    const rounded = Math.round(Math.abs(value) * 100) / 100;
    if (!rounded) {
        return "0°";
    }
    return `${rounded}°${value > 0 ? positive : negative}`;
}

/**
 * The points, and the parallels and meridians crossing the box, labelled: the only
 * geography drawn, enough to read where and how far apart outlets are.
 */
export function projection(outlets, width = WIDTH, height = HEIGHT, padding = PADDING) {
    if (!outlets.length) {
        return { points: [], parallels: [], meridians: [] };
    }
    const projected = outlets.map((outlet) => [outlet, ...mercator(outlet.lat, outlet.lng)]);
    const xs = projected.map((p) => p[1]);
    const ys = projected.map((p) => p[2]);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const spanX = Math.max(maxX - minX, MIN_SPAN);
    const spanY = Math.max(maxY - minY, MIN_SPAN);
    // The labels sit right of their points: more room on the right than on the left.
    const [padLeft, padRight] = [padding, padding + LABEL_ROOM];
    const scale = Math.min((width - padLeft - padRight) / spanX, (height - 2 * padding) / spanY);
    const centerX = (minX + maxX) / 2;
    const centerY = (minY + maxY) / 2;
    const middleX = padLeft + (width - padLeft - padRight) / 2;
    const toX = (x) => Math.round((middleX + (x - centerX) * scale) * 10) / 10;
    const toY = (y) => Math.round((height / 2 - (y - centerY) * scale) * 10) / 10;
    const points = projected.map(([outlet, x, y]) => ({ ...outlet, x: toX(x), y: toY(y) }));
    // The box's corners back in degrees (inverse Mercator).
    const lngAt = (px) => (((px - middleX) / scale + centerX) * 180) / Math.PI;
    const latAt = (py) =>
        (Math.atan(Math.sinh(centerY - (py - height / 2) / scale)) * 180) / Math.PI;
    const [west, east, north, south] = [lngAt(0), lngAt(width), latAt(0), latAt(height)];
    const lngStep = gridStep(east - west);
    const latStep = gridStep(north - south);
    const meridians = [];
    for (let lng = Math.ceil(west / lngStep) * lngStep; lng <= east; lng += lngStep) {
        meridians.push({ x: toX(mercator(0, lng)[0]), label: degreeLabel(lng, "E", "W") });
    }
    const parallels = [];
    for (let lat = Math.ceil(south / latStep) * latStep; lat <= north; lat += latStep) {
        parallels.push({ y: toY(mercator(lat, 0)[1]), label: degreeLabel(lat, "N", "S") });
    }
    return { points, parallels, meridians };
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

    get map() {
        return projection(this.visibleOutlets);
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
