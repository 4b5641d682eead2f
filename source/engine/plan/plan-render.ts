// How a plan shows a profile's templates before a run: every value known now rendered, the rest (runtime
// vars of a world not started, facts, secrets) as ‹runtime:…›, ‹fact:…›, ‹secret:…› — never a raw `{{`.
import { previewTemplate } from '../../profile/interpolate.js';
import type { LoadedProfile } from '../../profile/loaded-profile.js';
import type { Scope } from '../../profile/scope.js';
import type { PlanRender } from './plan-backups.js';

/** The preview render of `profile` (with `scope`, default: the profile's own vars only). */
export function previewRender(profile: LoadedProfile, scope: Scope = profile.scope({})): PlanRender {
  return (template) => previewTemplate(template, scope, 'plain', profile.catalog);
}
