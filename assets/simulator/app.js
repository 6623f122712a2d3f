// tinydisplay simulator page: plain JS, no framework. Decodes the binary frame messages described in
// src/outputs/simulator/wire.ts, draws the panel zoomed, keeps live charts of the status figures, and
// drives time travel (pause, scrub, step) against the server's frame history.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const panel = $('panel');
  const ctx = panel.getContext('2d');
  const state = {
    width: 128, height: 64, format: 'mono', zoom: 4, grid: false,
    connected: false, paused: false, liveTick: null, shownTick: null, frameTick: null,
    history: { firstTick: null, lastTick: null, frames: 0, dropped: 0 },
    series: { ingest: [], triggers: [], fps: [] }, lastFirings: null, lastStatusAt: null,
    reconnects: 0,
  };
  let image = null; // 1x ImageData of the panel
  let live = null; // 1x ImageData of the live panel while paused

  function resize() {
    image = new ImageData(state.width, state.height);
    for (let i = 3; i < image.data.length; i += 4) image.data[i] = 255;
    live = null;
    render();
    showGeometry();
  }

  function showGeometry() {
    $('geometry').textContent = `${state.width}x${state.height} ${state.format} @ ${state.fps} fps`;
  }

  function decodeInto(target, buf) {
    const view = new DataView(buf);
    const kind = view.getUint8(0);
    const tick = view.getUint32(1, true);
    const n = view.getUint16(5, true);
    let o = 7;
    const px = target.data;
    const W = state.width;
    for (let r = 0; r < n; r++) {
      const x0 = view.getUint16(o, true), y0 = view.getUint16(o + 2, true);
      const w = view.getUint16(o + 4, true), h = view.getUint16(o + 6, true);
      o += 8;
      const bytes = new Uint8Array(buf, o);
      let bit = 0, b = 0;
      for (let y = y0; y < y0 + h; y++) {
        for (let x = x0; x < x0 + w; x++) {
          const p = (y * W + x) * 4;
          let R, G, B;
          switch (state.format) {
            case 'mono': { const on = (bytes[bit >> 3] >> (7 - (bit & 7))) & 1; bit++; R = G = B = on ? 255 : 0; break; }
            case 'gray4': case 'gray8': R = G = B = bytes[b++]; break;
            case 'rgb565': { const v = bytes[b] | (bytes[b + 1] << 8); b += 2; const r5 = v >> 11, g6 = (v >> 5) & 63, b5 = v & 31; R = (r5 << 3) | (r5 >> 2); G = (g6 << 2) | (g6 >> 4); B = (b5 << 3) | (b5 >> 2); break; }
            default: R = bytes[b++]; G = bytes[b++]; B = bytes[b++];
          }
          px[p] = R; px[p + 1] = G; px[p + 2] = B; px[p + 3] = 255;
        }
      }
      o += state.format === 'mono' ? (bit + 7) >> 3 : b;
    }
    return { kind, tick };
  }

  function render() {
    const z = state.zoom;
    panel.width = state.width * z;
    panel.height = state.height * z;
    const off = document.createElement('canvas');
    off.width = state.width; off.height = state.height;
    off.getContext('2d').putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, 0, 0, panel.width, panel.height);
    if (state.grid && z >= 3) {
      ctx.strokeStyle = 'rgba(80,80,80,0.6)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let x = 0; x <= state.width; x++) { ctx.moveTo(x * z + 0.5, 0); ctx.lineTo(x * z + 0.5, panel.height); }
      for (let y = 0; y <= state.height; y++) { ctx.moveTo(0, y * z + 0.5); ctx.lineTo(panel.width, y * z + 0.5); }
      ctx.stroke();
    }
    $('tick').textContent = state.paused ? `tick ${state.shownTick} (frame of tick ${state.frameTick}, live ${state.liveTick})` : `tick ${state.liveTick ?? '-'}`;
  }

  function setConn(text, cls) { const el = $('conn'); el.textContent = text; el.className = cls; }

  function updateHistory(h) {
    if (!h) return;
    state.history = h;
    const s = $('scrub');
    if (h.firstTick != null) { s.min = h.firstTick; s.max = state.liveTick ?? h.lastTick; s.disabled = false; }
    if (!state.paused && state.liveTick != null) s.value = state.liveTick;
    $('history').textContent = `history: ${h.frames} frames, ticks ${h.firstTick ?? '-'}–${h.lastTick ?? '-'}, ${(h.bytes / 1024).toFixed(0)} KiB${h.dropped ? `, ${h.dropped} dropped` : ''}`;
  }

  function chart(id, values) {
    const c = $(id);
    const w = (c.width = c.clientWidth || 260), h = (c.height = 46);
    const g = c.getContext('2d');
    g.clearRect(0, 0, w, h);
    if (values.length < 2) return;
    const max = Math.max(1, ...values);
    g.strokeStyle = '#6fb3f0'; g.lineWidth = 1.5; g.beginPath();
    values.forEach((v, i) => { const x = (i / (60 - 1)) * w, y = h - 2 - (v / max) * (h - 4); i ? g.lineTo(x, y) : g.moveTo(x, y); });
    g.stroke();
  }
  function push(series, v) { series.push(v); if (series.length > 60) series.shift(); }

  function showStatus(m) {
    const st = m.status || {};
    const now = performance.now();
    if (typeof st.ingestPerSecond === 'number') { push(state.series.ingest, st.ingestPerSecond); $('v-ingest').textContent = st.ingestPerSecond.toFixed(1); }
    if (typeof st.triggerFirings === 'number') {
      if (state.lastFirings != null && state.lastStatusAt != null) {
        const rate = (st.triggerFirings - state.lastFirings) / Math.max(0.001, (now - state.lastStatusAt) / 1000);
        push(state.series.triggers, rate); $('v-triggers').textContent = `${rate.toFixed(2)} (total ${st.triggerFirings})`;
      }
      state.lastFirings = st.triggerFirings;
    }
    state.lastStatusAt = now;
    if (typeof st.framesPerSecond === 'number') { push(state.series.fps, st.framesPerSecond); $('v-fps').textContent = st.framesPerSecond.toFixed(1); }
    chart('chart-ingest', state.series.ingest); chart('chart-triggers', state.series.triggers); chart('chart-fps', state.series.fps);
    const sources = $('sources');
    sources.replaceChildren(...(st.sources || []).map((s) => { const li = document.createElement('li'); li.textContent = `${s.id}: ${s.state}`; li.className = `state-${s.state}`; return li; }));
    if (!sources.children.length) sources.innerHTML = '<li>-</li>';
    const stale = $('stale');
    stale.replaceChildren(...(st.staleKeys || []).map((k) => { const li = document.createElement('li'); li.textContent = k; return li; }));
    if (!stale.children.length) stale.innerHTML = '<li>none</li>';
    updateHistory(m.history);
  }

  let ws = null;
  let retry = 500;
  function connect() {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;
    ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => { retry = 500; state.connected = true; setConn(state.paused ? 'paused' : 'live', state.paused ? 'paused' : 'live'); };
    ws.onclose = () => {
      const was = state.connected;
      state.connected = false;
      if (was) state.reconnects++;
      setConn(`disconnected: reconnecting in ${(retry / 1000).toFixed(1)} s…`, 'down');
      setTimeout(connect, retry);
      retry = Math.min(5000, retry * 2);
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data === 'string') {
        const m = JSON.parse(ev.data);
        if (m.type === 'hello') {
          const changed = m.width !== state.width || m.height !== state.height || m.format !== state.format || !image;
          Object.assign(state, { width: m.width, height: m.height, format: m.format, fps: m.fps });
          if (!state.zoomChosen) { state.zoom = m.zoom; $('zoom').value = String(m.zoom); }
          if (!state.gridChosen) { state.grid = m.grid; $('grid').checked = m.grid; }
          // The page sized itself before the hello: the geometry line must follow it even when the size did not change.
          if (changed) resize(); else { render(); showGeometry(); }
          updateHistory(m.history);
        } else if (m.type === 'status') showStatus(m);
        else if (m.type === 'range') updateHistory(m.history);
        else if (m.type === 'detail') {
          state.shownTick = m.tick; state.frameTick = m.frameTick;
          $('detail').textContent = m.detail == null ? `tick ${m.tick}: nothing recorded` : JSON.stringify(m.detail, null, 2);
          updateHistory(m.history);
          render();
        }
        return;
      }
      const buf = ev.data;
      const kind = new DataView(buf).getUint8(0);
      if (kind === 1) {
        if (state.paused) {
          if (!live) live = new ImageData(new Uint8ClampedArray(image.data), state.width, state.height);
          const { tick } = decodeInto(live, buf);
          state.liveTick = tick;
        } else {
          const { tick } = decodeInto(image, buf);
          state.liveTick = tick; state.shownTick = tick; state.frameTick = tick;
          $('scrub').value = tick;
          render();
        }
      } else if (kind === 2) {
        decodeInto(image, buf);
        render();
      }
    };
  }

  function pause() {
    if (state.paused) return;
    state.paused = true;
    live = new ImageData(new Uint8ClampedArray(image.data), state.width, state.height);
    state.shownTick = state.liveTick;
    $('pause').textContent = 'resume';
    setConn('paused', 'paused');
    send({ type: 'range' });
  }
  function resume() {
    state.paused = false;
    if (live) image = live;
    live = null;
    state.shownTick = state.liveTick; state.frameTick = state.liveTick;
    $('pause').textContent = 'pause';
    $('detail').textContent = 'pause, then scrub or step to see the data, bindings and events of a tick';
    setConn(state.connected ? 'live' : 'disconnected', state.connected ? 'live' : 'down');
    render();
  }
  function seek(tick) { pause(); state.shownTick = tick; send({ type: 'seek', tick }); $('scrub').value = tick; }
  function send(m) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(m)); }

  $('zoom').onchange = (e) => { state.zoom = Number(e.target.value); state.zoomChosen = true; render(); };
  $('grid').onchange = (e) => { state.grid = e.target.checked; state.gridChosen = true; render(); };
  $('pause').onclick = () => (state.paused ? resume() : pause());
  $('live').onclick = resume;
  $('back').onclick = () => seek(Math.max(0, (state.shownTick ?? state.liveTick ?? 0) - 1));
  $('fwd').onclick = () => seek((state.shownTick ?? state.liveTick ?? 0) + 1);
  $('scrub').oninput = (e) => seek(Number(e.target.value));
  document.addEventListener('keydown', (e) => {
    if (e.target.tagName === 'INPUT' && e.target.type === 'range') return;
    if (e.key === ' ') { e.preventDefault(); state.paused ? resume() : pause(); }
    else if (e.key === 'ArrowLeft') $('back').click();
    else if (e.key === 'ArrowRight') $('fwd').click();
  });

  // For tests and curious users: what the page shows, at 1x.
  window.tinydisplay = {
    state,
    pixels: () => Array.from(image ? image.data : []),
    seek, pause, resume,
  };
  resize();
  connect();
})();
