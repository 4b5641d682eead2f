// What an action hands back to the runner when it succeeds; failures are thrown as StepError.

/** `output` becomes the `save_as` fact (JSON-parsed when possible). */
export type ActionOutput = { output?: string };
