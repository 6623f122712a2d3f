// Public names of the math layer (a leaf: every layer may import it; it imports nothing).
export { type DetMath, detMath } from './det-math.js';
