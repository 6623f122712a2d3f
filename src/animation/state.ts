/**
 * Where an animation is in its life at a given tick.
 *
 * - `defined`: added, never scheduled (or removed from the schedule).
 * - `scheduled`: a start is set for a later tick (including its delay).
 * - `running`: between its first and last keyframe, repeats included.
 * - `paused`: frozen at the tick it was paused at; holds that frame.
 * - `finished`: ran to its end; holds its end value unless its fill says otherwise.
 * - `stopped`: stopped explicitly before its end; writes nothing.
 */
export type AnimationState = 'defined' | 'scheduled' | 'running' | 'paused' | 'finished' | 'stopped';
