/**
 * The config file's schema (zod 4): one object per section, every field documented with its unit and
 * default. The same schema validates a file (`validateConfig`) and produces the committed JSON Schema
 * (`configJsonSchema`, `npm run schema`), so the editor's completion and the CLI's check agree.
 *
 * Only the shape is checked here; what needs two sections at once (a binding's widget property, a
 * trigger's keys, an animation id) is checked in `validate.ts`.
 */
import { z } from 'zod';
import { DURATION_PATTERN } from './duration.js';

const id = z
  .string()
  .min(1)
  .regex(/^[A-Za-z_][\w.-]*$/, 'an id: a letter or _, then letters, digits, _ . -');

/** A duration with its unit in the value: `500ms`, `2s`, `1min`, `12ticks`. */
export const durationSchema = z
  .string({ error: 'expected a duration with its unit in the value: 500ms, 2s, 1min or 12ticks' })
  .regex(DURATION_PATTERN, 'a duration with its unit: 500ms, 2s, 1min or 12ticks')
  .describe('A duration with its unit in the value: `500ms`, `2s`, `1min`, `12ticks`.');

const colour = z
  .union([
    z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, "a colour '#rgb' or '#rrggbb'"),
    z.number().int().min(0).max(0xffffff),
  ])
  .describe("A colour: '#rgb', '#rrggbb' or 0xRRGGBB.");

const parameterValue = z.union([z.number(), z.string(), z.boolean()]);

export const displaySchema = z
  .strictObject({
    width: z.number().int().min(1).max(4096).describe('Width in pixels.'),
    height: z.number().int().min(1).max(4096).describe('Height in pixels.'),
    format: z
      .enum(['mono', 'gray4', 'gray8', 'rgb565', 'rgb888'])
      .default('mono')
      .describe("Pixel format of the framebuffer. Default 'mono'."),
    fps: z.number().gt(0).max(240).default(30).describe('Ticks (and at most frames) per second. Default 30.'),
    rotation: z
      .literal([0, 90, 180, 270], { error: 'expected 0, 90, 180 or 270' })
      .default(0)
      .describe(
        "Degrees clockwise the picture is turned on the panel, for every output alike (PNG, GIF and the simulator show what the panel shows). width and height are the layout's: a 128x64 panel at 90 or 270 takes width 64, height 128. Default 0.",
      ),
    background: colour.optional().describe('What an empty pixel shows. Default black.'),
  })
  .describe('The display: size, pixel format, tick rate.');

export const bufferSchema = z
  .strictObject({
    capacity: z
      .number()
      .int()
      .min(16)
      .max(10_000_000)
      .optional()
      .describe(
        'Points held. Default 10,000. Each numeric key is a column of this many 8-byte values, whatever its rate: size it to the longest history the display reads.',
      ),
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .optional()
      .describe('Byte budget of everything the buffer holds. Default 20 MB.'),
  })
  .describe('The ring buffer every source writes into.');

export const sourceSchema = z
  .strictObject({
    id: id.describe('Source id written with every point; unique.'),
    url: z
      .string()
      .min(1)
      .describe(
        'Where the data comes from, as on the command line: `system`, `synthetic[:seed]`, `mqtt://[user:password@]host[:port]/topic/#` (credentials percent-encoded; the password is never printed), `tcp://host:port`, `tcp-listen://host:port`, `ws://...`, `http://...`, `stdin`, `file:PATH`.',
      ),
    interval: durationSchema.optional().describe('Sampling (system, synthetic) or polling (http) interval.'),
    key: z
      .string()
      .min(1)
      .optional()
      .describe('Nest each message under this key (ws, http): for plain-number messages.'),
    format: z
      .enum(['json', 'number', 'string', 'auto'])
      .optional()
      .describe('How ws/http/tcp/stdin payloads are read (MQTT takes `?format=` in its url). Default auto.'),
    speed: z
      .number()
      .gt(0)
      .optional()
      .describe('Replay speed of `file:` sources (1 = as recorded). Default 1.'),
    retries: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        'Failed reconnections in a row before the source has failed for good (the run ends). Default: never.',
      ),
  })
  .describe('One data source.');

const linearMap = z.strictObject({
  kind: z.literal('linear'),
  in: z.tuple([z.number(), z.number()]).describe('Input range [from, to].'),
  out: z.tuple([z.number(), z.number()]).describe('Output range [from, to].'),
  clamp: z.boolean().optional().describe('Clamp outside the input range. Default true.'),
});
const thresholdMap = z.strictObject({
  kind: z.literal('thresholds'),
  below: parameterValue.describe('Value below the first step.'),
  steps: z.array(z.strictObject({ from: z.number(), value: parameterValue })).min(1),
});
const lookupMap = z.strictObject({
  kind: z.literal('lookup'),
  table: z.record(z.string(), parameterValue),
  fallback: parameterValue.optional(),
});
export const mapSchema = z
  .discriminatedUnion('kind', [linearMap, thresholdMap, lookupMap])
  .describe('How a data value becomes a property value: linear, thresholds or lookup.');

