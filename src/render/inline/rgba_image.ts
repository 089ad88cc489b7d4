/** A picture as pixels: what a sixel encoder needs (kitty and iTerm2 take the PNG file instead). */

/** `width` x `height` pixels, row by row, 4 bytes each (red, green, blue, alpha). */
export interface RgbaImage {
  width: number;
  height: number;
  /** length = width * height * 4. */
  data: Uint8Array | Uint8ClampedArray;
}
