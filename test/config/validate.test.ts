import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { durationTicks, expressionKeys } from '../../src/config/index.js';
import { configJsonSchema, formatIssues, parseDuration, validateConfigText } from '../../src/config.js';

const keys = (list: string[]) => () => ({ keys: list });

const base = `
display: { width: 128, height: 64, fps: 30 }
sources: [{ id: sys, url: system }]
widgets:
  - { type: progress-bar, id: bar, w: 100, h: 8 }
  - { type: text, id: label, y: 10, w: 100, h: 10, text: "CPU {cpu:0}%" }
  - type: group
    id: box
    w: 128
    h: 20
    children:
      - { type: sparkline, id: spark, w: 64, h: 16, key: cpu }
animations:
  - { id: flash, target: box, tracks: { visible: [{ at: 0, value: 0 }, { at: 4, value: 1 }] } }
coordination:
  sequences: [{ id: alert, steps: [{ animation: flash }, { animation: flash, gap: 100ms }] }]
bindings:
  - { key: cpu, target: bar, property: fill, map: { kind: linear, in: [0, 100], out: [0, 1] }, transition: { duration: 300ms } }
triggers:
  - { id: hot, when: "cpu > 80", cooldown: 2s, actions: [{ fire: alert }] }
`;

describe('config validation', () => {
  it('accepts a complete config and fills in defaults', () => {
    const r = validateConfigText(base, { sourceKeys: keys(['cpu']) });
    expect(formatIssues(r.errors)).toBe('');
    expect(r.config?.display.format).toBe('mono');
    expect(r.config?.triggers[0]?.mode).toBe('edge');
    expect(r.warnings).toEqual([]);
  });

  it('reports every shape error at once, each with its path and what was expected', () => {
    const r = validateConfigText(
      `
display: { width: 0, height: 64, fps: 30 }
widgets:
  - { type: progress-bar, id: bar, w: 10, h: 5 }
  - { type: progress-bar, id: bar2, w: 10, h: 5, fill: 3 }
  - { type: blob, id: x }
bindings:
  - { key: cpu, target: bar, property: fill, debounce: 500 }
`,
    );
    expect(r.config).toBeUndefined();
    const text = formatIssues(r.errors);
    expect(text).toMatch(/^display\.width: .*>=1/m);
    expect(text).toMatch(/^widgets\[1\]\.fill: .*<=1/m);
    expect(text).toMatch(/^widgets\[2\]\.type: /m);
    expect(text).toMatch(/^bindings\[0\]\.debounce: expected a duration with its unit/m);
    expect(r.errors).toHaveLength(4);
  });

  it('checks across sections: widget properties, ids, animations, keys and expressions', () => {
    const broken = base
      .replace('property: fill', 'property: fil')
      .replace(
        '{ fire: alert }',
        '{ fire: alert }, { start: flish }, { set: { target: nope, property: x, value: 1 } }',
      )
      .replace('"cpu > 80"', '"cpu > 80 && memx < 2"');
    const r = validateConfigText(broken, { sourceKeys: keys(['cpu']) });
    const text = formatIssues(r.errors);
    expect(text).toContain('bindings[0].property: progress-bar "bar" has no property "fil" (expected one of');
    expect(text).toContain('triggers[0].actions[1].start: no animation has the id "flish"');
    expect(text).toContain('triggers[0].actions[2].set.target: no widget has the id "nope"');
    expect(text).toContain('triggers[0].when: no source provides the key "memx" (keys known: cpu)');
    expect(r.errors).toHaveLength(4);
  });

  it('reports the shape errors and the errors across sections in one run, shape errors first', () => {
    const r = validateConfigText(
      `
display: { width: 128, height: 64, fps: 30, rotation: 90 }
sources: [{ id: sys, url: system }]
widgets:
  - { type: progress-bar, id: bar, w: 100, h: 8 }
  - { type: progress-bar, id: bar2, w: 100, h: 8, fill: 3 }
animations:
  - { id: flash, target: bar, tracks: { visible: [{ at: 0, value: 0 }, { at: 4, value: 1 }] } }
bindings:
  - { key: cpu, target: bar, property: fil }
  - { key: cpu, target: bar, property: fill, debounce: 500 }
triggers:
  - { id: hot, when: "cpu > 80 && memx < 2", actions: [{ start: flash }] }
  - { id: cold, when: "cpu < ", actions: [{ start: nope }] }
outputs:
  - { type: terminal, zoom: 0 }
  - { type: ssd1306 }
`,
      { sourceKeys: keys(['cpu']) },
    );
    expect(r.config).toBeUndefined();
    expect(r.errors.map((e) => e.path)).toEqual([
      'bindings[1].debounce',
      'widgets[1].fill',
      'outputs[0].zoom',
      'bindings[0].property',
      'display.rotation',
      'triggers[0].when',
      'triggers[1].when',
      'triggers[1].actions[0].start',
    ]);
    const text = formatIssues(r.errors);
    expect(text).toContain('bindings[0].property: progress-bar "bar" has no property "fil"');
    expect(text).toContain('triggers[0].when: no source provides the key "memx"');
    expect(text).toMatch(/^triggers\[1\]\.when: expression syntax error/m);
    expect(text).toContain('triggers[1].actions[0].start: no animation has the id "nope"');
  });

  it('counts an id carried by an item that failed its shape as defined: only its shape error', () => {
    const r = validateConfigText(
      `
display: { width: 128, height: 64 }
sources: [{ id: sys, url: system, interval: 5 }]
widgets:
  - { type: progress-bar, id: bar, w: 100, h: 8, fill: 3 }
  - type: group
    id: box
    w: 128
    h: 20
    children:
      - { type: sparkline, id: spark, w: 64, h: 16 }
      - { type: gauge, id: dial, w: 16, h: 16 }
animations:
  - { id: flash, target: bar, tracks: {} , repeat: -1 }
bindings:
  - { key: cpu, target: bar, property: fill }
  - { key: cpu, target: spark, property: colour }
  - { key: cpu, target: dial, property: valu }
triggers:
  - { id: hot, when: "cpu > 80", actions: [{ start: flash }, { fire: later }] }
coordination:
  timelines: [{ id: later, entries: [] }]
`,
      { sourceKeys: keys(['cpu']) },
    );
    // The source's keys still come from its url; the group keeps the child that parsed.
    expect(r.errors.map((e) => e.path)).toEqual([
      'sources[0].interval',
      'animations[0].repeat',
      'coordination.timelines[0].entries',
      'widgets[0].fill',
      'widgets[1].children[0].key',
      'bindings[2].property',
    ]);
    expect(r.errors.at(-1)?.message).toMatch(/^gauge "dial" has no property "valu"/);
    expect(r.warnings).toEqual([]);
  });

  it('reports a widget that cannot be built once, not again at each reference to it', () => {
    const r = validateConfigText(
      `
display: { width: 128, height: 64 }
widgets: [{ type: image, id: logo, file: missing-logo.png }]
bindings: [{ key: cpu, target: logo, property: x }]
animations: [{ id: slide, target: logo, tracks: { x: [{ at: 0, value: 0 }] } }]
`,
      { sourceKeys: keys(['cpu']) },
    );
    expect(r.errors.map((e) => e.path)).toEqual(['widgets[0]']);
  });

  it('checks across sections when a section fails as a whole, skipping what needs it', () => {
    const noDisplay = validateConfigText(
      `
display: { width: 128 }
widgets: [{ type: progress-bar, id: bar, w: 100, h: 8 }]
bindings: [{ key: cpu, target: bar, property: fil }]
outputs: [{ type: ssd1306 }]
`,
      { sourceKeys: keys(['cpu']) },
    );
    expect(noDisplay.errors.map((e) => e.path)).toEqual(['display.height', 'bindings[0].property']);
    // No widget list: a binding's target is not reported as undefined.
    const noWidgets = validateConfigText(
      `
display: { width: 128, height: 64 }
sources: [{ id: sys, url: system }]
widgets: { type: progress-bar, id: bar, w: 100, h: 8 }
bindings: [{ key: cpu, target: bar, property: fill }]
triggers: [{ id: hot, when: "cpux > 1", actions: [{ set: { target: bar, property: fill, value: 1 } }] }]
`,
      { sourceKeys: keys(['cpu']) },
    );
    expect(noWidgets.errors.map((e) => e.path)).toEqual(['widgets', 'triggers[0].when']);
    // Not an object: only the shape error.
    expect(validateConfigText('[1, 2]').errors).toHaveLength(1);
  });

  it('names every rotation allowed for a bad display.rotation', () => {
    const r = validateConfigText('display: { width: 128, height: 64, rotation: 45 }\n');
    expect(r.config).toBeUndefined();
    expect(r.errors.map((e) => e.path)).toEqual(['display.rotation']);
    expect(formatIssues(r.errors)).toContain('display.rotation: expected 0, 90, 180 or 270');
  });

  it('checks the display, turned by its rotation, against each panel output, naming the path and value', () => {
    const panelConfig = (size: string, rotation: number, outputs: string) =>
      `display: { ${size}, rotation: ${rotation} }\noutputs: ${outputs}`;
    const ssd = '[{ type: terminal }, { type: ssd1306 }]';
    // A 128x64 panel: the layout is 128x64 at 0 and 180, 64x128 (portrait) at 90 and 270.
    for (const [size, rotation] of [
      ['width: 128, height: 64', 0],
      ['width: 128, height: 64', 180],
      ['width: 64, height: 128', 90],
      ['width: 32, height: 128', 270],
    ] as const)
      expect(
        formatIssues(validateConfigText(panelConfig(size, rotation, ssd)).errors),
        `${size} ${rotation}`,
      ).toBe('');
    const turned = validateConfigText(panelConfig('width: 128, height: 64', 90, ssd));
    expect(formatIssues(turned.errors)).toBe(
      'display.rotation: 90: the 128x64 display is 64x128 on the panel, and outputs[1] (ssd1306) takes 128x64 or 128x32 pixels: at rotation 90 give width 64 and height 128 (the layout turned), or use rotation 0 or 180',
    );
    const portraitAt0 = validateConfigText(panelConfig('width: 64, height: 128', 180, ssd));
    expect(portraitAt0.errors.map((e) => e.path)).toEqual(['display.rotation']);
    expect(portraitAt0.errors[0]?.message).toMatch(/^180: .* or use rotation 90 or 270$/);
    // A size no rotation fits: the display is named; every panel output that does not fit is reported.
    const neither = validateConfigText(
      panelConfig(
        'width: 100, height: 50',
        270,
        '[{ type: sh1106 }, { type: spi-tft, controller: st7735, dc: 24 }, { type: png-dir, dir: out }]',
      ),
    );
    expect(formatIssues(neither.errors)).toBe(
      'display: 100x50 at rotation 270 is 50x100 on the panel, and outputs[0] (sh1106) takes a height of 64 or 32 and a width up to 130 pixels',
    );
    const tft = validateConfigText(
      panelConfig(
        'width: 320, height: 240, format: rgb565',
        0,
        '[{ type: spi-tft, controller: st7789, dc: 24 }]',
      ),
    );
    expect(tft.errors).toEqual([
      {
        path: 'display.rotation',
        message: expect.stringContaining('outputs[0] (spi-tft st7789) takes at most 240x320 pixels'),
      },
    ]);
    expect(
      validateConfigText(
        panelConfig(
          'width: 320, height: 240, format: rgb565',
          90,
          '[{ type: spi-tft, controller: st7789, dc: 24 }]',
        ),
      ).errors,
    ).toEqual([]);
  });

  it('makes an unknown key a warning when a source cannot tell its keys ahead', () => {
    const r = validateConfigText(base.replace('url: system', 'url: "mqtt://127.0.0.1/x/#"'), {
      sourceKeys: () => ({}),
    });
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.path)).toContain('bindings[0].key');
  });

  it('names a syntax error in a trigger expression and a YAML error with its line', () => {
    const r = validateConfigText(base.replace('"cpu > 80"', '"cpu > "'), { sourceKeys: keys(['cpu']) });
    expect(formatIssues(r.errors)).toMatch(/^triggers\[0\]\.when: expression syntax error/m);
    const y = validateConfigText('display: { width: 1\n  height: [');
    expect(formatIssues(y.errors)).toMatch(/^\(file\): not valid YAML or JSON/);
  });

  it('parses durations with their unit and refuses bare numbers', () => {
    expect(parseDuration('500ms')).toEqual({ ms: 500 });
    expect(parseDuration('2s')).toEqual({ ms: 2000 });
    expect(parseDuration('12ticks')).toBe(12);
    expect(durationTicks('1s', 30)).toBe(30);
    expect(() => parseDuration('500')).toThrow(/unit/);
  });

  it('finds the keys of an expression outside string literals and function names', () => {
    expect(expressionKeys('cpu.percent > 80 && status == "cpu.hot" || size(x) > 1')).toEqual([
      'cpu.percent',
      'status',
      'x',
    ]);
  });

  it('has a committed JSON Schema that matches the zod schema (npm run schema)', () => {
    const committed = readFileSync(
      new URL('../../schema/tinydisplay.config.schema.json', import.meta.url),
      'utf8',
    );
    expect(committed).toBe(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  });
});
