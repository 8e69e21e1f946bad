import { classByName, modelByName, ScenarioError, Rng, type Diagnostic, type Vec3 } from '../core/index.ts';
import { COLORS, type Expr, type Program, type ProgramEntity, type Span } from '../dsl/index.ts';
import { evaluate, num, type Scope, type Value } from './evaluate.ts';
import { drawLook } from './appearance.ts';
import { resolveRoadside, type GuardrailChoice, type Vegetation } from './roadside.ts';
import {
  SCENE_SPEC_FORMAT,
  type BehaviourSpec,
  type CameraSpec,
  type ConditionSpec,
  type EntitySpec,
  type EnvironmentSpec,
  type MotionSpec,
  type RoadSpec,
  type SceneSpec,
  type ValueSpec,
} from './SceneSpec.ts';
import { sunPosition } from './sun.ts';
import { isVisible } from './visibility.ts';
import { crossRoad, roadFrame, roadPoint, roadProject } from './roadGeometry.ts';

/** Largest instance id: the instance layer is 16-bit. */
export const MAX_INSTANCE_ID = 65535;

export interface SampleOptions {
  /** Seed; defaults to the file's `seed`, else 0. */
  readonly seed?: number;
  /** Override every camera's resolution. */
  readonly resolution?: readonly [number, number];
  /** Physics steps per second. */
  readonly physicsHz?: number;
  /** Fixed parameter values (CLI --set), checked expressions by parameter name. */
  readonly params?: ReadonlyMap<string, Expr>;
  /** Tries before giving up on the requirements. */
  readonly maxAttempts?: number;
  /** Told how many tries the accepted sample took (for acceptance-rate figures). */
  readonly onAttempts?: (attempts: number) => void;
}

export const DEFAULT_PHYSICS_HZ = 120;
export const DEFAULT_MAX_ATTEMPTS = 1000;
/** Distance of roadside spots from the paved edge, metres. */
const ROADSIDE_MARGIN = 2;
/** Visibility V → exp² fog density d with exp(-(dV)²) = 0.05 (meteorological 5% contrast). */
export const FOG_CONTRAST = Math.sqrt(-Math.log(0.05));

/**
 * Turn a Program and a seed into a SceneSpec. Pure and deterministic: each part draws from its
 * own stream named after it, so adding an entity never changes what the others drew. Requirements
 * are met by rejection: try again with fresh streams (named with the try's number) until every
 * requirement holds, up to a budget. Values out of range (lane 5 on a 2-lane road) throw a
 * ScenarioError pointing at the value.
 */
export function sample(program: Program, options: SampleOptions = {}): SceneSpec {
  const seed = options.seed ?? program.seed ?? 0;
  const budget = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!(Number.isInteger(budget) && budget >= 1)) throw new RangeError(`sample: maxAttempts must be a whole number of at least 1, got ${budget}`);
  const failures = new Array<number>(program.requires.length).fill(0);
  for (let attempt = 0; attempt < budget; attempt++) {
    const s = new Sampler(program, seed, attempt, options);
    const spec = s.build(options);
    const failed = s.failedRequirements(spec);
    if (failed.length === 0) {
      options.onAttempts?.(attempt + 1);
      return spec;
    }
    for (const i of failed) failures[i]!++;
  }
  let worst = 0;
  failures.forEach((n, i) => {
    if (n > failures[worst]!) worst = i;
  });
  const r = program.requires[worst]!;
  const pct = (n: number) => `${((100 * n) / budget).toFixed(1)}%`;
  const others = failures
    .map((n, i) => ({ n, i }))
    .filter((x) => x.i !== worst && x.n > 0)
    .map((x) => `line ${program.requires[x.i]!.span.line} failed ${pct(x.n)}`);
  throw new ScenarioError(
    [
      {
        file: r.span.file ?? program.file,
        line: r.span.line,
        col: r.span.col,
        length: r.span.length,
        severity: 'error',
        message: `no sample met every requirement in ${budget} tries (acceptance 0 of ${budget}); this requirement failed most, in ${failures[worst]} tries (${pct(failures[worst]!)})${others.length ? `; also ${others.join(', ')}` : ''}`,
      },
    ],
    program.sources,
  );
}

class Sampler {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly placed = new Map<string, EntitySpec>();
  /** Road coordinates (s, t) of every placed entity, for placements relative to it. */
  private readonly roadCoords = new Map<string, { s: number; t: number; road: 'main' | 'cross' }>();
  private readonly paramValues = new Map<string, Value>();
  private cameras: CameraSpec[] = [];
  private readonly behaviours: BehaviourSpec[] = [];
  private readonly eventNames: ReadonlySet<string>;
  private readonly scope: Scope;

  constructor(
    private readonly program: Program,
    private readonly seed: number,
    private readonly attempt: number,
    private readonly options: SampleOptions,
  ) {
    this.eventNames = new Set(program.events.map((e) => e.name));
    this.scope = {
      param: (name) => this.param(name),
      distance: (a, b) => {
        const p = this.placed.get(a)!.position;
        const q = this.placed.get(b)!.position;
        return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
      },
      visible: (target, camera) => {
        const cam = camera === null ? this.cameras[0]! : this.cameras.find((c) => c.name === camera)!;
        return isVisible(this.placed.get(target)!, cam, this.placed.get(cam.mount)!, [...this.placed.values()]);
      },
    };
  }

