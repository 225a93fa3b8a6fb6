/* policyparse review page: builds the page from the JSON in #pp-data with DOM APIs only.
   Text from a notice goes in as text nodes (append(string), textContent) and attribute
   values, never through an HTML parser (no markup strings, no eval). */
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("pp-data").textContent);
  const $ = (sel, root = document) => root.querySelector(sel);
  const textPane = $("#text");
  const tip = $("#pp-tip");
  const KINDS = new Set(data.kinds.map((k) => k.kind));
  const firstOf = new Map(); // mark index -> its first element in the text

  /* el("td", {class: "x"}, "text", child): an element; strings become text nodes */
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const kid of kids) if (kid !== null && kid !== undefined) e.append(kid);
    return e;
  }
  const dash = (v) => (v === null || v === undefined || v === "" ? "—" : String(v));

  /* --- top: title, legend, warnings ------------------------------------------------------- */
  function renderHeader() {
    const m = data.meta;
    $("#doc-title").textContent = m.title || m.source || "（无标题）";
    $("#doc-meta").textContent = [m.doc_number, m.issuer, m.date, m.source].filter(Boolean).join(" · ");
    if (data.index) $("#top .doc").prepend(el("a", { class: "back", href: data.index }, "← 全部通知"));
    for (const b of document.querySelectorAll("#jump button")) {
      const to = document.getElementById(b.dataset.to);
      const n = b.dataset.to === "targets-h" ? data.targets.length : data.tasks.length;
      b.append(" ", el("b", null, String(n)));
      b.addEventListener("click", () => { to.scrollIntoView({ block: "start" }); to.focus({ preventScroll: true }); });
    }
    const legend = $("#legend");
    for (const k of data.kinds) {
      const box = el("input", { type: "checkbox", id: "show-" + k.kind, checked: true });
      box.addEventListener("change", () => textPane.classList.toggle("hide-" + k.kind, !box.checked));
      legend.append(el("label", { class: "key k-" + k.kind, for: "show-" + k.kind },
        box, el("span", { class: "swatch" }), k.label + " ", el("b", { "data-count": k.kind }, String(k.count))));
    }
    if (!data.warnings.length) return;
    const box = $("#warnings");
    box.hidden = false;
    $("summary", box).textContent = "解析警告 " + data.warnings.length + " 条";
    $("details", box).open = data.warnings.length <= 5;
    const ul = $("ul", box);
    for (const w of data.warnings) {
      const li = el("li", { class: "warning" }, el("code", null, w.code), " ", w.message);
      if (w.mark !== null) {
        const b = el("button", { type: "button", class: "goto" }, "定位");
        b.addEventListener("click", () => goTo(w.mark));
        li.append(" ", b);
      }
      ul.append(li);
    }
  }

  /* --- middle: the text, every mark nested inside the runs it covers -------------------- */
  function renderText() {
    const text = data.text;
    const frag = document.createDocumentFragment();
    let pos = 0;
    for (const [s, e, ids] of data.segments) {
      if (s > pos) frag.append(text.slice(pos, s));
      let parent = frag;
      for (const id of ids) {
        const m = data.marks[id];
        const node = document.createElement(KINDS.has(m.k) ? "mark" : "span");
        if (KINDS.has(m.k)) {
          node.className = "hl k-" + m.k;
          node.dataset.kind = m.k;
          node.dataset.item = m.id;
        } else {
          node.className = m.k === "heading" ? "h" : "w";
        }
        node.dataset.mark = id;
        if (!firstOf.has(id)) {
          firstOf.set(id, node);
          node.dataset.first = "";
          node.id = m.id;
          node.tabIndex = m.tip ? 0 : -1;
        }
        parent.append(node);
        parent = node;
      }
      parent.append(text.slice(s, e));
      pos = e;
    }
    if (pos < text.length) frag.append(text.slice(pos));
    textPane.append(frag);
  }

  function pieces(id) {
    return textPane.querySelectorAll('[data-mark="' + Number(id) + '"]');
  }

  function goTo(id) {
    const node = firstOf.get(id);
    if (!node) return;
    node.scrollIntoView({ block: data.marks[id].k === "heading" ? "start" : "center" });
    for (const p of pieces(id)) {
      p.classList.remove("flash");
      void p.offsetWidth; // restart the animation
      p.classList.add("flash");
    }
    node.focus({ preventScroll: true });
  }

  /* hover or focus: the parsed values of every item at that point, outermost first */
  let active = [];
  let anchor = null; // the element the tooltip is for
  let byFocus = false; // shown for keyboard focus (kept while scrolling) or for the pointer
  function showTip(target, focus) {
    const chain = [];
    for (let n = target; n && n !== textPane; n = n.parentElement) {
      if (n.dataset.mark !== undefined && data.marks[n.dataset.mark].tip) chain.unshift(n);
    }
    if (!chain.length) return hideTip();
    tip.replaceChildren();
    for (const n of chain) {
      const m = data.marks[n.dataset.mark];
      const dl = el("dl");
      for (const [k, v] of m.tip.rows) dl.append(el("dt", null, k), el("dd", null, dash(v)));
      tip.append(el("div", { class: "tip k-" + m.k, "data-for": m.id },
        el("div", { class: "tip-title" }, m.tip.title), dl));
    }
    for (const p of active) p.classList.remove("active");
    active = [...pieces(chain[chain.length - 1].dataset.mark)];
    for (const p of active) p.classList.add("active");
    anchor = target;
    byFocus = focus;
    tip.hidden = false;
    placeTip();
  }
  function placeTip() {
    const r = anchor.getBoundingClientRect();
    const w = tip.offsetWidth, h = tip.offsetHeight;
    const below = r.bottom + 6 + h <= window.innerHeight;
    tip.style.top = Math.max(4, below ? r.bottom + 6 : r.top - 6 - h) + "px";
    tip.style.left = Math.max(4, Math.min(r.left, window.innerWidth - w - 8)) + "px";
  }
  function hideTip() {
    tip.hidden = true;
    for (const p of active) p.classList.remove("active");
    active = [];
    anchor = null;
    byFocus = false;
  }
  textPane.addEventListener("mouseover", (ev) => {
    const n = ev.target.closest("[data-mark]");
    if (n) showTip(n, false);
    else if (!byFocus) hideTip();
  });
  textPane.addEventListener("mouseleave", () => { if (!byFocus) hideTip(); });
  textPane.addEventListener("focusin", (ev) => showTip(ev.target, true));
  textPane.addEventListener("focusout", hideTip);
  textPane.addEventListener("scroll", () => {
    if (anchor && byFocus) placeTip();
    else hideTip();
  }, { passive: true });
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") hideTip(); });

  /* --- left: the outline ---------------------------------------------------------------- */
  function badge(kind, label, n) {
    return el("span", { class: "count " + kind + (n ? "" : " zero"), "data-n": n }, label + " " + n);
  }
  function renderOutline() {
    const root = $("#outline .tree");
    let current = null;
    const build = (nodes) => {
      const ul = el("ul");
      for (const n of nodes) {
        const btn = el("button", { type: "button", class: "node", title: n.heading, "data-target": n.mark },
          n.label ? el("span", { class: "label" }, n.label) : null,
          el("span", { class: "heading" }, n.heading || "—"),
          el("span", { class: "counts" }, badge("tasks", "任务", n.tasks), badge("targets", "目标", n.targets)));
        btn.addEventListener("click", () => {
          if (current) current.removeAttribute("aria-current");
          btn.setAttribute("aria-current", "true");
          current = btn;
          if (n.mark !== null) goTo(n.mark);
        });
        const li = el("li", null, btn);
        if (n.children.length) li.append(build(n.children));
        ul.append(li);
      }
      return ul;
    };
    root.append(data.outline.length ? build(data.outline) : el("p", { class: "empty" }, "未识别出提纲"));
  }

  /* --- right: sortable tables ----------------------------------------------------------- */
  const collator = new Intl.Collator("zh-CN", { numeric: true });
  function compare(a, b) {
    const na = a === null || a === "", nb = b === null || b === "";
    if (na || nb) return na === nb ? 0 : na ? 1 : -1; // empty last
    return typeof a === "number" && typeof b === "number" ? a - b : collator.compare(String(a), String(b));
  }
  /* columns: [{label, key (sort value of an item), cell (item -> td content), num}] */
  function makeTable(table, columns, items, empty) {
    const tbody = $("tbody", table);
    const rows = items.map((item) => {
      const tr = el("tr");
      for (const c of columns) tr.append(el("td", { class: c.num ? "num" : null }, c.cell(item)));
      return { item, tr };
    });
    const headRow = el("tr");
    columns.forEach((c, i) => {
      const th = el("th", { scope: "col", class: c.num ? "num" : null });
      const b = el("button", { type: "button" }, c.label);
      b.addEventListener("click", () => {
        const dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        for (const other of headRow.children) other.removeAttribute("aria-sort");
        th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
        rows.sort((x, y) => dir * compare(columns[i].key(x.item), columns[i].key(y.item)) || x.item.order - y.item.order);
        for (const r of rows) tbody.append(r.tr);
      });
      th.append(b);
      headRow.append(th);
    });
    $("thead", table).append(headRow);
    for (const r of rows) tbody.append(r.tr);
    if (!rows.length) tbody.append(el("tr", { class: "none" }, el("td", { colspan: columns.length }, empty)));
    return rows;
  }
  function gotoButton(item) {
    const b = el("button", { type: "button", class: "goto", title: "在正文中定位" }, item.path || "—");
    if (item.mark !== null) b.addEventListener("click", () => goTo(item.mark));
    return b;
  }

  /* a task: its title, and the text its list governs, folded (long paragraphs stay readable) */
  function taskCell(t) {
    if (!t.task) return t.heading || "—";
    return el("details", { class: "task" }, el("summary", null, t.heading || t.task.slice(0, 40)),
      el("p", null, t.task));
  }
  /* the PDF page, where the notice has pages */
  const pageColumn = data.meta.pages
    ? [{ label: "页", key: (t) => t.page, cell: (t) => dash(t.page), num: true }] : [];

  function renderTables() {
    const select = $("#unit-filter");
    const taskRows = makeTable($("#tasks"), [
      { label: "路径", key: (t) => t.order, cell: gotoButton },
      ...pageColumn,
      { label: "任务", key: (t) => t.heading, cell: taskCell },
      { label: "责任单位", key: (t) => (t.units.length ? t.units[0].name : ""), cell: (t) => {
        const f = document.createDocumentFragment();
        for (const u of t.units) {
          /* a role badge only where the notice states roles for this list */
          const chip = el("button", { type: "button", class: t.roles_stated ? "unit role-" + u.role : "unit",
            "data-unit": u.name, title: u.text === u.name ? u.role_label : u.role_label + "；原文：" + u.text },
            u.name, t.roles_stated ? el("small", null, u.role_label) : null);
          chip.addEventListener("click", () => { select.value = u.name; applyFilter(); });
          f.append(chip);
        }
        return t.units.length ? f : "—";
      } },
      { label: "时限", key: (t) => t.deadline_sort, cell: (t) => t.deadline || "—" },
    ], data.tasks, "未抽取到责任单位");

    select.append(el("option", { value: "" }, "全部单位（" + data.units.length + "）"));
    for (const [name, n] of data.units) select.append(el("option", { value: name }, name + "（" + n + "）"));
    function applyFilter() {
      const want = select.value;
      let shown = 0;
      for (const r of taskRows) {
        const ok = !want || r.item.units.some((u) => u.name === want);
        r.tr.hidden = !ok;
        if (ok) shown += 1;
      }
      $("#tasks-shown").textContent = "显示 " + shown + " / " + taskRows.length;
    }
    select.addEventListener("change", applyFilter);
    applyFilter();

    makeTable($("#targets"), [
      { label: "路径", key: (t) => t.order, cell: gotoButton },
      ...pageColumn,
      { label: "指标", key: (t) => t.indicator, cell: (t) => dash(t.indicator) },
      { label: "比较", key: (t) => t.comparator, cell: (t) => dash(t.comparator) },
      { label: "数值", key: (t) => t.value_sort, cell: (t) => t.value, num: true },
      { label: "单位", key: (t) => t.unit, cell: (t) => dash(t.unit) },
      { label: "年份", key: (t) => t.year, cell: (t) => dash(t.year), num: true },
      { label: "基准", key: (t) => t.baseline, cell: (t) => dash(t.baseline) },
      { label: "属性", key: (t) => t.binding, cell: (t) => dash(t.binding) },
      { label: "来源", key: (t) => t.source, cell: (t) => (t.source === "table" ? "指标表" : "正文") },
    ], data.targets, "未抽取到目标");
  }

  renderHeader();
  renderText();
  renderOutline();
  renderTables();
  document.documentElement.dataset.ready = String(Math.round(performance.now()));
})();
