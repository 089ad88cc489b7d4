/**
 * Korean throughout, for refusals (issue #16 item 8): in a Korean session every refusal of
 * train, train --all, --recipe files, bench, experiment, use/run with a checkpoint attn cannot
 * read, the cpu fallback notice and the state-file warnings is one `attn: ` line in Korean,
 * through the path users hit (a script at the attn> prompt, and one-shot commands), with no
 * English sentence left in it. The same lines in an English session stay as they were.
 */
import assert from "node:assert/strict";
import { runAttn, spawnAttn } from "../support/run_attn.ts";
import { tinyRecipe, writeRecipe } from "../support/tiny_recipe.ts";
import { gpuTest } from "../support/gpu.ts";
import { needs } from "../support/needs.ts";
import { makeTempHome } from "../support/state.ts";
import { startRepl } from "../repl/tty.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { Session } from "../../src/cli/session.ts";
import { withTaskHome } from "../support/state.ts";
import { unresolvedParticles } from "../../src/platform/i18n/catalog_checks.ts";

const noGpu = { DENO_WEBGPU_BACKEND: "doesnotexist" };
const korean = { ...noGpu, LANG: "ko_KR.UTF-8", LC_ALL: "", LC_MESSAGES: "" };
const english = { ...noGpu, LANG: "en_US.UTF-8", LC_ALL: "", LC_MESSAGES: "" };
const hangul = /[\uac00-\ud7a3]/;
const readme = new URL("../../README.md", import.meta.url).pathname;

/** Words of commands, models, tasks and formats: code, not English sentences. */
const CODE_WORDS = new Set(
  (
    "attn train transformer gru lstm reverse dates ko-en bench matmul attention models deno " +
    "task run use experiment scaling scaled-dot bahdanau luong-dot luong-general none " +
    "sinusoidal learned rope pre post save FILE safetensors JSON UTF-8 WebGPU cpu " +
    "DENO_WEBGPU_BACKEND dtype shape data_offsets F32 F16 name src_vocab tgt_vocab config " +
    "tokenizer header metadata numpy torch python3 baseline dispatch train:all FIFO"
  ).split(" "),
);

/**
 * The English left in a line once quoted input, paths, option names and code words are taken
 * out: each run of 3 or more English words (a sentence the translation missed).
 */
export function englishRuns(line: string): string[] {
  const text = line.replace(/^attn: /, "")
    .replace(/'[^']*'|"[^"]*"/g, " ") // quoted input
    .split(/\s+/)
    .map((word) => {
      const bare = word.replace(/^[(\[]+|[)\].,;:]+$/g, "");
      const code = bare === "" || CODE_WORDS.has(bare) || /[/\\=<>{}\[\]_.:0-9-]/.test(bare) ||
        bare.startsWith("-");
      return code ? "|" : /^[A-Za-z]+$/.test(bare) && !/[.,;:)]$/.test(word) ? bare : bare + "|";
    })
    .join(" ");
  return text.split("|").map((run) => run.trim()).filter((run) => run.split(/\s+/).length >= 3);
}

/** Asserts a Korean refusal line: `attn: `, Hangul, no English sentence, no hedged particle. */
function assertKorean(line: string): void {
  assert.match(line, /^attn: /, line);
  assert.match(line, hangul, `expected Korean: ${line}`);
  assert.deepEqual(englishRuns(line), [], `English left in: ${line}`);
  assert.deepEqual(unresolvedParticles(line), [], line);
}

Deno.test("englishRuns() finds a missed sentence and passes code, paths and quoted input", () => {
  assert.deepEqual(
    englishRuns("attn: 없는 과제입니다: 'how are you doing'. 가능한 과제: reverse"),
    [],
  );
  assert.deepEqual(englishRuns("attn: /a/b.safetensors: 디렉터리입니다"), []);
  assert.deepEqual(englishRuns("attn: --lr must be a number above 0"), ["must be a number above"]);
});

