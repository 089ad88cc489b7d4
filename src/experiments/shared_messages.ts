/** Sentence parts several experiments share: which clock timed them, and where they ran. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const sharedMessages = {
  "experiment.clock.gpu": { en: "GPU timestamps", ko: "GPU 타임스탬프" },
  "experiment.clock.wall": { en: "wall clock", ko: "벽시계 시간(wall clock)" },
  "experiment.where": { en: "on {backend} ({clock})", ko: "{backend}에서({clock})" },
} as const satisfies Catalog;