  /** A random stream: the same (seed, key) gives the same draws; later tries get fresh streams. */
  private stream(key: string): Rng {
    return new Rng(this.seed, this.attempt === 0 ? key : `${key}#${this.attempt}`);
  }

  private param(name: string): Value | undefined {
    const p = this.program.params.get(name);
    if (!p) return undefined;
    let v = this.paramValues.get(name);
    if (v === undefined) {
      v = evaluate(this.options.params?.get(name) ?? p.value, this.stream(`param:${name}`), this.scope);
      this.paramValues.set(name, v);
    }
    return v;
  }

  private eval(e: Expr, rng: Rng): Value {
    return evaluate(e, rng, this.scope);
  }

  build(options: SampleOptions): SceneSpec {
    const p = this.program;
    const road = this.road();
    const environment = this.environment();
    const duration = p.duration ? this.positive(p.duration, num(this.eval(p.duration, this.stream('duration'))), 'duration', 3600) : 5;
    const dark = sunPosition(environment.timeOfDay, environment.dayOfYear, environment.latitude).elevation < (2 * Math.PI) / 180;

    const entities: EntitySpec[] = [];
    const cameras: CameraSpec[] = [];
    this.cameras = cameras;
    const add = (pe: ProgramEntity, name: string, rename: ReadonlyMap<string, string>) => {
      if (entities.length + 1 > MAX_INSTANCE_ID) {
        // Instance ids are 16-bit in every layer and format: never wrap, stop here.
        this.error(pe.span, `'${name}' would be entity ${entities.length + 1}: a scene holds at most ${MAX_INSTANCE_ID} (instance ids are 16-bit)`);
        this.throwIfErrors();
      }
      const e = this.entity(pe, name, rename, entities.length + 1, road, dark);
      entities.push(e);
      this.placed.set(e.name, e);
      for (const pc of pe.cameras) cameras.push(this.camera(pc.name, pc.props, e, options));
    };
    const done = new Set<number>();
    for (const pe of p.entities) {
      if (pe.group === null) {
        add(pe, pe.name, new Map());
        continue;
      }
      if (done.has(pe.group)) continue;
      done.add(pe.group);
      const rep = p.repeats[pe.group]!;
      const count = num(this.eval(rep.count, this.stream(`repeat:${pe.group}`)));
      if (!Number.isInteger(count) || count < 0 || count > 200) {
        this.error(rep.count.span, `repeat count ${count} is out of range; expected a whole number from 0 to 200`);
        continue;
      }
      for (let i = 1; i <= count; i++) {
        // Inside one repetition, template names refer to that repetition's entities.
        const rename = new Map(rep.entities.map((t) => [t.name, `${t.name}_${i}`]));
        for (const t of rep.entities) add(t, `${t.name}_${i}`, rename);
      }
    }
    if (cameras.length === 0) {
      const ego = entities.find((e) => e.name === p.entities.find((x) => x.ego)!.name)!;
      cameras.push(this.camera(`${ego.name}_camera`, new Map(), ego, options));
    }
    const events = p.events.map((e) => ({ name: e.name, condition: this.condition(e.condition, null, new Map(), this.stream(`event:${e.name}`)) }));
    const end = p.end ? this.condition(p.end, null, new Map(), this.stream('end')) : null;
    let window: SceneSpec['window'] = null;
    if (p.window) {
      const rng = this.stream('window');
      const before = this.finite(p.window.before, rng, 'time before the event');
      const after = this.finite(p.window.after, rng, 'time after the event');
      if (before < 0 || after < 0) this.error(p.window.span, 'the capture window needs times of 0 s or more before and after the event');
      window = { event: p.window.event, before, after };
    }
    this.throwIfErrors();
    return {
      format: SCENE_SPEC_FORMAT,
      name: p.name,
      source: p.file,
      seed: this.seed,
      duration,
      physicsHz: options.physicsHz ?? DEFAULT_PHYSICS_HZ,
      road,
      environment,
      entities,
      cameras,
      behaviours: this.behaviours,
      events,
      end,
      window,
    };
  }

  /** Indexes of the requirements this sample breaks (soft ones only when drawn to apply). */
  failedRequirements(_spec: SceneSpec): number[] {
    const failed: number[] = [];
    this.program.requires.forEach((r, i) => {
      const rng = this.stream(`require:${i}`);
      const enforce = r.probability === null || rng.next() < r.probability;
      if (enforce && this.eval(r.condition, rng) !== true) failed.push(i);
    });
    return failed;
  }

  /** The road with its scenery, drawn from a stream of its own (adding it changed no road draw). */
  private road(): RoadSpec {
    const road = this.carriageway();
    const rng = this.stream('roadside');
    const props = this.program.road;
    const word = (key: string) => (props.get(key) ? (this.eval(props.get(key)!, rng) as string) : undefined);
    const vegetation = word('roadside') as Vegetation | undefined;
    const guardrail = word('guardrail') as GuardrailChoice | undefined;
    const wearE = props.get('wear');
    const wear = wearE ? this.quantity(wearE, rng, 0, 0, 1, 'wear', '') : undefined;
    return { ...road, ...resolveRoadside(road, { vegetation, guardrail, wear }, rng) };
  }

