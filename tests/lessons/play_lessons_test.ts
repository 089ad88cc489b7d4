/**
 * Plays every lesson in both languages with --auto through the dispatcher the REPL and the shell
 * use, and checks that what each lesson's prose promises to show is in what it printed: the grid
 * it names (rows, columns, where the arrows point, what stays empty), the table and its columns,
 * the experiment's computed conclusion, the interview questions and answers.
 *
 * One session plays every lesson in both languages, so models load once and an experiment the
 * Korean lesson measured is shown again by its English twin (the session cache). `experiment`, `bench` and
 * `train` run at rehearsal sizes (tests/lessons/rehearsal.ts: the same commands measuring less);
 * ATTN_LESSONS_AS_WRITTEN=1 plays them as a learner gets them. HOME and XDG_STATE_HOME point at a
 * temporary home for the whole run, so lesson 12's ~/.local/state/attn/... files land there.
 *
 * What each lesson promises is declared once, in `promises` below, keyed by lesson id; checks
 * every lesson shares (each command printed something, each interview question and answer, each
 * experiment's conclusion in the lesson's language) are derived from the lesson's own blocks.
 */
import assert from "node:assert/strict";
import type { CommandDef } from "../../src/cli/command.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { splitWords } from "../../src/cli/words.ts";
import { Session } from "../../src/cli/session.ts";
import type { ExperimentResult } from "../../src/experiments/experiment.ts";
import {
  type LessonEntry,
  type LessonLang,
  listLessons,
  readLesson,
} from "../../src/app/lessons/catalog.ts";
import { commandBlocks, type ParsedLesson } from "../../src/app/lessons/lesson_format.ts";
import type { LessonViewOptions } from "../../src/render/lesson_view.ts";
import {
  type AttentionGrid,
  attentionGrids,
  type CommandOutput,
  commandOutputs,
  squash,
  textTables,
} from "./lesson_output.ts";
import { rehearsalCommands } from "./rehearsal.ts";
import { makeTempHome, withEnv } from "../support/state.ts";
import { unresolvedParticles } from "../../src/platform/i18n/catalog_checks.ts";
import { UNK } from "../../src/data/vocab.ts";

const asWritten = Deno.env.get("ATTN_LESSONS_AS_WRITTEN") === "1";
const table: readonly CommandDef[] = asWritten ? commands : rehearsalCommands();
const langs: readonly LessonLang[] = ["ko", "en"];

/** One lesson as played in one language. */
interface Played {
  lang: LessonLang;
  lesson: ParsedLesson;
  /** Everything it printed on stdout. */
  text: string;
  outputs: CommandOutput[];
  /** The results its `experiment` commands showed, by experiment name (from the session cache). */
  experiments: Map<string, ExperimentResult>;
  /** The temporary HOME the run uses. */
  home: string;
}

/** What the `nth` (0-based) run of `command` in the lesson printed. */
function out(l: Played, command: string, nth = 0): string {
  const found = l.outputs.filter((o) => o.command === command)[nth];
  assert.ok(found, `the lesson runs '${command}'${nth > 0 ? ` ${nth + 1} times` : ""}`);
  return found.text;
}

/** The attention grids `command` drew (exactly `count` of them). */
function gridsOf(l: Played, command: string, count: number, nth = 0): AttentionGrid[] {
  const grids = attentionGrids(out(l, command, nth));
  assert.equal(grids.length, count, `'${command}' draws ${count} attention grid(s)`);
  return grids;
}

/** The one attention grid `command` drew. */
function gridOf(l: Played, command: string, nth = 0): AttentionGrid {
  return gridsOf(l, command, 1, nth)[0];
}

/** The words of the `output` line of a `run`. */
function outputWords(text: string): string[] {
  const line = /^(?:output|출력) +(.+)$/m.exec(text);
  assert.ok(line, `a run prints its output line:\n${text.slice(0, 300)}`);
  return line[1].trim().split(/\s+/);
}

