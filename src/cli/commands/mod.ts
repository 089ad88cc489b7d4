import type { CommandDef } from "../command.ts";
import { benchCommand } from "./bench.ts";
import { deviceCommand } from "./device.ts";

/** Every command attn has, in the order `help` lists them. */
export const commands: readonly CommandDef[] = [deviceCommand, benchCommand];