/** A script line and what its Korean refusal says. */
const table: [string, RegExp][] = [
  ["train", /^attn: train에는 모델 구조와 과제가 필요합니다/],
  ["train rnn reverse", /^attn: 모델 구조\(arch\): 다음 중 하나여야 합니다: .* 받은 것: 'rnn'$/],
  ["train transformer sorting", /^attn: 없는 과제입니다: 'sorting'\. 가능한 과제: /],
  [
    "train gru reverse --pe rope",
    /^attn: --pe: transformer에만 쓰는 옵션입니다. 받은 모델 구조: gru$/,
  ],
  ["train transformer reverse --attention bahdanau", /^attn: transformer의 --attention: /],
  ["train transformer reverse --lr 5", /^attn: --lr: 0보다 크고 1 이하인 수여야 합니다/],
  ["train transformer reverse --only reverse-gru", /^attn: --only: train --all에만 쓰는/],
  ["train --all transformer", /^attn: train --all은 기본 제공 모델을 모두 학습합니다/],
  ["train --all --steps 5", /^attn: --steps: 모델 하나에 쓰는 옵션이라/],
  ["train --all --only ,", /^attn: --only: 모델 이름이 필요한데 하나도 없습니다$/],
  ["train --all --only reverse-gur", /^attn: --only: 없는 모델입니다: 'reverse-gur'\. 혹시/],
  ["train transformer reverse --recipe STATE/none.json", /: 없는 파일입니다$/],
  ["train transformer reverse --recipe STATE/broken.json", /: 올바른 JSON이 아닙니다$/],
  ["train transformer reverse --recipe STATE/field.json", /: 없는 필드입니다: 'stepz'/],
  ["train transformer reverse --recipe STATE/data.json", /: 필드 data: .* 빠진 것: 'dev'$/],
  ["bench sorting", /^attn: 없는 벤치마크입니다: 'sorting'/],
  ["bench attention --numpy", /^attn: --numpy: bench matmul에만 쓰는 옵션입니다/],
  ["bench matmul --torch", /^attn: --torch: bench train, generate, models에만 쓰는 옵션입니다/],
  ["bench matmul --numpy --baseline cpu", /^attn: 비교 기준은 하나만 줄 수 있습니다/],
  ["bench matmul --len 8", /^attn: --len: bench attention, bench models, bench generate에만 쓰는/],
  [
    "bench attention --len 65536",
    /^attn: --len: 헤드 1개에서는 n이 \d+ 이하여야 합니다: 헤드 1개에서 n = 65536이면/,
  ],
  ["bench matmul --numpy", /^attn: bench matmul --numpy 옵션은 \S*python3 프로그램을 실행하는데/],
  ["experiment scalng", /^attn: 없는 실험입니다: 'scalng'\. 혹시 'scaling' 말인가요\?/],
  ["use README", /^attn: 없는 모델입니다: 'README'\. 다음 중 하나: /],
  ["use STATE/missing.safetensors", /^attn: 체크포인트 파일이 없습니다: /],
  [`use ${readme}`, /safetensors 헤더 길이 \d+바이트는 attn의 한도 \d+바이트/],
  ["use STATE/short.safetensors", /safetensors 파일이 아닙니다: 적어도 8바이트/],
  ["use STATE/deep.safetensors", /safetensors 헤더: 3단계보다 깊게 중첩됩니다/],
  ["use STATE/array.safetensors", /safetensors 헤더는 JSON 객체여야 합니다. 받은 것: 배열 \[\]/],
  ["use STATE/broken.safetensors", /safetensors 헤더가 올바른 JSON이 아닙니다/],
  ["use STATE/f16.safetensors", /텐서 w: 지원하지 않는 dtype입니다: F16\. attn은 F32만/],
  ["use STATE/novocab.safetensors", /체크포인트 메타데이터에 src_vocab 항목이 없습니다/],
  ["run 나는 학생이다 --model STATE/deep.safetensors", /3단계보다 깊게 중첩됩니다/],
  [
    "run 나는 학생이다 --backend webgpu",
    /^attn: WebGPU 어댑터를 찾지 못했습니다 \(.*\)\. --backend cpu를/,
  ],
  ["train transformer reverse --recipe STATE/zero.json", /^attn: 레시피 steps: 1 이상의 정수여야/],
];

/** The files the script refers to, in the state directory (which attn may read). */
async function writeFiles(dir: string): Promise<void> {
  const text = (name: string, content: string) => Deno.writeTextFile(`${dir}/${name}`, content);
  await text("broken.json", "{steps: 3");
  await text("field.json", '{"stepz": 3}');
  await text("data.json", '{"data": {"train": 5}}');
  await text("zero.json", '{"steps": 0}');
  const header = async (name: string, json: string, data = new Uint8Array(0)) => {
    const bytes = new TextEncoder().encode(json);
    const out = new Uint8Array(8 + bytes.length + data.length);
    new DataView(out.buffer).setBigUint64(0, BigInt(bytes.length), true);
    out.set(bytes, 8);
    out.set(data, 8 + bytes.length);
    await Deno.writeFile(`${dir}/${name}`, out);
  };
  await Deno.writeFile(`${dir}/short.safetensors`, new Uint8Array([1, 2, 3]));
  await header("deep.safetensors", "[[[[[1]]]]]");
  await header("array.safetensors", "[]");
  await header("broken.safetensors", "{oops");
  await header(
    "f16.safetensors",
    '{"w": {"dtype": "F16", "shape": [1], "data_offsets": [0, 2]}}',
    new Uint8Array(2),
  );
  await header(
    "novocab.safetensors",
    '{"__metadata__": {"tokenizer": "char"}, "w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}',
    new Uint8Array(4),
  );
}