const transitionSchema = z
  .strictObject({
    duration: durationSchema.describe('Length of the transition.'),
    easing: z
      .string()
      .default('linear')
      .describe("Easing name (linear, cubicOut, steps(4), cubic-bezier(...)). Default 'linear'."),
  })
  .describe('Move from the value on screen to the new one over `duration`.');

const onStaleSchema = z
  .union([
    z.literal('hold'),
    z.strictObject({ kind: z.literal('hold') }),
    z.strictObject({ kind: z.literal('default'), value: parameterValue }),
    z.strictObject({ kind: z.literal('decay'), value: parameterValue, duration: durationSchema }),
    z.strictObject({ kind: z.literal('mark'), marker: parameterValue }),
  ])
  .describe("What a binding shows when its key goes stale. Default 'hold'.");

export const bindingSchema = z
  .strictObject({
    id: id.optional().describe('Binding id for metrics and errors. Default `<key>-><target>.<property>`.'),
    key: z.string().min(1).describe('The data key (`cpu`, `cpu.percent`, `sensors/temp`).'),
    target: id.describe('The widget id.'),
    property: z.string().min(1).describe('The widget property (`fill`, `value`, `colour`, `x`...).'),
    map: mapSchema.optional(),
    initial: parameterValue.optional().describe('Value before the first data. Default the widget’s own.'),
    deadband: z
      .number()
      .min(0)
      .optional()
      .describe('Ignore changes smaller than this (data units). Default 0.'),
    debounce: durationSchema.optional().describe('Apply only once no other change came for this long.'),
    throttle: durationSchema.optional().describe('At most one update per this long.'),
    transition: transitionSchema.optional(),
    staleAfter: durationSchema
      .optional()
      .describe('The key is stale after this long without data. Default never.'),
    onStale: onStaleSchema.optional(),
  })
  .describe('Data key -> widget property.');

const conditionBuilder = z
  .strictObject({
    condition: z
      .enum(['above', 'below', 'inRange', 'outside', 'crosses', 'changed', 'hysteresis', 'rateOfChange'])
      .describe('A condition builder by name.'),
    key: z.string().min(1).describe('The key the condition reads.'),
    args: z
      .array(z.union([z.number(), z.string()]))
      .default([])
      .describe('Its arguments, in order.'),
  })
  .describe('A condition builder: `{ condition: above, key: cpu, args: [80] }`.');

const actionSchema = z
  .union([
    z.strictObject({ start: id.describe('Start this animation.') }),
    z.strictObject({ stop: id.describe('Stop this animation.') }),
    z.strictObject({
      fire: id.describe('Fire this coordination primitive (sequence, sync, timeline, trigger).'),
      after: durationSchema.optional().describe('Fire it this long later. Default now.'),
    }),
    z.strictObject({
      set: z.strictObject({
        target: id,
        property: z.string().min(1),
        value: parameterValue,
        transition: transitionSchema.optional(),
      }),
    }),
  ])
  .describe(
    '`{ start: id }`, `{ stop: id }`, `{ fire: id, after? }` or `{ set: { target, property, value } }`.',
  );

export const triggerSchema = z
  .strictObject({
    id: id.describe('Trigger id (a coordination primitive id).'),
    when: z
      .union([z.string().min(1).max(1000), conditionBuilder])
      .describe('A CEL expression over data keys (`cpu > 80 && temp > 60`) or a condition builder.'),
    mode: z
      .enum(['edge', 'level'])
      .default('edge')
      .describe("'edge' (default): fire on false -> true; 'level': every tick it holds."),
    cooldown: durationSchema.optional().describe('Do not fire again for this long.'),
    priority: z.number().default(0).describe('Higher runs first within a tick. Default 0.'),
    actions: z.array(actionSchema).min(1),
  })
  .describe('A data trigger: a condition and what it fires.');

const keyframe = z.strictObject({
  at: z.number().min(0).describe('Tick of this keyframe, from the animation start.'),
  value: z.union([z.number(), z.string(), z.array(z.number()), z.strictObject({ param: z.string() })]),
  easing: z.string().optional().describe('Easing of the segment leading into this keyframe.'),
});

