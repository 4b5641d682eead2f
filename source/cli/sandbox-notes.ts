// What the home screen tells a newcomer about the sandbox: the SMTP relay and its public demo credentials
// (the form needs its port), and which services are stand-ins rather than the real programs.
import type { SandboxConnection } from '../sandbox/lifecycle/ensure.js';

/** One line each: relay, stand-ins, real programs. */
export function sandboxNotes(sandbox: SandboxConnection): string[] {
  const vars = sandbox.runtimeVars;
  const notes = [
    `Sandbox SMTP relay ${vars['sandbox_smtp_host'] ?? '127.0.0.1'}:${vars['sandbox_smtp_port'] ?? '?'} · user ${vars['sandbox_smtp_user'] ?? '?'} · password ${vars['sandbox_smtp_password'] ?? '?'} (public demo values)`,
  ];
  const standIns = sandbox.services.filter((service) => service.kind === 'stand-in').map((s) => s.name);
  const real = sandbox.services.filter((service) => service.kind === 'real').map((s) => s.name);
  if (standIns.length > 0) notes.push(`Stand-ins: ${standIns.join(', ')}`);
  if (real.length > 0) notes.push(`Real programs: ${real.join(', ')}`);
  return notes;
}
