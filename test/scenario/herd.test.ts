// graze and follow: a herd that grazes, then moves with its leader.
import { describe, expect, it } from 'vitest';
import { diagnosticsOf, minimal, sampleSnippet } from '../helpers/scenario.ts';

describe('graze and follow', () => {
  it('compile to graze and follow behaviours, with repeat names resolved', () => {
    const spec = sampleSnippet(
      minimal(`cow lead { on roadside left
  at 50 m }
repeat 2 {
  cow calf { near lead within 5 m
    graze
    follow lead after 1.5 s }
}`),
      3,
    );
    const mine = spec.behaviours.filter((b) => b.entity.startsWith('calf_'));
    expect(mine).toEqual([
      { entity: 'calf_1', action: { kind: 'graze' }, trigger: { kind: 'at', time: 0 } },
      { entity: 'calf_1', action: { kind: 'follow', leader: 'lead' }, trigger: { kind: 'at', time: 1.5 } },
      { entity: 'calf_2', action: { kind: 'graze' }, trigger: { kind: 'at', time: 0 } },
      { entity: 'calf_2', action: { kind: 'follow', leader: 'lead' }, trigger: { kind: 'at', time: 1.5 } },
    ]);
  });

  it('needs a leader declared above', () => {
    expect(diagnosticsOf(minimal('cow calf { follow lead }\ncow lead { }'))).toEqual([
      "snippet.scene:2:19: unknown entity 'lead'; expected the name of an entity declared above this one",
    ]);
  });
});
