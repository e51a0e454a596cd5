// The demo page: three chats side by side, polling the simulator for what the bot sent.
"use strict";

const panesEl = document.getElementById("panes");
const panes = {};
let version = "";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// Telegram's HTML subset, rebuilt tag by tag: anything else becomes its text.
const ALLOWED = new Set(["B", "STRONG", "I", "EM", "U", "INS", "S", "STRIKE", "DEL", "CODE",
  "PRE", "BLOCKQUOTE"]);

function renderHtml(html) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  const out = document.createDocumentFragment();
  const walk = (source, target) => {
    for (const node of source.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.append(node.textContent);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        let copy = null;
        if (ALLOWED.has(node.tagName)) {
          copy = document.createElement(node.tagName.toLowerCase());
        } else if (node.tagName === "A") {
          const href = node.getAttribute("href") || "";
          copy = /^(https?:|tg:|mailto:)/i.test(href) ? el("a", { href, target: "_blank", rel: "noopener" }) : el("span");
        } else if (node.tagName === "TG-SPOILER" || (node.tagName === "SPAN" && node.classList.contains("tg-spoiler"))) {
          copy = el("span", { class: "spoiler", title: "点击显示", onclick: (e) => e.currentTarget.classList.add("shown") });
        }
        if (copy) { walk(node, copy); target.append(copy); } else { walk(node, target); }
      }
    }
  };
  walk(doc.body, out);
  return out;
}

async function api(path, body, isForm) {
  const options = { method: body === undefined ? "GET" : "POST" };
  if (isForm) options.body = body;
  else if (body !== undefined) {
    options.body = JSON.stringify(body);
    options.headers = { "Content-Type": "application/json" };
  }
  const response = await fetch(path, options);
  if (!response.ok) throw new Error(await response.text());
  return response.json();
}

function toast(pane, text, alert) {
  if (!text) return;
  if (alert) { window.alert(text); return; }
  const box = pane.toast;
  box.textContent = text;
  box.classList.add("visible");
  clearTimeout(box.timer);
  box.timer = setTimeout(() => box.classList.remove("visible"), 3000);
}

async function act(pane, promise) {
  try { await promise; } catch (error) { toast(pane, `出错了：${error.message}`); }
  poll(true);
}

function buildPane(data) {
  const key = data.key;
  const pane = { key };
  pane.messages = el("div", { class: "messages" });
  pane.toast = el("div", { class: "toast" });
  pane.keyboard = el("div", { class: "reply-keyboard" });
  const input = el("textarea", { rows: "2", class: "text", placeholder: data.group ? `以管理员（${data.person}）身份发言，如 /draw` : `以 ${data.person} 的身份发送，如 /tasks` });
  const send = () => {
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    act(pane, api(`/api/${key}/send`, { text }));
  };
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); }
  });
  pane.input = input;
  const example = data.group ? el("button", { type: "button", class: "example", title: "填入一次最短的抽取（参数一次给出）", onclick: () => { input.value = pane.example || ""; input.focus(); } }, "示例") : null;
  const composer = el("div", { class: "composer" }, input, example, el("button", { type: "button", class: "send", onclick: send }, "发送"));

  const file = el("input", { type: "file", class: "file" });
  const caption = el("input", { type: "text", class: "caption", placeholder: data.group ? "说明（如 /import targets）" : "说明（可不填）" });
  const asPhoto = el("input", { type: "checkbox", class: "as-photo" });
  const sendFile = () => {
    if (!file.files.length) { toast(pane, "请先选择文件"); return; }
    const form = new FormData();
    form.append("file", file.files[0]);
    form.append("caption", caption.value);
    form.append("as", asPhoto.checked ? "photo" : "document");
    file.value = ""; caption.value = "";
    act(pane, api(`/api/${key}/upload`, form, true));
  };
  const fileRow = el("div", { class: "tool" }, file, caption,
    data.group ? null : el("label", {}, asPhoto, "作为照片（压缩，无 EXIF）"),
    el("button", { type: "button", onclick: sendFile }, "发送文件"));

  pane.lat = el("input", { type: "text", class: "lat", placeholder: "纬度", size: "9" });
  pane.lon = el("input", { type: "text", class: "lon", placeholder: "经度", size: "9" });
  const sendLocation = () => {
    act(pane, api(`/api/${key}/location`, { latitude: pane.lat.value, longitude: pane.lon.value }));
  };
  pane.fillHint = async () => {
    const hint = await api(`/api/${key}/location-hint`);
    if (hint.latitude !== undefined) { pane.lat.value = hint.latitude; pane.lon.value = hint.longitude; }
    else toast(pane, "没有当前任务：请输入经纬度");
    pane.locationRow.classList.add("highlight");
  };
  pane.locationRow = el("div", { class: "tool location" }, "📍", pane.lat, pane.lon,
    el("button", { type: "button", onclick: pane.fillHint }, "填入目标附近"),
    el("button", { type: "button", class: "send-location", onclick: sendLocation }, "发送位置"));

  const section = el("section", { class: "pane", id: `pane-${key}` },
    el("h2", {}, data.title, el("small", {}, data.group ? `管理群 · 你是 ${data.person}` : "与机器人的私聊")),
    pane.messages, pane.toast, pane.keyboard, composer, fileRow,
    data.group ? null : pane.locationRow);
  panesEl.append(section);
  panes[key] = pane;
  return pane;
}

