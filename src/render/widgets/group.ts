/**
 * Group: a box that holds widgets. Its `x`/`y` offset its children, its `visible` hides them all,
 * its `z` orders it among its siblings, and it clips its children to its box (unless `clip: false`).
 * Children draw in z order (equal z: the order given). A group draws nothing itself.
 */
import type { Framebuffer } from '../framebuffer.js';
import { type BoxOptions, BoxWidget, type Widget } from './widget.js';

/** Options of a `Group`: its children and whether they are clipped to its box (default true). */
export interface GroupOptions extends BoxOptions {
  readonly children: readonly Widget[];
  /** Clip children to the group's box. Default true. */
  readonly clip?: boolean;
}

/** A box of child widgets that move, show and clip together. */
export class Group extends BoxWidget {
  readonly children: readonly Widget[];
  readonly clipsChildren: boolean;

  constructor(options: GroupOptions) {
    super('Group', options, []);
    if (!Array.isArray(options.children)) {
      throw new TypeError(`${this.describe()}: 'children' must be an array of widgets`);
    }
    this.children = [...options.children];
    this.clipsChildren = options.clip !== false;
  }

  protected paint(_fb: Framebuffer): void {}
}