  private carriageway(): RoadSpec {
    const rng = this.stream('road');
    const props = this.program.road;
    const lanes = this.integer(props.get('lanes'), rng, 2, 1, 12, 'lanes');
    const laneWidth = this.quantity(props.get('lane_width'), rng, 3.5, 2, 6, 'lane_width', 'm');
    const length = this.quantity(props.get('length'), rng, 400, 10, 20000, 'length', 'm');
    const shoulder = this.quantity(props.get('shoulder'), rng, 1, 0, 5, 'shoulder', 'm');
    const oncoming = this.integer(props.get('oncoming'), rng, Math.floor(lanes / 2), 0, lanes, 'oncoming');
    const surfaceE = props.get('surface');
    const surface = surfaceE ? (this.eval(surfaceE, rng) as 'dry' | 'wet' | 'snow' | 'ice') : 'dry';
    if (this.program.roadKind === 'intersection') {
      const at = this.quantity(props.get('junction'), rng, length / 2, 0, length, 'junction', 'm');
      const angle = this.quantity(props.get('cross_angle'), rng, Math.PI / 2, (10 * Math.PI) / 180, (170 * Math.PI) / 180, 'cross_angle', 'rad');
      const crossLanes = this.integer(props.get('cross_lanes'), rng, lanes, 1, 12, 'cross_lanes');
      const cross = {
        at,
        angle,
        lanes: crossLanes,
        laneWidth,
        oncoming: Math.floor(crossLanes / 2),
        shoulder,
        length: this.quantity(props.get('cross_length'), rng, 200, 10, 5000, 'cross_length', 'm'),
      };
      return { kind: 'intersection', curve: null, cross, lanes, laneWidth, length, shoulder, oncoming, surface };
    }
    if (this.program.roadKind !== 'curve') return { kind: 'straight', curve: null, cross: null, lanes, laneWidth, length, shoulder, oncoming, surface };
    const radius = this.quantity(props.get('radius'), rng, 200, 10, 100000, 'radius', 'm');
    const angle = this.quantity(props.get('angle'), rng, Math.PI / 2, 1e-3, 2 * Math.PI, 'angle', 'rad');
    const start = this.quantity(props.get('start'), rng, 100, 0, length, 'start', 'm');
    const dirE = props.get('direction');
    const direction = dirE && this.eval(dirE, rng) === 'right' ? -1 : 1;
    return { kind: 'curve', curve: { start, radius, angle, direction }, cross: null, lanes, laneWidth, length, shoulder, oncoming, surface };
  }

  private environment(): EnvironmentSpec {
    const rng = this.stream('environment');
    const props = this.program.environment;
    const timeE = props.get('time');
    let timeOfDay = timeE ? this.finite(timeE, rng, 'time') : 12 * 3600;
    // 23:00 + 2 h is 01:00. Only times outside the day are wrapped: the arithmetic rounds.
    if (timeOfDay < 0 || timeOfDay >= 86400) timeOfDay = ((timeOfDay % 86400) + 86400) % 86400;
    const dateE = props.get('date');
    let dayOfYear = 172;
    let year = 2026;
    if (dateE) {
      const d = this.eval(dateE, rng) as string;
      const m = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(d);
      if (m?.[1]) year = Number(m[1]);
      const month = m ? Number(m[2]) : 0;
      const day = m ? Number(m[3]) : 0;
      const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
      const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
      if (!m || month < 1 || month > 12 || day < 1 || day > days[month - 1]!) this.error(dateE.span, `"${d}" is not a date; expected "YYYY-MM-DD" or "MM-DD"`);
      else dayOfYear = days.slice(0, month - 1).reduce((a, b) => a + b, 0) + day;
    }
    const latitude = this.quantity(props.get('latitude'), rng, (48 * Math.PI) / 180, -Math.PI / 2, Math.PI / 2, 'latitude', 'rad');
    const fogE = props.get('fog');
    const visibility = fogE ? this.positive(fogE, num(this.eval(fogE, rng)), 'fog visibility', 1e6) : Infinity;
    const unit = (key: string) => this.quantity(props.get(key), rng, 0, 0, 1, key, '');
    const lamps = props.get('street_lamps');
    const fogHeightE = props.get('fog_height');
    return {
      timeOfDay,
      dayOfYear,
      year,
      latitude,
      fogDensity: Number.isFinite(visibility) ? FOG_CONTRAST / visibility : 0,
      clouds: unit('clouds'),
      rain: unit('rain'),
      snow: unit('snow'),
      wetness: unit('wetness'),
      wind: this.quantity(props.get('wind'), rng, 0, 0, 60, 'wind', 'm/s'),
      streetLamps: lamps ? this.eval(lamps, rng) === 'on' : false,
      windDirection: this.windDirection(props.get('wind_direction'), rng),
      ...(fogHeightE ? { fogHeight: this.positive(fogHeightE, num(this.eval(fogHeightE, rng)), 'fog height', 1e4) } : {}),
    };
  }

