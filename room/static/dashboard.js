// The facilitator's dashboard: the room live from /api/events (server-sent events).
// Every text from the room goes in with textContent: a name is shown as the text it is.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("room-data").textContent);
  let lang = localStorage.getItem("loket-room-lang") === "en" ? "en" : "nl";
  let last = null;          // the latest room state
  let controlsFilled = false;
  const $ = (id) => document.getElementById(id);
  const T = (key) => DATA.texts[lang][key] || key;
  const fmt = (key, vals) => T(key).replace(/\{(\w+)\}/g, (m, k) => (k in vals ? String(vals[k]) : m));
  const number = (v, digits) => (v === null || v === undefined) ? "–"
    : Number(v).toLocaleString(lang === "nl" ? "nl-NL" : "en-GB",
                               {minimumFractionDigits: digits, maximumFractionDigits: digits});

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function title(titles, fallback) {
    return (titles && titles[lang]) || fallback || "";
  }

  function lastEvent(p) {
    if (!p.last) return "";
    const e = p.last;
    let what = T(e.kind);
    if (e.kind === "action") {
      what = T("cmd_" + e.cmd) !== "cmd_" + e.cmd ? T("cmd_" + e.cmd) : e.cmd;
      what += " (" + (e.ok ? T("ok") : T("refused")) + ")";
    } else if (e.cmd) {
      what += ": " + e.cmd;
    }
    return what;
  }

  function renderPlayers(state) {
    const body = $("players").querySelector("tbody");
    body.replaceChildren();
    for (const p of state.players) {
      const tr = el("tr");
      tr.dataset.player = p.name;
      tr.appendChild(el("td", p.name, "name"));
      if (p.play_id) {
        tr.appendChild(el("td", p.household || p.persona));
        tr.appendChild(el("td", title(p.scenario_title, p.scenario)));
        tr.appendChild(el("td", p.week + " / " + (p.weeks || "?"), "num"));
        tr.appendChild(el("td", number(p.hours, 1), "num"));
        const lastCell = el("td", lastEvent(p), "last");
        lastCell.appendChild(el("small", " · " + fmt("ago", {s: Math.max(0, Math.round(p.ago))})));
        tr.appendChild(lastCell);
      } else {
        const td = el("td", T("no_play"), "muted");
        td.colSpan = 5;
        tr.appendChild(td);
      }
      const flags = el("td", null, "flags");
      for (const f of ["stuck", "idle", "offline", "finished"]) {
        if (p[f]) flags.appendChild(el("span", T(f), "flag " + f));
      }
      tr.appendChild(flags);
      if (p.stuck || p.idle) tr.className = "attention";
      body.appendChild(tr);
    }
    $("no-players").hidden = state.players.length > 0;
  }

  function renderRoom(state) {
    const head = $("room").querySelector("thead");
    const body = $("room").querySelector("tbody");
    head.replaceChildren();
    body.replaceChildren();
    const scen = state.room;
    $("no-plays").hidden = scen.some((s) => s.finished > 0);
    if (!scen.length) return;
    const hr = el("tr");
    hr.appendChild(el("th", ""));
    for (const s of scen) hr.appendChild(el("th", title(s.title, s.scenario), "num"));
    head.appendChild(hr);
    const count = el("tr");
    count.appendChild(el("th", T("plays")));
    for (const s of scen) count.appendChild(el("td", s.plays + " (" + s.finished + ")", "num"));
    body.appendChild(count);
    for (const key of DATA.outcomes) {
      const tr = el("tr");
      tr.appendChild(el("th", T("outcome_" + key)));
      for (const s of scen) tr.appendChild(el("td", number(s.means[key], 1), "num"));
      body.appendChild(tr);
    }
  }

  function renderControls(state) {
    const st = state.settings;
    const debrief = st.phase === "debrief";
    $("phase").textContent = T(debrief ? "phase_debrief" : "phase_play");
    $("phase").className = "phase " + st.phase;
    $("phase-button").textContent = T(debrief ? "back_to_play" : "to_debrief");
    if (!controlsFilled) {
      $("persona").value = st.persona || "";
      $("weeks").value = st.weeks === null ? "" : st.weeks;
      $("seed").value = st.seed === null ? "" : st.seed;
      controlsFilled = true;
    }
  }

  function render() {
    document.documentElement.lang = lang;
    $("title").textContent = fmt("title", {code: DATA.code});
    $("join").textContent = fmt("join_hint", {join: DATA.join});
    for (const e of document.querySelectorAll("[data-t]")) e.textContent = T(e.dataset.t);
    for (const b of document.querySelectorAll("nav button")) b.classList.toggle("chosen", b.dataset.lang === lang);
    const sel = $("persona");
    const chosen = sel.value;
    sel.replaceChildren(el("option", T("any_household")));
    sel.firstChild.value = "";
    for (const [id, name] of Object.entries(DATA.households)) {
      const o = el("option", name);
      o.value = id;
      sel.appendChild(o);
    }
    sel.value = chosen;
    if (!$("deck").disabled) $("deck").textContent = T("deck");
    if (last) {
      renderPlayers(last);
      renderRoom(last);
      renderControls(last);
    }
  }

  async function send(url, body) {
    const r = await fetch(url, {method: "POST", credentials: "same-origin",
                                headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
    const answer = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(answer.detail || r.status);
    return answer;
  }

  function settingsFromForm(phase) {
    const whole = (id) => ($(id).value === "" ? null : parseInt($(id).value, 10));
    return {persona: $("persona").value, weeks: whole("weeks"), seed: whole("seed"), phase: phase};
  }

  $("controls").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      await send("/api/settings", settingsFromForm(last ? last.settings.phase : "play"));
      $("saved").textContent = T("saved");
    } catch (e) {
      $("saved").textContent = fmt("error", {message: e.message});
    }
  });

  $("phase-button").addEventListener("click", async () => {
    const phase = last && last.settings.phase === "debrief" ? "play" : "debrief";
    try {
      await send("/api/settings", settingsFromForm(phase));
    } catch (e) {
      $("deck-note").textContent = fmt("error", {message: e.message});
    }
  });

  $("deck").addEventListener("click", async () => {
    const tab = window.open("", "_blank");  // opened on the click itself, so no pop-up blocker stops it
    $("deck").disabled = true;
    $("deck").textContent = T("deck_busy");
    $("deck-note").textContent = "";
    try {
      const answer = await send("/api/deck/" + lang, {});
      if (tab) tab.location = answer.url; else window.location = answer.url;
    } catch (e) {
      if (tab) tab.close();
      $("deck-note").textContent = fmt("error", {message: e.message});
    } finally {
      $("deck").disabled = false;
      $("deck").textContent = T("deck");
    }
  });

  for (const b of document.querySelectorAll("nav button")) {
    b.addEventListener("click", () => {
      lang = b.dataset.lang;
      localStorage.setItem("loket-room-lang", lang);
      render();
    });
  }

  const source = new EventSource("/api/events");
  source.onmessage = (ev) => {
    last = JSON.parse(ev.data);
    $("status").textContent = T("live");
    $("status").className = "status live";
    render();
  };
  source.onerror = () => {
    $("status").textContent = T("reconnecting");
    $("status").className = "status lost";
  };
  render();
})();
