import assert from "node:assert/strict";
import { finalSound, particleAfter } from "../../../src/platform/i18n/korean_particles.ts";

Deno.test("particleAfter() picks by the batchim of a Hangul word, and 로 after ㄹ", () => {
  assert.equal(particleAfter("학생", "은(는)"), "은");
  assert.equal(particleAfter("의사", "은(는)"), "는");
  assert.equal(particleAfter("책", "을(를)"), "을");
  assert.equal(particleAfter("사과", "을(를)"), "를");
  assert.equal(particleAfter("하락", "과(와)"), "과");
  assert.equal(particleAfter("무시", "이(가)"), "가");
  assert.equal(particleAfter("서울", "(으)로"), "로");
  assert.equal(particleAfter("서울", "이(가)"), "이");
  assert.equal(particleAfter("부산", "(으)로"), "으로");
  assert.equal(particleAfter("바다", "(으)로"), "로");
});

Deno.test("particleAfter() reads numbers in Sino-Korean and % as 퍼센트", () => {
  assert.equal(particleAfter("3", "이(가)"), "이"); // 삼
  assert.equal(particleAfter("2", "이(가)"), "가"); // 이
  assert.equal(particleAfter("7", "(으)로"), "로"); // 칠
  assert.equal(particleAfter("6", "(으)로"), "으로"); // 육
  assert.equal(particleAfter("20", "이(가)"), "이"); // 이십
  assert.equal(particleAfter("1,000", "은(는)"), "은"); // 천
  assert.equal(particleAfter("0.85", "은(는)"), "는"); // 영 점 팔 오
  assert.equal(particleAfter("1.50", "은(는)"), "은"); // 일 점 오 영
  assert.equal(particleAfter("0", "이(가)"), "이"); // 영
  assert.equal(particleAfter("97%", "(으)로"), "로");
  assert.equal(particleAfter("learned 84%, rope 98%", "을(를)"), "를");
});

Deno.test("particleAfter() reads acronyms letter by letter and plain English endings", () => {
  assert.equal(particleAfter("GRU", "이(가)"), "가"); // 지알유
  assert.equal(particleAfter("LSTM", "이(가)"), "이"); // 엘에스티엠
  assert.equal(particleAfter("URL", "(으)로"), "로"); // 유알엘
  assert.equal(particleAfter("Transformer", "이(가)"), "가"); // 트랜스포머
  assert.equal(particleAfter("reverse-gru-bahdanau", "이(가)"), "가");
  assert.equal(particleAfter("pre-norm", "과(와)"), "과"); // 놈
  assert.equal(particleAfter("sinusoidal", "(으)로"), "로"); // 시누소이달
  assert.equal(particleAfter("RoPE", "은(는)"), "는"); // 로프
  assert.equal(particleAfter("none", "은(는)"), "은"); // 논
  assert.equal(particleAfter("luong", "이(가)"), "이"); // 루옹
});

Deno.test("particleAfter() keeps the written-out form when the reading is unclear", () => {
  assert.equal(particleAfter("dot", "이(가)"), "이(가)"); // 닷? 도트?
  assert.equal(particleAfter("1e-4", "을(를)"), "을(를)");
  assert.equal(particleAfter("1.5 MiB", "을(를)"), "을(를)");
  assert.equal(particleAfter("", "은(는)"), "은(는)");
  assert.equal(particleAfter("x)", "은(는)"), "은(는)"); // unbalanced
  assert.equal(finalSound("→"), null);
});

Deno.test("finalSound() skips a parenthetical at the end, as the particle does", () => {
  assert.equal(finalSound("post-norm(2.40 -> 1.42)"), "consonant");
  assert.equal(finalSound("sinusoidal 20%(learned: 정의되지 않음)"), "vowel");
  assert.equal(finalSound("학습 전 (a (b))"), "consonant");
});
