/**
 * The grid of a decoder-only GPT, as `run` and `attn` draw it (in-process command lines on the
 * cpu backend, a tiny random GPT): its rows and columns are the same tokens (prompt + output),
 * so the legend and the title say so, in English and Korean, instead of the encoder-decoder's
 * "output token / token fed back"; and a run that recorded no hidden states does not offer
 * "0 layers of hidden states" in --json.
 */
import assert from "node:assert/strict";
import { runCommandLine } from "../../src/cli/program.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { Session } from "../../src/cli/session.ts";
import { saveTinyGpt } from "../support/tiny_gpt.ts";
import "../support/private_state.ts";

const dir = await Deno.makeTempDir({ prefix: "attn-gpt-grid-" });
const GPT = `${dir}/tiny-gpt.safetensors`;
await saveTinyGpt(GPT);
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

/** `run` then `attn` (and `attn decoder 0 1`) in one session, in `lang`; their outputs. */
async function runThenAttn(lang: "en" | "ko") {
  const io = new RecordingIo(100);
  const session = new Session(io);
  const attn = async (args: string[]) => {
    const from = io.stdout.length;
    const code = await runCommandLine(["--backend", "cpu", "--lang", lang, ...args], {
      commands,
      session,
    });
    assert.equal(code, 0, io.errText);
    return io.stdout.slice(from).join("\n").replace(/\n/g, " "); // a legend may wrap
  };
  return {
    run: await attn(["run", "나는", "학생이다", "--model", GPT, "--max-steps", "4"]),
    attn: await attn(["attn"]),
    head: await attn(["attn", "decoder", "0", "1"]),
  };
}

Deno.test("run and attn on a GPT: rows and columns are the same tokens, said in English", async () => {
  const { run, attn, head } = await runThenAttn("en");
  for (const text of [run, attn, head]) {
    assert.match(
      text,
      /rows: the token at each position \(query; it predicts the next token\); columns: the same tokens \(key\)/,
    );
    assert.doesNotMatch(text, /output token \(query\)|token fed back/);
    assert.match(text, /· masked: cannot attend/);
  }
  for (const text of [attn, head]) {
    assert.match(
      text,
      /self-attention of a decoder-only model, causal \(rows and cols: prompt \+ output\)/,
    );
    assert.doesNotMatch(text, /output steps|tokens fed back/);
  }
  assert.match(run, /use --json for all 4 attention matrices \(decoder\)/);
  assert.doesNotMatch(run, /0 layers/);
  assert.match(run, /and 2 layers of hidden states$/m, "a GPT's run records every layer");
});

Deno.test("run and attn on a GPT: the same legend and title in Korean", async () => {
  const { run, attn, head } = await runThenAttn("ko");
  for (const text of [run, attn, head]) {
    assert.match(
      text,
      /행: 각 위치의 토큰 \(쿼리, 이 위치에서 다음 토큰을 예측\), 열: 같은 토큰들 \(키\)/,
    );
    assert.doesNotMatch(text, /출력 토큰 \(쿼리\)|되먹임/);
  }
  for (const text of [attn, head]) {
    assert.match(text, /디코더 전용 모델의 셀프 어텐션, 인과 마스크 \(행과 열: 프롬프트 \+ 출력\)/);
  }
  assert.match(run, /--json으로 볼 수 있는 것: 어텐션 행렬 4개 전부\(디코더\)/);
  assert.doesNotMatch(run, /은닉 상태 0개 층/);
});
