/**
 * attn's version: deno.json's `version`, the one place it is written. `attn --version` prints
 * it; a JSON import, so it needs no read permission and is built into `deno compile`'s binary.
 */
import denoConfig from "../../deno.json" with { type: "json" };

/** The semantic version of attn and of its library exports (deno.json `version`). */
export const VERSION: string = denoConfig.version;