  /**
   * The heading the wind blows towards, radians in (-pi, pi]. Unset, it is drawn from its own
   * stream of the seed, so adding it changed no other sampled value.
   */
  private windDirection(e: Expr | undefined, rng: Rng): number {
    const a = e ? this.finite(e, rng, 'wind direction') : this.stream('wind').uniform(-Math.PI, Math.PI);
    const wrapped = a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
    return wrapped === -Math.PI ? Math.PI : wrapped;
  }

  private entity(pe: ProgramEntity, name: string, rename: ReadonlyMap<string, string>, id: number, road: RoadSpec, dark: boolean): EntitySpec {
    const rng = this.stream(`entity:${name}`);
    const props = pe.props;
    const modelE = props.get('model');
    const model = modelByName(modelE ? (this.eval(modelE, rng) as string) : pe.model)!;
    const cls = classByName(model.cls)!;
    const scale = this.quantity(props.get('scale'), rng, 1, 0.1, 10, 'scale', '');
        const refOf = (n: string) => this.placed.get(rename.get(n) ?? n)!;
    const anchor = pe.relative ?? pe.beside ?? pe.near ?? pe.onTop;
    const ref = anchor ? refOf(anchor.ref) : null;
    const refOwn = ref ? this.roadCoords.get(ref.name)! : null;
    // An intersection's crossing road is a road of its own: lanes, sides and distances along it.
    const onCross = pe.lane ? pe.lane.cross : refOwn?.road === 'cross' && !pe.side && !pe.at;
    const R = onCross ? (crossRoad(road) ?? road) : road;
    // A reference on the other road is measured in this road's coordinates (s, t) instead.
    const refRoad = refOwn && refOwn.road !== (onCross ? 'cross' : 'main') ? { ...roadProject(R, ref!.position[0], ref!.position[1]), road: refOwn.road } : refOwn;
    const half = (R.lanes * R.laneWidth) / 2;
    // Along-road direction the reference travels: -1 when it faces back down the road.
    const travel = ref && Math.cos(ref.yaw - roadFrame(R, refRoad!.s).heading) < -1e-6 ? -1 : 1;

    // Positions are worked out in road coordinates: x here is the arc length s along the road,
    // y the lateral offset t (+ left). A point given in the world (at (x, y), near) sets `world`.
    let world: [number, number] | null = null;
    /** On top of another entity: the offset of the bottom centre from the carrier's, in its frame. */
    let carriedOffset: [number, number, number] | null = null;

    // Lateral position (y), metres, + is left of the road direction.
    let y: number;
    let laneIndex = 0;
    if (pe.lane) {
      laneIndex = num(this.eval(pe.lane.lane, rng));
      if (!Number.isInteger(laneIndex) || laneIndex < 1 || laneIndex > R.lanes) {
        this.error(pe.lane.lane.span, `lane ${laneIndex} does not exist: the road has ${R.lanes} lane${R.lanes === 1 ? '' : 's'} (1 is the rightmost)`);
        laneIndex = 1;
      }
      y = -half + (laneIndex - 0.5) * R.laneWidth;
    } else if (pe.side) {
      const sign = pe.side.side === 'left' ? 1 : -1;
      y = sign * (pe.side.where === 'shoulder' ? half + R.shoulder / 2 : half + R.shoulder + ROADSIDE_MARGIN);
    } else if (ref) {
      y = refRoad!.t;
    } else {
      laneIndex = 1;
      y = -half + 0.5 * R.laneWidth;
    }

    // Along the road (x), metres.
    let x = refRoad ? refRoad.s : onCross ? R.length / 2 - 30 : 0;
    if (pe.at) {
      const v = this.eval(pe.at.along, rng);
      if (Array.isArray(v)) {
        // at (x, y): a point in world coordinates.
        if (!v.every(Number.isFinite)) this.error(pe.at.along.span, `position (${v.join(', ')}) is not finite`);
        world = [v[0]!, v[1]!];
      } else x = this.finiteValue(pe.at.along, num(v), 'along-road position') + (onCross ? R.length / 2 : 0); // drawn once, above; on a crossing road, from the junction
    } else if (pe.relative) {
      const d = this.finite(pe.relative.distance, rng, 'distance');
      x = refRoad!.s + (pe.relative.dir === 'ahead' ? 1 : -1) * travel * d;
    } else if (pe.beside) {
      const d = this.finite(pe.beside.distance, rng, 'distance');
      y = refRoad!.t + (pe.beside.dir === 'left' ? 1 : -1) * travel * d;
    } else if (pe.near) {
      const r = this.positive(pe.near.radius, num(this.eval(pe.near.radius, rng)), 'radius', 10000);
      // Uniform in the disc by rejection from the square: arithmetic only, same bits everywhere.
      let dx = 0;
      let dy = 0;
      do {
        dx = (2 * rng.next() - 1) * r;
        dy = (2 * rng.next() - 1) * r;
      } while (dx * dx + dy * dy > r * r);
      world = [ref!.position[0] + dx, ref!.position[1] + dy];
    } else if (pe.onTop) {
      // On the carrier's top: at its centre, or (dx, dy) from it in the carrier's frame.
      let dx = 0;
      let dy = 0;
      if (pe.onTop.at) {
        const v = this.eval(pe.onTop.at, rng) as number[];
        if (!v.every(Number.isFinite)) this.error(pe.onTop.at.span, `offset (${v.join(', ')}) on top of '${ref!.name}' is not finite`);
        else [dx, dy] = v as [number, number];
      }
      carriedOffset = [dx, dy, ref!.size[2]];
      const c = Math.cos(ref!.yaw);
      const sn = Math.sin(ref!.yaw);
      world = [ref!.position[0] + c * dx - sn * dy, ref!.position[1] + sn * dx + c * dy];
      if (ref!.motion.kind === 'dynamic') this.error(pe.onTop.refSpan, `'${ref!.name}' has 'motion: dynamic': nothing can ride on top of it`);
      if (cls.category !== 'prop' && cls.category !== 'animal' && cls.category !== 'person') {
        this.error(pe.onTop.span, `only props, animals and people can ride on top of another entity; '${name}' is a ${model.name} (a ${cls.category})`);
      }
    }
    if (world) ({ s: x, t: y } = roadProject(R, world[0], world[1]));
    const offset = props.get('offset');
    if (offset) {
      y += this.finite(offset, rng, 'offset');
      world = null; // re-derive the world point from the shifted road coordinates
    }
    const frame = roadFrame(R, x);

    // Heading: oncoming lanes face -x; things at the side face across the road; things placed off
    // another one without a lane or side share its heading; a crossing faces where it goes.
    const oncomingLane = laneIndex > R.lanes - R.oncoming;
    let yaw = oncomingLane ? Math.PI : 0;
    const across = y < 0 ? Math.PI / 2 : -Math.PI / 2;
    // Vehicles at the side park along the road; animals, people and props there face across it.
    if ((pe.side && cls.category !== 'vehicle') || pe.cross) yaw = across;
    const facingProp = props.get('facing');
    if (facingProp) yaw = this.finite(facingProp, rng, 'facing');
    const f = pe.facing;
    if (f) {
      if (f.how === 'angle') yaw = this.finite(f.angle, rng, 'facing');
      else if (f.how === 'across') yaw = across;
      else if (f.how === 'along') yaw = 0;
      else if (f.how === 'against') yaw = Math.PI;
    }
    // So far yaw is relative to the road's direction here (for a load, to its carrier's heading).
    const faced = facingProp !== undefined || (f !== null && f.how !== 'toward');
    const relativeYaw = faced ? yaw : 0;
    // Make it a world heading.
    yaw += frame.heading;
    // The reference's heading relative to the road, carried along it (round a bend too).
    if (ref && !pe.lane && !pe.side && !pe.at && !f && !facingProp && !pe.cross) yaw = ref.yaw + (frame.heading - roadFrame(R, refRoad!.s).heading);
    const [wx, wy] = world ?? roadPoint(R, x, y);
    if (f && f.how === 'toward') {
      const t = refOf(f.ref).position;
      yaw = Math.atan2(t[1] - wy, t[0] - wx);
    }

    let position: Vec3 = [wx, wy, 0];
    let carried: MotionSpec | null = null;
    if (pe.onTop && carriedOffset) {
      // Rides on the carrier: heading relative to the carrier's; `facing toward X` from where it sits.
      const carrier = ref!;
      let yawOffset = relativeYaw;
      if (f && f.how === 'toward') yawOffset = yaw - carrier.yaw;
      if (yawOffset > Math.PI || yawOffset <= -Math.PI) yawOffset -= 2 * Math.PI * Math.ceil((yawOffset - Math.PI) / (2 * Math.PI));
      yaw = carrier.yaw + yawOffset;
      position = [wx, wy, carrier.position[2] + carriedOffset[2]];
      carried = { kind: 'carried', carrier: carrier.name, offset: carriedOffset, yawOffset };
    }

    const motionWord = props.get('motion') ? (this.eval(props.get('motion')!, rng) as string) : null;
    let motion: MotionSpec = cls.category === 'prop' && motionWord === 'dynamic' ? { kind: 'dynamic' } : { kind: 'static' };
    const speedE = props.get('speed');
    if (speedE) {
      const speed = num(this.eval(speedE, rng));
      if (!(speed >= 0 && speed <= 150)) this.error(speedE.span, `speed ${(speed * 3.6).toFixed(1)} km/h is out of range; expected 0 to 540 km/h`);
      // Vehicles on the road follow it (around bends too), in the direction they face along it.
      const along = Math.cos(yaw - frame.heading);
      const follows = !world && !pe.side && Math.abs(along) > 0.5;
      const drivingE = props.get('driving');
      const physical = drivingE !== undefined && this.eval(drivingE, rng) === 'physical';
      if (physical && cls.category !== 'vehicle') this.error(drivingE!.span, `'driving: physical' is for vehicles (wheels and tyres); '${name}' is ${cls.category === 'animal' ? 'an animal' : `a ${cls.category}`}`);
      motion = {
        kind: 'drive',
        speed,
        lane: follows ? { s: x, t: y, direction: along > 0 ? 1 : -1, ...(onCross ? { road: 'cross' as const } : {}) } : null,
        ...(physical ? { physical: true } : {}),
      };
    }
    if (pe.cross) {
      const speed = num(this.eval(pe.cross.speed, rng));
      if (!(speed > 0 && speed <= 30)) this.error(pe.cross.speed.span, `crossing speed ${speed.toFixed(2)} m/s is out of range; expected more than 0 and at most 30 m/s`);
      const start = pe.cross.after ? this.finite(pe.cross.after, rng, 'crossing start') : 0;
      if (start < 0) this.error(pe.cross.after!.span, 'a crossing cannot start before the scene does; expected a time of 0 s or more');
      const target = (y < 0 ? 1 : -1) * (half + R.shoulder + ROADSIDE_MARGIN);
      const heading = across + frame.heading;
      if (pe.cross.when) {
        // Waits where it stands until the condition holds, then crosses (run by the physics worker).
        const condition = this.condition(pe.cross.when, name, rename, rng);
        this.behaviours.push({ entity: name, action: { kind: 'cross', speed, heading, distance: Math.abs(target - y) }, trigger: { kind: 'when', condition } });
      } else motion = { kind: 'walk', speed, heading, start, distance: Math.abs(target - y) };
    }
    // A reaction time delays every 'when' behaviour of this entity from noticing to acting.
    const reactionE = props.get('reaction');
    const reaction = reactionE ? this.quantity(reactionE, rng, 0, 0, 10, 'reaction time', 's') : 0;
    for (const b of pe.behaviours) {
      const value = (fallback: number, lo: number, hi: number, what: string, unit: string) =>
        b.value ? this.quantity(b.value, rng, fallback, lo, hi, what, unit) : fallback;
      let action: BehaviourSpec['action'];
      if (b.action === 'brake') action = { kind: 'brake', deceleration: value(6, 0.1, 30, 'deceleration', 'm/s2') };
      else if (b.action === 'fall') action = { kind: 'release' };
      else if (b.action === 'stop' || b.action === 'freeze' || b.action === 'graze') action = { kind: b.action };
      else if (b.action === 'follow') action = { kind: 'follow', leader: rename.get(b.ref!) ?? b.ref! };
      else if (b.action === 'speed') action = { kind: 'speed', speed: value(0, 0, 150, 'speed', 'm/s') };
      else {
        const by = value(1.5, 0, 20, 'swerve distance', 'm');
        const over = b.over ? this.quantity(b.over, rng, 1, 0.05, 30, 'swerve time', 's') : 1;
        action = { kind: 'swerve', offset: b.side === 'left' ? by : -by, duration: over };
      }
      const trigger: BehaviourSpec['trigger'] = b.when
        ? { kind: 'when', condition: this.condition(b.when, name, rename, rng), ...(reaction > 0 ? { delay: reaction } : {}) }
        : { kind: 'at', time: b.after ? this.finite(b.after, rng, 'start time') : 0 };
      if (trigger.kind === 'at' && trigger.time < 0) this.error(b.after!.span, 'a behaviour cannot start before the scene does; expected a time of 0 s or more');
      this.behaviours.push({ entity: name, action, trigger });
    }

    if (carried) motion = carried;

    // The physics moves a dynamic prop by gravity and contacts only: a behaviour would fail there.
    const firstBehaviour = (pe.cross?.when ? pe.cross : null) ?? pe.behaviours[0];
    if (motion.kind === 'dynamic' && firstBehaviour) this.error(firstBehaviour.span, `'${name}' has 'motion: dynamic': it moves only when pushed or falling, so it cannot have behaviours`);

    const colorE = props.get('color');
    let color: Vec3 = [...model.color];
    if (colorE) {
      const v = this.eval(colorE, rng);
      color = typeof v === 'string' && v.startsWith('#') ? hexColor(v) : [...(COLORS[v as string] ?? model.color)];
    }
    // What the scenario leaves open (size, colour, variant) comes from the entity's own look stream.
    const antlersE = props.get('antlers');
    const look = drawLook(model, this.stream(`look:${name}`), {
      ...(props.has('scale') ? { scale } : {}),
      ...(colorE ? { color } : {}),
      ...(antlersE ? { antlers: this.eval(antlersE, rng) === 'yes' } : {}),
    });
    color = look.color;
    // A user's model fills the drawn size box (see mesh()).
    const { size, mesh } = this.mesh(props, rng, look.size, scale);
    const lightsE = props.get('lights');
    const word = lightsE ? (this.eval(lightsE, rng) as string) : null;
    const lights = word === null ? (cls.category === 'vehicle' && dark && motion.kind === 'drive' && model.cls !== 'bicycle' ? 'low' : 'off') : word === 'on' ? 'low' : (word as 'off' | 'low' | 'high');
    // Hazard lights and indicators: vehicles have the lamps. Written into the spec only when on.
    const hazardsE = props.get('hazards');
    const indicatorE = props.get('indicator');
    for (const [e, what] of [[hazardsE, 'hazards'], [indicatorE, 'indicator']] as const) {
      if (e && cls.category !== 'vehicle') this.error(e.span, `'${what}' is for vehicles (they have the lamps); '${name}' is ${cls.category === 'animal' ? 'an animal' : `a ${cls.category}`}`);
    }
    const hazards = hazardsE ? this.eval(hazardsE, rng) === 'on' : false;
    const indicator = indicatorE ? (this.eval(indicatorE, rng) as 'left' | 'right' | 'off') : 'off';
    this.roadCoords.set(name, { s: x, t: y, road: onCross ? 'cross' : 'main' });
    return { id, name, cls: cls.name, model: model.name, size, position, yaw, color, variant: look.variant, motion, lights, ...(hazards ? { hazards: true } : {}), ...(indicator !== 'off' ? { indicator } : {}), ...(mesh ? { mesh } : {}) };
  }

