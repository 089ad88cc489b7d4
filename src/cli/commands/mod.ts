import type { CommandDef } from "../command.ts";
import { benchCommand } from "./bench.ts";
import { deviceCommand } from "./device.ts";
import { exportCommand } from "./export.ts";
import { maskCommand } from "./mask.ts";
import { modelsCommand } from "./models.ts";
import { peCommand } from "./pe.ts";
import { runCommand } from "./run.ts";
import { trainCommand } from "./train.ts";

/** Every command attn has, in the order `help` lists them. */
export const commands: readonly CommandDef[] = [
  deviceCommand,
  modelsCommand,
  runCommand,
  peCommand,
  maskCommand,
  exportCommand,
  benchCommand,
  trainCommand,
];
