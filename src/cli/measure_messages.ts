/**
 * What `bench` and `experiment` refuse, in both languages. What the user typed is quoted and
 * never followed by a particle.
 */
import type { Catalog } from "../platform/i18n/messages.ts";

export const measureMessages = {
  "bench.needsPython": {
    en:
      "bench {suite} {flag} runs {python}, which deno task attn and the attn> prompt may not; from the shell run: deno task {task}",
    ko:
      "bench {suite} {flag} 옵션은 {python} 프로그램을 실행하는데, deno task attn과 attn> 프롬프트에는 그 권한이 없습니다. 셸에서 실행하세요: deno task {task}",
  },
  "bench.unknownSuite": {
    en: "unknown benchmark suite {typed}; expected one of: {suites}",
    ko: "없는 벤치마크입니다: {typed}. 가능한 벤치마크: {suites}",
  },
  "bench.flagFor": {
    en: "{flag} applies to bench {suite}, got bench {name}",
    ko: "{flag}: bench {suite}에만 쓰는 옵션입니다. 받은 것: bench {name}",
  },
  "bench.oneBaseline": {
    en: "expected one baseline, got {baselines}",
    ko: "비교 기준은 하나만 줄 수 있습니다. 받은 것: {baselines}",
  },
  "bench.lenFor": {
    en: "--len applies to bench {suites}, got bench {name}",
    ko: "--len: bench {suites}에만 쓰는 옵션입니다. 받은 것: bench {name}",
  },
  "experiment.unknown": {
    en: "unknown experiment {typed}{hint}; expected one of: {names}",
    ko: "없는 실험입니다: {typed}{hint}. 가능한 실험: {names}",
  },
  "experiment.didYouMean": { en: "; did you mean '{near}'?", ko: ". 혹시 '{near}' 말인가요?" },
  "experiment.interrupted": {
    en: "experiment {name} interrupted; nothing was changed",
    ko: "실험 {name} 중단됨. 바뀐 것은 없습니다",
  },
  "experiment.noModel": {
    en: "--model applies to experiment {takers}; experiment {name} measures its own models",
    ko:
      "--model은 experiment {takers}에만 쓰는 옵션입니다. experiment {name}은(는) 자기 모델을 잽니다",
  },
  "experiment.failed": { en: "experiment {name}: {reason}", ko: "실험 {name}: {reason}" },
} as const satisfies Catalog;
