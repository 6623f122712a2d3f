/**
 * The demo's embedded config: a 128x64 mono system monitor from this machine's own metrics (no
 * network): CPU with a bar that retargets smoothly and a sparkline, memory, temperature where the
 * machine has a sensor, network receive rate, and an alert sequence when CPU goes above 80 %.
 */
export const DEMO_CONFIG = `
display: { width: 128, height: 64, format: mono, fps: 30 }
sources:
  - { id: system, url: system, interval: 500ms }
widgets:
  - { type: text, id: cpuText, x: 0, y: 0, w: 128, h: 10, font: 6x10, text: "CPU {cpu.percent:0}%" }
  - { type: progress-bar, id: cpuBar, x: 0, y: 11, w: 128, h: 7, border: 1, status: { key: cpu.percent, show: dim } }
  - { type: sparkline, id: cpuSpark, x: 0, y: 20, w: 128, h: 18, key: cpu.percent, min: 0, max: 100 }
  - { type: text, id: memText, x: 0, y: 40, w: 64, h: 10, font: 5x7, text: "MEM {memory.usedPercent:0}%" }
  - { type: text, id: tempText, x: 64, y: 40, w: 64, h: 10, font: 5x7, text: "TEMP {temperature.cpu:0}C" }
  - { type: text, id: netText, x: 0, y: 52, w: 128, h: 10, font: 5x7, text: "NET rx {network.rxBytesPerSecond:0} B/s" }
  - type: group
    id: alert
    x: 24
    y: 20
    w: 80
    h: 18
    visible: false
    children:
      - { type: rectangle, x: 0, y: 0, w: 80, h: 18, fill: true, colour: "#000000", border: 1, borderColour: "#ffffff" }
      - { type: text, x: 0, y: 4, w: 80, h: 10, font: 6x10, align: center, text: "CPU HIGH" }
bindings:
  - key: cpu.percent
    target: cpuBar
    property: fill
    map: { kind: linear, in: [0, 100], out: [0, 1] }
    transition: { duration: 400ms, easing: cubicOut }
    staleAfter: 5s
animations:
  - id: alertBlink
    target: alert
    tracks:
      visible:
        - { at: 0, value: 1 }
        - { at: 8, value: 0, easing: "steps(1)" }
        - { at: 16, value: 1, easing: "steps(1)" }
        - { at: 24, value: 0, easing: "steps(1)" }
coordination:
  sequences:
    - { id: alertSequence, steps: [{ animation: alertBlink }, { animation: alertBlink, gap: 300ms }] }
triggers:
  - { id: cpuHigh, when: "cpu.percent > 80", cooldown: 5s, actions: [{ fire: alertSequence }] }
`;