  /**
   * A `mesh:` model and the box it fills, from the entity's drawn size box `box`:
   * `contain` (default) keeps the mesh's proportions, as large as fits in `box`; `fill` stretches it
   * to `box`; `native` is its own size × scale. Without a mesh table (compiled without files) or
   * without `mesh:`, the built-in model and `box`.
   */
  private mesh(props: ReadonlyMap<string, Expr>, rng: Rng, box: Vec3, scale: number): { size: Vec3; mesh?: NonNullable<EntitySpec['mesh']> } {
    const meshE = props.get('mesh');
    const table = this.program.meshes;
    if (!meshE || !table) return { size: box };
    const path = this.eval(meshE, rng) as string;
    const yawE = props.get('mesh_yaw');
    const turns = yawE ? this.finite(yawE, rng, 'mesh_yaw') / (Math.PI / 2) : 0;
    const fitE = props.get('mesh_fit');
    const fit = fitE ? (this.eval(fitE, rng) as string) : 'contain';
    const file = table.get(path);
    if (!file) {
      this.error(meshE.span, `mesh "${path}" was not read when the scenario was checked; a --set value for a mesh must be a path the scenario itself names`);
      return { size: box };
    }
    // Quarter turns only: the box of a model turned by any other angle would not be its own box.
    if (Math.abs(turns - Math.round(turns)) > 1e-9) this.error(yawE!.span, `mesh_yaw must be a multiple of 90 deg, found ${+((turns * 90).toFixed(4))} deg`);
    const q = ((Math.round(turns) % 4) + 4) % 4;
    const [l, w, h] = q % 2 ? [file.extent[1], file.extent[0], file.extent[2]] : file.extent;
    const s = fit === 'native' ? scale : Math.min(box[0] / l, box[1] / w, box[2] / h);
    // To the micrometre: the renderer fits the model to whatever size is written, exactly.
    const size: Vec3 = fit === 'fill' ? box : [l * s, w * s, h * s].map((v) => Math.round(v * 1e6) / 1e6) as Vec3;
    if (!size.every((v) => v >= 0.01 && v <= 200)) {
      const shown = size.map((v) => +v.toPrecision(3)).join(' × ');
      this.error((fitE ?? meshE).span, `mesh "${path}" would be ${shown} m (L × W × H); each side must be 1 cm to 200 m${fit === 'native' ? ' (are its units metres? scale it with scale:)' : ''}`);
    }
    return { size, mesh: { path: file.path, sha256: file.sha256, yaw: (q * Math.PI) / 2 } };
  }

