/**
 * A picture made `factor` times smaller by averaging each factor x factor block: the PNG is drawn
 * at twice the figure's size (sharp on dense screens), and sixel, which has no way to scale, gets
 * the figure's own size back, with the edges of text smoothed by the averaging. Colors are
 * averaged weighted by alpha, so a transparent pixel does not darken its block.
 */
import type { RgbaImage } from "./rgba_image.ts";

/** `image` scaled down by the whole number `factor` (a partial last block averages what it has). */
export function downsample(image: RgbaImage, factor: number): RgbaImage {
  if (factor <= 1) return image;
  const width = Math.ceil(image.width / factor), height = Math.ceil(image.height / factor);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sums = [0, 0, 0, 0];
      let count = 0;
      for (let sy = y * factor; sy < Math.min((y + 1) * factor, image.height); sy++) {
        for (let sx = x * factor; sx < Math.min((x + 1) * factor, image.width); sx++) {
          const at = (sy * image.width + sx) * 4;
          const alpha = image.data[at + 3];
          for (let c = 0; c < 3; c++) sums[c] += image.data[at + c] * alpha;
          sums[3] += alpha;
          count++;
        }
      }
      const rgb = [0, 1, 2].map((c) => (sums[3] === 0 ? 0 : Math.round(sums[c] / sums[3])));
      data.set([...rgb, Math.round(sums[3] / count)], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}
