import { patch } from "@web/core/utils/patch";
import { toRaw } from "@odoo/owl";
import { Composer } from "@mail/core/common/composer";
import { SuggestionService } from "@mail/core/common/suggestion_service";

/**
 * `::` on a CX case: only the canned replies of the case's team in the customer's
 * language are offered, and the one chosen is inserted with the case's values
 * (customer, order, ETA in the customer's language, outlet, case number) filled in
 * by the server (cx.case.cx_canned_responses).
 */
function isCase(thread) {
    thread = toRaw(thread);
    return thread?.model === "cx.case" && Number.isInteger(thread.id);
}

patch(SuggestionService.prototype, {
    async fetchSuggestions({ delimiter, term }, { thread, abortSignal } = {}) {
        const result = await super.fetchSuggestions(...arguments);
        if (delimiter === "::" && isCase(thread)) {
            const responses = await this.makeOrmCall(
                "cx.case",
                "cx_canned_responses",
                [[thread.id]],
                {},
                { abortSignal }
            );
            this.cxFilledResponses ??= {};
            this.cxFilledResponses[thread.id] = new Map(
                responses.map((response) => [response.id, response.substitution])
            );
        }
        return result;
    },
    searchSuggestions({ delimiter, term }, { thread } = {}) {
        const result = super.searchSuggestions(...arguments);
        const filled = isCase(thread) && this.cxFilledResponses?.[toRaw(thread).id];
        if (delimiter === "::" && filled) {
            result.suggestions = result.suggestions.filter((response) => filled.has(response.id));
        }
        return result;
    },
});

patch(Composer.prototype, {
    get navigableListProps() {
        const props = super.navigableListProps;
        const thread = this.thread;
        const filled =
            isCase(thread) && this.suggestion?.suggestionService.cxFilledResponses?.[toRaw(thread).id];
        if (filled && props.options?.some((option) => option.cannedResponse)) {
            props.options = props.options.map((option) =>
                option.cannedResponse && filled.has(option.cannedResponse.id)
                    ? { ...option, label: filled.get(option.cannedResponse.id) }
                    : option
            );
        }
        return props;
    },
});
