/**
 * An easing maps progress `t` in [0, 1] to eased progress; `f(0) = 0` and `f(1) = 1` for every
 * built-in. Overshooting easings (back, elastic) leave [0, 1] in between.
 */
export type EasingFn = (t: number) => number;
