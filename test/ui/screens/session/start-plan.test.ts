import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../../../source/ui/app-services.js';
import { startSession } from '../../../../source/ui/screens/session/start-session.js';
import { createFakeServices } from '../../support/fake-services.js';

describe('starting a run from a screen', () => {
  it('lists the steps of the plan the runner runs (built once, by createRun), not a second plan of its own', () => {
    const fake = createFakeServices();
    // a composition root whose runner runs one step: the step list must show that step and no other
    const services: AppServices = {
      ...fake.services,
      createRun: (_request, gates, signal) =>
        fake.services.createRun({ mode: 'fix', fixSteps: ['disk'] }, gates, signal),
    };
    const session = startSession(services, { mode: 'deploy' }, 5);
    try {
      const listed = session.getSnapshot().state.phases.flatMap((phase) => phase.stepIds);
      expect(listed).toEqual(['disk']);
    } finally {
      session.dispose();
    }
  });
});
