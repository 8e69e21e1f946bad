import { classByName, ScenarioError, Rng, type Diagnostic, type Vec3 } from '../core/index.ts';
import { COLORS, type Expr, type Program, type ProgramEntity, type Span } from '../dsl/index.ts';
import { evaluate, num } from './evaluate.ts';
import { SCENE_SPEC_FORMAT, type CameraSpec, type EntitySpec, type EnvironmentSpec, type MotionSpec, type RoadSpec, type SceneSpec } from './SceneSpec.ts';
import { sunPosition } from './sun.ts';

export interface SampleOptions {
  /** Seed; defaults to the file's `seed`, else 0. */
  readonly seed?: number;
  /** Override every camera's resolution. */
  readonly resolution?: readonly [number, number];
  /** Physics steps per second. */
  readonly physicsHz?: number;
}

export const DEFAULT_PHYSICS_HZ = 120;
/** Distance of roadside spots from the paved edge, metres. */
const ROADSIDE_MARGIN = 2;
/** Visibility V → exp² fog density d with exp(-(dV)²) = 0.05 (meteorological 5% contrast). */
const FOG_CONTRAST = Math.sqrt(-Math.log(0.05));

/**
 * Turn a Program and a seed into a SceneSpec. Pure and deterministic: each part draws from its
 * own stream named after it, so adding an entity never changes what the others drew.
 * Values out of range (lane 5 on a 2-lane road) throw a ScenarioError pointing at the value.
 */
export function sample(program: Program, options: SampleOptions = {}): SceneSpec {
  const seed = options.seed ?? program.seed ?? 0;
  const s = new Sampler(program, seed);
  return s.run(options);
}

class Sampler {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly placed = new Map<string, EntitySpec>();

  constructor(
    private readonly program: Program,
    private readonly seed: number,
  ) {}

  run(options: SampleOptions): SceneSpec {
    const p = this.program;
    const road = this.road();
    const environment = this.environment();
    const durationRng = new Rng(this.seed, 'duration');
    const duration = p.duration ? this.positive(p.duration, num(evaluate(p.duration, durationRng)), 'duration', 3600) : 5;
    const dark = sunPosition(environment.timeOfDay, environment.dayOfYear, environment.latitude).elevation < (2 * Math.PI) / 180;

    const entities: EntitySpec[] = [];
    const cameras: CameraSpec[] = [];
    for (const pe of p.entities) {
      const e = this.entity(pe, entities.length + 1, road, dark);
      entities.push(e);
      this.placed.set(e.name, e);
      for (const pc of pe.cameras) cameras.push(this.camera(pc.name, pc.props, e, options));
    }
    if (cameras.length === 0) {
      const ego = entities.find((e, i) => p.entities[i]!.ego)!;
      cameras.push(this.camera(`${ego.name}_camera`, new Map(), ego, options));
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
    };
  }

  private road(): RoadSpec {
    const rng = new Rng(this.seed, 'road');
    const props = this.program.road;
    const lanes = this.integer(props.get('lanes'), rng, 2, 1, 12, 'lanes');
    const laneWidth = this.quantity(props.get('lane_width'), rng, 3.5, 2, 6, 'lane_width', 'm');
    const length = this.quantity(props.get('length'), rng, 400, 10, 20000, 'length', 'm');
    const shoulder = this.quantity(props.get('shoulder'), rng, 1, 0, 5, 'shoulder', 'm');
    const oncoming = this.integer(props.get('oncoming'), rng, Math.floor(lanes / 2), 0, lanes, 'oncoming');
    return { kind: 'straight', lanes, laneWidth, length, shoulder, oncoming };
  }