  /** A running condition, with its fixed parts (thresholds, random or not) drawn now. */
  private condition(e: Expr, self: string | null, rename: ReadonlyMap<string, string>, rng: Rng): ConditionSpec {
    const n = (x: string) => rename.get(x) ?? x;
    switch (e.kind) {
      case 'logic':
        return { kind: e.op, left: this.condition(e.left, self, rename, rng), right: this.condition(e.right, self, rename, rng) };
      case 'not':
        return { kind: 'not', operand: this.condition(e.operand, self, rename, rng) };
      case 'onRoad':
        return { kind: 'onRoad', entity: n(e.entity) };
      case 'hits':
        return { kind: 'collision', a: n(e.a), b: e.b === null ? null : n(e.b) };
      case 'name':
        if (this.eventNames.has(e.name)) return { kind: 'event', name: e.name };
        break;
      case 'compare':
        return { kind: 'compare', op: e.op, left: this.runningValue(e.left, self, rename, rng), right: this.runningValue(e.right, self, rename, rng) };
      default:
        break;
    }
    // A condition with nothing running in it (checker-approved): decide it now.
    return { kind: 'const', value: this.eval(e, rng) === true };
  }

  private runningValue(e: Expr, self: string | null, rename: ReadonlyMap<string, string>, rng: Rng): ValueSpec {
    const n = (x: string) => rename.get(x) ?? x;
    if (e.kind === 'distanceTo') return { kind: 'distance', a: self!, b: n(e.target) };
    if (e.kind === 'speedOf') return { kind: 'speed', entity: n(e.entity) };
    if (e.kind === 'name' && e.name === 'time') return { kind: 'time' };
    if (e.kind === 'call' && e.callee === 'distance') {
      const [a, b] = e.args as [Extract<Expr, { kind: 'name' }>, Extract<Expr, { kind: 'name' }>];
      return { kind: 'distance', a: n(a.name), b: n(b.name) };
    }
    return { kind: 'const', value: this.finite(e, rng, 'threshold') };
  }