function renderMessage(pane, message) {
  const body = el("div", { class: "body" });
  if (message.from === "bot") {
    if (message.kind === "sendPhoto" && message.file_url) {
      body.append(el("img", { src: message.file_url, alt: message.file_name || "照片" }));
    } else if (message.file_url) {
      body.append(el("a", { href: message.file_url, download: message.file_name || "file", class: "file-link" }, `📎 ${message.file_name || "文件"}`));
    } else if (message.kind === "sendLocation") {
      body.append("📍 位置");
    }
    if (message.html !== null) body.append(el("div", { class: "text" }, renderHtml(message.html)));
    else if (message.text) body.append(el("div", { class: "text" }, message.text));
    if (message.inline.length) {
      const keyboard = el("div", { class: "inline-keyboard" });
      message.inline.forEach((row, r) => {
        const rowEl = el("div", { class: "row" });
        row.forEach((button, c) => {
          if (button.url) rowEl.append(el("a", { class: "inline-btn", href: button.url, target: "_blank", rel: "noopener" }, button.text));
          else rowEl.append(el("button", { type: "button", class: "inline-btn", onclick: async () => {
            try {
              const answer = await api(`/api/${pane.key}/press`, { message_id: message.id, row: r, col: c });
              toast(pane, answer.text, answer.alert);
            } catch (error) { toast(pane, `出错了：${error.message}`); }
            poll(true);
          } }, button.text));
        });
        keyboard.append(rowEl);
      });
      body.append(keyboard);
    }
    if (message.edited) body.append(el("span", { class: "edited" }, "已编辑"));
    return el("div", { class: "msg bot", "data-id": String(message.id) }, el("div", { class: "who" }, "SpotCheck 机器人"), body);
  }
  if (message.kind === "photo" && message.file_url) body.append(el("img", { src: message.file_url, alt: "照片" }));
  else if (message.file_url) body.append(el("a", { href: message.file_url, download: message.file_name, class: "file-link" }, `📎 ${message.file_name}`));
  if (message.kind === "location") body.append(`📍 ${message.latitude}, ${message.longitude}`);
  if (message.text) body.append(el("div", { class: "text" }, message.text));
  return el("div", { class: "msg user" }, el("div", { class: "who" }, message.person), body);
}

function renderKeyboard(pane, keyboard) {
  pane.keyboard.replaceChildren();
  if (!keyboard) return;
  for (const row of keyboard) {
    const rowEl = el("div", { class: "row" });
    for (const button of row) {
      rowEl.append(el("button", { type: "button", class: "reply-btn", onclick: () => {
        if (button.request_location) pane.fillHint();
        else if (button.request_contact) toast(pane, "演示中不能分享联系方式");
        else act(pane, api(`/api/${pane.key}/send`, { text: button.text }));
      } }, button.text));
    }
    pane.keyboard.append(rowEl);
  }
}

function render(state) {
  document.getElementById("clock").textContent = state.clock;
  for (const data of state.panes) {
    const pane = panes[data.key] || buildPane(data);
    pane.example = state.example;
    const list = pane.messages;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.replaceChildren(...data.messages.map((m) => renderMessage(pane, m)));
    if (atBottom) list.scrollTop = list.scrollHeight;
    renderKeyboard(pane, data.keyboard);
  }
}

let polling = false;
async function poll(now) {
  if (polling && !now) return;
  polling = true;
  try {
    const state = await api(`/api/state?v=${encodeURIComponent(version)}`);
    if (!state.same) { version = state.version; render(state); }
  } catch (error) {
    document.getElementById("clock").textContent = "（与演示程序的连接中断）";
  } finally { polling = false; }
}

document.getElementById("next-day").addEventListener("click", async () => {
  await api("/api/clock/next-working-day", {});
  poll(true);
});
poll(true);
setInterval(poll, 700);
