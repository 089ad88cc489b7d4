/** What `ablate` (src/app/ablate_heads.ts, head_specs.ts) says when it refuses, in both languages. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const ablateMessages = {
  "ablate.noHead": {
    en:
      "expected --head with at least one head to switch off: L.H on a GPT, encoder:L.H, decoder:L.H or cross:L.H on a Transformer, attention on an RNN (ablating no head changes nothing)",
    ko:
      "끌 헤드를 --head로 하나 이상 주어야 합니다: GPT는 L.H, Transformer는 encoder:L.H, decoder:L.H, cross:L.H, RNN은 attention (헤드를 하나도 끄지 않으면 아무것도 바뀌지 않습니다)",
  },
  "ablate.forms.gpt": {
    en: "L.H or L.* (layer.head from 0, e.g. 1.2)",
    ko: "L.H 또는 L.* (층.헤드, 0부터, 예: 1.2)",
  },
  "ablate.forms.transformer": {
    en: "encoder:L.H, decoder:L.H or cross:L.H (or site:L.* for every head of a layer)",
    ko: "encoder:L.H, decoder:L.H, cross:L.H (한 층의 모든 헤드는 site:L.*)",
  },
  "ablate.noReference": {
    en:
      "--mean needs held-out sentences of the model's task, and {model}'s task {task} is unknown; use zero ablation (without --mean)",
    ko:
      "--mean에는 모델 과제의 평가용 문장이 필요한데 {model}의 과제 {task}을(를) 알 수 없습니다. --mean 없이 0으로 끄세요",
  },
  "ablate.badSpec": {
    en: "expected a head as {forms}, got {typed}",
    ko: "헤드는 {forms} 형식이어야 합니다. 받은 값: {typed}",
  },
  "ablate.bareOnTransformer": {
    en:
      "{model} is an encoder-decoder: name the attention of head {typed} as encoder:L.H, decoder:L.H or cross:L.H",
    ko:
      "{model}은(는) 인코더-디코더입니다. 헤드 {typed}의 어텐션을 encoder:L.H, decoder:L.H, cross:L.H 중 하나로 적으세요",
  },
  "ablate.noAttention": {
    en: "{model} has no attention ({arch} without attention): there is no head to switch off",
    ko: "{model}에는 어텐션이 없습니다(어텐션 없는 {arch}). 끌 헤드가 없습니다",
  },
  "ablate.rnnSpec": {
    en: "{model} is an RNN with one attention: its one head is --head attention, got {typed}",
    ko:
      "{model}은(는) 어텐션이 하나뿐인 RNN입니다. 그 헤드는 --head attention입니다. 받은 값: {typed}",
  },
  "ablate.noSite": {
    en: "{model} has no {site} attention; it has {sites}",
    ko: "{model}에는 {site} 어텐션이 없습니다. 있는 것: {sites}",
  },
  "ablate.noLayer": {
    en: "{model} has no {site} layer {layer}: its {site} layers are 0..{max}",
    ko: "{model}에는 {site} 층 {layer}이(가) 없습니다. {site} 층은 0..{max}입니다",
  },
  "ablate.noHeadThere": {
    en: "{model} has no head {head} in {site} layer {layer}: its heads are 0..{max}",
    ko: "{model}의 {site} 층 {layer}에는 헤드 {head}이(가) 없습니다. 헤드는 0..{max}입니다",
  },
} as const satisfies Catalog;
