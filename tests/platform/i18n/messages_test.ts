import assert from "node:assert/strict";
import {
  type Catalog,
  formatMessage,
  joinMessages,
  messagesOf,
} from "../../../src/platform/i18n/messages.ts";

const catalog = {
  "demo.fell": {
    en: "{model} fell from {from} to {to}",
    ko: "{model}이(가) {from}에서 {to}(으)로 떨어졌습니다",
  },
  "demo.parts": { en: "{which} agreed", ko: "{which}은(는) 맞았습니다" },
  "demo.fact": { en: "{n} steps", ko: "{n}단계" },
  "demo.plain": { en: "No clear result.", ko: "뚜렷한 결과가 없습니다." },
} as const satisfies Catalog;

Deno.test("formatMessage() fills placeholders in both languages and picks the particles", () => {
  assert.deepEqual(formatMessage(catalog, "demo.fell", { model: "GRU", from: "90%", to: "부산" }), {
    en: "GRU fell from 90% to 부산",
    ko: "GRU가 90%에서 부산으로 떨어졌습니다",
  });
  assert.deepEqual(
    formatMessage(catalog, "demo.fell", { model: "LSTM", from: 3, to: "서울" }).ko,
    "LSTM이 3에서 서울로 떨어졌습니다",
  );
  // A Korean value's particle follows the Korean text, an unclear one stays written out.
  const say = messagesOf(catalog);
  assert.equal(
    say("demo.parts", { which: { en: "the drop", ko: "사인파 인코딩의 하락" } }).ko,
    "사인파 인코딩의 하락은 맞았습니다",
  );
  assert.equal(say("demo.parts", { which: "dot" }).ko, "dot은(는) 맞았습니다");
  assert.deepEqual(say("demo.plain"), catalog["demo.plain"]);
});

Deno.test("formatMessage() nests messages: a value may be a message itself", () => {
  const say = messagesOf(catalog);
  const fact = say("demo.fact", { n: 24 });
  assert.deepEqual(say("demo.parts", { which: fact }), {
    en: "24 steps agreed",
    ko: "24단계는 맞았습니다",
  });
});

Deno.test("formatMessage() refuses an unknown id, a missing value and an unused one", () => {
  assert.throws(
    () => formatMessage(catalog, "demo.nope" as keyof typeof catalog, { n: 1 } as never),
    /unknown message id "demo\.nope": expected an id of the catalog/,
  );
  assert.throws(
    () => formatMessage(catalog, "demo.fell", { model: "GRU", from: 1 } as never),
    /message "demo\.fell": expected a value for \{to\}, got none/,
  );
  assert.throws(
    () => formatMessage(catalog, "demo.fact", { n: 1, m: 2 } as never),
    /message "demo\.fact": got values no template uses: \{m\}/,
  );
  // Inherited properties are not ids or values.
  assert.throws(() => formatMessage(catalog, "toString" as never), /unknown message id/);
});

Deno.test("the type checker knows each message's placeholders", () => {
  const say = messagesOf(catalog);
  // @ts-expect-error: {to} is missing
  assert.throws(() => say("demo.fell", { model: "GRU", from: 1 }));
  // @ts-expect-error: no such id
  assert.throws(() => say("demo.missing"));
  assert.ok(say("demo.fact", { n: 1 }));
});

Deno.test("joinMessages() joins parts with a separator per language", () => {
  assert.deepEqual(
    joinMessages([{ en: "a", ko: "가" }, { en: "b", ko: "나" }], { en: "; ", ko: ". " }),
    { en: "a; b", ko: "가. 나" },
  );
});
