/** The sentences of `experiment gradient-path` (src/experiments/gradient_path/), by id. */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const gradientPathMessages = {
  "gradientPath.claim": {
    en:
      "In an RNN token 1 is n steps from the end, so its gradient vanishes with distance; self-attention is one step from every token.",
    ko:
      "RNN에서 1번 토큰은 끝에서 n단계 떨어져 있어 거리가 멀수록 기울기가 사라지고, 셀프 어텐션에서는 모든 토큰이 한 단계 거리다.",
  },

  // The conclusion: one of four sentences around the same facts.
  "gradientPath.conclusion.claim": {
    en:
      "The gradient vanishes along the recurrent path but not through attention: {facts}. Token 1 is {letters} recurrent steps from the state the decoder reads, and one attention step away in self-attention.",
    ko:
      "기울기가 순환 경로(recurrent path)를 따라가며 사라지지만 어텐션을 거치면 사라지지 않습니다. {facts}. RNN에서 1번 토큰은 디코더가 읽는 상태에서 순환 {letters}단계 떨어져 있고, 셀프 어텐션(self-attention)에서는 어텐션 한 단계 거리입니다.",
  },
  "gradientPath.conclusion.reversed": {
    en:
      "Here the Transformer lost more gradient with distance than the GRU: {facts}. This run contradicts the claim.",
    ko:
      "이번 측정에서는 Transformer가 GRU보다 거리에 따라 기울기를 더 많이 잃었습니다. {facts}. 이 실행은 주장과 반대입니다.",
  },
  "gradientPath.conclusion.both": {
    en:
      "Both models lose the gradient with distance, within {gap}x of each other: {facts}. This run does not separate them.",
    ko:
      "두 모델 모두 거리에 따라 기울기를 잃고, 그 차이가 {gap}배 안쪽입니다. {facts}. 이 실행으로는 둘을 구별할 수 없습니다.",
  },
  "gradientPath.conclusion.neither": {
    en:
      "Neither model loses the gradient with distance: {facts}. No vanishing gradient shows over {letters} tokens.",
    ko:
      "두 모델 모두 거리에 따라 기울기를 잃지 않습니다. {facts}. 토큰 {letters}개 길이에서는 기울기 소실(vanishing gradient)이 보이지 않습니다.",
  },
  "gradientPath.fact.decay": {
    en:
      "token 1 gets {rnn} of the gradient at token {letters} (the last letter) in the GRU without attention (x{rnnStep} per step) and {transformer} in the Transformer (x{transformerStep} per step){attention}",
    ko:
      "1번 토큰이 받는 기울기(gradient)는 마지막 글자인 {letters}번 토큰의 {rnn}배(어텐션 없는 GRU, 한 단계마다 x{rnnStep}), Transformer에서는 {transformer}배(한 단계마다 x{transformerStep})입니다{attention}",
  },
  "gradientPath.fact.attention": {
    en: "; with Bahdanau attention the GRU gives it {ratio}",
    ko: ". Bahdanau 어텐션을 붙인 GRU에서는 {ratio}배입니다",
  },

  // The note on the trained models.
  "gradientPath.trained.note": {
    en:
      "{lead} {gate} Trained gradients are small wherever the model is already right, so these curves also reflect where it errs.",
    ko:
      "{lead} {gate} 학습된 모델은 이미 맞히는 곳에서 기울기가 작으므로, 이 곡선에는 모델이 틀리는 위치도 함께 반영됩니다.",
  },
  "gradientPath.trained.lead": {
    en:
      "The shipped models trained on reverse, measured with the whole target's loss (every letter is needed by one output letter): token 1 gets {list} of the last letter's gradient.",
    ko:
      "reverse로 학습한 배포 모델을 정답 전체의 손실(loss)로 재면(글자마다 출력 글자 하나에 쓰임) 1번 토큰이 받는 기울기는 마지막 글자 대비 {list}배입니다.",
  },
  "gradientPath.trained.change": {
    en: "{before} at init with the first-token loss -> {after} trained",
    ko: "첫 토큰 손실로 잰 초기 {before} -> 학습 후 {after}",
  },
  "gradientPath.trained.opened": {
    en:
      "Training taught the GRU's gates to carry the gradient back ({change}); at the start of training, though, the first letters get almost no gradient.",
    ko:
      "학습을 거치며 GRU의 게이트(gate)가 기울기를 멀리 전달하도록 바뀌었습니다({change}). 하지만 학습을 시작할 때는 앞쪽 글자에 기울기가 거의 닿지 않습니다.",
  },
  "gradientPath.trained.stillVanishes": {
    en: "The trained GRU still loses the gradient with distance ({change}).",
    ko: "학습 후에도 GRU는 거리에 따라 기울기를 잃습니다({change}).",
  },
  "gradientPath.trained.littleChange": {
    en: "Training changed the GRU's decay by less than {gap}x ({change}).",
    ko: "학습으로 GRU의 감쇠가 바뀐 정도는 {gap}배 미만입니다({change}).",
  },

  // Tables, charts and notes.
  "gradientPath.table.init": {
    en:
      "|d loss / d embedding| at each source position, normalized to the largest (random init, loss of the first target token, mean of {inputs} inputs x {seeds} init seed(s))",
    ko:
      "입력 위치별 |d loss / d 임베딩(embedding)|, 가장 큰 값을 1로 정규화 (무작위 초기화, 첫 정답 토큰의 손실, 입력 {inputs}개 x 초기화 시드 {seeds}개 평균)",
  },
  "gradientPath.table.trained": {
    en:
      "the same for the shipped trained weights (loss of the whole target, mean of {inputs} inputs)",
    ko: "학습된 배포 가중치에서 같은 값 (정답 전체의 손실, 입력 {inputs}개 평균)",
  },
  "gradientPath.table.decay": {
    en:
      "decay from the last position to the first: first/last ratio and fitted factor per step (1 = no decay)",
    ko:
      "마지막 위치에서 첫 위치까지의 감쇠: 첫/마지막 비율과 한 단계당 맞춘(fitted) 감쇠율 (1 = 감쇠 없음)",
  },
  "gradientPath.chart.init": {
    en: "gradient norm against source position, random init (log10, 0 = largest)",
    ko: "입력 위치에 따른 기울기 크기, 무작위 초기화 (log10, 0 = 최댓값)",
  },
  "gradientPath.chart.trained": {
    en: "gradient norm against source position, trained weights (log10, 0 = largest)",
    ko: "입력 위치에 따른 기울기 크기, 학습된 가중치 (log10, 0 = 최댓값)",
  },
  "gradientPath.note.init": {
    en:
      "The conclusion reads randomly initialized models of the shipped models' sizes: at initialization the gradient's shape shows the architecture's paths alone. A trained model's gradient also shows what the task needs: reverse's first output letter is the last input letter, so any trained model's first-token gradient piles up there.",
    ko:
      "결론은 배포 모델과 같은 크기의 무작위 초기화 모델에서 읽습니다. 초기화 상태의 기울기 모양은 구조의 경로만 보여 주기 때문입니다. 학습된 모델의 기울기에는 과제가 필요로 하는 것도 섞입니다. reverse의 첫 출력 글자는 마지막 입력 글자이므로, 어떤 구조든 학습된 모델의 첫 토큰 기울기는 그곳에 몰립니다.",
  },
  "gradientPath.note.loss": {
    en:
      "Loss: cross-entropy of the first target token, which reads the source through the encoder's final state (GRU: position i is {positions} - i recurrent steps from it) or through one attention step (Transformer, GRU + Bahdanau). Each input has {letters} distinct letters, so the gradient of the source embedding row of the letter at position i is the gradient at position i.",
    ko:
      "손실(loss)은 첫 정답 토큰의 교차 엔트로피(cross-entropy)입니다. 이 토큰은 인코더의 마지막 상태를 통해(GRU: 위치 i는 {positions} - i 순환 단계 떨어짐) 또는 어텐션 한 단계를 통해(Transformer, GRU + Bahdanau) 입력을 읽습니다. 입력마다 서로 다른 글자 {letters}개를 쓰므로, 위치 i 글자의 임베딩 행에 대한 기울기가 곧 위치 i의 기울기입니다.",
  },
} as const satisfies Catalog;
