// The part of gifenc (a CommonJS package without types) the GIF output uses.
declare module 'gifenc' {
  export interface GifFrameOptions {
    palette?: number[][];
    /** Milliseconds; gifenc stores it rounded to 1/100 s. */
    delay?: number;
    /** 0 loops forever, -1 plays once, n repeats n times. Read from the first frame. */
    repeat?: number;
  }
  export interface GifEncoderInstance {
    writeFrame(index: Uint8Array, width: number, height: number, options?: GifFrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
  }
  const gifenc: { GIFEncoder(options?: { auto?: boolean; initialCapacity?: number }): GifEncoderInstance };
  export default gifenc;
}
