/**
 * The prompt's first `run`, prepared while the learner reads the banner. A process's first run
 * pays for things a second one does not: reading the model's checkpoint, V8 compiling the cpu
 * kernels' loops (or, on webgpu, the GPU compiling the pipelines), the first render. The REPL
 * therefore runs the model in use once in the background as soon as the prompt is drawn, on a
 * session of its own whose output is thrown away: never printing, never becoming the last run,
 * never delaying the prompt. The model cache (src/models/weights/registry.ts), the compiled
 * pipelines and V8's compiled code are the process's, so the learner's first `run` finds them
 * ready (docs/ARCHITECTURE.md, "Start-up").
 */
import type { CommandDef } from "../cli/command.ts";
import { RecordingIo } from "../cli/io.ts";
import { runCommandLine } from "../cli/program.ts";
import { Session } from "../cli/session.ts";

/** The sentence the warm-up runs: any text does (an unknown word is read as <unk>). */
const WARM_UP_TEXT = "나는 학생이다";

/**
 * Starts the warm-up: `run` of a short sentence with the session's model and backend. The
 * promise settles when it is done, whatever happened (an error only means nothing was warmed):
 * the REPL awaits it before the first command, so the two never run at once.
 */
export function warmUpFirstRun(
  session: Session,
  commands: readonly CommandDef[],
): Promise<void> {
  const quiet = new Session(new RecordingIo(session.io.columns), {
    weightsDir: session.weightsDir,
  });
  quiet.backendChoice = session.backendChoice;
  quiet.model = session.model;
  quiet.lang = session.lang;
  // A macrotask later: the prompt's first screen is drawn and readline listens first.
  return new Promise<void>((resolve) => setTimeout(resolve, 0))
    .then(() => runCommandLine(["run", WARM_UP_TEXT], { commands, session: quiet }))
    .then(() => {}, () => {});
}
