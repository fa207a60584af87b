/* Visual rich-menu editor for the Wagtail admin (plain JS, no build step).
 *
 * Staff pick a layout, drag areas on the image, and choose what each area does.
 * Positions are fractions of the image (0..1); the server turns them into pixels.
 * The result is written as JSON into the hidden input the form submits.
 */
(function () {
  "use strict";

  var SNAP = 0.005;
  var MIN = 0.05;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function snap(value) { return Math.round(value / SNAP) * SNAP; }
  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }
  function newKey() { return Math.random().toString(16).slice(2, 8); }

  function Editor(root) {
    this.root = root;
    this.input = document.getElementById(root.dataset.inputId);
    this.data = JSON.parse(root.querySelector("#rm-editor-data").textContent);
    try { this.areas = JSON.parse(this.input.value || "[]"); } catch (e) { this.areas = []; }
    if (!Array.isArray(this.areas)) this.areas = [];
    this.form = root.closest("form");
    this.sizeSelect = this.form ? this.form.querySelector("[name=size]") : null;
    this.fileInput = this.form ? this.form.querySelector("input[type=file][name=image]") : null;
    this.canvas = root.querySelector(".rm-canvas");
    this.list = root.querySelector(".rm-area-list");
    this.layoutList = root.querySelector(".rm-layout-list");
    this.note = root.querySelector(".rm-image-note");
    this.imageUrl = this.data.imageUrl;
    this.bind();
    this.render();
  }

  Editor.prototype.size = function () {
    var key = this.sizeSelect ? this.sizeSelect.value : "full";
    return this.data.sizes[key] ? key : "full";
  };

  Editor.prototype.save = function () {
    this.input.value = JSON.stringify(this.areas);
  };

  Editor.prototype.bind = function () {
    var self = this;
    if (this.sizeSelect) {
      this.sizeSelect.addEventListener("change", function () { self.render(); self.checkImage(); });
    }
    if (this.fileInput) {
      this.fileInput.addEventListener("change", function () {
        var file = self.fileInput.files && self.fileInput.files[0];
        if (!file) return;
        self.imageUrl = URL.createObjectURL(file);
        self.file = file;
        self.render();
        self.checkImage();
      });
    }
    this.root.querySelector(".rm-add-area").addEventListener("click", function () {
      if (self.areas.length >= 20) return;
      self.areas.push({ key: newKey(), x: 0.375, y: 0.375, w: 0.25, h: 0.25, label: "", action: "" });
      self.save();
      self.render();
    });
  };

  /* A first hint in the browser; the server checks again and can fix size and weight. */
  Editor.prototype.checkImage = function () {
    var self = this;
    if (!this.file) return;
    var wanted = this.data.sizes[this.size()];
    var messages = [];
    if (["image/jpeg", "image/png"].indexOf(this.file.type) < 0) {
      messages.push("この画像の形式はLINEで使えません。JPEGかPNGを選んでください。");
    }
    if (this.file.size > 1000000) {
      messages.push("ファイルサイズが " + (this.file.size / 1000000).toFixed(1) + "MB です（上限1MB）。保存時に自動で圧縮できます。");
    }
    var probe = new Image();
    probe.onload = function () {
      var ratio = probe.naturalWidth / probe.naturalHeight;
      var expected = wanted[0] / wanted[1];
      if (Math.abs(ratio - expected) / expected > 0.01) {
        messages.push("画像の縦横の比率がサイズ（" + wanted[0] + "×" + wanted[1] + "）と合いません（この画像は " + probe.naturalWidth + "×" + probe.naturalHeight + "）。");
      } else if (probe.naturalWidth !== wanted[0]) {
        messages.push("画像は " + probe.naturalWidth + "×" + probe.naturalHeight + " です。保存時に " + wanted[0] + "×" + wanted[1] + " に自動で直せます。");
      }
      self.note.textContent = messages.join(" ");
      self.note.classList.toggle("is-warning", messages.length > 0);
    };
    probe.src = this.imageUrl;
  };

  Editor.prototype.applyLayout = function (layout) {
    var old = this.areas;
    this.areas = layout.cells.map(function (cell, index) {
      var keep = old[index] || { key: newKey(), label: "", action: "" };
      return Object.assign({}, keep, { x: cell[0], y: cell[1], w: cell[2], h: cell[3] });
    });
    this.selected = 0;
    this.save();
    this.render();
  };

  Editor.prototype.render = function () {
    this.renderLayouts();
    this.renderCanvas();
    this.renderList();
  };

  Editor.prototype.renderLayouts = function () {
    var self = this;
    var size = this.size();
    this.layoutList.innerHTML = "";
    this.data.layouts.filter(function (layout) { return layout.size === size; }).forEach(function (layout) {
      var mini = el("span", { className: "rm-mini", "aria-hidden": "true" });
      mini.style.aspectRatio = self.data.sizes[size][0] + " / " + self.data.sizes[size][1];
      layout.cells.forEach(function (cell) {
        var box = el("span", { className: "rm-mini-cell" });
        box.style.left = cell[0] * 100 + "%";
        box.style.top = cell[1] * 100 + "%";
        box.style.width = cell[2] * 100 + "%";
        box.style.height = cell[3] * 100 + "%";
        mini.appendChild(box);
      });
      var button = el("button", { type: "button", className: "rm-layout", "data-layout": layout.key }, [mini, el("span", { text: layout.label })]);
      button.addEventListener("click", function () { self.applyLayout(layout); });
      self.layoutList.appendChild(button);
    });
  };

  Editor.prototype.renderCanvas = function () {
    var self = this;
    var dims = this.data.sizes[this.size()];
    this.canvas.innerHTML = "";
    this.canvas.style.aspectRatio = dims[0] + " / " + dims[1];
    this.canvas.style.backgroundImage = this.imageUrl ? "url(" + JSON.stringify(this.imageUrl) + ")" : "none";
    if (!this.imageUrl) {
      this.canvas.appendChild(el("p", { className: "rm-canvas-empty", text: "画像を選ぶとここに表示されます" }));
    }
    this.areas.forEach(function (area, index) {
      var box = el("div", { className: "rm-area" + (index === self.selected ? " is-selected" : ""), "data-index": String(index), tabindex: "0" });
      box.style.left = area.x * 100 + "%";
      box.style.top = area.y * 100 + "%";
      box.style.width = area.w * 100 + "%";
      box.style.height = area.h * 100 + "%";
      box.appendChild(el("span", { className: "rm-area-number", text: String(index + 1) }));
      box.appendChild(el("span", { className: "rm-area-label", text: area.label || "" }));
      var handle = el("span", { className: "rm-handle", title: "ドラッグで大きさを変更" });
      box.appendChild(handle);
      self.canvas.appendChild(box);
      self.draggable(box, handle, index);
    });
  };

  Editor.prototype.draggable = function (box, handle, index) {
    var self = this;
    function start(event, resize) {
      event.preventDefault();
      event.stopPropagation();
      self.selected = index;
      var rect = self.canvas.getBoundingClientRect();
      var area = self.areas[index];
      var origin = { x: event.clientX, y: event.clientY, area: Object.assign({}, area) };
      function move(e) {
        var dx = (e.clientX - origin.x) / rect.width;
        var dy = (e.clientY - origin.y) / rect.height;
        if (resize) {
          area.w = snap(clamp(origin.area.w + dx, MIN, 1 - area.x));
          area.h = snap(clamp(origin.area.h + dy, MIN, 1 - area.y));
        } else {
          area.x = snap(clamp(origin.area.x + dx, 0, 1 - area.w));
          area.y = snap(clamp(origin.area.y + dy, 0, 1 - area.h));
        }
        box.style.left = area.x * 100 + "%";
        box.style.top = area.y * 100 + "%";
        box.style.width = area.w * 100 + "%";
        box.style.height = area.h * 100 + "%";
      }
      function end() {
        document.removeEventListener("pointermove", move);
        document.removeEventListener("pointerup", end);
        self.save();
        self.render();
      }
      document.addEventListener("pointermove", move);
      document.addEventListener("pointerup", end);
    }
    box.addEventListener("pointerdown", function (e) { start(e, false); });
    handle.addEventListener("pointerdown", function (e) { start(e, true); });
  };

  Editor.prototype.field = function (labelText, control) {
    return el("label", { className: "rm-field" }, [el("span", { text: labelText }), control]);
  };

  Editor.prototype.select = function (options, value, emptyLabel) {
    var select = el("select");
    select.appendChild(el("option", { value: "", text: emptyLabel }));
    options.forEach(function (option) {
      var node = el("option", { value: String(option[0]), text: option[1] });
      if (String(option[0]) === String(value || "")) node.selected = true;
      select.appendChild(node);
    });
    return select;
  };

  // Pages grouped by section (お知らせ, 防災情報 …) with a search box that narrows them.
  Editor.prototype.pagePicker = function (pages, value, onChange) {
    var box = el("div", { className: "rm-page-picker" });
    var search = el("input", { type: "search", placeholder: "ページ名で絞り込む", "data-field": "page-search" });
    search.setAttribute("aria-label", "ページ名で絞り込む");
    var select = el("select", { "data-field": "page", "aria-label": "開くページ" });
    function fill() {
      var wanted = search.value.trim().toLowerCase();
      var current = select.value || String(value || "");
      select.innerHTML = "";
      select.appendChild(el("option", { value: "", text: "ページを選んでください" }));
      var groups = {};
      var shown = 0;
      pages.forEach(function (page) {
        var isCurrent = String(page.id) === current;
        if (wanted && page.title.toLowerCase().indexOf(wanted) < 0 && !isCurrent) return;
        if (!groups[page.group]) {
          groups[page.group] = el("optgroup", { label: page.group });
          groups[page.group].label = page.group;
          select.appendChild(groups[page.group]);
        }
        var option = el("option", { value: String(page.id), text: page.title });
        if (isCurrent) option.selected = true;
        groups[page.group].appendChild(option);
        shown += 1;
      });
      search.setAttribute("aria-description", shown + "件のページ");
    }
    search.addEventListener("input", fill);
    select.addEventListener("change", function () {
      value = select.value ? Number(select.value) : null;
      onChange(value);
    });
    fill();
    box.appendChild(search);
    box.appendChild(select);
    return box;
  };

  Editor.prototype.renderList = function () {
    var self = this;
    var data = this.data;
    this.list.innerHTML = "";
    this.areas.forEach(function (area, index) {
      var item = el("li", { className: "rm-area-form" + (index === self.selected ? " is-selected" : ""), "data-index": String(index) });
      item.appendChild(el("h3", { text: "領域" + (index + 1) }));
      var label = el("input", { type: "text", maxlength: "20", value: area.label || "", placeholder: "例: ごみの日", "data-field": "label" });
      label.addEventListener("input", function () {
        area.label = label.value;
        self.save();
        var shown = self.canvas.querySelector('[data-index="' + index + '"] .rm-area-label');
        if (shown) shown.textContent = label.value;
      });
      item.appendChild(self.field("ボタンの名前（読み上げ・集計に使います）", label));
      var kinds = Object.keys(data.kinds).map(function (key) { return [key, data.kinds[key]]; });
      var kind = self.select(kinds, area.action, "選んでください");
      kind.setAttribute("data-field", "action");
      kind.addEventListener("change", function () { area.action = kind.value; self.save(); self.renderList(); });
      item.appendChild(self.field("タップしたとき", kind));

      var detail;
      if (area.action === "page") {
        detail = self.pagePicker(data.pages, area.page, function (value) { area.page = value; self.save(); });
        item.appendChild(self.field("開くページ", detail));
      } else if (area.action === "url") {
        detail = el("input", { type: "url", value: area.url || "", placeholder: "https://" });
        detail.addEventListener("input", function () { area.url = detail.value; self.save(); });
        item.appendChild(self.field("開くURL", detail));
      } else if (area.action === "text") {
        detail = el("input", { type: "text", maxlength: "300", value: area.text || "", placeholder: "例: ペットボトルは？" });
        detail.addEventListener("input", function () { area.text = detail.value; self.save(); });
        item.appendChild(self.field("送る文字（市民が送ったのと同じように答えます）", detail));
      } else if (area.action === "postback") {
        detail = self.select(Object.keys(data.postbacks).map(function (k) { return [k, data.postbacks[k]]; }), area.postback, "案内を選んでください");
        detail.addEventListener("change", function () { area.postback = detail.value; self.save(); });
        item.appendChild(self.field("表示する案内", detail));
      } else if (area.action === "switch") {
        detail = self.select(data.menus.map(function (m) { return [m.id, m.name]; }), area.menu, "メニューを選んでください");
        detail.addEventListener("change", function () { area.menu = detail.value ? Number(detail.value) : null; self.save(); });
        item.appendChild(self.field("切り替え先のメニュー", detail));
      }
      if (detail) detail.setAttribute("data-field", "detail");
      var remove = el("button", { type: "button", className: "button button-small button-secondary no", text: "この領域を削除" });
      remove.addEventListener("click", function () { self.areas.splice(index, 1); self.save(); self.render(); });
      item.appendChild(remove);
      item.addEventListener("focusin", function () {
        if (self.selected === index) return;
        self.selected = index;
        self.canvas.querySelectorAll(".rm-area").forEach(function (node) {
          node.classList.toggle("is-selected", node.dataset.index === String(index));
        });
      });
      self.list.appendChild(item);
    });
  };

  function start() {
    document.querySelectorAll("[data-rich-menu-editor]").forEach(function (root) {
      if (!root.richMenuEditor) root.richMenuEditor = new Editor(root);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
