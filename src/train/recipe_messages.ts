/**
 * Why a recipe is refused (a `train --recipe FILE.json` file, or a recipe's values out of
 * range), in both languages. Field names and the JSON quoted back stay as written.
 */
import type { Catalog } from "../platform/i18n/messages.ts";

export const recipeMessages = {
  "recipe.notObject": {
    en: "expected a JSON object of recipe fields, got {got}",
    ko: "레시피 필드의 JSON 객체여야 합니다. 받은 것: {got}",
  },
  "recipe.unknownField": {
    en: "unknown field '{name}'; expected some of: {names}",
    ko: "없는 필드입니다: '{name}'. 쓸 수 있는 필드: {names}",
  },
  "recipe.notNumber": {
    en: "field {name}: expected a number, got {got}",
    ko: "필드 {name}: 수여야 합니다. 받은 것: {got}",
  },
  "recipe.notCounts": {
    en: "field {field}: expected an object of {names}, got {got}",
    ko: "필드 {field}: {names}의 객체여야 합니다. 받은 것: {got}",
  },
  "recipe.unknownCount": {
    en: "field {field}: unknown '{name}'; expected some of: {names}",
    ko: "필드 {field}: 없는 이름입니다: '{name}'. 쓸 수 있는 이름: {names}",
  },
  "recipe.missingCount": {
    en: "field {field}: expected all of {names}; '{name}' is missing",
    ko: "필드 {field}: 다음이 모두 있어야 합니다: {names}. 빠진 것: '{name}'",
  },
  "recipe.notCount": {
    en: "field {field}: expected a whole number >= 1, got {got}",
    ko: "필드 {field}: 1 이상의 정수여야 합니다. 받은 것: {got}",
  },
  "recipe.range.whole": {
    en: "recipe {name}: expected a whole number >= {min}, got {got}",
    ko: "레시피 {name}: {min} 이상의 정수여야 합니다. 받은 것: {got}",
  },
  "recipe.range.lr": {
    en: "recipe lr: expected a number > 0, got {got}",
    ko: "레시피 lr: 0보다 큰 수여야 합니다. 받은 것: {got}",
  },
  "recipe.range.fraction": {
    en: "recipe {name}: expected a number in [0, 1), got {got}",
    ko: "레시피 {name}: 0 이상 1 미만의 수여야 합니다. 받은 것: {got}",
  },
} as const satisfies Catalog;