  private camera(name: string, props: ReadonlyMap<string, Expr>, mount: EntitySpec, options: SampleOptions): CameraSpec {
    const rng = this.stream(`camera:${name}`);
    const hfov = this.quantity(props.get('fov'), rng, (90 * Math.PI) / 180, (5 * Math.PI) / 180, (170 * Math.PI) / 180, 'fov', 'rad');
    const resE = props.get('resolution');
    const res = resE ? (this.eval(resE, rng) as { w: number; h: number }) : { w: 640, h: 480 };
    const [width, height] = options.resolution ?? [res.w, res.h];
    const fps = this.quantity(props.get('fps'), rng, 10, 0.1, 240, 'fps', '');
    const posE = props.get('position');
    const [l, , h] = mount.size;
    const offset = (posE ? this.eval(posE, rng) : [l * 0.25, 0, h + 0.1]) as Vec3;
    if (!offset.every(Number.isFinite)) this.error(posE!.span, `camera position (${offset.join(', ')}) is not finite; check for a division by zero or an overflowing literal`);
    const pitch = this.quantity(props.get('pitch'), rng, 0, -Math.PI / 2, Math.PI / 2, 'pitch', 'rad');
    const yaw = this.quantity(props.get('yaw'), rng, 0, -Math.PI, Math.PI, 'yaw', 'rad');
    const near = this.quantity(props.get('near'), rng, 0.1, 0.001, 100, 'near', 'm');
    const far = this.quantity(props.get('far'), rng, 1000, 1, 100000, 'far', 'm');
    if (far <= near) this.error(props.get('far')?.span ?? props.get('near')!.span, `far (${far} m) must be beyond near (${near} m)`);
    return { name, mount: mount.name, offset, pitch, yaw, hfov, width, height, fps, near, far, effects: this.cameraEffects(props, rng) };
  }

