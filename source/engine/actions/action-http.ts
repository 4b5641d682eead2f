// The `http` action: a request from the console (fetch) or from a host (curl), with expected status / JSON.
import { buildHttpFromHost, parseHttpOutput } from '../../commands/http-command.js';
import type { HttpAction } from '../../profile/schema.js';
import type { ActionOutput } from './action-result.js';
import { execRemote } from '../run/exec-command.js';
import { evaluateExpect } from '../run/expect.js';
import { commandFailure, stepFailure } from '../run/failure.js';
import type { StepContext } from '../run/run-context.js';

/** A finished request, wherever it was made from. */
export type HttpResponse = { status: number; body: string; shown: string };

/** Makes the request; `ctx.step.host` is only used to tag events. Network errors are StepErrors. */
export async function httpRequest(ctx: StepContext, action: HttpAction): Promise<HttpResponse> {
  const { scope } = ctx.run;
  const url = scope.render(action.url, 'plain');
  const headers = Object.fromEntries(
    Object.entries(action.headers ?? {}).map(([k, v]) => [k, scope.render(v, 'plain')]),
  );
  if (action.from === 'console') return fetchFromConsole(ctx, action, url, headers);
  const command = buildHttpFromHost({
    host: action.from,
    url,
    method: action.method,
    headers,
    followRedirects: action.follow_redirects,
    ...(action.timeout !== undefined ? { timeoutSeconds: action.timeout } : {}),
  });
  const { result, shown } = await execRemote(ctx, command);
  const parsed = parseHttpOutput(result.stdout);
  if (result.code !== 0) {
    throw commandFailure(
      ctx,
      shown,
      result,
      `${action.method} ${url} from ${action.from} failed (curl exit ${result.code})`,
      'check that the service is up and the URL is right, then retry',
    );
  }
  return { ...parsed, shown };
}

async function fetchFromConsole(
  ctx: StepContext,
  action: HttpAction,
  url: string,
  headers: Record<string, string>,
): Promise<HttpResponse> {
  const shown = ctx.run.redactor.redact(`${action.method} ${url}`);
  const started = performance.now();
  const timeout = AbortSignal.timeout((action.timeout ?? 30) * 1000);
  let response: Response;
  try {
    response = await fetch(url, {
      method: action.method,
      headers,
      redirect: action.follow_redirects ? 'follow' : 'manual',
      signal: AbortSignal.any([ctx.run.signal, timeout]),
    });
  } catch (error) {
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    ctx.run.emit({
      type: 'command-finished',
      host: 'console',
      stepId: ctx.step.id,
      command: shown,
      exitCode: 1,
      signal: null,
      durationMs: performance.now() - started,
    });
    throw stepFailure(
      ctx,
      `${shown} from the console failed: ${reason}`,
      'check that the URL is reachable from this machine, then retry',
      shown,
    );
  }
  const body = action.method === 'HEAD' ? '' : await response.text();
  ctx.run.emit({
    type: 'command-finished',
    host: 'console',
    stepId: ctx.step.id,
    command: shown,
    exitCode: 0,
    signal: null,
    durationMs: performance.now() - started,
  });
  ctx.run.emit({
    type: 'output',
    host: 'console',
    stepId: ctx.step.id,
    stream: 'stdout',
    line: ctx.run.redactor.redact(`HTTP ${response.status}`),
  });
  return { status: response.status, body, shown };
}

export async function httpAction(ctx: StepContext, action: HttpAction): Promise<ActionOutput> {
  const response = await httpRequest(ctx, action);
  const verdict = evaluateExpect(
    { status: action.expect_status, ...(action.expect_json ? { json: action.expect_json } : {}) },
    { status: response.status, stdout: response.body },
  );
  if (!verdict.pass) {
    throw stepFailure(
      ctx,
      `${response.shown}: ${verdict.detail}`,
      'check the service on the host (logs, status), then retry',
      response.shown,
    );
  }
  return { output: response.body };
}
