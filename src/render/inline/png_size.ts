/** A PNG file's size in pixels, read from its header without decoding the image. */

/**
 * Width and height from the IHDR chunk, which the format puts first: bytes 16-23 of the file,
 * big-endian (after the 8-byte signature, the chunk's length and its type).
 */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
