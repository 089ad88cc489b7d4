/**
 * The tasks of deno.json as the tests read them. A task is either a string or Deno 2's object
 * form `{ description, command }`; the tasks that run attn call the shared `run` task (the one
 * place attn's permissions are declared) as `deno task run <grants> main.ts <args>`, which deno
 * task runs as run's command with the rest appended. `taskCommand` resolves that, so a test sees
 * the `deno run ...` line deno finally executes.
 */

/** One task of deno.json: its command and, in the object form, its description. */
export interface TaskEntry {
  command: string;
  description?: string;
}

const root = new URL("../../", import.meta.url).pathname;

/** Every task of the project's deno.json, in file order, as `{ command, description }`. */
export function denoTasks(): Record<string, TaskEntry> {
  const config = JSON.parse(Deno.readTextFileSync(`${root}deno.json`));
  const tasks: Record<string, TaskEntry> = {};
  for (const [name, value] of Object.entries(config.tasks as Record<string, unknown>)) {
    tasks[name] = typeof value === "string" ? { command: value } : value as TaskEntry;
  }
  return tasks;
}

/**
 * The command deno task finally runs for `name`: a leading `deno task <other>` is replaced by
 * the other task's command (recursively), the remaining words appended to it, as deno task does.
 */
export function taskCommand(name: string, tasks = denoTasks()): string {
  const entry = tasks[name];
  if (entry === undefined) throw new Error(`deno.json has no task ${name}`);
  const call = /^deno task ([\w:-]+)(.*)$/s.exec(entry.command);
  if (call === null) return entry.command;
  if (call[1] === name) throw new Error(`task ${name} calls itself`);
  return taskCommand(call[1], tasks) + call[2];
}
