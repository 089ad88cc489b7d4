import assert from "node:assert/strict";
import { taskStepLimit } from "../../src/app/run_text.ts";
import { type RnnConfig, rnnDefaults } from "../../src/models/config.ts";
import { getTask } from "../../src/data/task.ts";

function config(task: string, maxLen = 64): RnnConfig {
  return { ...rnnDefaults, srcVocab: 10, tgtVocab: 10, task, maxLen };
}

Deno.test("taskStepLimit() bounds decoding by the task's longest target plus <eos>", () => {
  const koEn = getTask("ko-en");
  assert.equal(taskStepLimit(config("ko-en"), 4), koEn.maxTgtTokens + 1);
  // reverse: the output is as long as the input, even past the task's range
  assert.equal(taskStepLimit(config("reverse"), 30), 31);
  // never past what the model's positions allow
  assert.equal(taskStepLimit(config("reverse", 20), 19), 19);
  // an unknown task keeps the decoder's own default
  assert.equal(taskStepLimit(config(""), 4), undefined);
});
