import assert from "node:assert/strict";
import { Command } from "@commander-js/extra-typings";
import { tokensHelpMessages } from "../../src/cli/tokens_help_messages.ts";
import { tokensCommand } from "../../src/cli/commands/tokens.ts";
import { tokenizerCommand } from "../../src/cli/commands/tokenizer.ts";

Deno.test("the Korean help of tokens and tokenizer translates the commands' current English", () => {
  const catalog: Record<string, { en: string; ko: string }> = tokensHelpMessages;
  const expected = new Map<string, string>();
  for (const def of [tokensCommand, tokenizerCommand]) {
    expected.set(`help.summary.${def.name}`, def.summary);
    const cmd = def.configure(new Command(def.name));
    for (const a of cmd.registeredArguments) {
      expected.set(`help.arg.${def.name}.${a.name()}`, a.description);
    }
    for (const o of cmd.options) expected.set(`help.option.${def.name}.${o.long}`, o.description);
  }
  assert.deepEqual(Object.keys(catalog).sort(), [...expected.keys()].sort());
  for (const [id, en] of expected) {
    assert.equal(catalog[id].en, en, id);
    assert.match(catalog[id].ko, /[가-힣]/, id);
  }
});