  /** The camera's imperfections, drawn after its geometry so adding them changed no other value. */
  private cameraEffects(props: ReadonlyMap<string, Expr>, rng: Rng): NonNullable<CameraSpec['effects']> {
    const exposureE = props.get('exposure');
    const strength = (key: string) => this.quantity(props.get(key), rng, 0, 0, 1, key, '');
    return {
      exposure: exposureE && this.eval(exposureE, rng) === 'fixed' ? 'fixed' : 'auto',
      ev: this.quantity(props.get('ev'), rng, 0, -8, 8, 'ev', ''),
      noise: strength('noise'),
      motionBlur: strength('motion_blur'),
      flare: strength('flare'),
      lensDrops: strength('lens_drops'),
      lensDirt: strength('lens_dirt'),
      vignetting: strength('vignetting'),
      compression: strength('compression'),
    };
  }

  private quantity(e: Expr | undefined, rng: Rng, fallback: number, lo: number, hi: number, what: string, unit: string): number {
    if (!e) return fallback;
    const v = num(this.eval(e, rng));
    if (!(v >= lo && v <= hi)) {
      const show = (x: number) => (unit === 'rad' ? `${((x * 180) / Math.PI).toFixed(1)} deg` : `${+x.toFixed(4)}${unit ? ' ' + unit : ''}`);
      this.error(e.span, `${what} ${show(v)} is out of range; expected ${show(lo)} to ${show(hi)}`);
      return fallback;
    }
    return v;
  }

  /** A value with no range of its own must still be a number: NaN or ±Infinity (0/0, 1e400) is an error. */
  private finite(e: Expr, rng: Rng, what: string): number {
    return this.finiteValue(e, num(this.eval(e, rng)), what);
  }

  /** `v`, the value of `e`, if finite; else an error at `e`. */
  private finiteValue(e: Expr, v: number, what: string): number {
    if (Number.isFinite(v)) return v;
    this.error(e.span, `${what} is ${v}, not a finite number; check for a division by zero or an overflowing literal`);
    return 0;
  }

  private integer(e: Expr | undefined, rng: Rng, fallback: number, lo: number, hi: number, what: string): number {
    const v = this.quantity(e, rng, fallback, lo, hi, what, '');
    if (!Number.isInteger(v)) {
      this.error(e!.span, `${what} must be a whole number, found ${v}`);
      return fallback;
    }
    return v;
  }

  private positive(e: Expr, v: number, what: string, max: number): number {
    if (!(v > 0 && v <= max)) {
      this.error(e.span, `${what} must be more than 0 and at most ${max}, found ${+v.toFixed(4)}`);
      return 1;
    }
    return v;
  }

  private error(span: Span, message: string): void {
    this.diagnostics.push({ file: span.file ?? this.program.file, line: span.line, col: span.col, length: span.length, message, severity: 'error' });
  }

  private throwIfErrors(): void {
    if (this.diagnostics.length) throw new ScenarioError(this.diagnostics, this.program.sources);
  }
}

function hexColor(hex: string): Vec3 {
  const n = parseInt(hex.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}