/** The source tokens of the `input` line of a `run`, plus <eos>. */
function inputTokens(text: string): string[] {
  const line = /^(?:input|입력) +(.+?) {2}\(/m.exec(text);
  assert.ok(line, "a run prints its input line");
  return [...line[1].trim().split(/\s+/), "<eos>"];
}

/** Row labels of the colored strips `hidden` draws (one per token). */
function stripLabels(text: string): string[] {
  return text.split("\n").flatMap((line) => {
    // A Transformer layer's strip ends with its own [min, max].
    const m = /^(\S+) +[·+=#-]{4,}( +\[[^\]]*\])?$/.exec(line);
    return m ? [m[1]] : [];
  });
}

/** The frames `step --all` printed: each frame's title and its lines. */
function frames(text: string): { title: string; body: string }[] {
  const total = /\((\d+) frames\)|\(프레임 (\d+)개\)/.exec(text);
  assert.ok(total, "step says how many frames it shows");
  const parts = text.split(/^── (?:frame|프레임) /m).slice(1);
  assert.equal(parts.length, Number(total[1] ?? total[2]), "step shows every frame it announces");
  return parts.map((p) => {
    const [title, ...body] = p.split("\n");
    return { title: title.replace(/^\d+\/\d+: /, ""), body: body.join("\n") };
  });
}

/** A decoder step's frame title of an RNN, in English or Korean. */
function isDecoderStep(title: string): boolean {
  return /^(decoder step|디코더 단계) /.test(title);
}

/** A Transformer layer's frame title, in English or Korean. */
const layerFrame = /^(encoder|decoder) layer \d+$|^(인코더|디코더) 층 \d+$/;

/** The title of `mask`'s softmax grid, in English or Korean. */
const softmaxTitle = /^(softmax of equal scores|마스크를 씌운 같은 점수의 softmax)/;

/** Asserts every cell right of the diagonal is masked (·): position i sees columns 0..i only. */
function assertUpperRightEmpty(grid: AttentionGrid): void {
  grid.rows.forEach((row, i) => {
    row.cells.forEach((cell, j) => {
      if (j > i) assert.equal(cell.trim(), "·", `${grid.title}: row ${row.label} column ${j}`);
    });
  });
}

/** Asserts each row's arrow names the column its marked cell is in. */
function assertArrowsMatchMarks(grid: AttentionGrid): void {
  for (const row of grid.rows) {
    assert.ok(row.marked >= 0, `${grid.title}: row ${row.label} marks its largest cell`);
    assert.ok(
      row.to.startsWith(grid.cols[row.marked].replace(/…$/, "")),
      `${grid.title}: row ${row.label} points at ${row.to}, marks ${grid.cols[row.marked]}`,
    );
  }
}

/** Asserts the grid's rows and columns are the given labels (column labels may end in "…"). */
function assertLabels(grid: AttentionGrid, rows: string[], cols: string[]): void {
  assert.deepEqual(grid.rows.map((r) => r.label), rows, `${grid.title}: row labels`);
  assert.equal(grid.cols.length, cols.length, `${grid.title}: ${cols.length} columns`);
  grid.cols.forEach((c, k) =>
    assert.ok(cols[k].startsWith(c.replace(/…$/, "")), `${grid.title}: column ${k} ${c}`)
  );
}

/** The row of a grid labelled `label`. */
function rowOf(grid: AttentionGrid, label: string) {
  const row = grid.rows.find((r) => r.label === label);
  assert.ok(row, `${grid.title} has a '${label}' row`);
  return row;
}

/** The cells of a plain numeric grid printed by `mask`: one array of cells per row. */
function numberGrid(text: string, title: RegExp): { cols: string[]; rows: string[][] } {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => title.test(l));
  assert.ok(at >= 0, `a grid titled ${title}`);
  const cols = lines[at + 1].trim().split(/\s+/);
  const rows: string[][] = [];
  for (
    let i = at + 2;
    i < lines.length && lines[i].trim() !== "" && !/^(scale|색) /.test(lines[i]);
    i++
  ) {
    rows.push(lines[i].trim().split(/\s+/).slice(1));
  }
  return { cols, rows };
}

/** The result an `experiment` command of this lesson showed. */
function result(l: Played, name: string): ExperimentResult {
  const r = l.experiments.get(name);
  assert.ok(r, `the lesson runs experiment ${name}`);
  return r;
}

/** Asserts a box-drawn table in `text` has these column names. */
function assertTableColumns(text: string, columns: string[]): void {
  const found = textTables(text).some((t) => columns.every((c) => t.columns.includes(c)));
  assert.ok(found, `a table with columns ${columns.join(", ")}`);
}

/**
 * The rows of `compare`'s output: model, verdict and ms per model, from its table, or, when the
 * table did not fit, from its stacked layout (a row, then "  → output" under it). Column names
 * in the session's language (en, ko).
 */
function compareRows(text: string): { model: string; correct: string; ms: string }[] {
  assert.match(text, /^(reference|정답) +\S/m, "compare names the reference translation");
  const [t] = textTables(text);
  if (t) {
    const at = (...names: string[]) => t.columns.findIndex((c) => names.includes(c));
    const [model, correct, ms] = [at("model", "모델"), at("correct", "정답 여부"), at("ms")];
    assert.ok(model >= 0 && correct >= 0 && ms >= 0, `compare's columns: ${t.columns.join(", ")}`);
    return t.rows.map((r) => ({ model: r[model], correct: r[correct], ms: r[ms] }));
  }
  const lines = text.split("\n");
  const rows = lines.flatMap((line, i) => {
    if (!lines[i + 1]?.startsWith("  → ")) return [];
    const cells = line.trim().split(/\s{2,}/);
    return [{ model: cells[1], correct: cells[2], ms: cells[3] }];
  });
  assert.ok(rows.length > 0, `compare prints a row per model:\n${text}`);
  return rows;
}

/** The model column of `compare`'s output. */
function comparedModels(text: string): string[] {
  return compareRows(text).map((r) => r.model);
}

/** The prompt tokens of a GPT's `run` (its `input` line), without the <bos> and <sep> around. */
function promptTokens(text: string): string[] {
  const line = /^(?:input|입력) +(.+?) {2}\((?:\d+ tokens, asked as|토큰 \d+개, <bos>)/m.exec(text);
  assert.ok(line, `a GPT's run says how its input was asked:\n${text.slice(0, 300)}`);
  return line[1].trim().split(/\s+/);
}

/** A subword sequence as text: `▁` starts a word. */
function detokenize(tokens: readonly string[]): string {
  return tokens.join("").replace(/▁/g, " ").trim();
}

/** One step of `generate`'s table: the token chosen and its candidates, most probable first. */
interface GeneratedStep {
  token: string;
  candidates: string[];
}

/** The prompt line, the output line and the steps `generate` printed. */
function generated(text: string): { prompt: string[]; output: string; steps: GeneratedStep[] } {
  const prompt = /^(?:prompt|프롬프트): (.+)$/m.exec(text);
  const output = /^(?:output|출력): (.+)$/m.exec(text);
  assert.ok(prompt && output, `generate prints its prompt and output:\n${text.slice(0, 300)}`);
  const steps = [...text.matchAll(/^ *\d+ (\S+) +[\d.]+ H [\d.]+ (.+)$/gm)].map((m) => ({
    token: m[1],
    candidates: m[2].split(" · ").map((c) => c.trim().split(" ")[0]),
  }));
  assert.ok(steps.length > 0, "generate lists its steps");
  return { prompt: prompt[1].trim().split(/\s+/), output: output[1].trim(), steps };
}

/** The tokens `tokens` printed and the ids under them (one row of each). */
function tokenSplit(text: string): { tokens: string[]; ids: number[] } {
  const lines = text.split("\n");
  const at = lines.findIndex((line) => line.startsWith("▁"));
  assert.ok(at >= 0, `tokens prints a row of tokens:\n${text}`);
  const tokens = lines[at].trim().split(/\s+/);
  const ids = lines[at + 1].trim().split(/\s+/).map((id) => id === "<unk>" ? UNK : Number(id));
  assert.equal(ids.length, tokens.length, "an id under every token");
  return { tokens, ids };
}

/** The text `generate` wrote (its output line). */
function generatedText(text: string): string {
  const line = /^(?:output|출력): (.*)$/m.exec(text);
  assert.ok(line, `generate prints its output:\n${text.slice(0, 300)}`);
  return line[1];
}

/** Step 1 of `generate`'s table: its entropy H and its candidates' probabilities. */
function stepOne(text: string): { h: number; candidates: number[] } {
  const row = /^ +1 \S+ +[\d.]+ H (\d+\.\d\d) (.*)$/m.exec(text);
  assert.ok(row, `generate prints step 1:\n${text.slice(0, 400)}`);
  const candidates = row[2].split(" · ").map((c) => Number(c.trim().split(" ").at(-1)));
  return { h: Number(row[1]), candidates };
}

/** `generate`'s timings lines (wall time differs between two runs of the same command). */
const timings = /^(timings|시간) [\s\S]*$/m;

const sentence = "나는 어제 도서관에서 책을 읽었다";
const sentenceTokens = ["나는", "어제", "도서관에서", "책을", "읽었다", "<eos>"];

type Promises = Record<string, (l: Played) => void>;

/**
 * What each lesson's prose says its commands show, keyed by lesson id: each entry names the
 * promise (in the lesson's words) and checks it on what was printed, in either language.
 */
const promises: Record<string, Promises> = {
  "01-rnn-limits": {
    "the GRU translates 나는 학생이다": (l) => {
      const text = out(l, "run 나는 학생이다 --model ko-en-gru");
      assert.match(text, /^(model|모델) +ko-en-gru /m);
      assert.ok(outputWords(text).length > 0);
    },
    "hidden draws the encoder state as one strip per token, the last one after <eos>": (l) => {
      const text = out(l, "hidden --where encoder");
      // The view speaks the lesson's language.
      assert.match(
        text,
        /encoder layer 0, state after each step|인코더 층 0, 행마다 각 단계 뒤의 상태/,
      );
      assert.deepEqual(stripLabels(text), ["나는", "학생이다", "<eos>"]);
    },
    "step shows the encoder reading one token after another, then the decoder": (l) => {
      const titles = frames(out(l, "step 나는 학생이다 --model ko-en-gru --all")).map((f) =>
        f.title
      );
      const tokens = ["나는", "학생이다", "<eos>"];
      assert.deepEqual(
        titles.slice(0, 3),
        tokens.map((t, i) =>
          l.lang === "ko"
            ? `인코더 단계 ${i + 1}: 토큰 ${t} 읽기`
            : `encoder step ${i + 1} reads ${t}`
        ),
      );
      assert.ok(
        titles.slice(3).every((t) => /^(decoder step \d+ emits |디코더 단계 \d+: 토큰 )/.test(t)),
        titles.join(),
      );
    },
    "bench times a GRU and a Transformer encoding each length, in a table and a chart": (l) => {
      const text = out(l, "bench models --len 8,32,128");
      const cases = textTables(text)[0].rows.map((r) => r[0]);
      for (const model of ["gru", "transformer"]) {
        for (const n of [8, 32, 128]) {
          assert.ok(cases.includes(`${model} encode n=${n}`), `${model} ${n}`);
        }
      }
      assert.match(text, /^encoder: .*(against n|n에 따른)/m);
    },
    "the experiment measures the gradient at every input position of an RNN and a Transformer": (
      l,
    ) => {
      const r = result(l, "gradient-path");
      assert.ok(["position", "gru", "transformer"].every((c) => r.tables[0].columns.includes(c)));
      assert.equal(r.tables[0].rows.length, Number(r.settings.letters) + 1, "one row per position");
    },
  },

  "02-seq2seq-bottleneck": {
    "the encoder picture ends with the state after <eos>, its title gives the units": (l) => {
      const text = out(l, "hidden --where encoder");
      assert.match(text.split("\n")[0], /(encoder|인코더) .*\((\d+ units|유닛 \d+개)/);
      assert.equal(stripLabels(text).at(-1), "<eos>");
      assert.deepEqual(
        stripLabels(text),
        inputTokens(out(l, "run 민수는 내일 학교에 갈 것이다 --model ko-en-gru")),
      );
    },
    "hidden --where decoder shows the decoder's states, one per word it produced": (l) => {
      const text = out(l, "hidden --where decoder");
      assert.match(text.split("\n")[0], /(decoder|디코더) .*\((\d+ units|유닛 \d+개)/);
      const words = outputWords(out(l, "run 민수는 내일 학교에 갈 것이다 --model ko-en-gru"));
      assert.deepEqual(stripLabels(text), [...words, "<eos>"]);
    },
    "every decoder step says 'no attention: it carries everything'": (l) => {
      const fs = frames(out(l, "step 나는 학생이다 --model ko-en-gru --all"));
      const decoder = fs.filter((f) => isDecoderStep(f.title));
      assert.ok(decoder.length > 0);
      for (const f of decoder) {
        assert.match(f.body, /no attention: it carries everything|어텐션이 없어 이 상태 하나가/);
      }
    },
    "run decodes greedily": (l) => {
      assert.match(out(l, "run 민수는 내일 학교에 갈 것이다 --model ko-en-gru"), /greedy/);
    },
    "compare puts the three generations against the reference, with a correct column": (l) => {
      assert.deepEqual(
        comparedModels(
          out(l, `compare ${sentence} --models ko-en-gru,ko-en-gru-bahdanau,ko-en-transformer`),
        ),
        ["ko-en-gru", "ko-en-gru-bahdanau", "ko-en-transformer"],
      );
      assert.ok(outputWords(out(l, `run ${sentence} --model ko-en-gru`)).length > 0);
    },
    "three curves by length; a note says every length was inside the trained range": (l) => {
      const r = result(l, "bottleneck");
      assert.equal(r.charts[0].series.length, 3);
      assert.ok(
        r.notes.some((n) => /trained on .*every length here is inside that range/.test(n.en)),
        "a note that every length lies inside the trained range",
      );
    },
    "the attention models keep more accuracy at the longest length than the GRU": (l) => {
      const t = result(l, "bottleneck").tables[0];
      const last = t.rows.at(-1)!;
      const at = (model: string) => Number(String(last[t.columns.indexOf(model)]).replace("%", ""));
      assert.ok(at("reverse-gru-bahdanau") > at("reverse-gru"), JSON.stringify(last));
      assert.ok(at("reverse-transformer") > at("reverse-gru"), JSON.stringify(last));
    },
  },

  "03-rnn-attention": {
    "every decoder frame adds one alignment row, with its c and s lines": (l) => {
      const decoder = frames(out(l, "step 나는 학생이다 --model ko-en-gru-bahdanau --all"))
        .filter((f) => isDecoderStep(f.title));
      decoder.forEach((f, k) => {
        const [grid] = attentionGrids(f.body);
        assert.equal(grid.rows.length, k + 1, f.title);
        assert.match(f.body, new RegExp(`^c${k + 1} `, "m"));
        assert.match(f.body, new RegExp(`^s${k + 1} `, "m"));
      });
    },
    "the alignment: output words by source tokens, and the verb looks at 읽었다 at the end": (
      l,
    ) => {
      const text = out(l, `run ${sentence} --model ko-en-gru-bahdanau`);
      const grid = gridOf(l, `run ${sentence} --model ko-en-gru-bahdanau`);
      assertLabels(grid, [...outputWords(text), "<eos>"], sentenceTokens);
      assertArrowsMatchMarks(grid);
      assert.equal(grid.rows[1].to, "읽었다", "the second English word looks at the verb");
    },
    "attn alignment redraws the Luong general model's alignment": (l) => {
      const words = outputWords(out(l, `run ${sentence} --model ko-en-gru-luong-general`));
      const grid = gridOf(l, "attn alignment");
      assertLabels(grid, [...words, "<eos>"], sentenceTokens);
    },
    "compare: the GRU without attention and three attention models": (l) => {
      assert.deepEqual(
        comparedModels(
          out(
            l,
            "compare 수미는 아침에 집에서 맛있는 생선을 먹을 것이다 --models ko-en-gru,ko-en-gru-bahdanau,ko-en-gru-luong-general,ko-en-lstm-luong-dot",
          ),
        ),
        ["ko-en-gru", "ko-en-gru-bahdanau", "ko-en-gru-luong-general", "ko-en-lstm-luong-dot"],
      );
    },
  },

  "04-self-attention": {
    "attn encoder 0: rows and columns are the same sentence; the title gives layers and heads": (
      l,
    ) => {
      const tokens = inputTokens(
        out(l, "run 철수는 작년에 역에서 아름다운 아이를 만났다 --model ko-en-transformer"),
      );
      const grid = gridOf(l, "attn encoder 0");
      assertLabels(grid, tokens, tokens);
      assert.match(
        grid.title,
        /layer 0 of 0-\d+, mean of \d+ heads|층 0 \(0-\d+ 중\), 헤드 \d+개의 평균/,
      );
      assertArrowsMatchMarks(grid);
    },
    "attn encoder 0 0 and 0 1 open one head each, attn encoder 1 the second layer": (l) => {
      assert.match(gridOf(l, "attn encoder 0 0").title, /layer 0 of .*head 0 of|층 0 .*헤드 0 \(/);
      assert.match(gridOf(l, "attn encoder 0 1").title, /layer 0 of .*head 1 of|층 0 .*헤드 1 \(/);
      assert.match(
        gridOf(l, "attn encoder 1").title,
        /layer 1 of .*mean of \d+ heads|층 1 .*헤드 \d+개의 평균/,
      );
    },
    "in the second layer the modified noun 아이를 reads 아름다운": (l) => {
      assert.equal(rowOf(gridOf(l, "attn encoder 1"), "아이를").to, "아름다운");
    },
    "a Transformer's step has one frame per layer, not per token": (l) => {
      const titles = frames(out(l, "step 나는 학생이다 --model ko-en-transformer --all")).map((f) =>
        f.title
      );
      assert.ok(titles.every((t) => layerFrame.test(t)), titles.join());
    },
  },

  "05-scaling": {
    "one row of the grid per query; the number after → is the row's largest weight": (l) => {
      const grid = gridOf(l, "attn encoder 0 0");
      assertLabels(grid, sentenceTokens, sentenceTokens);
      assertArrowsMatchMarks(grid);
    },
    "the table: one row per d_k with H, max w and |dz| scaled and raw; H's maximum is ln 32": (
      l,
    ) => {
      const r = result(l, "scaling");
      const columns = ["d_k", "H scaled", "H raw", "max w scaled", "max w raw", "|dz| scaled"];
      assertTableColumns(out(l, "experiment scaling --quick"), [...columns, "|dz| raw"]);
      assert.deepEqual(r.tables[0].rows.map((row) => row[0]), r.settings.dks);
      assert.equal(r.settings.keys, 32, "the lesson reads H against ln 32");
      assert.equal(r.charts[0].series.length, 2, "a scaled and a raw line");
    },
    "some cross-attention rows peak close to 1, more than any encoder row": (l) => {
      const peak = (g: AttentionGrid) => Math.max(...g.rows.map((r) => r.weight));
      const cross = Math.max(peak(gridOf(l, "attn cross 0 0")), peak(gridOf(l, "attn cross 0 1")));
      assert.ok(cross >= 0.95, `cross-attention peaks at ${cross}`);
      assert.ok(peak(gridOf(l, "attn encoder 0 0")) < cross);
    },
  },

  "06-positional-encoding": {
    "pe sinusoidal: rows are positions, columns dimensions": (l) => {
      for (const [command, p, d] of [["pe sinusoidal", 20, 32], ["pe sinusoidal 50 64", 50, 64]]) {
        const text = out(l, String(command));
        assert.match(text, new RegExp(`${p} positions x ${d} dims|위치 ${p}개 x 차원 ${d}개`));
        assert.match(text, /rows: position; columns: dimension|행: 위치, 열: 차원/);
        assert.equal(text.split("\n").filter((line) => /^\d+ +\S/.test(line)).length, p);
      }
    },
    "pe learned: the table exists only in a trained model, nothing past max_len": (l) => {
      const text = out(l, "pe learned");
      assert.match(text, /only exists in a trained model|학습된 모델 안에만 있고/);
      assert.match(text, /max_len/);
    },
    "pe rope: cos and sin of each pair's angle, by position": (l) => {
      assert.match(
        out(l, "pe rope 16 8"),
        /RoPE rotation per pair \(cos θ, sin θ\), 16 positions x 4 pairs|쌍마다 RoPE 회전 \(cos θ, sin θ\), 위치 16개 x 쌍 4개/,
      );
    },
    "compare runs the sinusoidal and the RoPE model on the same sentence": (l) => {
      assert.deepEqual(
        comparedModels(
          out(l, `compare ${sentence} --models ko-en-transformer,ko-en-transformer-rope`),
        ),
        ["ko-en-transformer", "ko-en-transformer-rope"],
      );
    },
    "order check with a pe none row, accuracy beyond the trained lengths, shift check, 3 grids": (
      l,
    ) => {
      const r = result(l, "position");
      const cells = r.tables.flatMap((t) => t.rows.map((row) => String(row[0])));
      assert.ok(cells.some((c) => /pe none/.test(c)), "the order check has a pe none row");
      assert.ok(cells.some((c) => /RoPE/.test(c)), "the shift check");
      const byLength = r.tables[0];
      assert.ok(byLength.rows.some((row) => Number(row[0]) > Number(r.settings.trainMax)));
      const learned = byLength.columns.indexOf("learned");
      assert.ok(byLength.rows.some((row) => row[learned] === null), "undefined learned rows: -");
      assert.equal(r.grids?.length, 3, "three cosine-similarity grids");
    },
  },

  "07-multi-head": {
    "four heads of layer 0 differ; in one, nearly every row looks at itself": (l) => {
      const grids = [0, 1, 2, 3].map((h) => gridOf(l, `attn encoder 0 ${h}`));
      grids.forEach((g, h) => {
        assert.match(g.title, new RegExp(`layer 0 of .*head ${h} of|층 0 .*헤드 ${h} \\(`));
        assertLabels(g, sentenceTokens, sentenceTokens);
      });
      const patterns = new Set(grids.map((g) => g.rows.map((r) => r.to).join()));
      assert.ok(patterns.size > 1, "the heads do not all look at the same columns");
      const selfReads = grids.map((g) => g.rows.filter((r) => r.to === r.label).length);
      assert.ok(
        selfReads.some((n) => n >= sentenceTokens.length - 1),
        `a head where nearly every row looks at itself: ${selfReads}`,
      );
    },
    "in some row a cross-attention head points elsewhere than the mean": (l) => {
      const mean = gridOf(l, "attn cross 0 mean");
      assert.match(mean.title, /mean of \d+ heads|헤드 \d+개의 평균/);
      const heads = [gridOf(l, "attn cross 0 2"), gridOf(l, "attn cross 0 3")];
      assert.ok(
        heads.some((g) => g.rows.some((r, i) => r.to !== mean.rows[i].to)),
        "a head row disagrees with the mean",
      );
    },
    "time ratio of 8 heads to 1, then H and JSD of trained and untrained heads": (l) => {
      const r = result(l, "heads");
      assert.ok(r.tables[0].columns.includes("ratio"));
      assert.ok(["H", "JSD"].every((c) => r.tables[1].columns.includes(c)));
      assert.ok(r.tables[1].rows.some((row) => /untrained/.test(String(row[0]))));
    },
  },

  "08-masking-decoder": {
    "mask causal 6: -∞ exactly above the diagonal, 0 weight there, each row sums to 1": (l) => {
      const text = out(l, "mask causal 6");
      const additive = numberGrid(text, /^(causal: additive mask|인과: 점수에 더하는 마스크)/);
      const weights = numberGrid(text, softmaxTitle);
      assert.equal(additive.rows.length, 6);
      additive.rows.forEach((row, i) =>
        row.forEach((v, j) => assert.equal(v === "-∞", j > i, `additive ${i},${j} = ${v}`))
      );
      weights.rows.forEach((row, i) => {
        // A masked weight is exactly 0 and drawn "·", apart from a small weight.
        row.forEach((v, j) => j > i && assert.equal(v, "·", `weight ${i},${j}`));
        const sum = row.reduce((s, v) => s + (v === "·" ? 0 : Number(v)), 0);
        assert.ok(Math.abs(sum - 1) <= 0.03, `row ${i} sums to ${sum}`);
      });
    },
    "mask causal 4 --json: additive holds -inf above the diagonal, weights print 0 there": (l) => {
      const [mask] = JSON.parse(out(l, "mask causal 4 --json")).masks;
      mask.additive.forEach((row: (number | string)[], i: number) =>
        row.forEach((v, j) => assert.equal(v === "-inf", j > i))
      );
      mask.weights.forEach((row: number[], i: number) => {
        row.forEach((v, j) => j > i && assert.equal(v, 0));
        assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-6);
      });
    },
    "mask padding: pad keys are hidden, a shorter sentence gives each real key more": (l) => {
      const text = out(l, "mask padding 6 --lengths 6,4,2");
      [6, 4, 2].forEach((length, k) => {
        const title = new RegExp(
          `^(sequence ${k + 1} \\(length ${length} of 6\\)|시퀀스 ${
            k + 1
          } \\(길이 6 중 ${length}\\))`,
          "m",
        );
        const additive = numberGrid(text, title);
        const weights = numberGrid(text.slice(text.search(title)), softmaxTitle);
        additive.cols.forEach((c, j) => {
          assert.equal(c === "pad", j >= length);
          for (const row of additive.rows) assert.equal(row[j] === "-∞", c === "pad");
          for (const row of weights.rows) {
            if (c === "pad") assert.equal(row[j], "·", "a padded key is masked");
            else assert.equal(Number(row[j]), Number((1 / length).toFixed(2)));
          }
        });
      });
    },
    "attn decoder: columns start at <bos>, shifted by one; the upper-right triangle is empty": (
      l,
    ) => {
      const words = outputWords(out(l, `run ${sentence} --model ko-en-transformer`));
      for (const command of ["attn decoder", "attn decoder 0 0"]) {
        const grid = gridOf(l, command);
        assert.match(grid.title, /decoder self-attention, causal|디코더 셀프 어텐션, 인과 마스크/);
        assertLabels(grid, [...words, "<eos>"], ["<bos>", ...words]);
        assertUpperRightEmpty(grid);
        assert.deepEqual(
          rowOf(grid, "read").cells.slice(2).map((c) => c.trim()).filter((c) => c !== "·"),
          [],
          "read sees only <bos> and I",
        );
      }
    },
    "--max-steps 4 continues --max-steps 2, and the rows they share are identical": (l) => {
      const two = out(l, `run ${sentence} --model ko-en-transformer --max-steps 2`);
      const four = out(l, `run ${sentence} --model ko-en-transformer --max-steps 4`);
      assert.equal(outputWords(two).length, 2);
      assert.deepEqual(outputWords(four).slice(0, 2), outputWords(two));
      const [a] = attentionGrids(two);
      const [b] = attentionGrids(four);
      assert.deepEqual(b.rows.slice(0, 2), a.rows);
    },
  },

  "09-cross-attention": {
    "the encoder grid has weight above the diagonal, the decoder grid an empty triangle": (l) => {
      const encoder = gridOf(l, "attn encoder 0");
      assertLabels(encoder, sentenceTokens, sentenceTokens);
      assert.ok(encoder.rows.some((r, i) => r.cells.some((c, j) => j > i && c.trim() !== "")));
      const decoder = gridOf(l, "attn decoder 0");
      assert.equal(decoder.cols[0], "<bos>");
      assertUpperRightEmpty(decoder);
    },
    "attn cross: English rows by Korean columns, not square; read looks at 읽었다": (l) => {
      const words = outputWords(out(l, `run ${sentence} --model ko-en-transformer`, 1));
      const grid = gridOf(l, "attn cross");
      assertLabels(grid, [...words, "<eos>"], sentenceTokens);
      assert.notEqual(grid.rows.length, grid.cols.length);
      assert.equal(rowOf(grid, "read").to, "읽었다");
      assertArrowsMatchMarks(grid);
    },
    "attn cross 0 0 and 0 3 are single heads": (l) => {
      assert.match(gridOf(l, "attn cross 0 0").title, /head 0 of|헤드 0 \(/);
      assert.match(gridOf(l, "attn cross 0 3").title, /head 3 of|헤드 3 \(/);
    },
    "step: encoder layers first, then masked self-attention and cross-attention; student → 학생이다":
      (l) => {
        const fs = frames(out(l, "step 나는 학생이다 --model ko-en-transformer --all"));
        const kinds = fs.map((f) => f.title.split(" ")[0]);
        const encoder = (k: string) => k === "encoder" || k === "인코더";
        assert.deepEqual(
          kinds,
          [...kinds].sort((a, b) => (a === b ? 0 : encoder(a) ? -1 : 1)),
        );
        const decoder = fs.find((f) => /^(decoder|디코더) /.test(f.title))!;
        const grids = attentionGrids(decoder.body);
        assert.match(grids[0].title, /masked self-attention|마스크된 셀프 어텐션/);
        assert.match(grids[1].title, /cross-attention|크로스 어텐션/);
        assert.equal(rowOf(grids[1], "student").to, "학생이다");
      },
    "compare runs the three generations; the Bahdanau alignment is drawn again": (l) => {
      const three = "ko-en-gru,ko-en-gru-bahdanau,ko-en-transformer";
      assert.equal(comparedModels(out(l, `compare ${sentence} --models ${three}`)).length, 3);
      const words = outputWords(out(l, `run ${sentence} --model ko-en-gru-bahdanau`));
      assertLabels(gridOf(l, "attn alignment"), [...words, "<eos>"], sentenceTokens);
    },
  },

  "10-residual-layernorm-ffn": {
    "the outputs of encoder layers 0 and 1 side by side, one strip per token": (l) => {
      for (const layer of [0, 1]) {
        const text = out(l, `hidden ${layer} --where encoder`);
        assert.match(
          text.split("\n")[0],
          new RegExp(`encoder layer ${layer}, output|인코더 층 ${layer}, 행마다 각 위치의 출력`),
        );
        assert.deepEqual(stripLabels(text), ["나는", "학생이다", "<eos>"]);
      }
    },
    "an outcome table with final losses, a per-layer gradient table, and one seed said": (l) => {
      const r = result(l, "norm");
      assert.ok(["final", "outcome"].every((c) => r.tables[0].columns.includes(c)));
      assert.equal(r.tables[1].columns[0], "layer");
      const said = [r.conclusion, ...r.notes].map((s) => s[l.lang]).join(" ");
      assert.match(said, l.lang === "ko" ? /시드/ : /seed/i);
    },
  },

  "11-parallel-cost": {
    "sequential steps: the GRU's grow with n, the Transformer's stay put": (l) => {
      const r = result(l, "parallel");
      const t = r.tables.find((t) => t.columns.includes("GRU steps"))!;
      const gru = t.rows.map((row) => Number(row[t.columns.indexOf("GRU steps")]));
      const tf = t.rows.map((row) => Number(row[t.columns.indexOf("TF steps")]));
      assert.deepEqual(gru, t.rows.map((row) => Number(row[0])), "n dependent steps at length n");
      assert.equal(new Set(tf).size, 1, "the same number at every n");
      assert.ok(r.charts[0].logX, "a log-log chart");
      assert.ok(r.tables.at(-1)!.columns.includes("tokens/s"), "training throughput");
    },
    "times of naive, flash and a GRU by n, and a memory table where flash has no n×n scores": (
      l,
    ) => {
      const r = result(l, "cost");
      assert.ok(["naive ms", "flash ms", "GRU ms"].every((c) => r.tables[0].columns.includes(c)));
      const memory = r.tables[1];
      const flash = memory.columns.indexOf("flash scores");
      assert.ok(flash > 0 && memory.rows.every((row) => row[flash] === 0));
    },
    "bench attention: an n×n buffers column, 0 B for flash; outputs compared; slopes in the legends":
      (
        l,
      ) => {
        const text = out(l, "bench attention --len 16,64,256");
        const [t] = textTables(text);
        const buffers = t.columns.findIndex((c) => c === "n×n buffers" || c === "n×n 버퍼");
        assert.ok(buffers > 0);
        const flash = t.rows.filter((row) => row[0].startsWith("flash"));
        assert.ok(flash.length > 0 && flash.every((row) => row[buffers] === "0 B"));
        assert.match(text, /outputs compared before timing|시간을 재기 전에 출력을 비교/);
        assert.match(text, /slope \d/);
      },
  },

  "12-whole-transformer": {
    "attn cross: the student row marks 학생이다": (l) => {
      const grid = gridOf(l, "attn cross");
      assertArrowsMatchMarks(grid);
      assert.equal(rowOf(grid, "student").to, "학생이다");
    },
    "step: one frame per layer, encoder then decoder": (l) => {
      const titles = frames(out(l, "step 나는 학생이다 --model ko-en-transformer --all")).map((f) =>
        f.title
      );
      assert.ok(titles.every((t) => layerFrame.test(t)), titles.join());
    },
    "compare: correct and ms columns; some model does the short sentence but not the long": (l) => {
      const verdicts = ["나는 학생이다", sentence].map((s) => {
        const text = out(l, `compare ${s} --task ko-en`);
        const rows = compareRows(text);
        assert.ok(rows.every((r) => /^\d/.test(r.ms)), "an ms column");
        return rows.map((r) => r.correct);
      });
      assert.ok(verdicts[0].some((v, i) => v !== verdicts[1][i]), JSON.stringify(verdicts));
    },
    "train: the loss goes down, dev and test accuracy, saved under the (temporary) home": (l) => {
      const text = out(
        l,
        "train transformer reverse --steps 80 --batch 32 --out ~/.local/state/attn/mine.safetensors",
      );
      const losses = [...text.matchAll(/^(?:step|단계) \d+\/80 \| (?:loss|손실) ([\d.]+)/gm)].map((
        m,
      ) => Number(m[1]));
      assert.ok(losses.length >= 2 && losses.at(-1)! < losses[0], `losses ${losses}`);
      assert.match(text, /^(training loss|학습 손실)/m);
      assert.match(text, /^dev: +(exact match|완전 일치)/m);
      assert.match(text, /^test: +(exact match|완전 일치)/m);
      const saved = `${l.home}/.local/state/attn/mine.safetensors`;
      // A second play replaces the first play's model (equal dev score): the old one is kept.
      assert.match(
        text,
        new RegExp(
          l.lang === "ko"
            ? `^${saved}에 저장했습니다( \\(dev 완전 일치 .*)?$`
            : `^saved ${saved}( \\(dev exact match .*)?$`,
          "m",
        ),
      );
      assert.ok(Deno.statSync(saved).isFile);
    },
    "both models run on abcdefgh; the shipped one reverses it": (l) => {
      const mine = out(l, "run abcdefgh --model ~/.local/state/attn/mine.safetensors");
      assert.match(
        mine,
        new RegExp(`^(model|모델) +${l.home}/.local/state/attn/mine.safetensors`, "m"),
      );
      assert.deepEqual(outputWords(out(l, "run abcdefgh --model reverse-transformer")), [
        "hgfedcba",
      ]);
    },
    "export writes PyTorch state_dict names under the (temporary) home": (l) => {
      const path = `${l.home}/.local/state/attn/ko-en.safetensors`;
      assert.match(
        out(
          l,
          "export --model ko-en-transformer --format torch --out ~/.local/state/attn/ko-en.safetensors",
        ),
        new RegExp(
          `^wrote ${path}: \\d+ tensors .*state_dict names|텐서 \\d+개를 PyTorch state_dict 이름으로 ${path}에 썼습니다`,
          "m",
        ),
      );
      assert.ok(Deno.statSync(path).isFile);
    },
  },

  "13-decoder-only": {
    "run: one grid over <bos> prompt <sep> output <eos> on both axes, the upper triangle masked": (
      l,
    ) => {
      const text = out(l, "run 나는 학생이다 --model ko-en-gpt");
      const grid = gridOf(l, "run 나는 학생이다 --model ko-en-gpt");
      assert.match(grid.title, /self-attention \(decoder-only\)|셀프 어텐션 \(디코더 전용\)/);
      const labels = grid.rows.map((r) => r.label);
      const prompt = promptTokens(text);
      assert.deepEqual(labels.slice(0, prompt.length + 2), ["<bos>", ...prompt, "<sep>"]);
      assert.equal(labels.at(-1), "<eos>");
      assert.equal(detokenize(labels.slice(prompt.length + 2, -1)), outputWords(text).join(" "));
      assertLabels(grid, labels, labels);
      assertUpperRightEmpty(grid);
      assertArrowsMatchMarks(grid);
      // Subwords: more steps than the output has words (and its <eos>).
      const steps = /(\d+) steps|(\d+)단계/.exec(text)!;
      assert.ok(Number(steps[1] ?? steps[2]) > outputWords(text).length + 1, steps[0]);
    },
    "the row that writes ▁student points at ▁학생; the <sep> row, which writes ▁I, at ▁나는": (
      l,
    ) => {
      const grid = gridOf(l, "run 나는 학생이다 --model ko-en-gpt");
      const student = grid.rows.findIndex((r) => r.label === "▁student");
      assert.ok(student > 0, "the output has a ▁student token");
      assert.equal(grid.rows[student - 1].to, "▁학생");
      assert.equal(rowOf(grid, "<sep>").to, "▁나는");
      const sep = grid.rows.findIndex((r) => r.label === "<sep>");
      assert.equal(grid.rows[sep + 1].label, "▁I", "the <sep> row writes the first English token");
    },
    "layer 0: most English rows point at English tokens; layer 1: most at Korean ones": (l) => {
      const share = (grid: AttentionGrid, korean: boolean) => {
        const sep = grid.rows.findIndex((r) => r.label === "<sep>");
        const english = grid.rows.slice(sep + 1, -1); // the output tokens, not the last <eos>
        const hits = english.filter((r) =>
          korean ? r.marked > 0 && r.marked < sep : r.marked > sep
        );
        return hits.length / english.length;
      };
      const first = gridOf(l, "attn decoder 0");
      const last = gridOf(l, "attn decoder 1");
      assert.match(first.title, /decoder-only|디코더 전용/);
      assertUpperRightEmpty(first);
      assert.ok(share(first, false) > 0.5, `layer 0: ${first.rows.map((r) => r.to)}`);
      assert.ok(share(last, true) > 0.5, `layer 1: ${last.rows.map((r) => r.to)}`);
    },
    "generate --continue: the Korean sentence goes on; one step picks <sep> over <eos>, then English":
      (l) => {
        const g = generated(out(l, "generate 나는 학생 --continue"));
        assert.deepEqual(g.prompt, ["<bos>", "▁나는", "▁학생"]);
        const sep = g.steps.findIndex((s) => s.token === "<sep>");
        assert.ok(sep > 0, `a Korean token, then <sep>: ${g.steps.map((s) => s.token)}`);
        assert.ok(g.steps[sep].candidates.includes("<eos>"), "<eos> among its candidates");
        assert.match(g.steps[sep + 1].token, /^▁[A-Z]/, "an English sentence follows");
      },
    "generate without --continue asks <bos> ... <sep> and translates": (l) => {
      const g = generated(out(l, "generate 나는 학생이다"));
      assert.equal(g.prompt[0], "<bos>");
      assert.equal(g.prompt.at(-1), "<sep>");
      assert.equal(g.output, "I am a student");
    },
    "compare: RNN, RNN+attention, Transformer and GPT on one sentence, with correct and ms": (
      l,
    ) => {
      const models = "ko-en-gru,ko-en-gru-bahdanau,ko-en-transformer,ko-en-gpt";
      const rows = compareRows(out(l, `compare ${sentence} --models ${models}`));
      assert.deepEqual(rows.map((r) => r.model), models.split(","));
      assert.ok(rows.every((r) => /^\d/.test(r.ms) && r.correct !== ""), JSON.stringify(rows));
    },
    "models: ko-en-gpt with its positions, perplexity, params and held-out exact match": (l) => {
      const line = /^\*? +ko-en-gpt +gpt, (learned|rope), ppl ([\d.]+) +[\d.]+k +([\d.]+)%$/m.exec(
        out(l, "models"),
      );
      assert.ok(line, "a ko-en-gpt line with architecture, ppl, params and exact match");
      assert.ok(Number(line[2]) >= 1, "a perplexity is at least 1");
    },
    "train gpt: next-token loss going down, prompted exact match and held-out perplexity": (l) => {
      const text = out(l, "train gpt ko-en --steps 30 --batch 32");
      const losses = [...text.matchAll(/^(?:step|단계) \d+\/30 \| (?:loss|손실) ([\d.]+)/gm)].map((
        m,
      ) => Number(m[1]));
      assert.ok(losses.length >= 2 && losses.at(-1)! < losses[0], `losses ${losses}`);
      assert.match(text, /exact match = prompted translation|완전 일치 = 프롬프트로 물은 번역/);
      assert.match(text, /^test: +(exact match|완전 일치) /m);
      assert.match(
        text,
        /^(perplexity on held-out text|held-out 텍스트의 퍼플렉서티): dev [\d.]+/m,
      );
    },
  },

  "14-tokens-sampling": {
    "tokens: ids under the tokens; 을, 에서 and 었다 split off as units of their own": (l) => {
      const split = tokenSplit(out(l, "tokens 나는 어제 도서관에서 책을 읽었다"));
      for (const unit of ["을", "에서", "었다"]) assert.ok(split.tokens.includes(unit), unit);
      const unk = tokenSplit(out(l, "tokens 나는 뷁을 읽었다"));
      assert.equal(unk.tokens[unk.ids.indexOf(UNK)], "뷁", "an unseen syllable is <unk>");
      const id = (s: typeof split, t: string) => s.ids[s.tokens.indexOf(t)];
      for (const piece of ["을", "었다"]) {
        assert.equal(id(unk, piece), id(split, piece), `the same piece ${piece}, the same id`);
      }
    },
    "tokenizer: the first merges, and Korean particles and English suffixes learned as tokens": (
      l,
    ) => {
      const text = out(l, "tokenizer");
      assert.match(text, /^ *# +(pair|쌍) +(token|토큰) +id +(count|횟수)$/m);
      assert.match(text, /^ *1 +\S+ \+ \S+ +\S+ +\d+ +\d+$/m, "the first merge: a pair, its token");
      assert.match(
        text,
        /(Korean particles and endings that are tokens|토큰이 된 한국어 조사와 어미): .*에서/,
      );
      assert.match(text, /(English suffixes that are tokens|토큰이 된 영어 접미사): .*\bing\b/);
    },
    "generate shows each step's token, p, H and top candidates; greedy says so": (l) => {
      const text = out(l, "generate 나는 어제 --continue");
      assert.match(text, /^(step token p|단계 토큰 p) /m);
      assert.match(text, /^ +1 \S+ +[01]\.\d\d H \d\.\d\d /m);
      assert.match(text, /^T = 0: (greedy|탐욕 디코딩)/m);
    },
    "T = 0: the same output whatever the seed": (l) => {
      const cmd = "generate 나는 어제 --continue --temperature";
      const [a, b] = [`${cmd} 0 --seed 1`, `${cmd} 0 --seed 2`].map((c) =>
        generatedText(out(l, c))
      );
      assert.equal(a, b);
      assert.equal(a, generatedText(out(l, "generate 나는 어제 --continue")));
    },
    "T = 1.5 with seed 1 leaves the greedy text; the same seed gives the same text again": (l) => {
      const hot = "generate 나는 어제 --continue --temperature 1.5 --seed 1";
      assert.notEqual(
        generatedText(out(l, hot)),
        generatedText(out(l, "generate 나는 어제 --continue")),
      );
      const ps = [...out(l, hot).matchAll(/^ +\d+ \S+ +([\d.]+) H /gm)].map((m) => Number(m[1]));
      assert.ok(ps.some((p) => p < 0.05), `a step drew a token from the tail: p ${ps}`);
      assert.equal(out(l, hot, 1).replace(timings, ""), out(l, hot).replace(timings, ""));
    },
    "step 1 (same context every time): H falls at T = 0.7, rises at 1.5, falls with top-k 5": (
      l,
    ) => {
      const cmd = "generate 나는 어제 --continue";
      const greedy = stepOne(out(l, cmd));
      const cool = stepOne(out(l, `${cmd} --temperature 0.7 --seed 1`));
      const hot = stepOne(out(l, `${cmd} --temperature 1.5 --seed 1`));
      const topK = stepOne(out(l, `${cmd} --temperature 1.5 --top-k 5 --seed 1`));
      assert.ok(cool.h < greedy.h && greedy.h < hot.h, `H ${cool.h} ${greedy.h} ${hot.h}`);
      assert.ok(topK.h < hot.h, `top-k 5 cuts the tail: H ${topK.h} < ${hot.h}`);
      const sum = topK.candidates.reduce((a, b) => a + b, 0);
      assert.equal(topK.candidates.length, 5);
      assert.ok(Math.abs(sum - 1) < 0.03, `the five candidates share the mass: ${sum}`);
    },
    "the experiment: a row per setting in both tables, T = 0 gives one continuation": (l) => {
      const r = result(l, "sampling");
      for (const t of r.tables.slice(0, 2)) {
        const temperatures = t.rows.map((row) => row[t.columns.indexOf("T")]);
        assert.deepEqual(temperatures, [0, 0.7, 1.5, 1.5, 1.5]);
        assert.equal(t.rows[0][t.columns.indexOf("distinct")], 1);
      }
      assert.ok(r.tables[1].columns.includes("exact %"), "exact match on the translation");
      assert.ok(r.tables[3].rows.some((row) => row[0] === "…"), "the rest of the mass");
      assert.equal(r.charts[0].xLabel, "T");
    },
  },

  "15-kv-cache": {
    "step on the GPT: the prefill's triangle, then one row over a cache one position longer each frame, the bytes growing by the same amount":
      (l) => {
        const text = out(l, "step 나는 학생이다 --model ko-en-gpt --all");
        assert.match(squash(text), /decoder-onlymodelwithaKVcache|디코더전용\(decoder-only\)모델/);
        const fs = frames(text);
        assert.ok(fs.length >= 2, "the prefill and at least one token fed back");
        const cache = fs.map((f) => {
          const m =
            /(?:KV cache: (\d+) positions|KV 캐시: 위치 (\d+)개).*?\((\d+) ?(?:bytes|바이트)\)/
              .exec(squashLines(f.body));
          assert.ok(m, `a KV cache line in frame ${f.title}`);
          return { positions: Number(m[1] ?? m[2]), bytes: Number(m[3]) };
        });
        const perPosition = cache[0].bytes / cache[0].positions;
        fs.forEach((f, k) => {
          assert.equal(cache[k].positions, cache[0].positions + k, `${f.title}: one more position`);
          assert.equal(cache[k].bytes, perPosition * cache[k].positions, `${f.title}: bytes`);
          const grids = attentionGrids(f.body);
          assert.equal(grids.length, 1, `${f.title}: one attention grid`);
          const [grid] = grids;
          assert.equal(grid.cols.length, cache[k].positions, `${f.title}: a column per position`);
          if (k === 0) {
            assert.match(f.title, /^generation step 1 \(prefill\)|^생성 단계 1 \(프리필/);
            assert.equal(grid.rows.length, cache[0].positions, "the prompt's causal grid");
            assertUpperRightEmpty(grid);
          } else {
            assert.match(f.title, new RegExp(`^(generation step|생성 단계) ${k + 1}`));
            assert.equal(grid.rows.length, 1, `${f.title}: one new query row`);
          }
          assertArrowsMatchMarks(grid);
        });
      },
    "generate: the KV cache's size, the same tokens with --no-cache, the size step allocated": (
      l,
    ) => {
      const cached = out(l, "generate 나는 학생이다 --model ko-en-gpt");
      const recomputed = out(l, "generate 나는 학생이다 --model ko-en-gpt --no-cache");
      const size = /KV cache: ([\d.]+) KiB on the device|KV 캐시: 장치 메모리 ([\d.]+) KiB/
        .exec(cached);
      assert.ok(size, "generate prints the cache's size");
      assert.match(recomputed, /no KV cache: every step|KV 캐시 없음/);
      const output = (s: string) => /^(?:output|출력): (.*)$/m.exec(s)?.[1];
      assert.ok(output(cached));
      assert.equal(output(recomputed), output(cached), "the same tokens");
      const step = out(l, "step 나는 학생이다 --model ko-en-gpt --all");
      const allocated =
        /(?:allocated up front for \d+ positions|위치 \d+개 분량을 미리 잡아 둠): ([\d.]+) KiB/
          .exec(squashLines(step));
      assert.ok(allocated, "step's header gives the bytes allocated");
      assert.equal(Number(allocated[1]), Number(size[1] ?? size[2]));
    },
    "bench generate: cache and no-cache rows at the same lengths, both slopes, the bytes, the same tokens":
      (l) => {
        const text = out(l, "bench generate --len 16,64,256");
        const [t] = textTables(text);
        assert.ok(t.columns.some((c) => c === "median ms" || c === "중앙값 ms"), t.columns.join());
        const lengths = (mode: string) =>
          t.rows.flatMap((r) => {
            const m = new RegExp(`^${mode} n=(\\d+)$`).exec(r[0]);
            return m ? [Number(m[1])] : [];
          });
        assert.ok(lengths("cache").length >= 3, "a cache row per length");
        assert.deepEqual(lengths("no-cache"), lengths("cache"), "both modes at every length");
        const flat = squashLines(text);
        assert.match(
          flat,
          /with the cache -?[\d.]+, without -?[\d.]+|캐시 사용 -?[\d.]+, 미사용 -?[\d.]+/,
        );
        assert.match(flat, /KV cache bytes by prefix length|접두 길이별 KV 캐시 크기/);
        assert.match(flat, /same tokens with and without the KV cache|토큰이 같음/);
      },
    "experiment kv-cache: per-token times both ways, bytes in proportion to n, slopes in the conclusion":
      (l) => {
        const r = result(l, "kv-cache");
        const [t] = r.tables;
        for (const c of ["n", "ms cache", "ms no cache", "cache bytes"]) {
          assert.ok(t.columns.includes(c), `a column ${c}`);
        }
        const col = (c: string) => t.rows.map((row) => Number(row[t.columns.indexOf(c)]));
        const n = col("n");
        const bytes = col("cache bytes");
        assert.ok(bytes.every((b, i) => b === (bytes[0] / n[0]) * n[i]), "bytes grow as n");
        assert.equal(r.headline.sameTokens, true);
        for (const slope of [r.headline.cacheSlope, r.headline.noCacheSlope]) {
          assert.equal(typeof slope, "number");
          assert.ok(r.conclusion.en.includes((slope as number).toFixed(2)), "a measured slope");
        }
      },
  },

  "16-inside-lens-ablation": {
    "lens: layers bottom-up between the input and next rows, with the computed lines": (l) => {
      const text = out(l, "lens 나는 어제 도서관에서 책을 읽었다 --model ko-en-gpt");
      for (
        const row of ["next|다음", "layer 1|층 1", "layer 0|층 0", "embed|임베딩", "input|입력"]
      ) {
        assert.match(text, new RegExp(`^(${row}) +\\S`, "m"), `a '${row}' row`);
      }
      assert.match(text, /^(top token = next token at|1위 토큰 = 다음 토큰인 위치)/m);
      assert.match(squash(text), /thefinalprediction|최종예측은/);
    },
    "ablate cross:0.0: the original and the ablated output, p before -> after per step": (l) => {
      const text = out(l, `ablate ${sentence} --model ko-en-transformer --head cross:0.0`);
      assert.match(text, /^(original|원래) +\S/m);
      assert.match(text, /^(ablated|끈 뒤) +\S/m);
      const steps = [...text.matchAll(/^ +\d+ +\S+ +([\d.]+) \S* *-> ([\d.]+)/gm)];
      assert.ok(steps.length >= 2, "a row per step with p on -> p off");
      assert.match(text, /(output unchanged|output changed|출력은 그대로|출력이 바뀜)/);
    },
    "ablate cross:0.*: without the source some original token loses most of its p": (l) => {
      const text = out(l, `ablate ${sentence} --model ko-en-transformer --head cross:0.*`);
      const drops = [...text.matchAll(/^ +\d+ +\S+ +([\d.]+) \S* *-> ([\d.]+)/gm)].map((m) =>
        Number(m[1]) - Number(m[2])
      );
      assert.ok(Math.max(...drops) > 0.5, `drops ${drops}`);
    },
    "ablate --mean on the GPT names mean ablation": (l) => {
      assert.match(
        squash(out(l, "ablate 나는 학생이다 --model ko-en-gpt --head 1.0 --mean")),
        /mean|평균/,
      );
    },
    "heads-ablation ranks all 16 heads of the Transformer by the rise in held-out loss": (l) => {
      const r = result(l, "heads-ablation");
      assert.equal(r.tables[0].rows.length, 16);
      const sites = r.tables[0].rows.map((row) => String(row[1]).split(":")[0]);
      assert.deepEqual([...new Set(sites)].sort(), ["cross", "decoder", "encoder"]);
    },
    "induction: a table per seed, the loss and score chart, the heads' grids": (l) => {
      const r = result(l, "induction");
      assert.equal(r.tables.length, (r.settings.seeds as number[]).length);
      assert.ok(r.charts.length >= 1 && (r.grids?.length ?? 0) >= 1);
    },
  },

  "17-attention-explanation": {
    "rollout on the Transformer: the distance between rollout and raw attention, computed": (
      l,
    ) => {
      const text = squash(out(l, `rollout ${sentence} --model ko-en-transformer`));
      assert.match(text, /rolloutvsraw:meanJensen-Shannondivergence[\d.]+|젠슨-섀넌발산평균[\d.]+/);
    },
    "rollout on the GPT covers prompt and output": (l) => {
      const text = squash(out(l, "rollout 나는 학생이다 --model ko-en-gpt"));
      assert.match(text, /▁student/);
      assert.match(text, /Jensen-Shannon|젠슨-섀넌/);
    },
    "saliency beside attention, with a Spearman correlation per output word and its mean": (l) => {
      for (const model of ["ko-en-transformer", "ko-en-gru-bahdanau"]) {
        const text = squash(out(l, `saliency ${sentence} --model ${model}`));
        assert.match(text, /Spearman|스피어만/, model);
        assert.match(text, /;(mean|평균)-?[\d.]+\(/, `${model}: the mean correlation`);
      }
      assert.match(squash(out(l, "saliency 나는 학생이다 --model ko-en-gpt")), /Spearman|스피어만/);
    },
  },
};

/** A frame's or a view's lines joined with single spaces: a wrapped sentence matches itself. */
function squashLines(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

/** Text as the lesson view prints it, for comparing whole sentences: no markup, no spaces. */
function plain(markdown: string): string {
  return squash(markdown.replace(/[`*]/g, ""));
}

/** Checks every lesson shares, derived from its own blocks. */
function checkBlocks(l: Played): void {
  const printed = plain(l.text);
  const ran = commandBlocks(l.lesson).flat();
  assert.deepEqual(l.outputs.map((o) => o.command), ran, "every command is shown, in order");
  for (const o of l.outputs) assert.ok(o.text.trim() !== "", `'${o.command}' printed its result`);
  let from = 0;
  for (const block of l.lesson.blocks) {
    if (block.kind !== "interview") continue;
    for (const part of [block.question, block.answer]) {
      const at = printed.indexOf(plain(part), from);
      assert.ok(at >= from, `interview text shown in order: ${part.slice(0, 60)}`);
      from = at;
    }
  }
  for (const o of l.outputs.filter((o) => o.command.startsWith("experiment "))) {
    const r = result(l, o.command.split(" ")[1]);
    const shown = squash(o.text);
    const other = l.lang === "ko" ? "en" : "ko";
    assert.ok(shown.includes(squash(r.conclusion[l.lang])), `${r.experiment}: its conclusion`);
    assert.ok(!shown.includes(squash(r.conclusion[other])), `${r.experiment}: one language`);
    for (const t of [...r.tables, ...r.charts]) {
      assert.ok(shown.includes(squash(t.title[l.lang])), `${r.experiment}: ${t.title.en}`);
    }
    for (const n of r.notes) assert.ok(shown.includes(squash(n[l.lang])), `note: ${n.en}`);
  }
}

Deno.test("every lesson id has its promises declared", () => {
  const ids = listLessons("en").map((e) => e.id);
  assert.deepEqual(listLessons("ko").map((e) => e.id), ids, "ko and en lessons are twins");
  assert.deepEqual(Object.keys(promises).sort(), [...ids].sort());
});

/** Runs one command line in the test's session; resolves to its exit code. */
type Attn = (words: string[]) => Promise<number>;

/**
 * Plays one lesson with --auto and gathers what it printed; fails on a non-zero exit, on any
 * stderr line but the session cache's notes, and when it does not finish.
 */
async function play(
  attn: Attn,
  io: RecordingIo,
  entry: LessonEntry,
  view: LessonViewOptions,
  home: string,
): Promise<Played> {
  const from = io.stdout.length;
  const errFrom = io.stderr.length;
  const code = await attn(["lesson", entry.id, "--auto", "--lang", entry.lang]);
  const errors = io.stderr.slice(errFrom).filter((line) => !cacheNote.test(line));
  assert.equal(code, 0, errors.join("\n"));
  assert.deepEqual(errors, [], "no error or warning lines");
  const entries = io.stdout.slice(from);
  const finished = entry.lang === "ko" ? /^\(레슨 \S+ 완료\./ : /^\(finished lesson/;
  assert.match(entries.at(-1)!, finished);
  // Particles are chosen by batchim: no 을(를) or 이(가) reaches the learner.
  assert.deepEqual(unresolvedParticles(entries.join("\n")), [], "hedged Korean particles");
  const lesson = readLesson(entry);
  const experiments = new Map<string, ExperimentResult>();
  for (const command of commandBlocks(lesson).flat()) {
    if (!command.startsWith("experiment ")) continue;
    // The same command with --json: the session cache hands back the measurement just shown.
    const errBefore = io.stderr.length;
    assert.equal(await attn([...splitWords(command), "--json"]), 0);
    assert.match(io.stderr.slice(errBefore).join("\n"), cacheNote, "shown from the cache");
    const result: ExperimentResult = JSON.parse(io.stdout.at(-1)!);
    experiments.set(result.experiment, result);
  }
  return {
    lang: entry.lang,
    lesson,
    text: entries.join("\n"),
    outputs: commandOutputs(entries, lesson, view),
    experiments,
    home,
  };
}

/** The notice `experiment` prints when it shows a result measured earlier in the session. */
const cacheNote = /showing the result measured|잰 결과를 다시 보여 줍니다/;

Deno.test({
  name: `lessons (ko, en) --auto show what their prose promises${asWritten ? " (as written)" : ""}`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const home = makeTempHome();
    try {
      await withEnv(
        { HOME: home, XDG_STATE_HOME: `${home}/.local/state`, FORCE_COLOR: undefined },
        async () => {
          const io = new RecordingIo(100);
          const session = new Session(io);
          const attn: Attn = (words) => runCommandLine(words, { commands: table, session });
          const view = { palette: session.palette(), width: io.columns };
          for (const lang of langs) {
            for (const entry of listLessons(lang)) {
              await t.step(`${entry.id} (${lang})`, async () => {
                const played = await play(attn, io, entry, view, home);
                checkBlocks(played);
                for (const [promise, check] of Object.entries(promises[entry.id] ?? {})) {
                  try {
                    check(played);
                  } catch (e) {
                    throw new Error(`${entry.id} (${lang}) promises: ${promise}\n${e}`);
                  }
                }
              });
            }
          }
        },
      );
    } finally {
      Deno.removeSync(home, { recursive: true });
    }
  },
});
