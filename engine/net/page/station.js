"use strict";
// The instructor station: one WebSocket to the host, the token from the address's #fragment.
(() => {
  const $ = (id) => document.getElementById(id);
  const token = decodeURIComponent(location.hash.slice(1));
  const state = { roles: {}, msel: [], tasks: [], zones: [], props: [], seats: [], poses: {},
    fired: {}, t: 0, limit: 0, running: false, started: false, ended: false, holds: [],
    bounds: null, statuses: {}, values: {} };
  let ws = null;
  let retry = 0;

  const clock = (ms) => {
    const s = Math.floor(ms / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  };
  const el = (tag, attrs = {}, text = "") => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text) node.textContent = text;
    return node;
  };
  const svg = (tag, attrs = {}, text = "") => {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text) node.textContent = text;
    return node;
  };
  const send = (message) => { if (ws && ws.readyState === 1) ws.send(JSON.stringify(message)); };
  const say = (text) => { $("connection").textContent = text; };

  function connect() {
    if (!token) { say("This page needs the instructor address the host printed (it ends in #…)."); return; }
    ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/`);
    ws.onopen = () => { retry = 0; send({ k: "hello", token }); };
    ws.onmessage = (e) => take(JSON.parse(e.data));
    ws.onclose = () => {
      if (state.closed) { say("The session has ended; the log is closed."); return; }
      say("Connection lost; reconnecting…");
      setTimeout(connect, Math.min(4000, 250 * 2 ** retry++));
    };
  }

  function take(m) {
    if (m.h !== undefined) return line(m);
    switch (m.k) {
      case "welcome": say(`Connected to session ${m.session}`); state.t = m.t; break;
      case "station": setup(m); break;
      case "clock": state.t = m.t; state.running = m.running; state.started = m.started;
        state.holds = m.holds; renderClock(); break;
      case "poses": state.poses = m.who; renderMap(); break;
      case "map": state.props = m.props; state.seats = m.seats; state.t = m.t;
        state.running = m.running; state.started = m.started; state.holds = m.holds;
        state.ended = state.ended || !!m.ended; renderMap(); renderSeats(); renderClock(); break;
      case "status": state.statuses = m.tasks; renderTasks(m.ratings); break;
      case "refused": say(`Refused: ${m.reason}`); break;
      case "done": say(`Done: ${m.what}`); break;
      default: break;
    }
  }

  function setup(m) {
    $("title").textContent = m.scenario.title;
    document.title = `Instructor station: ${m.scenario.title}`;
    state.limit = m.scenario.time_limit;
    $("limit").textContent = ` / ${clock(state.limit)}`;
    for (const role of m.roles) state.roles[role.id] = role;
    state.msel = m.msel; state.tasks = m.tasks; state.zones = m.zones;
    renderMsel(); renderTasks({}); renderClock();
  }

  function line(r) {
    if (r.k === "inject_fired") { state.fired[r.inject] = r.t; state.values[r.inject] = r.values || {}; renderMsel(); }
    if (r.k === "closed") { state.closed = true; state.ended = true; renderClock(); }
    if (r.k === "ended") { state.ended = true; renderClock(); }
    if (r.k === "note" && r.note === "instructor") {
      const item = el("li");
      item.append(el("span", { class: "time" }, clock(r.t)), document.createTextNode(r.text));
      $("notes").append(item);
    }
    const said = describe(r);
    if (said) {
      const item = el("li");
      item.append(el("span", { class: "time" }, clock(r.t)), document.createTextNode(said));
      $("feed").prepend(item);
      while ($("feed").children.length > 80) $("feed").lastChild.remove();
    }
  }

  const who = (id) => (state.roles[id] ? state.roles[id].name : id || "");
  function describe(r) {
    switch (r.k) {
      case "performed": return `${who(r.role)}: ${r.action.replaceAll("_", " ")}${r.engine ? " (engine)" : ""}`;
      case "decided": return `${who(r.role)} decided ${r.decision.replaceAll("_", " ")}: ${r.option.replaceAll("_", " ")}`;
      case "inject_fired": return `Inject #${r.number} to ${who(r.to)}`;
      case "refused": return `${who(r.role)}: refused (${r.reason})`;
      case "seated": return `${who(r.role)} is now played by ${r.by === "engine" ? "the engine" : "a person"}`;
      case "ended": return `Ended: ${r.ending.replaceAll("_", " ")} (${r.outcome})`;
      case "note":
        if (r.note === "joined") return `${r.trainee} joined as ${who(r.role)}${r.again ? " (again)" : ""}`;
        if (r.note === "dropped") return `${who(r.role)} lost connection`;
        if (r.note === "left") return `${who(r.role)} gone; the engine plays the role`;
        if (r.note === "paused" || r.note === "resumed") return `${r.by === "instructor" ? "Instructor" : who(r.role)} ${r.note}`;
        if (r.note === "message") return `${who(r.role)} to ${who(r.to)} (${r.via.replace("_", " ")}): ${r.text}`;
        if (r.note === "refused") return `Refused ${r.code}: ${r.reason}`;
        return null;
      default: return null;
    }
  }

  function renderClock() {
    $("clock").textContent = clock(state.t);
    const badge = $("state");
    const now = state.ended ? "ended" : !state.started ? "waiting" : state.running ? "running" : "paused";
    badge.textContent = now === "paused" && state.holds.length ? `paused (${state.holds.map(who).join(", ")})` : now;
    badge.className = `badge ${now}`;
    $("start").disabled = state.started || state.ended;
    $("pause").disabled = !state.started || !state.running || state.ended;
    $("resume").disabled = state.running || state.ended;
    $("end").disabled = !!state.closed;
    for (const b of document.querySelectorAll("button.fire")) b.disabled = state.ended || b.dataset.fired === "1";
  }

  function renderMsel() {
    const body = $("msel");
    body.replaceChildren();
    for (const inject of state.msel) {
      const fired = state.fired[inject.id];
      const row = el("tr", { class: fired !== undefined ? "fired" : "pending", "data-inject": inject.id });
      row.append(el("td", {}, String(inject.number)), el("td", {}, inject.trigger),
        el("td", {}, `${inject.from} → ${inject.to.join(", ")}`),
        el("td", { class: "content" }, filled(inject.content, state.values[inject.id])));
      const cell = el("td");
      if (fired !== undefined) {
        cell.append(el("span", { class: "status-fired" }, `fired ${clock(fired)}`));
      } else {
        const button = el("button", { class: "fire secondary", type: "button",
          "aria-label": `Fire inject ${inject.number} now` }, "Fire now");
        button.onclick = () => send({ k: "fire", inject: inject.id });
        cell.append(el("span", {}, "pending "), button);
      }
      row.append(cell);
      body.append(row);
    }
    renderClock();
  }

  // an inject's words as they were sent: {name} with the value the log line carries
  const filled = (text, values) => !values ? text : text.replace(/\{(\w+)\}/g,
    (whole, name) => (values[name] === undefined ? whole : String(values[name])));

  function renderTasks(ratings) {
    const box = $("ratings");
    box.replaceChildren();
    const words = { P: "P, performed without challenges", S: "S, some challenges", M: "M, major challenges", U: "U, unable to perform", N: "not rated yet: too little observed" };
    for (const [name, rating] of Object.entries(ratings || {})) box.append(el("span", { "data-rating": rating }, `${name}: ${words[rating] || rating}`));
    const groups = {};
    for (const task of state.tasks) {
      const key = task.role ? who(task.role) : (task.agency || "").replaceAll("_", " ");
      (groups[key] = groups[key] || []).push(task);
    }
    const holder = $("tasks");
    holder.replaceChildren();
    for (const [group, tasks] of Object.entries(groups)) {
      const part = el("div", { class: "tasks-role" });
      part.append(el("h3", {}, group));
      const list = el("ul");
      for (const task of tasks) {
        const status = (state.statuses[task.id] || {}).status || "not_observed";
        const item = el("li", { "data-task": task.id, title: (state.statuses[task.id] || {}).reason || "" });
        item.append(el("span", { class: `mark ${status}` }, status.replace("_", " ")), el("span", {}, task.text));
        list.append(item);
      }
      part.append(list);
      holder.append(part);
    }
  }

  function bounds() {
    if (state.bounds) return state.bounds;
    const xs = [], ys = [];
    for (const z of state.zones) { xs.push(z.center[0] - z.size[0] / 2, z.center[0] + z.size[0] / 2); ys.push(z.center[1] - z.size[1] / 2, z.center[1] + z.size[1] / 2); }
    for (const p of state.props) { xs.push(p.x); ys.push(p.y); }
    if (!xs.length) return null;
    const pad = 6;
    state.bounds = { x0: Math.min(...xs) - pad, x1: Math.max(...xs) + pad, y0: Math.min(...ys) - pad, y1: Math.max(...ys) + pad };
    return state.bounds;
  }

  function renderMap() {
    const b = bounds();
    const map = $("map");
    if (!b) return;
    const w = b.x1 - b.x0, h = b.y1 - b.y0;
    map.setAttribute("viewBox", `0 0 ${w} ${h}`);
    const X = (x) => x - b.x0, Y = (y) => b.y1 - y;
    map.replaceChildren();
    for (const z of state.zones) {
      map.append(svg("rect", { x: X(z.center[0] - z.size[0] / 2), y: Y(z.center[1] + z.size[1] / 2), width: z.size[0], height: z.size[1], class: `zone ${z.kind}`, fill: z.kind === "populated" ? "#f3d9d6" : z.kind === "isolation" ? "#d9ecd9" : "#dde6f3", stroke: "#9aa4b1", "stroke-width": 0.3 }));
      map.append(svg("text", { x: X(z.center[0] - z.size[0] / 2) + 0.8, y: Y(z.center[1] + z.size[1] / 2) + 2.6, "font-size": 2.2, fill: "#4a5360" }, z.name));
    }
    for (const p of state.props) {
      if (p.role && state.poses[p.role]) continue; // a person stands there: drawn below
      const dot = svg("circle", { cx: X(p.x), cy: Y(p.y), r: p.role ? 1.1 : 0.7, fill: p.role ? (state.roles[p.role] || {}).colour || "#777" : "#6b7380", class: "prop", "data-prop": p.id });
      dot.append(svg("title", {}, p.role ? `${p.name} (${who(p.role)}, the engine plays it)` : p.name));
      map.append(dot);
    }
    let n = 0;
    for (const [role, pose] of Object.entries(state.poses)) {
      if (!pose) continue;
      const shift = 2.8 * n++;  // trainees standing together: their names one under another
      const [x, y] = pose.p, [gx, gy] = pose.g;
      const len = Math.hypot(gx, gy) || 1;
      const colour = (state.roles[role] || {}).colour || "#333";
      const g = svg("g", { class: "trainee", "data-role": role });
      g.append(svg("title", {}, `${who(role)} at ${x.toFixed(0)}, ${y.toFixed(0)}`));
      g.append(svg("line", { x1: X(x), y1: Y(y), x2: X(x + 6 * gx / len), y2: Y(y + 6 * gy / len), stroke: colour, "stroke-width": 0.6, "stroke-linecap": "round" }));
      g.append(svg("circle", { cx: X(x), cy: Y(y), r: 1.6, fill: colour, stroke: "#111", "stroke-width": 0.35 }));
      g.append(svg("text", { x: X(x) + 2, y: Y(y) - 1.6 + shift, "font-size": 2.4, "font-weight": 700, fill: "#111", stroke: "#fff", "stroke-width": 0.5, "paint-order": "stroke" }, who(role)));
      map.append(g);
    }
  }

  function renderSeats() {
    const list = $("seats");
    list.replaceChildren();
    for (const seat of state.seats) {
      const role = state.roles[seat.role] || {};
      const how = seat.connected ? `${seat.trainee}` : seat.dropped ? `${seat.trainee} (connection lost)` : seat.person ? "waiting to join" : "played by the engine";
      const item = el("li", { "data-seat": seat.role });
      item.append(el("span", { class: "dot", style: `background:${role.colour || "#999"}` }), document.createTextNode(`${role.name || seat.role}: ${how}`));
      list.append(item);
    }
  }

  // Alt+S, Alt+P, Alt+R, Alt+E press the buttons; Tab and Enter reach everything else
  const keys = { s: "start", p: "pause", r: "resume", e: "end" };
  document.addEventListener("keydown", (e) => {
    const id = e.altKey && !e.ctrlKey && keys[e.key.toLowerCase()];
    if (id && !$(id).disabled) { e.preventDefault(); $(id).focus(); $(id).click(); }
  });
  $("start").onclick = () => send({ k: "start" });
  $("pause").onclick = () => send({ k: "pause" });
  $("resume").onclick = () => send({ k: "resume" });
  $("end").onclick = () => { if (confirm("End the exercise for everyone? The log is closed.")) send({ k: "end" }); };
  $("note-form").onsubmit = (e) => {
    e.preventDefault();
    const text = $("note").value.trim();
    if (!text) return;
    send({ k: "remark", text });
    $("note").value = "";
  };
  $("note").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); $("note-form").requestSubmit(); }
  });
  connect();
})();
