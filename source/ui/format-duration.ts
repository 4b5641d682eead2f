// The UI's durations are the reports' (source/lib/format-duration.ts): one wording everywhere.
export { formatDuration } from '../lib/format-duration.js';
