/**
 * Korean throughout (issue #16 item 8), through the path users hit: `deno task attn ...` and
 * scripts fed to the attn> prompt. --lang ko, `set lang ko` or LANG=ko_KR.UTF-8 make help,
 * every error and warning line and the commands' own messages Korean; no hedged particle
 * (`을(를)`) reaches the learner.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { helpMessages } from "../../src/cli/help_messages.ts";
import { unresolvedParticles } from "../../src/platform/i18n/catalog_checks.ts";
import { listLessons, readLesson } from "../../src/app/lessons/catalog.ts";
import { Palette } from "../../src/render/color.ts";
import {
  answerLines,
  commandLine,
  questionLines,
  renderProse,
} from "../../src/render/lesson_view.ts";

const noGpu = { DENO_WEBGPU_BACKEND: "doesnotexist" };
/** The environment of an English and of a Korean terminal (LC_ALL and LC_MESSAGES unset). */
const english = { ...noGpu, LANG: "en_US.UTF-8", LC_ALL: "", LC_MESSAGES: "" };
const korean = { ...noGpu, LANG: "ko_KR.UTF-8", LC_ALL: "", LC_MESSAGES: "" };
const hangul = /[\uac00-\ud7a3]/;

Deno.test("help --lang ko lists every command with its Korean summary", async () => {
  const run = await runAttn(["help", "--lang", "ko"], { env: english });
  assert.equal(run.code, 0, run.stderr);
  const flat = run.stdout.replace(/\s+/g, " ");
  assert.match(run.stdout, /^명령 \(옵션과 예시는 help <명령>\):/);
  for (const def of commands) {
    const id = `help.summary.${def.name}` as keyof typeof helpMessages;
    assert.ok(id in helpMessages, `${def.name}: no Korean summary in src/cli/help_messages.ts`);
    assert.equal(helpMessages[id].en, def.summary, `${id}: the English summary changed`);
    assert.ok(flat.includes(helpMessages[id].ko.replace(/\s+/g, " ")), `${def.name} in Korean`);
    assert.ok(!flat.includes(def.summary), `${def.name}: English summary shown`);
  }
  assert.match(run.stdout, /Ctrl-C는 실행 중인 명령을 멈추고/);
  assert.deepEqual(unresolvedParticles(run.stdout), []);
  // Without --lang in an English terminal, help stays English.
  const en = await runAttn(["help"], { env: english });
  assert.match(en.stdout, /^Commands \(help <command> for options and examples\):/);
});

Deno.test("LANG=ko_KR.UTF-8 picks Korean; LC_ALL wins over LANG; --lang wins over both", async () => {
  const ko = await runAttn(["help", "run"], { env: korean });
  assert.equal(ko.code, 0, ko.stderr);
  assert.match(ko.stdout, /^run: 문장 하나를 모델에 넣어 봅니다/);
  assert.match(ko.stdout, /^사용법: run \[옵션\] <text\.\.\.>$/m);
  assert.match(ko.stdout, /^옵션:$/m);
  assert.match(ko.stdout, /--beam <k> +탐욕\(greedy\) 디코딩 대신/);
  assert.match(ko.stdout, /^예시:$/m);
  const cAll = await runAttn(["help", "run"], { env: { ...korean, LC_ALL: "C.UTF-8" } });
  assert.match(cAll.stdout, /^run: run a model on a sentence/);
  const given = await runAttn(["help", "--lang", "en"], { env: korean });
  assert.match(given.stdout, /^Commands/);
  // `run --help` in Korean is the same Korean help.
  const flag = await runAttn(["run", "--help"], { env: korean });
  assert.equal(flag.code, 0, flag.stderr);
  assert.equal(flag.stdout, ko.stdout);
  const bare = await runAttn(["--help"], { env: korean });
  assert.match(bare.stdout, /^명령 \(옵션과 예시는 help <명령>\):/);
});