  private environment(): EnvironmentSpec {
    const rng = new Rng(this.seed, 'environment');
    const props = this.program.environment;
    const timeE = props.get('time');
    const timeOfDay = timeE ? this.finite(timeE, rng, 'time') : 12 * 3600;
    const dateE = props.get('date');
    let dayOfYear = 172;
    if (dateE) {
      const d = evaluate(dateE, rng) as string;
      const m = /^(?:\d{4}-)?(\d{2})-(\d{2})$/.exec(d);
      const month = m ? Number(m[1]) : 0;
      const day = m ? Number(m[2]) : 0;
      if (!m || month < 1 || month > 12 || day < 1 || day > 31) this.error(dateE.span, `"${d}" is not a date; expected "YYYY-MM-DD" or "MM-DD"`);
      else dayOfYear = Math.min(365, [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][month - 1]! + day);
    }
    const latitude = this.quantity(props.get('latitude'), rng, (48 * Math.PI) / 180, -Math.PI / 2, Math.PI / 2, 'latitude', 'rad');
    const fogE = props.get('fog');
    const visibility = fogE ? this.positive(fogE, num(evaluate(fogE, rng)), 'fog visibility', 1e6) : Infinity;
    return { timeOfDay, dayOfYear, latitude, fogDensity: Number.isFinite(visibility) ? FOG_CONTRAST / visibility : 0 };
  }

  private entity(pe: ProgramEntity, id: number, road: RoadSpec, dark: boolean): EntitySpec {
    const rng = new Rng(this.seed, `entity:${pe.name}`);
    const cls = classByName(pe.cls)!;
    const props = pe.props;
    const scale = this.quantity(props.get('scale'), rng, 1, 0.1, 10, 'scale', '');
    const size: Vec3 = [cls.size[0] * scale, cls.size[1] * scale, cls.size[2] * scale];
    const half = (road.lanes * road.laneWidth) / 2;
    const ref = pe.relative ? this.placed.get(pe.relative.ref)! : null;

    // Lateral position (y), metres, + is left of the road direction.
    let y: number;
    let laneIndex = 0;
    if (pe.lane) {
      laneIndex = num(evaluate(pe.lane.lane, rng));
      if (!Number.isInteger(laneIndex) || laneIndex < 1 || laneIndex > road.lanes) {
        this.error(pe.lane.lane.span, `lane ${laneIndex} does not exist: the road has ${road.lanes} lane${road.lanes === 1 ? '' : 's'} (1 is the rightmost)`);
        laneIndex = 1;
      }
      y = -half + (laneIndex - 0.5) * road.laneWidth;
    } else if (pe.side) {
      const sign = pe.side.side === 'left' ? 1 : -1;
      y = sign * (pe.side.where === 'shoulder' ? half + road.shoulder / 2 : half + road.shoulder + ROADSIDE_MARGIN);
    } else if (ref) {
      y = ref.position[1];
    } else {
      laneIndex = 1;
      y = -half + 0.5 * road.laneWidth;
    }
    const offset = props.get('offset');
    if (offset) y += this.finite(offset, rng, 'offset');

    // Along the road (x), metres.
    let x = 0;
    if (pe.at) x = this.finite(pe.at.along, rng, 'along-road position');
    else if (ref && pe.relative) {
      const d = this.finite(pe.relative.distance, rng, 'distance');
      // Along the road in the direction the reference travels; +x for things facing across it.
      const travel = Math.cos(ref.yaw) < -1e-6 ? -1 : 1;
      x = ref.position[0] + (pe.relative.dir === 'ahead' ? 1 : -1) * travel * d;
    }

    // Heading: oncoming lanes face -x; things at the side face across the road.
    const oncomingLane = laneIndex > road.lanes - road.oncoming;
    let yaw = oncomingLane ? Math.PI : 0;
    if (pe.side || (pe.cross && !pe.lane)) yaw = y < 0 ? Math.PI / 2 : -Math.PI / 2;
    const facing = props.get('facing');
    if (facing) yaw = this.finite(facing, rng, 'facing');

    let motion: MotionSpec = cls.category === 'prop' && props.get('motion') && (props.get('motion') as { name?: string }).name === 'dynamic' ? { kind: 'dynamic' } : { kind: 'static' };
    const speedE = props.get('speed');
    if (speedE) {
      const speed = num(evaluate(speedE, rng));
      if (!(speed >= 0 && speed <= 150)) this.error(speedE.span, `speed ${(speed * 3.6).toFixed(1)} km/h is out of range; expected 0 to 540 km/h`);
      motion = { kind: 'drive', speed };
    }
    if (pe.cross) {
      const speed = num(evaluate(pe.cross.speed, rng));
      if (!(speed > 0 && speed <= 30)) this.error(pe.cross.speed.span, `crossing speed ${speed.toFixed(2)} m/s is out of range; expected more than 0 and at most 30 m/s`);
      const start = pe.cross.after ? this.finite(pe.cross.after, rng, 'crossing start') : 0;
      if (start < 0) this.error(pe.cross.after!.span, 'a crossing cannot start before the scene does; expected a time of 0 s or more');
      const target = (y < 0 ? 1 : -1) * (half + road.shoulder + ROADSIDE_MARGIN);
      motion = { kind: 'walk', speed, heading: y < 0 ? Math.PI / 2 : -Math.PI / 2, start, distance: Math.abs(target - y) };
    }

    const colorE = props.get('color');
    let color: Vec3 = [...cls.color];
    if (colorE) {
      const v = evaluate(colorE, rng);
      color = typeof v === 'string' && v.startsWith('#') ? hexColor(v) : [...(COLORS[v as string] ?? cls.color)];
    }
    const lightsE = props.get('lights');
    const lights = lightsE ? (lightsE as { name?: string }).name === 'on' : cls.category === 'vehicle' && dark;
    return { id, name: pe.name, cls: cls.name, size, position: [x, y, 0], yaw, color, motion, lights };
  }