export const animationSchema = z
  .strictObject({
    id: id,
    target: id.describe('The widget id it animates.'),
    tracks: z.record(z.string(), z.array(keyframe).min(1)).describe('Keyframes per property.'),
    delay: z.number().int().min(0).optional().describe('Ticks before it starts.'),
    repeat: z
      .union([z.number().int().min(0), z.literal('infinite')])
      .optional()
      .describe('Extra plays. Default 0.'),
    direction: z.enum(['normal', 'reverse', 'alternate']).optional(),
    fill: z.enum(['hold', 'none']).optional().describe("'hold' (default): keep the end value after it ends."),
    duration: z.number().gt(0).optional().describe('Ticks one play lasts. Default the last keyframe.'),
    speed: z.number().gt(0).optional(),
    parameters: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
    autostart: z.boolean().default(false).describe('Start at the first tick.'),
  })
  .describe("A keyframe animation (the engine's AnimationDefinition, ticks as units).");

const step = z.strictObject({
  animation: id,
  gap: durationSchema.optional().describe('Wait after the previous step ends.'),
});

export const coordinationSchema = z
  .strictObject({
    syncs: z.array(z.strictObject({ id, animations: z.array(id).min(1) })).default([]),
    sequences: z.array(z.strictObject({ id, steps: z.array(step).min(1) })).default([]),
    barriers: z
      .array(z.strictObject({ id, members: z.array(id).min(1), actions: z.array(actionSchema).default([]) }))
      .default([]),
    timelines: z
      .array(
        z.strictObject({
          id,
          entries: z
            .array(z.strictObject({ at: durationSchema, actions: z.array(actionSchema).min(1) }))
            .min(1),
        }),
      )
      .default([]),
  })
  .describe('Syncs, sequences, barriers and timelines over the animations.');

const status = z
  .strictObject({
    key: z.string().min(1),
    show: z.enum(['dim', 'strike', 'blink', 'icon']).optional(),
  })
  .describe("Show this key's staleness on the widget.");

const common = {
  id: id.optional().describe('Id used by bindings and animations; unique.'),
  x: z.number().optional(),
  y: z.number().optional(),
  visible: z.boolean().optional(),
  z: z.number().optional(),
  status: status.optional(),
};
const box = { ...common, w: z.number().min(0), h: z.number().min(0) };

const textWidget = z.strictObject({
  type: z.literal('text'),
  ...box,
  text: z
    .string()
    .default('')
    .describe('The text; `{key}` shows the latest value of a data key, `{key:1}` with 1 decimal.'),
  font: z.enum(['5x7', '6x10', '8x16', '16x32']).default('6x10'),
  align: z.enum(['left', 'center', 'right']).optional(),
  verticalAlign: z.enum(['top', 'middle', 'bottom']).optional(),
  overflow: z.enum(['clip', 'ellipsis', 'marquee']).optional(),
  marquee: z
    .strictObject({
      speed: z.number().optional(),
      pause: z.number().optional(),
      mode: z.enum(['loop', 'bounce']).optional(),
      gap: z.number().optional(),
    })
    .optional(),
  colour: colour.optional(),
  background: colour.optional(),
});
const progressWidget = z.strictObject({
  type: z.literal('progress-bar'),
  ...box,
  fill: z.number().min(0).max(1).optional().describe('0..1.'),
  orientation: z.enum(['horizontal', 'vertical']).optional(),
  border: z.number().min(0).optional(),
  colour: colour.optional(),
  background: colour.optional(),
  borderColour: colour.optional(),
});
const gaugeWidget = z.strictObject({
  type: z.literal('gauge'),
  ...box,
  value: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  sweep: z.number().optional(),
  mode: z.enum(['fill', 'needle']).optional(),
  thickness: z.number().optional(),
  colour: colour.optional(),
  trackColour: colour.optional(),
});
const sparklineWidget = z.strictObject({
  type: z.literal('sparkline'),
  ...box,
  key: z.string().min(1).describe('The data key whose history it draws.'),
  mode: z.enum(['line', 'bars']).optional(),
  min: z.union([z.number(), z.literal('auto')]).optional(),
  max: z.union([z.number(), z.literal('auto')]).optional(),
  step: z.number().optional(),
  colour: colour.optional(),
});
const imageWidget = z.strictObject({
  type: z.literal('image'),
  ...common,
  file: z.string().min(1).describe('A PNG file, relative to the config file.'),
  dither: z.enum(['floyd-steinberg', 'ordered', 'threshold']).optional(),
});
const rectangleWidget = z.strictObject({
  type: z.literal('rectangle'),
  ...box,
  colour: colour.optional(),
  fill: z.boolean().optional(),
  border: z.number().optional(),
  borderColour: colour.optional(),
  radius: z.number().optional(),
});
const lineWidget = z.strictObject({
  type: z.literal('line'),
  ...common,
  x2: z.number(),
  y2: z.number(),
  colour: colour.optional(),
});