Deno.test("refusals of train, bench, experiment, recipes and checkpoints are Korean in a Korean session", async () => {
  await withTaskHome(async (home, dir) => {
    await writeFiles(dir);
    const script = table.map(([line]) => line.replaceAll("STATE", dir)).join("\n") + "\n";
    const run = await runAttn([], { task: "start", env: { ...korean, HOME: home }, stdin: script });
    const lines = run.stderr.trim().split("\n");
    const note =
      /^attn: 참고: WebGPU 어댑터를 찾지 못했습니다 \(DENO_WEBGPU_BACKEND=doesnotexist\)\. cpu 백엔드를 씁니다$/;
    assert.equal(
      lines.filter((l) => note.test(l)).length,
      1,
      `the cpu fallback notice:\n${run.stderr}`,
    );
    const refusals = lines.filter((l) => !note.test(l));
    assert.equal(refusals.length, table.length, run.stderr);
    refusals.forEach((line, i) => {
      assertKorean(line);
      assert.match(line, table[i][1], `${table[i][0]}:\n${line}`);
    });
    lines.filter((l) => note.test(l)).forEach(assertKorean);

    // The same script in English: the lines stay English.
    const en = await runAttn([], { task: "start", env: { ...english, HOME: home }, stdin: script });
    const enLines = en.stderr.trim().split("\n");
    assert.equal(enLines.length, lines.length, en.stderr);
    for (const line of enLines) assert.doesNotMatch(line, hangul, line);
    assert.ok(enLines.includes("attn: --only: expected model names, got none"), en.stderr);
    assert.ok(
      enLines.some((l) => l.startsWith("attn: note: no WebGPU adapter found (")),
      en.stderr,
    );
    assert.ok(
      enLines.some((l) => /safetensors header length \d+ bytes is beyond attn's limit/.test(l)),
    );
  });
});

Deno.test("a one-shot Korean refusal keeps the exit code: train 2, an unreadable checkpoint 1", async () => {
  const train = await runAttn(["train", "transformer", "sorting", "--lang", "ko"], {
    env: english,
  });
  assert.equal(train.code, 2, train.stderr);
  assert.match(train.stderr, /^attn: 없는 과제입니다: 'sorting'/);
  const use = await runAttn(["run", "abc", "--model", readme, "--lang", "ko"], { env: english });
  assert.equal(use.code, 1, use.stderr);
  const line = use.stderr.trim().split("\n").at(-1)!;
  assertKorean(line);
  assert.match(line, /safetensors 헤더 길이/);
});

Deno.test("state-file warnings are Korean: lessons.json and last-run.json as FIFOs", async () => {
  await withTaskHome(async (home, dir) => {
    for (const name of ["lessons.json", "last-run.json"]) {
      const made = new Deno.Command("mkfifo", { args: [`${dir}/${name}`] }).outputSync();
      assert.ok(made.success);
    }
    const env = { ...korean, HOME: home };
    const lessons = await runAttn(["lesson", "--list"], { env, timeoutMs: 30_000 });
    assert.equal(lessons.code, 0, lessons.stderr);
    const [warning] = lessons.stderr.trim().split("\n");
    assertKorean(warning);
    assert.equal(
      warning,
      `attn: 경고: 무시합니다: ${dir}/lessons.json: 일반 파일이 아니라 이름 있는 파이프(FIFO)입니다. 레슨 진도는 이번 세션 동안만 기억합니다`,
    );
    const last = await runAttn(["attn"], { env, timeoutMs: 30_000 });
    const lines = last.stderr.trim().split("\n");
    for (const line of lines) assertKorean(line);
    assert.ok(
      lines.some((l) => l.includes("일반 파일이 아니라 이름 있는 파이프(FIFO)입니다")),
      last.stderr,
    );
  });
});

Deno.test("models --lang ko: a file in weights/ it cannot read is skipped with a Korean warning", async () => {
  const weights = await Deno.makeTempDir({ prefix: "attn-weights-" });
  try {
    await Deno.writeFile(`${weights}/broken.safetensors`, new Uint8Array([1, 2, 3]));
    const io = new RecordingIo();
    const code = await runCommandLine(["models", "--lang", "ko"], {
      commands,
      session: new Session(io, { weightsDir: weights }),
    });
    assert.equal(code, 0, io.errText);
    const line = io.errText.trim();
    assert.equal(
      line,
      `attn: 경고: 건너뜀: ${weights}/broken.safetensors: safetensors 파일이 아닙니다: 적어도 8바이트(헤더 길이)가 있어야 하는데 3바이트입니다`,
    );
    assertKorean(line);
  } finally {
    await Deno.remove(weights, { recursive: true });
  }
});

Deno.test("a state directory that is a file: the one warning is Korean in a Korean session", async () => {
  await withTaskHome(async (home, dir) => {
    Deno.removeSync(dir);
    Deno.writeTextFileSync(dir, "a file where the state directory should be");
    const run = await runAttn(["lesson", "--list"], { env: { ...korean, HOME: home } });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stderr.trim().split("\n");
    assert.deepEqual(lines, [
      `attn: 경고: 상태 디렉터리를 쓰지 않습니다: ${dir}: 디렉터리가 아니라 파일입니다. 명령 기록, 레슨 진도, 커널 튜닝은 이번 세션 동안만 남습니다`,
    ]);
    assertKorean(lines[0]);
  });
});

Deno.test({
  name: "train --lang ko: Ctrl-C says in Korean what it keeps, and the stop line starts in Korean",
  sanitizeResources: false,
  async fn() {
    await withTaskHome(async (home, dir) => {
      const recipe = await writeRecipe(home, tinyRecipe);
      const child = spawnAttn(
        ["train", "transformer", "reverse", "--steps", "2000", "--backend", "cpu"]
          .concat(["--out", `${dir}/r.safetensors`, "--recipe", recipe, "--lang", "ko"]),
        { env: { ...english, HOME: home } },
      );
      await child.waitFor(/단계 5\/2000/, { stream: "stdout" }); // the Korean progress line
      child.kill("SIGINT");
      const r = await child.done;
      assert.equal(r.code, 130, r.stderr);
      const lines = r.stderr.trim().split("\n");
      const stopping = lines.find((l) => l.includes("Ctrl-C를 한 번 더 누르면"));
      assert.ok(stopping, r.stderr);
      assertKorean(stopping);
      assert.match(stopping, /^attn: 중단됨: \d+단계\. 남김: /);
      // The last line: what was kept and saved (the kept/saved phrases are the train view's).
      assert.match(lines.at(-1)!, /^attn: 중단됨: \d+단계\. /, r.stderr);
    });
  },
});

Deno.test({
  name: "a FIFO as tuning-*.json: the GPU's warning is Korean in a Korean session",
  ...gpuTest,
  async fn() {
    await withTaskHome(async (home, dir) => {
      const runtime = Deno.makeTempDirSync({ prefix: "attn-run-" });
      const env = { HOME: home, XDG_RUNTIME_DIR: runtime, LANG: "ko_KR.UTF-8", LC_ALL: "" };
      try {
        const first = await runAttn(["device", "--json"], { env, timeoutMs: 30_000 });
        assert.equal(first.code, 0, first.stderr);
        const tuning = [...Deno.readDirSync(dir)].find((e) => /^tuning-.*\.json$/.test(e.name));
        assert.ok(tuning, "the first GPU command saved its matmul tuning");
        const path = `${dir}/${tuning.name}`;
        Deno.removeSync(path);
        const made = new Deno.Command("mkfifo", { args: [path] }).outputSync();
        assert.ok(made.success);
        const run = await runAttn(["device"], { env, timeoutMs: 30_000 });
        assert.equal(run.code, 0, run.stderr);
        const lines = run.stderr.trim().split("\n");
        assert.deepEqual(lines, [
          `attn: 경고: 무시합니다: ${path}: 일반 파일이 아니라 이름 있는 파이프(FIFO)입니다. matmul 커널은 프로세스마다 새로 측정합니다`,
        ]);
        assertKorean(lines[0]);
      } finally {
        Deno.removeSync(runtime, { recursive: true });
      }
    });
  },
});

Deno.test({
  name: "REPL in a Korean terminal: a FIFO as the history file is refused in one Korean line",
  sanitizeOps: false,
  sanitizeResources: false,
  ignore: !needs.tmux,
  async fn() {
    const home = makeTempHome();
    const state = `${home}/.local/state/attn`;
    Deno.mkdirSync(state, { recursive: true });
    const made = new Deno.Command("mkfifo", { args: [`${state}/history`] }).outputSync();
    assert.ok(made.success);
    const tty = await startRepl(home, { ...noGpu, LANG: "ko_KR.UTF-8", LC_ALL: "" }, 250);
    try {
      const line = (await tty.screen()).split("\n").find((l) => l.includes("경고"));
      assert.ok(line, await tty.screen());
      assert.equal(
        line.trimEnd(),
        `attn: 경고: 명령 기록 파일을 쓰지 않습니다: ${state}/history: 일반 파일이 아니라 이름 있는 파이프(FIFO)입니다. 기록은 이번 세션 동안만 남습니다`,
      );
      assertKorean(line.trimEnd());
      assert.ok(Deno.lstatSync(`${state}/history`).isFifo, "the FIFO is left as it is");
    } finally {
      await tty.close();
      Deno.removeSync(home, { recursive: true });
    }
  },
});
