/**
 * A picture as the escape codes of one terminal image protocol. Which protocol a terminal
 * speaks is found out above (src/cli/images/detect_images.ts): nothing here does IO.
 */
import { kittyImage } from "./kitty.ts";
import { iterm2Image } from "./iterm2.ts";
import { sixelImage } from "./sixel.ts";
import type { RgbaImage } from "./rgba_image.ts";

/** The terminal image protocols attn can write. */
export type ImageProtocol = "kitty" | "iterm2" | "sixel";

/** The picture in the two forms the protocols take. */
export interface InlinePicture {
  /** The PNG file (kitty and iTerm2 send it as it is). */
  png: Uint8Array;
  /** Its pixels (sixel sends those), made only when asked for. */
  pixels: () => RgbaImage;
  /** A name a terminal may show for it (iTerm2). */
  name?: string;
  /** The width to show it at, in terminal columns (kitty, iTerm2; sixel has no way to scale). */
  columns?: number;
}

/** The escape codes that show `picture` at the cursor with `protocol`. */
export function inlineImage(protocol: ImageProtocol, picture: InlinePicture): string {
  const { columns, name } = picture;
  if (protocol === "kitty") return kittyImage(picture.png, { columns });
  if (protocol === "iterm2") return iterm2Image(picture.png, { columns, name });
  return sixelImage(picture.pixels());
}