/** A widget: `type` and its options (`children` for groups). */
export type WidgetConfig =
  | z.output<typeof textWidget>
  | z.output<typeof progressWidget>
  | z.output<typeof gaugeWidget>
  | z.output<typeof sparklineWidget>
  | z.output<typeof imageWidget>
  | z.output<typeof rectangleWidget>
  | z.output<typeof lineWidget>
  | GroupWidgetConfig;

export interface GroupWidgetConfig {
  type: 'group';
  id?: string | undefined;
  x?: number | undefined;
  y?: number | undefined;
  visible?: boolean | undefined;
  z?: number | undefined;
  status?: { key: string; show?: 'dim' | 'strike' | 'blink' | 'icon' | undefined } | undefined;
  w: number;
  h: number;
  clip?: boolean | undefined;
  children: WidgetConfig[];
}

export const widgetSchema: z.ZodType<WidgetConfig> = z.lazy(() =>
  z.discriminatedUnion('type', [
    textWidget,
    progressWidget,
    gaugeWidget,
    sparklineWidget,
    imageWidget,
    rectangleWidget,
    lineWidget,
    z.strictObject({
      type: z.literal('group'),
      ...box,
      clip: z.boolean().optional(),
      children: z.array(widgetSchema).default([]),
    }),
  ]),
);

const outputSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('terminal'),
      zoom: z.number().int().min(1).max(8).optional(),
      border: z.boolean().optional(),
    }),
    z.strictObject({
      type: z.literal('simulator'),
      host: z
        .string()
        .default('127.0.0.1')
        .describe('Address to listen on. Default 127.0.0.1 (this machine only).'),
      port: z
        .number()
        .int()
        .min(0)
        .max(65535)
        .default(4280)
        .describe('TCP port; 0 picks a free one. Default 4280.'),
      zoom: z.number().int().min(1).max(16).optional(),
    }),
    z.strictObject({ type: z.literal('png-dir'), dir: z.string().min(1) }),
    z.strictObject({
      type: z.literal('gif'),
      file: z.string().min(1),
      maxBytes: z.number().int().min(1024).optional(),
    }),
    z.strictObject({
      type: z.enum(['ssd1306', 'sh1106']),
      bus: z.number().int().min(0).default(1).describe('I2C bus number (/dev/i2c-N). Default 1.'),
      address: z.number().int().min(0).max(127).default(0x3c).describe('I2C address. Default 0x3c.'),
      contrast: z.number().int().min(0).max(255).optional(),
      clearOnExit: z.boolean().default(false).describe('Clear the panel when the run stops.'),
    }),
    z.strictObject({
      type: z.literal('spi-tft'),
      controller: z.enum(['st7735', 'st7789', 'ili9341']),
      bus: z.number().int().min(0).default(0),
      device: z.number().int().min(0).default(0),
      speedHz: z.number().int().min(1).optional(),
      dc: z.number().int().min(0).describe('GPIO line of the D/C pin.'),
      clearOnExit: z.boolean().default(false),
    }),
    z.strictObject({
      type: z.literal('fbdev'),
      device: z.string().default('/dev/fb0'),
      clearOnExit: z.boolean().default(false),
    }),
  ])
  .describe('Where frames go.');

export const monitoringSchema = z
  .strictObject({
    prometheus: z.boolean().default(false).describe('Serve Prometheus metrics at /metrics on the simulator.'),
  })
  .describe('Metrics.');

/** The whole config file. */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema this file follows (for editors).'),
    display: displaySchema,
    buffer: bufferSchema.default({}),
    sources: z.array(sourceSchema).default([]),
    bindings: z.array(bindingSchema).default([]),
    triggers: z.array(triggerSchema).default([]),
    animations: z.array(animationSchema).default([]),
    coordination: coordinationSchema.default({ syncs: [], sequences: [], barriers: [], timelines: [] }),
    widgets: z.array(widgetSchema).default([]),
    outputs: z.array(outputSchema).default([]),
    monitoring: monitoringSchema.default({ prometheus: false }),
  })
  .describe('A tinydisplay config: data sources, bindings, triggers, animations, widgets and outputs.');

/** A validated config (defaults filled in). */
export type Config = z.output<typeof configSchema>;
export type SourceConfig = z.output<typeof sourceSchema>;
export type BindingConfig = z.output<typeof bindingSchema>;
export type TriggerConfig = z.output<typeof triggerSchema>;
export type AnimationConfig = z.output<typeof animationSchema>;
export type OutputConfig = z.output<typeof outputSchema>;
export type ActionConfig = z.output<typeof actionSchema>;
export type MapConfig = z.output<typeof mapSchema>;

/** The JSON Schema of the config file (draft 2020-12), from the same zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
