// The article form, made for a long page: a list of the errors at the top with links
// that jump to each field, a contents list of the sections and people, up/down buttons
// beside every drag handle (the keyboard way to reorder), and no time-zone note on
// date-only fields. Without JavaScript the form still works; only these aids are missing.
"use strict";
(() => {
  const form = () => document.querySelector("#content-main form");

  // Opens whatever hides an element: a collapsed fieldset (<details>) or person.
  const reveal = (element) => {
    for (let node = element; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") {
        node.open = true;
      }
      if (node.classList && node.classList.contains("is-folded")) {
        node.classList.remove("is-folded");
      }
    }
  };

  const text = (node) => (node ? node.textContent.replace(/\s+/g, " ").trim() : "");

  // "Aさん › 1日のスケジュール 2件目 › 開始時刻" for the field an error list belongs to.
  const describe = (errors) => {
    const parts = [];
    const cell = errors.closest("td");
    const row = errors.closest(".form-row, td, fieldset");
    let label = "";
    if (cell && cell.closest("table")) {
      const table = cell.closest("table");
      const column = Array.prototype.indexOf.call(cell.parentElement.children, cell);
      label = text(table.querySelectorAll("thead th")[column]);
    } else if (row) {
      label = text(row.querySelector("label")).replace(/[:：]$/, "");
    }
    let item = errors.closest(".djn-inline-form");
    while (item) {
      const group = item.closest(".djn-group");
      const heading = item.querySelector(":scope > h3 .inline_label");
      if (heading && text(heading)) {
        parts.unshift(text(heading));
      } else {
        const siblings = Array.from(item.parentElement.querySelectorAll(":scope > .djn-inline-form"))
          .filter((f) => f.id && !f.id.endsWith("-empty"));
        const title = group ? text(group.querySelector("h2, .djn-group-title")) : "";
        parts.unshift(`${title} ${siblings.indexOf(item) + 1}件目`.trim());
      }
      item = item.parentElement.closest(".djn-inline-form");
    }
    if (label) {
      parts.push(label);
    }
    return parts.join(" › ");
  };

  const summariseErrors = () => {
    const note = document.querySelector(".errornote");
    if (!note) {
      return;
    }
    const items = [];
    form().querySelectorAll("ul.errorlist").forEach((errors, index) => {
      if (errors.closest(".errornote") || !text(errors)) {
        return;
      }
      const container = errors.closest(".form-row, td, fieldset, .djn-inline-form") || errors.parentElement;
      const field = container.querySelector("input:not([type=hidden]), select, textarea") || errors;
      if (!field.id) {
        field.id = `error-target-${index}`;
      }
      items.push({ field, where: describe(errors), message: text(errors) });
    });
    if (!items.length) {
      return;
    }
    const list = document.createElement("ol");
    list.className = "error-summary";
    items.forEach(({ field, where, message }) => {
      const link = document.createElement("a");
      link.href = `#${field.id}`;
      link.textContent = where ? `${where}：${message}` : message;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        reveal(field);
        field.scrollIntoView({ block: "center" });
        field.focus({ preventScroll: true });
      });
      const li = document.createElement("li");
      li.append(link);
      list.append(li);
    });
    note.setAttribute("tabindex", "-1");
    note.append(list);
    note.focus();
  };

  const buildContents = () => {
    const target = form();
    const sections = [];
    target.querySelectorAll("fieldset.module h2").forEach((h) => {
      if (!h.closest(".djn-group")) {
        sections.push(h);
      }
    });
    const people = Array.from(target.querySelectorAll("[id^='profiles-'].djn-inline-form"))
      .filter((f) => /^profiles-\d+$/.test(f.id));
    if (sections.length + people.length < 3) {
      return;
    }
    const nav = document.createElement("nav");
    nav.className = "form-contents";
    nav.setAttribute("aria-label", "このページの目次");
    const list = document.createElement("ul");
    const add = (node, label) => {
      if (!node.id) {
        node.id = `section-${list.children.length + 1}`;
      }
      const link = document.createElement("a");
      link.href = `#${node.id}`;
      link.textContent = label;
      link.addEventListener("click", () => reveal(node));
      const li = document.createElement("li");
      li.append(link);
      list.append(li);
    };
    sections.forEach((h) => add(h.closest("fieldset"), text(h)));
    people.forEach((person) => add(person, text(person.querySelector(":scope > h3 .inline_label")) || "新しい職員"));
    const shareLinks = document.getElementById("share_links-group");
    if (shareLinks) {
      add(shareLinks, "共有リンク");
    }
    const title = document.createElement("span");
    title.textContent = "目次：";
    nav.append(title, list);
    target.prepend(nav);
  };

  // Up/down buttons on every sortable item (people, answers): the keyboard's way of
  // dragging. Positions are renumbered by nested_admin's own function, as after a drag.
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");

  const itemsOf = (item) => Array.from(item.parentElement.querySelectorAll(":scope > .djn-inline-form"))
    .filter((f) => f.id && !f.id.endsWith("-empty") && !f.id.includes("__prefix__"));

  const move = (item, step) => {
    const items = itemsOf(item);
    const index = items.indexOf(item);
    const other = items[index + step];
    if (!other) {
      return;
    }
    if (step < 0) {
      other.before(item);
    } else {
      other.after(item);
    }
    const prefix = item.id.replace(/-\d+$/, "");
    const nesting = window.DJNesting && (window.DJNesting.default || window.DJNesting);
    if (nesting && nesting.updatePositions) {
      nesting.updatePositions(prefix);
    }
    const label = text(item.querySelector(":scope > h3 .inline_label")) || "この項目";
    status.textContent = `${label} を ${index + step + 1} 番目に移動しました。`;
  };

  const addMoveButtons = (root) => {
    root.querySelectorAll(".djn-inline-form > h3.djn-drag-handler").forEach((handle) => {
      const item = handle.parentElement;
      if (!item.id || item.id.endsWith("-empty") || item.id.includes("__prefix__") || handle.querySelector(".move-buttons")) {
        return;
      }
      const label = () => text(handle.querySelector(".inline_label")) || "この項目";
      const buttons = document.createElement("span");
      buttons.className = "move-buttons";
      [["↑", "上へ", -1], ["↓", "下へ", 1]].forEach(([arrow, word, step]) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button move-button";
        button.textContent = `${arrow} ${word}`;
        button.addEventListener("mouseenter", () => button.setAttribute("aria-label", `${label()} を${word}移動`));
        button.addEventListener("focus", () => button.setAttribute("aria-label", `${label()} を${word}移動`));
        button.addEventListener("mousedown", (event) => event.stopPropagation()); // not a drag
        button.addEventListener("click", (event) => {
          event.preventDefault();
          move(item, step);
          button.focus();
        });
        buttons.append(button);
      });
      handle.querySelector(".inline_label").after(buttons);
    });
  };

  // Django's note on time zones means nothing on a date without a time.
  const dropDateOnlyZoneNotes = () => {
    document.querySelectorAll("input.vDateField").forEach((input) => {
      if (input.closest(".datetime")) {
        return;
      }
      const noteId = `${input.id}_timezone_warning_helptext`;
      const note = document.getElementById(noteId);
      if (note) {
        note.remove();
        const described = (input.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== noteId);
        if (described.length) {
          input.setAttribute("aria-describedby", described.join(" "));
        } else {
          input.removeAttribute("aria-describedby");
        }
      }
    });
  };

  document.addEventListener("DOMContentLoaded", () => {
    if (!form()) {
      return;
    }
    document.body.append(status);
    buildContents();
    summariseErrors();
    addMoveButtons(document);
  });
  document.addEventListener("formset:added", (event) => addMoveButtons(event.target.parentElement || document));
  window.addEventListener("load", () => setTimeout(dropDateOnlyZoneNotes, 0));
})();
