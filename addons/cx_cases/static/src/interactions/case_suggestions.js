import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

// Words typed before the form asks for suggestions.
const MIN_LENGTH = 4;

/**
 * The new-request form of the portal suggests help articles while the customer
 * types the subject or the description (a few hundred milliseconds after they stop).
 */
export class CxCaseSuggestions extends Interaction {
    static selector = "form.o_cx_case_new_form";
    dynamicContent = {
        "#subject, #description": { "t-on-input": this.debounced(this.suggest, 400) },
    };

    setup() {
        this.box = this.el.querySelector(".o_cx_suggestions");
        this.list = this.el.querySelector(".o_cx_suggestion_list");
        this.lastText = "";
    }

    async suggest() {
        const text = [this.el.querySelector("#subject")?.value, this.el.querySelector("#description")?.value]
            .filter(Boolean)
            .join(" ")
            .trim();
        if (text === this.lastText) {
            return;
        }
        this.lastText = text;
        if (text.length < MIN_LENGTH) {
            this.render([]);
            return;
        }
        const result = await this.waitFor(rpc("/my/help/suggest", { text: text.slice(0, 5200) }));
        this.render(result.articles || []);
    }

    render(articles) {
        this.list.replaceChildren(
            ...articles.map((article) => {
                const link = document.createElement("a");
                link.href = article.url;
                link.className = "list-group-item list-group-item-action o_cx_suggestion";
                const title = document.createElement("strong");
                title.textContent = article.title;
                link.append(title);
                if (article.summary) {
                    const summary = document.createElement("div");
                    summary.className = "small text-muted";
                    summary.textContent = article.summary;
                    link.append(summary);
                }
                return link;
            })
        );
        this.box.classList.toggle("d-none", !articles.length);
    }
}

registry.category("public.interactions").add("cx_cases.case_suggestions", CxCaseSuggestions);
