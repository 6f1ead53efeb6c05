/* The offline audit app.
 *
 * Everything the auditor needs is downloaded into IndexedDB; every change is applied to
 * that copy at once and queued in an outbox of operations, each with an id made here,
 * so the server stores it once whatever the number of retries. The outbox is sent when
 * the auditor asks or the network comes back; the server's verdict (applied, refused
 * with a reason, changed on another device) is shown, never silently dropped.
 */
(function () {
    "use strict";

    const TERMS = JSON.parse(document.body.dataset.terms || "{}");
    const t = (key) => TERMS[key] || key;
    const DB_NAME = "network-audit-app";
    let db = null;
    let view = { name: "list" };
    let syncing = null;

    // IndexedDB ---------------------------------------------------------------

    function openDb() {
        return new Promise((resolve, reject) => {
            const request = indexedDB.open(DB_NAME, 1);
            request.onupgradeneeded = () => {
                const d = request.result;
                d.createObjectStore("meta");
                d.createObjectStore("audits", { keyPath: "id" });
                d.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
                d.createObjectStore("problems", { keyPath: "uuid" });
            };
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
    }

    function tx(stores, mode, work) {
        return new Promise((resolve, reject) => {
            const transaction = db.transaction(stores, mode);
            let result;
            Promise.resolve(work(transaction)).then((value) => (result = value));
            transaction.oncomplete = () => resolve(result);
            transaction.onerror = () => reject(transaction.error);
            transaction.onabort = () => reject(transaction.error);
        });
    }

    function req(request) {
        return new Promise((resolve, reject) => {
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
    }

    const all = (store) => tx([store], "readonly", (x) => req(x.objectStore(store).getAll()));
    const get = (store, key) => tx([store], "readonly", (x) => req(x.objectStore(store).get(key)));
    const put = (store, value, key) =>
        tx([store], "readwrite", (x) => req(x.objectStore(store).put(value, key)));

    function fmtDate(iso) {
        if (!iso) {
            return "";
        }
        const [y, m, d] = iso.split("-").map(Number);
        return new Date(y, m - 1, d).toLocaleDateString(document.documentElement.lang || undefined,
            { day: "numeric", month: "long", year: "numeric" });
    }

    function newId() {
        if (self.crypto && crypto.randomUUID) {
            return crypto.randomUUID();
        }
        return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
    }

    async function deviceId() {
        let device = await get("meta", "device");
        if (!device) {
            device = `tablet-${newId()}`;
            await put("meta", device, "device");
        }
        return device;
    }

    // Server ------------------------------------------------------------------

    async function rpc(path, params) {
        const response = await fetch(path, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            credentials: "same-origin",
            body: JSON.stringify({ jsonrpc: "2.0", method: "call", params, id: Date.now() }),
        });
        if (!response.ok) {
            throw new Error(`HTTP ${response.status}`);
        }
        const body = await response.json();
        if (body.error) {
            const error = new Error((body.error.data && body.error.data.message) || body.error.message);
            error.server = true;
            throw error;
        }
        return body.result;
    }

    async function download() {
        await sync();
        if ((await all("outbox")).length) {
            return status(`${(await all("outbox")).length} ${t("pending")}`);
        }
        const result = await rpc("/audit/app/api/download", {});
        await tx(["audits"], "readwrite", (x) => {
            const store = x.objectStore("audits");
            store.clear();
            for (const audit of result.audits) {
                store.put(audit);
            }
        });
        await render();
    }

    // The outbox --------------------------------------------------------------

    async function queue(op) {
        op.uuid = newId();
        await put("outbox", op);
        await refreshStatus();
        if (navigator.onLine) {
            sync();
        }
    }

    /* Answers typed in a row become one operation, unless it may already have
     * reached the server (then a new one follows it). */
    async function queueAnswer(line, values) {
        const pending = (await all("outbox")).find(
            (op) => op.kind === "answer" && op.line === line.id && !op.sent
        );
        if (pending) {
            Object.assign(pending.values, values);
            await put("outbox", pending);
            await refreshStatus();
            return;
        }
        await queue({ kind: "answer", line: line.id, base: line.value.version, values: { ...values } });
    }

    function sync() {
        if (!syncing) {
            syncing = sendOutbox().finally(() => {
                syncing = null;
                refreshStatus();
            });
        }
        return syncing;
    }

    async function sendOutbox() {
        const device = await deviceId();
        let ops = await all("outbox");
        while (ops.length) {
            // One photo per request; the other operations go together, in their order.
            const batch = ops[0].kind === "photo" ? [ops[0]] : takeWhile(ops, (op) => op.kind !== "photo");
            for (const op of batch) {
                op.sent = true;
                await put("outbox", op);
            }
            let results;
            try {
                results = (await rpc("/audit/app/api/sync", { device, ops: batch.map(wireOp) })).results;
            } catch (error) {
                if (error.server) {
                    await addProblem({ uuid: newId(), kind: "refused", message: error.message });
                    await tx(["outbox"], "readwrite", (x) =>
                        batch.forEach((op) => x.objectStore("outbox").delete(op.seq))
                    );
                }
                return false; // offline: everything stays queued
            }
            for (let i = 0; i < batch.length; i++) {
                await settle(batch[i], results[i]);
            }
            ops = await all("outbox");
        }
        await render();
        return true;
    }

    function takeWhile(list, test) {
        const taken = [];
        for (const item of list) {
            if (!test(item)) {
                break;
            }
            taken.push(item);
        }
        return taken;
    }

    function wireOp(op) {
        const wire = { uuid: op.uuid, kind: op.kind };
        for (const key of ["audit", "line", "base", "values", "name", "data"]) {
            if (op[key] !== undefined) {
                wire[key] = op[key];
            }
        }
        return wire;
    }

    async function settle(op, result) {
        const audits = await all("audits");
        const audit = audits.find((a) => a.id === op.audit || a.lines.some((l) => l.id === op.line));
        const line = audit && audit.lines.find((l) => l.id === op.line);
        if (result.status === "conflict") {
            await addProblem({ uuid: op.uuid, kind: "conflict", line: op.line, audit: audit && audit.id,
                name: line ? `${line.code} ${line.name}` : "", mine: op.values, theirs: result.value });
        } else if (result.status === "refused") {
            await addProblem({ uuid: op.uuid, kind: "refused", message: result.message,
                name: line ? `${line.code} ${line.name}` : audit ? audit.name : "" });
        }
        if (audit) {
            if (line && result.value && result.status !== "conflict") {
                line.value.version = result.value.version;
                line.value.photo_count = result.value.photo_count;
            }
            if (result.audit_state) {
                audit.state = result.audit_state;
            }
            await put("audits", audit);
        }
        if (op.kind === "submit" && result.status === "ok") {
            await tx(["meta"], "readwrite", (x) => x.objectStore("meta").delete(signingKey(op.audit)));
        }
        await tx(["outbox"], "readwrite", (x) => x.objectStore("outbox").delete(op.seq));
    }

    const addProblem = (problem) => put("problems", problem);

    async function resolveConflict(uuid, keepMine) {
        const problem = await get("problems", uuid);
        const audit = await get("audits", problem.audit);
        const line = audit.lines.find((l) => l.id === problem.line);
        if (keepMine) {
            line.value.version = problem.theirs.version;
            await put("audits", audit);
            await queue({ kind: "answer", line: line.id, base: problem.theirs.version, values: problem.mine });
        } else {
            line.value = problem.theirs;
            await put("audits", audit);
        }
        await tx(["problems"], "readwrite", (x) => x.objectStore("problems").delete(uuid));
        await render();
    }

    // Editing -----------------------------------------------------------------

    async function setAnswer(auditId, lineId, values) {
        const audit = await get("audits", auditId);
        const line = audit.lines.find((l) => l.id === lineId);
        Object.assign(line.value, values);
        await put("audits", audit);
        await queueAnswer(line, values);
    }

    async function startAudit(auditId) {
        const audit = await get("audits", auditId);
        audit.state = "in_progress";
        await put("audits", audit);
        await queue({ kind: "start", audit: auditId });
        await render();
    }

    async function addPhoto(auditId, lineId, file) {
        const data = await new Promise((resolve, reject) => {
            const reader = new FileReader();
            reader.onload = () => resolve(String(reader.result).split(",")[1]);
            reader.onerror = () => reject(reader.error);
            reader.readAsDataURL(file);
        });
        const audit = await get("audits", auditId);
        const line = audit.lines.find((l) => l.id === lineId);
        line.value.photo_count = (line.value.photo_count || 0) + 1;
        await put("audits", audit);
        await queue({ kind: "photo", line: lineId, name: file.name || "photo.jpg", data });
        await render();
    }

    async function submitAudit(auditId) {
        const audit = await get("audits", auditId);
        audit.state = "submitted";
        await put("audits", audit);
        await queue({ kind: "submit", audit: auditId });
        view = { name: "list" };
        await render();
    }

    // Signatures ----------------------------------------------------------------
    // The submit step of a program that asks for them: drawn on canvases, kept in
    // IndexedDB as they are drawn (a closed tab or a new download loses nothing), sent
    // as one operation before the submit. The server applies the program's rule again.

    const needsManager = (audit) => audit.signature_rule === "auditor_manager";
    const signingKey = (auditId) => `signing:${auditId}`;
    const signingOf = async (auditId) => (await get("meta", signingKey(auditId))) || {};

    /* One transaction reads and writes the draft: a name typed while a stroke is
     * being saved does not undo the stroke. */
    function saveSigning(auditId, values) {
        return tx(["meta"], "readwrite", async (x) => {
            const store = x.objectStore("meta");
            const signing = Object.assign((await req(store.get(signingKey(auditId)))) || {}, values);
            await req(store.put(signing, signingKey(auditId)));
            return signing;
        });
    }

    function signingProblems(audit, s) {
        const problems = [];
        if (audit.signature_rule !== "none" && !s.auditor) {
            problems.push(t("auditor_signature_missing"));
        }
        if (needsManager(audit) && !(s.manager && (s.manager_name || "").trim()) && !(s.reason || "").trim()) {
            problems.push(t("manager_signature_missing"));
        }
        return problems;
    }

    const base64Of = (dataUrl) => (dataUrl ? dataUrl.split(",")[1] : null);

    async function signAndSubmit(auditId) {
        const audit = await get("audits", auditId);
        const s = await signingOf(auditId);
        if (signingProblems(audit, s).length) {
            return render();
        }
        await queue({ kind: "sign", audit: auditId, values: {
            auditor_signature: base64Of(s.auditor),
            manager_signature: needsManager(audit) ? base64Of(s.manager) : null,
            manager_signer_name: needsManager(audit) ? (s.manager_name || "").trim() || null : null,
            manager_signature_missing_reason: needsManager(audit) ? (s.reason || "").trim() || null : null,
        } });
        await submitAudit(auditId);
    }

    /* A signature pad: pointer events (finger, pen or mouse) draw strokes; each
     * stroke ends by saving the drawing; a saved drawing is painted back. */
    function signaturePad(audit, key, saved) {
        const auditId = audit.id;
        const canvas = el("canvas", { class: "na-pad", width: 720, height: 300, "data-pad": key });
        const ctx = canvas.getContext("2d");
        const blank = () => {
            ctx.fillStyle = "#fff";
            ctx.fillRect(0, 0, canvas.width, canvas.height);
        };
        blank();
        if (saved) {
            const image = new Image();
            image.onload = () => ctx.drawImage(image, 0, 0);
            image.src = saved;
        }
        let drawing = false;
        let drawn = false; // a tap without a stroke is no signature
        const point = (ev) => {
            const box = canvas.getBoundingClientRect();
            return [(ev.clientX - box.left) * canvas.width / box.width,
                (ev.clientY - box.top) * canvas.height / box.height];
        };
        canvas.addEventListener("pointerdown", (ev) => {
            drawing = true;
            drawn = false;
            canvas.setPointerCapture && canvas.setPointerCapture(ev.pointerId);
            ctx.strokeStyle = "#0b1f3a";
            ctx.lineWidth = 4;
            ctx.lineCap = ctx.lineJoin = "round";
            ctx.beginPath();
            ctx.moveTo(...point(ev));
            ev.preventDefault();
        });
        canvas.addEventListener("pointermove", (ev) => {
            if (drawing) {
                ctx.lineTo(...point(ev));
                ctx.stroke();
                drawn = true;
            }
        });
        const end = async () => {
            const stroke = drawing && drawn;
            drawing = false;
            if (stroke) {
                canvas.dataset.signed = "1";
                refreshSignStep(audit, await saveSigning(auditId, { [key]: canvas.toDataURL("image/png") }));
            }
        };
        canvas.addEventListener("pointerup", end);
        canvas.addEventListener("pointercancel", end);
        canvas.addEventListener("pointerleave", end);
        const clear = el("button", { type: "button", class: "na-clear", onclick: async () => {
            blank();
            delete canvas.dataset.signed;
            refreshSignStep(audit, await saveSigning(auditId, { [key]: null }));
        } }, t("clear"));
        if (saved) {
            canvas.dataset.signed = "1";
        }
        return el("div", { class: "na-pad-box" }, canvas, clear);
    }

    /* What is still missing and whether the step can be sent, without redrawing the
     * pads (a redraw mid-stroke would lose it). */
    function refreshSignStep(audit, signing) {
        const box = document.querySelector(".na-sign-problems");
        const button = document.querySelector(".na-sign-submit");
        if (!box || !button) {
            return;
        }
        const problems = signingProblems(audit, signing);
        box.replaceChildren(...problems.map((p) => el("p", { class: "na-warning" }, p)));
        button.disabled = problems.length > 0;
    }

    function signView(audit, s) {
        const text = (cls, key, attrs, tag = "input") => el(tag, { class: cls, ...attrs,
            oninput: (ev) => saveSigning(audit.id, { [key]: ev.target.value }).then((signing) => refreshSignStep(audit, signing)) },
        tag === "textarea" ? s[key] || "" : null);
        const problems = signingProblems(audit, s);
        return el("section", { class: "na-sign", "data-audit": audit.id },
            el("button", { type: "button", class: "na-link na-sign-back", onclick: () => { view = { name: "audit", audit: audit.id }; render(); } }, "‹ ", audit.outlet),
            el("h2", {}, t("signatures")),
            el("p", { class: "na-hint" }, t("sign_hint")),
            el("div", { class: "na-sign-grid" },
                el("div", { class: "na-signer" },
                    el("h3", {}, t("auditor_signature")),
                    el("p", { class: "na-signer-name" }, audit.signer || ""),
                    signaturePad(audit, "auditor", s.auditor)),
                needsManager(audit) ? el("div", { class: "na-signer" },
                    el("h3", {}, t("manager_signature")),
                    el("label", { class: "na-field" }, t("manager_name"),
                        text("na-manager-name", "manager_name", { type: "text", maxlength: 128, value: s.manager_name || "", autocomplete: "off" })),
                    signaturePad(audit, "manager", s.manager),
                    el("label", { class: "na-field" }, t("manager_reason"),
                        text("na-manager-reason", "reason", { rows: 2, maxlength: 2000 }, "textarea"))) : ""),
            el("div", { class: "na-sign-problems" }, problems.map((p) => el("p", { class: "na-warning" }, p))),
            el("button", { type: "button", class: "na-primary na-sign-submit", disabled: problems.length > 0,
                onclick: () => signAndSubmit(audit.id) }, t("sign_submit")));
    }

    function isAnswered(line) {
        const v = line.value;
        if (v.not_applicable) {
            return true;
        }
        return {
            yes_no: () => Boolean(v.answer_yes_no),
            scale: () => Boolean(v.answer_scale),
            numeric: () => v.answer_numeric !== null && v.answer_numeric !== undefined,
            choice: () => Boolean(v.option_id),
        }[line.answer_type]();
    }

    /* The score of an answer, as the server's standard computes it (0..100). */
    function score(line) {
        const v = line.value;
        switch (line.answer_type) {
            case "yes_no":
                return v.answer_yes_no === "yes" ? 100 : 0;
            case "scale":
                return 20 * Number(v.answer_scale);
            case "numeric": {
                const target = line.numeric_target;
                const value = v.answer_numeric;
                if (!(target > 0) || !Number.isFinite(value)) {
                    return 0;
                }
                const ratio = line.higher_is_better ? value / target : value > 0 ? target / value : 1;
                return 100 * Math.max(0, Math.min(1, ratio));
            }
            default: {
                const option = line.options.find((o) => o.id === v.option_id);
                return option ? option.score : 0;
            }
        }
    }

    function isFailed(line) {
        return isAnswered(line) && !line.value.not_applicable && score(line) < line.pass_score;
    }

    /* Checklist logic: a standard shown only when an earlier answer meets its
     * condition; the server decides again when the answers arrive. */
    function isSkipped(audit, line, depth = 0) {
        if (!line.condition_line || depth > 50) {
            return false;
        }
        const trigger = audit.lines.find((l) => l.id === line.condition_line);
        if (!trigger || isSkipped(audit, trigger, depth + 1) || !isAnswered(trigger) ||
            trigger.value.not_applicable || trigger.value.answer_yes_no === "na") {
            return true;
        }
        if (["yes", "no"].includes(line.condition_value)) {
            return trigger.value.answer_yes_no !== line.condition_value;
        }
        return isFailed(trigger) !== (line.condition_value === "failed");
    }

    function noteMissing(line) {
        if (line.value.not_applicable || (line.value.comment || "").trim()) {
            return false;
        }
        return line.note_rule === "always" || (line.note_rule === "on_failure" && isFailed(line));
    }

    function asked(audit) {
        return audit.lines.filter((line) => !isSkipped(audit, line));
    }

    function photoMissing(line) {
        if (line.value.not_applicable || line.value.photo_count) {
            return false;
        }
        return line.evidence_rule === "always" || (line.evidence_rule === "on_failure" && isFailed(line));
    }

    // Rendering ---------------------------------------------------------------

    function el(tag, attrs = {}, ...children) {
        const node = document.createElement(tag);
        for (const [key, value] of Object.entries(attrs)) {
            if (key.startsWith("on")) {
                node.addEventListener(key.slice(2), value);
            } else if (key === "html") {
                node.innerHTML = value; // the standards' own rich text, from the server
            } else if (value !== false && value !== null && value !== undefined) {
                node.setAttribute(key, value === true ? "" : value);
            }
        }
        for (const child of children.flat()) {
            if (child !== null && child !== undefined && child !== false) {
                node.append(child instanceof Node ? child : document.createTextNode(String(child)));
            }
        }
        return node;
    }

    async function refreshStatus() {
        const net = document.getElementById("na-net");
        net.textContent = navigator.onLine ? t("online") : t("offline");
        net.className = `na-net ${navigator.onLine ? "on" : "off"}`;
        const count = (await all("outbox")).length;
        document.getElementById("na-status").textContent = count ? `${count} ${t("pending")}` : t("all_sent");
        document.body.dataset.pending = String(count);
    }

    function status(text) {
        document.getElementById("na-status").textContent = text;
    }

    async function renderProblems() {
        const box = document.getElementById("na-problems");
        box.replaceChildren();
        for (const problem of await all("problems")) {
            const buttons = problem.kind === "conflict"
                ? [el("button", { type: "button", class: "na-keep-mine", onclick: () => resolveConflict(problem.uuid, true) }, t("keep_mine")),
                    el("button", { type: "button", class: "na-keep-theirs", onclick: () => resolveConflict(problem.uuid, false) }, t("keep_theirs"))]
                : [el("button", { type: "button", class: "na-dismiss", onclick: async () => {
                    await tx(["problems"], "readwrite", (x) => x.objectStore("problems").delete(problem.uuid));
                    render();
                } }, t("dismiss"))];
            box.append(el("div", { class: `na-problem ${problem.kind}` },
                el("strong", {}, problem.kind === "conflict" ? t("conflict") : t("refused")),
                " ", problem.name || "", problem.message ? ` — ${problem.message}` : "", " ", buttons));
        }
    }

    async function render() {
        await refreshStatus();
        await renderProblems();
        const main = document.getElementById("na-main");
        const audits = (await all("audits")).sort((a, b) => (a.date || "").localeCompare(b.date || ""));
        if (["audit", "line", "sign"].includes(view.name)) {
            const audit = audits.find((a) => a.id === view.audit);
            if (audit && view.name === "sign" && audit.state !== "in_progress") {
                view = { name: "audit", audit: audit.id };
            }
            if (audit && view.name === "sign" && main.querySelector(`.na-sign[data-audit="${audit.id}"]`)) {
                return; // already shown: a sync finishing must not wipe a stroke being drawn
            }
            if (audit) {
                const signing = view.name === "sign" ? await signingOf(audit.id) : null;
                main.replaceChildren(view.name === "audit" ? auditView(audit)
                    : view.name === "line" ? lineView(audit, view.index) : signView(audit, signing));
                return;
            }
            view = { name: "list" };
        }
        main.replaceChildren(listView(audits));
    }

    function listView(audits) {
        if (!audits.length) {
            return el("p", { class: "na-empty" }, t("no_audits"));
        }
        return el("ul", { class: "na-audits" }, audits.map((audit) => {
            const lines = asked(audit);
            const done = lines.filter(isAnswered).length;
            return el("li", {},
                el("button", { type: "button", class: "na-open-audit", "data-audit": audit.id,
                    onclick: () => { view = { name: "audit", audit: audit.id }; render(); } },
                el("strong", {}, audit.outlet), el("span", {}, fmtDate(audit.date)),
                el("span", { class: "na-progress" }, `${done}/${lines.length} ${t("answered")}`),
                audit.state === "submitted" ? el("span", { class: "na-badge" }, t("submitted")) : ""));
        }));
    }

    function auditView(audit) {
        const sections = [];
        asked(audit).forEach((line, index) => {
            let section = sections.find((s) => s.name === line.section);
            if (!section) {
                section = { name: line.section, items: [] };
                sections.push(section);
            }
            section.items.push(el("li", { class: isAnswered(line) ? "done" : "" },
                el("button", { type: "button", class: "na-open-line", "data-line": line.id,
                    onclick: () => { view = { name: "line", audit: audit.id, index }; render(); } },
                `${line.code} ${line.name}`),
                el("span", {}, isAnswered(line) ? "✓" : t("not_answered"))));
        });
        const editable = ["planned", "in_progress"].includes(audit.state);
        const complete = asked(audit).every((l) => isAnswered(l) && !photoMissing(l) && !noteMissing(l));
        return el("section", { class: "na-audit" },
            el("button", { type: "button", class: "na-link", onclick: () => { view = { name: "list" }; render(); } }, "‹ ", t("title")),
            el("h2", {}, audit.outlet), el("p", {}, audit.address), el("p", {}, audit.program),
            audit.open_actions.length ? el("div", { class: "na-actions" }, el("h3", {}, t("open_actions")),
                el("ul", {}, audit.open_actions.map((a) => el("li", {}, `${a.name} (${fmtDate(a.due_date)}, ${a.state})`)))) : "",
            audit.state === "planned" ? el("button", { type: "button", class: "na-primary na-start", onclick: () => startAudit(audit.id) }, t("start")) : "",
            sections.map((s) => el("div", {}, el("h3", {}, s.name), el("ul", { class: "na-lines" }, s.items))),
            editable && audit.state === "in_progress"
                ? el("button", { type: "button", class: "na-primary na-submit", disabled: !complete, onclick: () => {
                    if ((audit.signature_rule || "none") === "none") {
                        return submitAudit(audit.id);
                    }
                    view = { name: "sign", audit: audit.id };
                    return render();
                } }, t("submit"))
                : "");
    }

    function lineView(audit, position) {
        const lines = asked(audit);
        const index = Math.min(position, lines.length - 1);
        const line = lines[index];
        const v = line.value;
        const locked = audit.state !== "in_progress";
        const save = (values) => setAnswer(audit.id, line.id, values).then(render);
        const choice = (field, value, label) => el("button", {
            type: "button", class: `na-choice ${v[field] === value ? "selected" : ""}`, "data-value": value,
            disabled: locked, onclick: () => save({ [field]: value }) }, label);
        const inputs = {
            yes_no: () => [choice("answer_yes_no", "yes", t("yes")), choice("answer_yes_no", "no", t("no"))],
            scale: () => ["0", "1", "2", "3", "4", "5"].map((n) => choice("answer_scale", n, n)),
            numeric: () => [el("label", {}, t("measured"), " ", el("input", { type: "number", step: "any", class: "na-numeric",
                value: v.answer_numeric ?? "", disabled: locked,
                onchange: (ev) => ev.target.value !== "" && save({ answer_numeric: Number(ev.target.value) }) })),
            line.numeric_target !== null ? el("span", {}, ` ${t("target")}: ${line.numeric_target}`) : ""],
            choice: () => line.options.map((o) => choice("option_id", o.id, o.name)),
        }[line.answer_type]();
        return el("section", { class: "na-line", "data-line": line.id },
            el("p", { class: "na-pos" }, `${index + 1} / ${lines.length} · ${line.section}`),
            el("h2", {}, `${line.code} ${line.name}`),
            line.requirement ? el("details", { open: true }, el("summary", {}, t("requirement")), el("div", { html: line.requirement })) : "",
            line.guidance ? el("details", { open: true }, el("summary", {}, t("guidance")), el("div", { html: line.guidance })) : "",
            line.previous ? el("p", { class: "na-previous" }, `${t("last_time")} (${fmtDate(line.previous.date)}): `,
                line.previous.na ? t("na") : `${Math.round(line.previous.score)} %`, line.previous.comment ? ` — ${line.previous.comment}` : "") : "",
            el("div", { class: "na-answer" }, inputs),
            el("label", { class: "na-na" }, el("input", { type: "checkbox", class: "na-na-box", checked: v.not_applicable, disabled: locked,
                onchange: (ev) => save({ not_applicable: ev.target.checked }) }), " ", t("na")),
            el("label", { class: "na-note" }, t("note"), el("textarea", { class: "na-comment", rows: 3, disabled: locked,
                onchange: (ev) => save({ comment: ev.target.value }) }, v.comment || "")),
            el("label", { class: "na-photo" }, t("photo"), " ", el("input", { type: "file", accept: "image/*", capture: "environment",
                class: "na-photo-input", disabled: locked, onchange: (ev) => ev.target.files[0] && addPhoto(audit.id, line.id, ev.target.files[0]) }),
            ` ${v.photo_count || 0} ${t("photos")}`),
            photoMissing(line) ? el("p", { class: "na-warning" }, t("photo_required")) : "",
            noteMissing(line) ? el("p", { class: "na-warning" }, t("note_required")) : "",
            el("nav", {},
                el("button", { type: "button", class: "na-prev", disabled: index === 0,
                    onclick: () => { view = { name: "line", audit: audit.id, index: index - 1 }; render(); } }, t("previous")),
                el("button", { type: "button", class: "na-back", onclick: () => { view = { name: "audit", audit: audit.id }; render(); } }, t("back")),
                el("button", { type: "button", class: "na-next", disabled: index === lines.length - 1,
                    onclick: () => { view = { name: "line", audit: audit.id, index: index + 1 }; render(); } }, t("next"))));
    }

    // Start -------------------------------------------------------------------

    async function init() {
        db = await openDb();
        await deviceId();
        document.getElementById("na-download").addEventListener("click", () => download().catch((e) => status(e.message)));
        document.getElementById("na-sync").addEventListener("click", () => sync());
        window.addEventListener("online", () => sync());
        window.addEventListener("offline", () => refreshStatus());
        if ("serviceWorker" in navigator) {
            await navigator.serviceWorker.register("/audit/app/sw.js", { scope: "/audit/app" }).catch(() => null);
        }
        await render();
        if (navigator.onLine && !(await all("audits")).length) {
            await download().catch((e) => status(e.message));
        }
    }

    window.auditApp = { ready: init(), sync, download, render, all };
})();