Deno.test("error and warning lines are Korean in a Korean session", async () => {
  const script = [
    "runn 나는 학생이다",
    "run",
    "run 나는 학생이다 --beam 0",
    "set lang fr",
    "set colour 0",
    "attn",
    "mask diagonal 3",
    "pe sinusoidal 20 7",
    "help nothing",
    "lesson 1 --json",
    "--lang",
    "compare 나는 학생이다 --model ko-en-gru --models ko-en-gru",
    "save model.txt",
    "export --model ko-en-gru --out /nowhere/x.safetensors",
    "pe learned --model ko-en-gru",
    "lesson nothing-like-it",
  ].join("\n") + "\n";
  const run = await runAttn([], { task: "start", env: korean, stdin: script });
  const lines = run.stderr.trim().split("\n");
  assert.equal(lines.length, 16, run.stderr);
  for (const line of lines) {
    assert.match(line, /^attn: /, line);
    assert.match(line, hangul, `expected Korean: ${line}`);
  }
  assert.equal(
    lines[0],
    "attn: 없는 명령입니다: 'runn'. 혹시 'run' 말인가요? ('help'로 목록을 볼 수 있습니다)",
  );
  assert.equal(lines[1], "attn: 꼭 필요한 인자가 빠졌습니다: 'text'");
  assert.equal(lines[2], "attn: --beam: 1부터 64까지여야 합니다. 받은 것: 0");
  assert.equal(lines[3], "attn: set lang ko|en 형태여야 합니다. 받은 것: 'fr'");
  assert.match(lines[5], /^attn: 'attn' 명령은 마지막 실행을 보여 주는데/);
  assert.equal(lines[11], "attn: --model과 --models 중 하나만 주세요");
  assert.equal(lines[12], "attn: save FILE: .safetensors 파일이어야 합니다. 받은 것: 'model.txt'");
  assert.match(lines[13], /^attn: --out \/nowhere\/x\.safetensors: attn은 그곳에 쓸 수 없습니다/);
  assert.match(
    lines[14],
    /^attn: 학습된 위치 표를 쓰는 Transformer여야 하는데, ko-en-gru의 위치 표현: 없음/,
  );
  assert.match(lines[15], /^attn: 없는 레슨입니다: 'nothing-like-it'/);
  assert.deepEqual(unresolvedParticles(run.stderr), []);
  // The same line with --lang en in that session is English, and the session stays Korean.
  const mixed = await runAttn([], {
    task: "start",
    env: korean,
    stdin: "attn --lang en\nattn\n",
  });
  const [en, ko] = mixed.stderr.trim().split("\n");
  assert.match(en, /^attn: 'attn' shows the last run, and there is none yet/);
  assert.match(ko, /^attn: 'attn' 명령은 마지막 실행을 보여 주는데/);
});

Deno.test("set lang ko turns the session Korean, for the commands after it", async () => {
  const run = await runAttn([], {
    task: "start",
    env: english,
    stdin: "runn\nset lang ko\nhelp use\nrunn\n",
  });
  assert.match(run.stdout, /^\* lang +ko +ko 또는 en: 메시지, 도움말, 레슨$/m);
  assert.match(run.stdout, /^use: run, step, compare가 쓸 모델을 고릅니다/m);
  const [before, after] = run.stderr.trim().split("\n");
  assert.match(before, /^attn: unknown command 'runn'/);
  assert.match(after, /^attn: 없는 명령입니다: 'runn'/);
});

Deno.test("no hedged particle in Korean help, the lesson list or the Korean lessons' text", async () => {
  const script = ["help", ...commands.map((c) => `help ${c.name}`), "lesson", "lesson --list"]
    .join("\n") + "\n";
  const run = await runAttn([], { task: "start", env: korean, stdin: script });
  assert.equal(run.stderr, "");
  assert.match(run.stdout, /시작: lesson <번호>/);
  assert.equal(run.stdout.match(/^사용법: /gm)?.length, commands.length);
  assert.deepEqual(unresolvedParticles(run.stdout), []);
  // Every text of every Korean lesson, as the lesson view draws it.
  const view = { palette: new Palette(0), width: 80 };
  for (const entry of listLessons("ko")) {
    const texts = readLesson(entry).blocks.map((block) =>
      block.kind === "interview"
        ? questionLines(block.question, view) + answerLines(block.answer, view)
        : block.kind === "attn"
        ? block.commands.map((c) => commandLine(c, view)).join("\n")
        : renderProse(block, view)
    );
    assert.deepEqual(unresolvedParticles(texts.join("\n")), [], entry.id);
  }
});

Deno.test("run --lang ko: its warnings and the refusals of attn and hidden after it are Korean", async () => {
  const script = "run 나는 퀘퀘퀘 --lang ko\nattn 5 --lang ko\nhidden x --lang ko\nattn 5\n";
  const run = await runAttn([], { task: "start", env: english, stdin: script });
  const lines = run.stderr.trim().split("\n");
  // No "no adapter" notice: one sentence through a small model runs on the cpu without asking
  // for an adapter (open_backend.ts isSmallWork), so there is no fallback to announce.
  assert.deepEqual(lines, [
    "attn: 경고: ko-en-transformer의 어휘에 없어 <unk>로 읽은 토큰: '퀘퀘퀘'; ko-en 문장처럼 철자와 띄어쓰기를 맞춰 쓰세요. 예: 나는 학생이다",
    "attn: cross 층은 0부터 0까지입니다. 받은 것: 5",
    "attn: 층 번호는 0부터 1까지입니다. 받은 것: 'x'",
    "attn: expected a cross layer from 0 to 0, got 5",
  ]);
  assert.match(run.stdout, /^출력 /m); // the run view itself speaks Korean too
});
