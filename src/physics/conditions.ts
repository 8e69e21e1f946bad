// Conditions and values of a SceneSpec (ValueSpec, ConditionSpec, TriggerSpec), checked and
// compiled once at load into plain closures over a read-only view of the simulation. Compiling
// resolves every entity and event name to an index, so a bad reference is a load-time error naming
// where it was written, and evaluation each step does no lookups.
//
// Pure functions of the view: no Math.random, no wall clock. The view's time is steps / physicsHz.
import { LongtailError } from '../core/index.ts';
import type { Vec3 } from '../core/index.ts';
import type { ConditionSpec, RoadSpec, TriggerSpec, ValueSpec } from '../scenario/SceneSpec.ts';
import { onPavement } from '../scenario/roadGeometry.ts';

/** What a condition can see: the simulated state after the latest step (or the initial state). */
export interface SimView {
  readonly road: RoadSpec;
  /** Simulated seconds (steps taken / physicsHz). */
  time(): number;
  /** Bottom centre of entity `index` (spec order), metres. */
  bottomCentre(index: number): Vec3;
  /** Speed of entity `index`, m/s. */
  speed(index: number): number;
  /** Whether event `index` (spec order) has been recorded. */
  hasEvent(index: number): boolean;
  /** Height above the road of the lowest corner of entity `index`'s box, metres. */
  lowest(index: number): number;
  /** Whether a collision of entity `a` with entity `b` (either order; null = any entity) has been recorded. */
  hasCollision(a: number | null, b: number | null): boolean;
}

/** Highest the lowest corner of an entity may be above the road for it to count as on the road, metres. */
export const ON_ROAD_MAX_HEIGHT = 0.3;

/** Name tables the references in conditions are resolved against. */
export interface Names {
  /** Entity name → index in spec order; -1 marks a name used by more than one entity. */
  readonly entities: ReadonlyMap<string, number>;
  /** Event name → index in spec order. */
  readonly events: ReadonlyMap<string, number>;
}

export type Condition = (view: SimView) => boolean;
export type Value = (view: SimView) => number;

/** A compiled trigger: a start time, or a condition. */
export type Trigger = { readonly kind: 'at'; readonly time: number } | { readonly kind: 'when'; readonly condition: Condition; readonly delay: number };

function fail(where: string, what: string): never {
  throw new LongtailError(`physics: ${where}: ${what}`, 'physics');
}

function list(names: Iterable<string>): string {
  const all = [...names];
  return all.length === 0 ? 'none' : all.map((n) => `"${n}"`).join(', ');
}

/** Index of the entity called `name`, or a LongtailError saying what is wrong with the reference. */
export function entityIndex(names: Names, name: unknown, where: string, role: string): number {
  if (typeof name !== 'string') fail(where, `${role} must be an entity name, got ${String(name)}`);
  const i = names.entities.get(name);
  if (i === undefined) fail(where, `${role} names entity "${name}", which is not in the scene (entities: ${list(names.entities.keys())})`);
  if (i < 0) fail(where, `${role} names entity "${name}", but more than one entity has that name`);
  return i;
}

function eventIndex(names: Names, name: unknown, where: string): number {
  if (typeof name !== 'string') fail(where, `event condition must name an event, got ${String(name)}`);
  const i = names.events.get(name);
  if (i === undefined) fail(where, `condition refers to event "${name}", which is not defined (events: ${list(names.events.keys())})`);
  return i;
}

export function compileValue(spec: ValueSpec, names: Names, where: string): Value {
  switch (spec?.kind) {
    case 'time':
      return (v) => v.time();
    case 'const': {
      const c = spec.value;
      if (typeof c !== 'number' || !Number.isFinite(c)) fail(where, `constant must be a finite number, got ${String(c)}`);
      return () => c;
    }
    case 'speed': {
      const i = entityIndex(names, spec.entity, where, 'speed()');
      return (v) => v.speed(i);
    }
    case 'distance': {
      const a = entityIndex(names, spec.a, where, 'distance() first entity');
      const b = entityIndex(names, spec.b, where, 'distance() second entity');
      return (v) => {
        const p = v.bottomCentre(a);
        const q = v.bottomCentre(b);
        return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
      };
    }
    default:
      return fail(where, `unknown value kind ${JSON.stringify((spec as { kind?: unknown } | null)?.kind)}`);
  }
}

const COMPARE: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

export function compileCondition(spec: ConditionSpec, names: Names, where: string): Condition {
  switch (spec?.kind) {
    case 'const': {
      const c = spec.value;
      if (typeof c !== 'boolean') fail(where, `constant condition must be true or false, got ${String(c)}`);
      return () => c;
    }
    case 'compare': {
      const op = COMPARE[spec.op];
      if (!op) fail(where, `unknown comparison ${JSON.stringify(spec.op)}`);
      const l = compileValue(spec.left, names, where);
      const r = compileValue(spec.right, names, where);
      return (v) => op(l(v), r(v));
    }
    case 'and': {
      const l = compileCondition(spec.left, names, where);
      const r = compileCondition(spec.right, names, where);
      return (v) => l(v) && r(v);
    }
    case 'or': {
      const l = compileCondition(spec.left, names, where);
      const r = compileCondition(spec.right, names, where);
      return (v) => l(v) || r(v);
    }
    case 'not': {
      const c = compileCondition(spec.operand, names, where);
      return (v) => !c(v);
    }
    case 'onRoad': {
      const i = entityIndex(names, spec.entity, where, 'onRoad');
      return (v) => {
        const [x, y] = v.bottomCentre(i);
        return onPavement(v.road, x, y) && v.lowest(i) <= ON_ROAD_MAX_HEIGHT;
      };
    }
    case 'collision': {
      const entity = (name: unknown, role: string): number | null => (name === null ? null : entityIndex(names, name, where, role));
      const a = entity(spec.a, 'collision first entity');
      const b = entity(spec.b, 'collision second entity');
      if (a !== null && a === b) fail(where, `collision names entity "${spec.a}" twice; an entity cannot collide with itself`);
      return (v) => v.hasCollision(a, b);
    }
    case 'event': {
      const e = eventIndex(names, spec.name, where);
      return (v) => v.hasEvent(e);
    }
    default:
      return fail(where, `unknown condition kind ${JSON.stringify((spec as { kind?: unknown } | null)?.kind)}`);
  }
}

export function compileTrigger(spec: TriggerSpec, names: Names, where: string): Trigger {
  switch (spec?.kind) {
    case 'at':
      if (typeof spec.time !== 'number' || !(Number.isFinite(spec.time) && spec.time >= 0)) {
        fail(where, `start time must be a finite number of seconds ≥ 0, got ${String(spec.time)}`);
      }
      return { kind: 'at', time: spec.time };
    case 'when': {
      const delay = spec.delay ?? 0;
      if (typeof delay !== 'number' || !(Number.isFinite(delay) && delay >= 0 && delay <= 60)) {
        fail(where, `reaction delay must be a finite number of seconds from 0 to 60, got ${String(delay)}`);
      }
      return { kind: 'when', condition: compileCondition(spec.condition, names, where), delay };
    }
    default:
      return fail(where, `unknown trigger kind ${JSON.stringify((spec as { kind?: unknown } | null)?.kind)}`);
  }
}
