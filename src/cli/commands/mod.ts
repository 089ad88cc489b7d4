import type { CommandDef } from "../command.ts";
import { ablateCommand } from "./ablate.ts";
import { attnCommand } from "./attn.ts";
import { benchCommand } from "./bench.ts";
import { compareCommand } from "./compare.ts";
import { deviceCommand } from "./device.ts";
import { experimentCommand } from "./experiment.ts";
import { exportCommand } from "./export.ts";
import { generateCommand } from "./generate.ts";
import { helpCommand } from "./help.ts";
import { importCommand } from "./import.ts";
import { hiddenCommand } from "./hidden.ts";
import { lensCommand } from "./lens.ts";
import { lessonCommand } from "./lesson.ts";
import { maskCommand } from "./mask.ts";
import { modelsCommand } from "./models.ts";
import { peCommand } from "./pe.ts";
import { rolloutCommand } from "./rollout.ts";
import { runCommand } from "./run.ts";
import { saliencyCommand } from "./saliency.ts";
import { saveCommand } from "./save.ts";
import { setCommand } from "./set.ts";
import { stepCommand } from "./step.ts";
import { trainCommand } from "./train.ts";
import { useCommand } from "./use.ts";
import { tokenizerCommand } from "./tokenizer.ts";
import { tokensCommand } from "./tokens.ts";

/** Every command attn has, in the order `help` lists them. */
export const commands: readonly CommandDef[] = [
  deviceCommand,
  modelsCommand,
  useCommand,
  runCommand,
  stepCommand,
  attnCommand,
  hiddenCommand,
  compareCommand,
  ablateCommand,
  peCommand,
  maskCommand,
  tokensCommand,
  tokenizerCommand,
  generateCommand,
  lensCommand,
  rolloutCommand,
  saliencyCommand,
  exportCommand,
  importCommand,
  benchCommand,
  experimentCommand,
  lessonCommand,
  trainCommand,
  saveCommand,
  setCommand,
  helpCommand,
];
