// `assess --format json`: the Assessment as one JSON document (fields documented in docs/assessment-json.md).
import type { Assessment } from '../engine/assess/assess-model.js';

export function assessmentJson(assessment: Assessment): string {
  return `${JSON.stringify(assessment, null, 2)}\n`;
}
