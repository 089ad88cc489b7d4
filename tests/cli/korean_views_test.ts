/**
 * The views of run, attn, hidden, step, pe, mask, device, models, compare, export, train and
 * bench speak Korean with --lang ko (issue #16 item 8), through `deno task attn ... --lang ko`:
 * each output holds its Korean labels and none of the English label words it used to print,
 * and no hedged particle (`을(를)`) reaches the learner. Without --lang the same commands stay
 * English (the snapshot tests in tests/render hold the English views cell by cell).
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { withTaskHome, withTempHome } from "../support/state.ts";
import { tinyRecipe, writeRecipe } from "../support/tiny_recipe.ts";
import { unresolvedParticles } from "../../src/platform/i18n/catalog_checks.ts";

/** No GPU (the cpu backend is fast for these sizes) and an English terminal. */
const env = { DENO_WEBGPU_BACKEND: "doesnotexist", LANG: "en_US.UTF-8", LC_ALL: "" };

/** A whole English word or phrase in `text` (case-sensitive: token labels are lower case). */
function hasWord(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z])${escaped}($|[^A-Za-z])`).test(text);
}

/** `out` holds every Korean label of `has`, none of the English words of `not`. */
function assertKorean(
  what: string,
  run: { code: number; stdout: string; stderr: string },
  expected: { has: string[]; not: string[] },
): void {
  assert.equal(run.code, 0, `${what}: ${run.stderr}`);
  const out = run.stdout;
  const flat = out.replace(/\n/g, " "); // a sentence may wrap at the width
  for (const label of expected.has) {
    assert.ok(out.includes(label) || flat.includes(label), `${what}: no "${label}" in\n${out}`);
  }
  for (const word of expected.not) {
    assert.ok(!hasWord(out, word), `${what}: English "${word}" in\n${out}`);
  }
  assert.deepEqual(unresolvedParticles(out), [], `${what}: a hedged particle in\n${out}`);
}

/** `deno task attn <args> --lang ko --backend cpu` in `home`. */
function ko(args: string[], home: string) {
  return runAttn([...args, "--lang", "ko", "--backend", "cpu"], { env: { ...env, HOME: home } });
}

Deno.test("run, attn and hidden print Korean with --lang ko, English without", async () => {
  await withTempHome(async (home) => {
    assertKorean("run", await ko(["run", "나는", "학생이다"], home), {
      has: [
        "모델  ko-en-transformer (cpu)",
        "입력  나는 학생이다  (토큰 2개 + <eos>)",
        "출력  I am a student",
        "탐욕(greedy) 디코딩, 5단계, <eos>에서 멈춤",
        "크로스 어텐션, 층 0, 헤드 4개의 평균 (행: 출력 단계, 열: 입력)",
        "--json으로 볼 수 있는 것: 어텐션 행렬 16개 전부(인코더, 디코더, 교차)",
      ],
      not: [
        "model",
        "input",
        "output",
        "tokens",
        "steps",
        "stopped at",
        "layer",
        "layers",
        "mean of",
        "heads",
        "use --json",
        "rows",
        "cols",
        "hidden states",
        "cross-attention",
      ],
    });
    assertKorean("attn", await ko(["attn"], home), {
      has: [
        "ko-en-transformer: 크로스 어텐션 (행: 출력 단계, 열: 입력 토큰), 층 0, 헤드 4개의",
        "헤드 하나만 보려면 attn cross 0 0..3; 다른 행렬: attn encoder, attn decoder",
      ],
      not: ["cross-attention", "layer", "mean of", "heads", "for one head", "also", "rows"],
    });
    assertKorean("attn decoder", await ko(["attn", "decoder"], home), {
      has: ["디코더 셀프 어텐션, 인과 마스크 (행: 출력 단계, 열: 되먹인"],
      not: ["decoder self-attention", "causal", "tokens fed back", "layer", "head"],
    });
    assertKorean("hidden", await ko(["hidden"], home), {
      has: ["ko-en-transformer: 인코더 층 1", "ko-en-transformer: 디코더 층 0", "유닛 64개"],
      not: ["encoder", "decoder", "layer", "units", "output at each position"],
    });
  });
  const en = await runAttn(["run", "나는", "학생이다", "--backend", "cpu"], { env });
  assert.equal(en.code, 0, en.stderr);
  for (
    const line of [
      "model   ko-en-transformer (cpu)",
      "input   나는 학생이다  (2 tokens + <eos>)",
      "output  I am a student",
      "        greedy, 5 steps, stopped at <eos>",
      "cross-attention, layer 0, mean of 4 heads (rows: output steps, cols: source)",
      "use --json for all 16 attention matrices (encoder, decoder, cross) and 3 layers",
    ]
  ) assert.ok(en.stdout.includes(line), `English run lost "${line}":\n${en.stdout}`);
});

Deno.test("step --all speaks Korean for a Transformer's layers and an RNN's steps", async () => {
  await withTempHome(async (home) => {
    assertKorean("step transformer", await ko(["step", "나는", "학생이다", "--all"], home), {
      has: [
        "나는 학생이다 -> I am a student, 한 층씩 (프레임 3개)",
        "── 프레임 1/3: 인코더 층 0",
        "인코더 층 0 셀프 어텐션, 헤드 4개의 평균",
        "디코더 층 0 마스크된 셀프 어텐션, 헤드 4개의 평균",
        "디코더 층 0 크로스 어텐션, 헤드 4개의 평균",
        "인코더 층 0의 출력, 위치마다 한 행",
      ],
      not: ["frame", "frames", "layer", "self-attention", "mean of", "heads", "at a time", "row"],
    });
    const rnn = await ko(
      ["step", "나는", "학생이다", "--all", "--model", "ko-en-gru-bahdanau"],
      home,
    );
    assertKorean("step rnn", rnn, {
      has: [
        "한 단계씩",
        "── 프레임 1/",
        "인코더 단계 1: 토큰 나는 읽기",
        "h1: 토큰 나는까지 읽은 인코더 상태",
        "디코더 단계 1: 토큰 I 출력",
        "정렬 행 1-1: 출력 단계마다 입력의 어디를 보았는지",
        "c1 = 행 1의 가중치로 더한 인코더 상태; s1 = 디코더 상태",
      ],
      not: ["encoder step", "reads", "emits", "alignment rows", "sum of", "state", "step"],
    });
  });
});

Deno.test("pe and mask print Korean titles and explanations", async () => {
  await withTempHome(async (home) => {
    assertKorean("pe sinusoidal", await ko(["pe", "sinusoidal", "8", "8"], home), {
      has: ["사인파 위치 인코딩, 위치 8개 x 차원 8개", "토큰 임베딩에 더합니다"],
      not: ["sinusoidal", "positional encoding", "positions", "dims", "added to", "Low"],
    });
    assertKorean("pe rope", await ko(["pe", "rope", "6", "8"], home), {
      has: ["쌍마다 RoPE 회전 (cos θ, sin θ), 위치 6개 x 쌍 4개 (dk = 8)", "임베딩에는 아무것도"],
      not: ["rotation per pair", "positions", "pairs", "nothing is added", "The grid"],
    });
    assertKorean("mask causal", await ko(["mask", "causal", "4"], home), {
      has: [
        "인과: 점수에 더하는 마스크 (행: 쿼리, 열: 키)",
        "마스크를 씌운 같은 점수의 softmax (행마다 합이 1)",
        "위치 q는 키 1..q만 볼 수 있으므로",
      ],
      not: ["causal", "additive mask", "rows", "cols", "softmax of", "each row", "may look"],
    });
    assertKorean("mask padding", await ko(["mask", "padding", "6"], home), {
      has: ["시퀀스 2 (길이 6 중 3): 점수에 더하는 마스크", "키 패딩 마스크는"],
      not: ["sequence", "length", "additive mask", "padding to the longest", "Rows"],
    });
  });
});

Deno.test("device, models and compare print Korean; compare says its times are warm", async () => {
  await withTempHome(async (home) => {
    assertKorean("device", await ko(["device"], home), {
      has: ["백엔드  cpu", "어댑터  없음 (CPU에서 도는 평범한 TypeScript 반복문)"],
      not: ["backend", "adapter", "none", "plain", "loops"],
    });
    assertKorean("models", await ko(["models"], home), {
      has: ["이름", "구조", "매개변수", "테스트 완전 일치", "과제 ko-en"],
      not: ["name", "arch", "params", "accuracy", "exact match", "task"],
    });
    assertKorean("compare", await ko(["compare", "나는", "학생이다"], home), {
      has: ["입력  나는 학생이다  (과제 ko-en)", "정답 여부", "맞음", "예열 실행을 한 번 한 뒤"],
      not: ["input", "reference", "model", "output", "correct", "yes", "warm-up", "task"],
    });
  });
  const en = await runAttn(["compare", "나는", "학생이다", "--backend", "cpu"], { env });
  assert.equal(en.code, 0, en.stderr);
  assert.match(en.stdout, /^ms: each model's time after one untimed warm-up run/m);
});

Deno.test("export, train and bench dispatch print Korean status lines", async () => {
  await withTempHome(async (home) => {
    const state = `${home}/.local/state/attn`;
    Deno.mkdirSync(state, { recursive: true });
    const out = `${state}/rope.safetensors`;
    const exported = await ko(["export", "--model", "ko-en-transformer-rope", "--out", out], home);
    assertKorean("export", exported, {
      has: [
        `ko-en-transformer-rope의 텐서 50개를 PyTorch state_dict 이름으로 ${out}에 썼습니다`,
        "참고: nn.Transformer는 RoPE를 적용하지 않습니다",
      ],
      not: ["wrote", "tensors", "under", "note", "does not apply"],
    });
    // A tiny recipe: four steps of a 16-wide model, evaluated on dev at step 3.
    const recipe = await writeRecipe(home, { ...tinyRecipe, warmup: 2, logEvery: 2, evalEvery: 3 });
    const args = ["train", "transformer", "reverse", "--steps", "4", "--recipe", recipe];
    assertKorean("train", await ko([...args, "--out", `${state}/tiny.safetensors`], home), {
      has: [
        "단계 4/4 | 손실 ",
        " 토큰/초 | 남은 시간",
        "단계 3 평가: dev 완전 일치",
        "test 분할에서 채점: 남겨 둔 매개변수(3단계, dev에서 가장 좋음)",
        "학습 손실 (구간 평균), 단계 2..4",
        "학습: transformer (sinusoidal, pre-norm), 과제 reverse (cpu, 시드 1, 매개변수",
        "단계당",
        "단계 3의 매개변수를 남겼습니다 (dev 완전 일치 최고",
        "dev:  완전 일치",
        "(예제 16개)",
        `${state}/tiny.safetensors에 저장했습니다`,
      ],
      not: [
        "step",
        "loss",
        "eval",
        "exact match",
        "token accuracy",
        "trained",
        "kept",
        "saved",
        "scoring",
        "time",
        "tokens",
        "examples",
        "training loss",
      ],
    });
    assertKorean("bench dispatch", await ko(["bench", "dispatch", "--reps", "1"], home), {
      has: ["연산당 벽시계 시간, 반복 측정의 중앙값, 워밍업 제외", "케이스", "중앙값 ms"],
      not: ["wall time", "median", "warm-up", "case", "min", "max", "value"],
    });
  });
});

Deno.test({
  name: "train:all prints its progress, done and skipped lines and its table in Korean",
  sanitizeResources: false,
  async fn() {
    await withTaskHome(async (home, dir) => {
      const recipe = await writeRecipe(home, { ...tinyRecipe, steps: 4 });
      const outDir = `${dir}/weights`;
      await Deno.mkdir(outDir);
      const args = ["--only", "reverse-transformer", "--recipe", recipe, "--out-dir", outDir];
      const run = () =>
        runAttn([...args, "--backend", "cpu", "--lang", "ko"], {
          task: "train:all",
          env: { ...env, HOME: home },
        });
      const path = `${outDir}/reverse-transformer.safetensors`;
      const words = ["model", "status", "exact match", "token acc", "steps", "seconds", "saved"];
      assertKorean("train --all", await run(), {
        has: ["[1/1] reverse-transformer", "(4단계): ", `${path}에 저장`, "모델", "상태", "학습함"],
        not: [...words, "trained", "test exact match"],
      });
      assertKorean("train --all again", await run(), {
        has: [`건너뜀: ${path} 파일이 이미 있습니다 (--force로 다시 학습)`, "토큰 정확도"],
        not: [...words, "skipped", "exists", "retrains"],
      });
    });
  },
});