  private camera(name: string, props: ReadonlyMap<string, Expr>, mount: EntitySpec, options: SampleOptions): CameraSpec {
    const rng = new Rng(this.seed, `camera:${name}`);
    const hfov = this.quantity(props.get('fov'), rng, (90 * Math.PI) / 180, (5 * Math.PI) / 180, (170 * Math.PI) / 180, 'fov', 'rad');
    const resE = props.get('resolution');
    const res = resE ? (evaluate(resE, rng) as { w: number; h: number }) : { w: 640, h: 480 };
    const [width, height] = options.resolution ?? [res.w, res.h];
    const fps = this.quantity(props.get('fps'), rng, 10, 0.1, 240, 'fps', '');
    const posE = props.get('position');
    const [l, , h] = mount.size;
    const offset = (posE ? evaluate(posE, rng) : [l * 0.25, 0, h + 0.1]) as Vec3;
    if (!offset.every(Number.isFinite)) this.error(posE!.span, `camera position (${offset.join(', ')}) is not finite; check for a division by zero or an overflowing literal`);
    const pitch = this.quantity(props.get('pitch'), rng, 0, -Math.PI / 2, Math.PI / 2, 'pitch', 'rad');
    const near = this.quantity(props.get('near'), rng, 0.1, 0.001, 100, 'near', 'm');
    const far = this.quantity(props.get('far'), rng, 1000, 1, 100000, 'far', 'm');
    if (far <= near) this.error(props.get('far')?.span ?? props.get('near')!.span, `far (${far} m) must be beyond near (${near} m)`);
    return { name, mount: mount.name, offset, pitch, hfov, width, height, fps, near, far };
  }

  private quantity(e: Expr | undefined, rng: Rng, fallback: number, lo: number, hi: number, what: string, unit: string): number {
    if (!e) return fallback;
    const v = num(evaluate(e, rng));
    if (!(v >= lo && v <= hi)) {
      const show = (x: number) => (unit === 'rad' ? `${((x * 180) / Math.PI).toFixed(1)} deg` : `${+x.toFixed(4)}${unit ? ' ' + unit : ''}`);
      this.error(e.span, `${what} ${show(v)} is out of range; expected ${show(lo)} to ${show(hi)}`);
      return fallback;
    }
    return v;
  }

  /** A value with no range of its own must still be a number: NaN or ±Infinity (0/0, 1e400) is an error. */
  private finite(e: Expr, rng: Rng, what: string): number {
    const v = num(evaluate(e, rng));
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
    this.diagnostics.push({ file: this.program.file, line: span.line, col: span.col, length: span.length, message, severity: 'error' });
  }

  private throwIfErrors(): void {
    if (this.diagnostics.length) throw new ScenarioError(this.diagnostics, this.program.source);
  }
}

function hexColor(hex: string): Vec3 {
  const n = parseInt(hex.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}
