// The sandbox embeds the real CHOM configs so a built package needs nothing outside itself; this keeps the
// embedded copies byte-identical to the real files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { config7f572d2 } from '../../../source/sandbox/world/content/config-7f572d2.js';
import { configBb283db } from '../../../source/sandbox/world/content/config-bb283db.js';
import { chomConfig } from '../../helpers/fixtures.js';

describe('embedded CHOM configs', () => {
  for (const [commit, files] of [
    ['7f572d2', config7f572d2],
    ['bb283db', configBb283db],
  ] as const) {
    it(`match the real files of ${commit}`, () => {
      expect(Object.keys(files).length).toBeGreaterThanOrEqual(3);
      for (const [name, content] of Object.entries(files)) {
        expect(content, `${commit}/${name}`).toBe(readFileSync(chomConfig(commit, name), 'utf8'));
      }
    });
  }
});
