import { describe, expect, it } from 'vitest';
import { diagnosticsOf, sampleSnippet } from '../helpers/scenario.ts';

describe('road surface and physical driving', () => {
  it('puts the surface on the road and marks physical drivers', () => {
    const spec = sampleSnippet('road straight { surface: ice }\nego car { on lane 1\n  speed: 50 km/h\n  driving: physical }\n', 0);
    expect(spec.road.surface).toBe('ice');
    expect(spec.entities[0]!.motion).toMatchObject({ kind: 'drive', physical: true });
    expect(sampleSnippet('ego car { speed: 10 m/s }\n', 0).entities[0]!.motion).not.toHaveProperty('physical');
    expect(sampleSnippet('ego car { }\n', 0).road.surface).toBe('dry');
  });

  it('checks the words', () => {
    expect(diagnosticsOf('road straight { surface: mud }\nego car { }\n')[0]).toMatch(/expected 'dry' or 'wet' or 'snow' or 'ice', found 'mud'/);
  });
});
