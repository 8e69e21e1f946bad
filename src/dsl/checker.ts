import { ANTLERED, classByName, MODEL_WORDS, modelByName, type Diagnostic } from '../core/index.ts';
import type { Expr, Phrase, Property, ScenarioFile, Section } from './ast.ts';
import type { Program, ProgramCamera, ProgramEntity, ProgramParam, ProgramRepeat, ProgramRequire } from './Program.ts';
import { CAMERA_PROPS, COLORS, ENTITY_PROPS, ENVIRONMENT_PROPS, GENERIC_HEADS, ROAD_KINDS, ROAD_PROPS, type Expected } from './schema.ts';
import { closest, didYouMean } from './suggest.ts';
import type { Span } from './tokens.ts';
import { Q, typeName, type ValueType } from './types.ts';
import { EXAMPLE, UNITS, type Dimension } from './units.ts';

const CURVE_PROPS = ['radius', 'angle', 'direction', 'start'];
const CROSS_PROPS = ['junction', 'cross_lanes', 'cross_angle', 'cross_length'];

/** The road kind a road property belongs to ('curve', 'intersection'), or null if every road has it. */
export function roadKindOf(key: string): string | null {
  return CURVE_PROPS.includes(key) ? 'curve' : CROSS_PROPS.includes(key) ? 'intersection' : null;
}

export const FUNCTIONS = ['uniform', 'normal', 'randint', 'choice', 'distance'];

/** Largest `repeat` count: more entities than this is almost surely a mistake, and slow. */
export const MAX_REPEAT = 200;

/**
 * Check a value given for a parameter from outside the file (CLI --set): it must have the type of
 * the parameter's own expression. Returns the diagnostics (empty when fine).
 */
export function checkOverride(program: Program, name: string, value: Expr, file: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const c = new Checker(file, diagnostics);
  const param = program.params.get(name)!;
  const want = param.type;
  // Only parameters declared before this one: a name of this or a later one would be circular.
  const later = [...program.params.keys()];
  const used = namesIn(value);
  const circular = later.slice(later.indexOf(name)).find((n) => used.has(n));
  if (circular !== undefined) {
    const why = circular === name ? 'the parameter itself' : `declared after '${name}'`;
    diagnostics.push({ file, line: value.span.line, col: value.span.col, length: value.span.length, severity: 'error', message: `a --set value may use only parameters declared before '${name}'; '${circular}' is ${why}` });
    return diagnostics;
  }
  const got = c.inferWithParams(value, program.params, name);
  if (got && !sameType(want, got)) {
    diagnostics.push({ file, line: value.span.line, col: value.span.col, length: value.span.length, severity: 'error', message: `parameter '${name}' is ${typeName(want)}, found ${typeName(got)}` });
  } else if (got) {
    // A word must also be one the places using the parameter accept (a model, a colour, …).
    for (const use of param.uses) if (!c.fits(value, use)) break;
  }
  return diagnostics;
}

/**
 * Check a value given from outside the file for a road or environment property (CLI
 * `--set environment.fog=…`), as if written in that block: it may use every parameter. Returns the
 * diagnostics and the parameters with this use added to theirs (a --set of a word parameter must
 * fit it too).
 */
export function checkPropertyOverride(
  program: Program,
  want: Expected,
  value: Expr,
  file: string,
): { diagnostics: Diagnostic[]; params: ReadonlyMap<string, ProgramParam> } {
  const diagnostics: Diagnostic[] = [];
  const c = new Checker(file, diagnostics);
  const params = c.withParams(program.params);
  c.fits(value, want);
  return { diagnostics, params };
}

/** Check names, types and units; build the Program. Every problem is reported, not just the first. */
export function check(ast: ScenarioFile, diagnostics: Diagnostic[], sources?: ReadonlyMap<string, string>): Program | null {
  const c = new Checker(ast.file, diagnostics, sources ?? new Map([[ast.file, ast.source]]));
  return c.program(ast);
}

class Checker {
  private readonly entities = new Map<string, ProgramEntity>();
  private readonly params = new Map<string, ProgramParam>();
  /** Templates inside a repeat: usable only inside that repeat. */
  private readonly grouped = new Map<string, number>();
  private currentGroup: number | null = null;
  /** Inside a `when`, `event` or `end` condition: what `time`, events and `distance to` may mean. */
  private dynamic: { readonly self: string | null } | null = null;
  private roadKind = 'straight';
  private readonly eventNames = new Map<string, Span>();
  private readonly laterRefs: { name: string; span: Span }[] = [];
  /** Inside a condition (`require`): the only place entity positions are known (distance, visible). */
  private inCondition = false;
  /** Camera names are global: the capture CLI and the page select cameras by name. */
  private readonly cameraNames = new Map<string, Span>();

  constructor(
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
    private readonly sources: ReadonlyMap<string, string> = new Map(),
  ) {}

  program(ast: ScenarioFile): Program | null {
    const before = this.diagnostics.length;
    let name: string | null = null;
    let seed: number | null = null;
    let duration: Expr | null = null;
    let roadKind = 'straight';
    let road = new Map<string, Expr>();
    let environment = new Map<string, Expr>();
    let roadSeen: Span | null = null;
    let envSeen: Span | null = null;
    const ordered: ProgramEntity[] = [];
    const repeats: ProgramRepeat[] = [];
    const requires: ProgramRequire[] = [];
    const requireStatements: Extract<ScenarioFile['statements'][number], { kind: 'require' }>[] = [];
    // Events, the end and the window are checked last too: conditions may name any entity or event.
    const dynamicStatements: Extract<ScenarioFile['statements'][number], { kind: 'event' | 'end' | 'window' }>[] = [];
    let end: Expr | null = null;
    let window: Program['window'] = null;
    const events: { name: string; condition: Expr; span: Span }[] = [];
    // Event names are known before any entity's `when` is checked.
    for (const s of ast.statements) if (s.kind === 'event' && !this.eventNames.has(s.name)) this.eventNames.set(s.name, s.nameSpan);

    for (const s of ast.statements) {
      switch (s.kind) {
        case 'param': {
          if (this.params.has(s.name)) {
            this.error(s.nameSpan, `parameter '${s.name}' is already declared at ${this.lineOf(this.params.get(s.name)!.span, s.nameSpan)}`);
            break;
          }
          if (this.entities.has(s.name)) {
            this.error(s.nameSpan, `'${s.name}' is already an entity (${this.lineOf(this.entities.get(s.name)!.span, s.nameSpan)}); entity and parameter names must differ`);
            break;
          }
          if (this.refersTo(s.value, s.name)) {
            // `param red = red`: the word would mean the parameter itself once it is declared.
            this.error(s.nameSpan, `parameter '${s.name}' is defined in terms of itself; rename it or the word in its value`);
            break;
          }
          const type = this.infer(s.value);
          if (type) {
            if (type.t === 'bool') this.error(s.value.span, `a parameter holds a value, not a condition; use 'require' for conditions`);
            else this.params.set(s.name, { name: s.name, value: s.value, span: s.nameSpan, type, uses: [] });
          }
          break;
        }
        case 'require':
          // Checked once every entity is known: a requirement may name any of them.
          requireStatements.push(s);
          break;
        case 'event':
          if (this.eventNames.get(s.name) !== s.nameSpan) this.error(s.nameSpan, `event '${s.name}' is already declared at ${this.lineOf(this.eventNames.get(s.name)!, s.nameSpan)}`);
          dynamicStatements.push(s);
          break;
        case 'end':
        case 'window':
          dynamicStatements.push(s);
          break;
        case 'repeat': {
          const index = repeats.length;
          if (this.expectType(s.count, { kind: 'quantity', dim: 'none', integer: true }) && s.count.kind === 'number' && (s.count.value < 0 || s.count.value > MAX_REPEAT)) {
            this.error(s.count.span, `repeat count ${s.count.value} is out of range; expected 0 to ${MAX_REPEAT}`);
          }
          const templates: ProgramEntity[] = [];
          this.currentGroup = index;
          for (const sec of s.sections) {
            if (sec.head === 'road' || sec.head === 'environment') {
              this.error(sec.headSpan, `'${sec.head}' cannot be repeated; only entities go inside repeat`);
              continue;
            }
            if (sec.ego) this.error(sec.headSpan, 'the ego cannot be inside repeat');
            const e = this.entity(sec, ordered.length);
            if (e) {
              templates.push(e);
              ordered.push(e);
            }
          }
          this.currentGroup = null;
          for (const t of templates) this.grouped.set(t.name, index);
          repeats.push({ count: s.count, span: s.span, entities: templates });
          break;
        }
        case 'scenario':
          name = s.name;
          break;
        case 'seed':
          if (s.value.kind !== 'number' || !Number.isInteger(s.value.value) || s.value.value < 0 || s.value.value > 2 ** 53) {
            this.error(s.value.span, 'seed must be a whole number from 0 to 2^53, written plainly (e.g. seed 42)');
          } else seed = s.value.value;
          break;
        case 'duration':
          if (this.expectType(s.value, { kind: 'quantity', dim: 'time' })) duration = s.value;
          break;
        case 'section':
          if (s.head === 'road') {
            if (roadSeen) this.error(s.headSpan, `a second road; the scenario has one road, declared at ${this.lineOf(roadSeen, s.headSpan)}`);
            roadSeen = s.headSpan;
            if (s.label !== null) {
              if (!ROAD_KINDS.includes(s.label)) this.error(s.labelSpan!, `unknown road kind '${s.label}'; expected ${ROAD_KINDS.join(', ')}${didYouMean(s.label, ROAD_KINDS)}`);
              else roadKind = s.label;
            }
            road = this.properties(s, ROAD_PROPS, 'road');
            for (const p of s.block.properties) {
              if (roadKind !== 'curve' && CURVE_PROPS.includes(p.key)) this.error(p.keySpan, `'${p.key}' belongs to a curve road; write 'road curve { … }'`);
              if (roadKind !== 'intersection' && CROSS_PROPS.includes(p.key)) this.error(p.keySpan, `'${p.key}' belongs to an intersection; write 'road intersection { … }'`);
            }
            this.roadKind = roadKind;
            this.noPhrasesOrChildren(s, 'road');
          } else if (s.head === 'environment') {
            if (envSeen) this.error(s.headSpan, `a second environment block; the first is at ${this.lineOf(envSeen, s.headSpan)}`);
            envSeen = s.headSpan;
            if (s.label !== null) this.error(s.labelSpan!, `'environment' takes no name; expected '{'`);
            environment = this.properties(s, ENVIRONMENT_PROPS, 'environment');
            this.noPhrasesOrChildren(s, 'environment');
          } else {
            const e = this.entity(s, ordered.length);
            if (e) ordered.push(e);
          }
          break;
      }
    }
    for (const r of requireStatements) {
      let probability: number | null = null;
      if (r.probability) {
        if (r.probability.kind !== 'number' || !(r.probability.value >= 0 && r.probability.value <= 1)) {
          this.error(r.probability.span, 'the probability of a soft requirement is a plain number from 0 to 1, as in require[0.8] …');
        } else probability = r.probability.value;
      }
      this.inCondition = true;
      const t = this.infer(r.condition);
      this.inCondition = false;
      if (t && t.t !== 'bool') this.error(r.condition.span, `expected a condition such as 'distance(ego, doe) > 30 m' or 'visible doe', found ${typeName(t)}`);
      requires.push({ condition: r.condition, probability, span: r.span });
    }
    // Copies of a template `c` are named c_1, c_2, …: no other entity may take such a name.
    for (const e of ordered) {
      const m = /^(.+)_([1-9]\d*)$/.exec(e.name);
      const g = m && Number(m[2]) <= MAX_REPEAT ? this.grouped.get(m[1]!) : undefined;
      if (e.group === null && g !== undefined) {
        this.error(e.span, `'${e.name}' is also the name of a copy of '${m![1]}' made by repeat at ${this.lineOf(repeats[g]!.span, e.span)}; rename one`);
      }
    }
    for (const d of dynamicStatements) {
      if (d.kind === 'event') {
        if (this.entities.has(d.name) || this.params.has(d.name)) this.error(d.nameSpan, `'${d.name}' is already an entity or parameter; event names must differ`);
        if (this.condition(d.condition, null)) events.push({ name: d.name, condition: d.condition, span: d.span });
      } else if (d.kind === 'end') {
        if (end) this.error(d.span, 'a second end condition; join them with or');
        else if (this.condition(d.condition, null)) end = d.condition;
      } else {
        if (!this.eventNames.has(d.event)) this.error(d.eventSpan, `unknown event '${d.event}'${didYouMean(d.event, this.eventNames.keys())}; declare it with 'event ${d.event} when …'`);
        const ok = this.expectType(d.before, { kind: 'quantity', dim: 'time' }) && this.expectType(d.after, { kind: 'quantity', dim: 'time' });
        if (window) this.error(d.span, 'a second capture window; a scenario has one');
        else if (ok) window = { event: d.event, before: d.before, after: d.after, span: d.span };
      }
    }
    for (const r of this.laterRefs) {
      if (!this.entities.has(r.name)) this.error(r.span, `unknown entity '${r.name}'${didYouMean(r.name, this.entities.keys())}`);
      else if (this.grouped.has(r.name)) this.error(r.span, `'${r.name}' is declared inside a repeat; a running condition cannot name it`);
    }
    const egos = ordered.filter((e) => e.ego);
    if (egos.length === 0) {
      this.error({ line: 1, col: 1, length: 1 }, `no ego: expected one entity marked ego, e.g. 'ego car { on lane 1 }'`);
    }
    for (const extra of egos.slice(1)) this.error(extra.span, `a second ego; only one entity can be the ego (the first is '${egos[0]!.name}')`);
    if (this.diagnostics.length > before) return null;
    const baseName = ast.file.split(/[\\/]/).pop()!.replace(/\.scene$/, '');
    return {
      file: ast.file,
      source: ast.source,
      sources: this.sources,
      name: name ?? baseName,
      seed,
      duration,
      roadKind,
      road,
      environment,
      entities: ordered,
      repeats,
      params: this.params,
      requires,
      events,
      end,
      window,
    };
  }

  private entity(s: Section, index: number): ProgramEntity | null {
    const generic = GENERIC_HEADS[s.head];
    const model = modelByName(generic ?? s.head);
    if (!model) {
      const guess = closest(s.head, [...MODEL_WORDS, 'road', 'environment']);
      this.error(
        s.headSpan,
        `unknown class or block '${s.head}'; expected road, environment, or an entity model (${MODEL_WORDS.join(', ')})${guess ? `; did you mean '${guess}'?` : ''}`,
      );
      return null;
    }
    const name = s.label ?? (s.ego ? 'ego' : `${s.head}_${index + 1}`);
    if (this.params.has(name)) {
      this.error(s.labelSpan ?? s.headSpan, `'${name}' is already a parameter (${this.lineOf(this.params.get(name)!.span, s.labelSpan ?? s.headSpan)}); entity and parameter names must differ`);
      return null;
    }
    if (this.entities.has(name)) {
      this.error(s.labelSpan ?? s.headSpan, `'${name}' is already declared at ${this.lineOf(this.entities.get(name)!.span, s.labelSpan ?? s.headSpan)}; entity names must be unique`);
      return null;
    }
    // `model:` belongs to generic words only (vehicle, animal, …): don't offer it to a sedan.
    const schema = generic === undefined ? Object.fromEntries(Object.entries(ENTITY_PROPS).filter(([k]) => k !== 'model')) : ENTITY_PROPS;
    const props = this.properties(s, schema, `a ${s.head}`);
    this.antlers(s, props);
    let lane: ProgramEntity['lane'] = null;
    let side: ProgramEntity['side'] = null;
    let relative: ProgramEntity['relative'] = null;
    let at: ProgramEntity['at'] = null;
    let cross: ProgramEntity['cross'] = null;
    let beside: ProgramEntity['beside'] = null;
    let near: ProgramEntity['near'] = null;
    let facing: ProgramEntity['facing'] = null;
    let onTop: ProgramEntity['onTop'] = null;
    const behaviours: Extract<Phrase, { kind: 'behaviour' }>[] = [];
    const once = <T extends Phrase>(prev: T | null, p: T, what: string): T => {
      if (prev) this.error(p.span, `${what} is given twice for '${name}' (first at line ${prev.span.line})`);
      return p;
    };
    for (const p of s.block.phrases) {
      switch (p.kind) {
        case 'on':
          if (p.where === 'lane') {
            lane = once(lane, p, 'a lane');
            if (p.cross && this.roadKind !== 'intersection') this.error(p.span, "'on cross lane' needs a crossing road: declare 'road intersection { … }' above");
            this.expectType(p.lane, { kind: 'quantity', dim: 'none', integer: true });
          } else side = once(side, p, 'a side');
          break;
        case 'onTop':
          onTop = once(onTop, p, "an 'on top of'");
          this.reference(name, p.ref, p.refSpan);
          if (p.at) this.expectType(p.at, { kind: 'vector', dim: 'length', n: 2 });
          break;
        case 'relative':
          relative = once(relative, p, 'a relative position');
          this.reference(name, p.ref, p.refSpan);
          this.expectType(p.distance, { kind: 'quantity', dim: 'length' });
          break;
        case 'beside':
          beside = once(beside, p, 'a sideways position');
          this.reference(name, p.ref, p.refSpan);
          this.expectType(p.distance, { kind: 'quantity', dim: 'length' });
          break;
        case 'near':
          near = once(near, p, "a 'near' position");
          this.reference(name, p.ref, p.refSpan);
          this.expectType(p.radius, { kind: 'quantity', dim: 'length' });
          break;
        case 'facing':
          facing = once(facing, p, 'a facing');
          if (p.how === 'toward') this.reference(name, p.ref, p.refSpan);
          if (p.how === 'angle') this.expectType(p.angle, { kind: 'quantity', dim: 'angle' });
          break;
        case 'at':
          at = once(at, p, 'an along-road position');
          if (p.along.kind === 'tuple' || (p.along.kind === 'unit' && p.along.expr.kind === 'tuple')) this.expectType(p.along, { kind: 'vector', dim: 'length', n: 2 });
          else this.expectType(p.along, { kind: 'quantity', dim: 'length' });
          break;
        case 'cross':
          cross = once(cross, p, 'a crossing');
          this.expectType(p.speed, { kind: 'quantity', dim: 'speed' });
          if (p.after) this.expectType(p.after, { kind: 'quantity', dim: 'time' });
          if (p.when) this.condition(p.when, name);
          break;
        case 'behaviour': {
          behaviours.push(p);
          if (p.action === 'follow') this.reference(name, p.ref!, p.refSpan!);
          const want: Record<string, Dimension> = { brake: 'accel', swerve: 'length', speed: 'speed' };
          if (p.value) this.expectType(p.value, { kind: 'quantity', dim: want[p.action]! });
          if (p.over) this.expectType(p.over, { kind: 'quantity', dim: 'time' });
          if (p.after) this.expectType(p.after, { kind: 'quantity', dim: 'time' });
          if (p.when) this.condition(p.when, name);
          break;
        }
      }
    }
    if (lane && side) this.error(side.span, `'${name}' is both on a lane (line ${lane.span.line}) and ${side.where === 'roadside' ? 'on the roadside' : 'on the shoulder'}; give one`);
    const anchors = [relative, beside, near, at].filter((x) => x !== null);
    if (anchors.length > 1) this.error(anchors[1]!.span, `'${name}' has more than one of 'at', 'ahead of'/'behind', 'left of'/'right of' and 'near'; give one`);
    if (facing && props.has('facing')) this.error(facing.span, `'${name}' has both 'facing' and 'facing:'; give one`);
    if ((beside || near) && (lane || side)) this.error((beside ?? near)!.span, `'${name}' is placed beside or near another entity and also on a ${lane ? 'lane' : side!.where}; give one`);
    if (this.currentGroup !== null && s.block.children.length > 0) this.error(s.block.children[0]!.headSpan, 'cameras cannot ride on entities inside repeat (camera names must be unique)');
    if (cross && props.has('speed')) this.error(cross.span, `'${name}' has both a driving speed and a crossing; give one`);
    if (onTop) this.carried(name, s, onTop, { lane, side, relative, at, beside, near, cross }, props, behaviours);
    else for (const b of behaviours) if (b.action === 'fall') this.error(b.span, `'fall' drops an entity that rides 'on top of' another; '${name}' does not`);
    for (const b of behaviours) {
      if (b.action === 'follow' && this.entities.get(b.ref!)?.onTop) this.error(b.refSpan!, `cannot follow '${b.ref}': it rides on top of '${this.entities.get(b.ref!)!.onTop!.ref}'`);
    }
    const cameras: ProgramCamera[] = [];
    for (const child of s.block.children) {
      if (child.head !== 'camera') {
        this.error(child.headSpan, `'${child.head}' blocks cannot go inside an entity; expected 'camera <name> { ... }'${didYouMean(child.head, ['camera'])}`);
        continue;
      }
      const cname = child.label ?? `${name}_camera${cameras.length ? cameras.length + 1 : ''}`;
      const prev = this.cameraNames.get(cname);
      if (prev) this.error(child.labelSpan ?? child.headSpan, `a camera named '${cname}' is already declared at ${this.lineOf(prev, child.labelSpan ?? child.headSpan)}; camera names must be unique`);
      else this.cameraNames.set(cname, child.headSpan);
      cameras.push({ name: cname, span: child.headSpan, props: this.properties(child, CAMERA_PROPS, 'a camera') });
      this.noPhrasesOrChildren(child, 'a camera');
    }
    const e: ProgramEntity = {
      name,
      model: model.name,
      ego: s.ego,
      span: s.labelSpan ?? s.headSpan,
      props,
      lane,
      side,
      relative,
      at,
      beside,
      near,
      facing,
      onTop,
      cross,
      behaviours,
      cameras,
      group: this.currentGroup,
    };
    this.entities.set(name, e);
    return e;
  }

  /** `antlers:` needs a model that can have them (deer, moose); a random `model:` needs one such choice. */
  private antlers(s: Section, props: ReadonlyMap<string, Expr>): void {
    if (!props.has('antlers')) return;
    const modelE = props.get('model');
    const words = modelE ? literalWords(modelE) : [s.head];
    if (words === null) return; // a parameter: decided when sampled (other models ignore it)
    const models = words.map((w) => modelByName(GENERIC_HEADS[w] ?? w)?.name);
    if (models.some((m) => m !== undefined && Object.hasOwn(ANTLERED, m))) return;
    const key = s.block.properties.find((p) => p.key === 'antlers')!;
    const antlered = Object.keys(ANTLERED).join(' and ');
    this.error(key.keySpan, `'antlers' is for ${antlered}; ${modelE ? `the model here is ${words.join(' or ')}` : `'${s.head}' has none`}`);
  }

  /**
   * The rules of `on top of X`: X does not ride on anything itself; the rider is a prop, an animal or
   * a person (each model `model:` may choose, too); it has no other placement, no motion or speed of
   * its own, and no behaviour but `fall`.
   */
  private carried(
    name: string,
    s: Section,
    onTop: Extract<Phrase, { kind: 'onTop' }>,
    placements: Record<string, Phrase | null>,
    props: ReadonlyMap<string, Expr>,
    behaviours: readonly Extract<Phrase, { kind: 'behaviour' }>[],
  ): void {
    const carrier = this.entities.get(onTop.ref);
    if (carrier?.onTop) {
      this.error(onTop.refSpan, `'${onTop.ref}' itself rides on top of '${carrier.onTop.ref}'; loads are not stacked: put '${name}' on top of '${carrier.onTop.ref}' too`);
    }
    const modelE = props.get('model');
    const words = modelE ? literalWords(modelE) : [s.head];
    for (const w of words ?? []) {
      const m = modelByName(GENERIC_HEADS[w] ?? w);
      const category = m ? classByName(m.cls)?.category : undefined;
      if (m && category !== 'prop' && category !== 'animal' && category !== 'person') {
        this.error(modelE?.span ?? s.headSpan, `only props, animals and people can ride on top of another entity; '${name}' ${modelE ? `may be a ${m.name}` : `is a ${w}`} (a ${category})`);
        break;
      }
    }
    const what: Record<string, string> = { lane: "'on lane'", side: "'on roadside'/'on shoulder'", relative: "'ahead of'/'behind'", at: "'at'", beside: "'left of'/'right of'", near: "'near'", cross: "'cross'" };
    for (const [k, p] of Object.entries(placements)) {
      if (p) this.error(p.span, `'${name}' rides on top of '${onTop.ref}'; it cannot also have ${what[k]}`);
    }
    for (const key of ['speed', 'offset', 'motion']) {
      const e = props.get(key);
      if (e) this.error(s.block.properties.find((p) => p.key === key)!.keySpan, `'${name}' rides on top of '${onTop.ref}' and moves with it until it falls; it cannot have '${key}:'`);
    }
    for (const b of behaviours) {
      if (b.action !== 'fall') this.error(b.span, `'${name}' rides on top of '${onTop.ref}' until it falls; the only behaviour it can have is 'fall'`);
    }
  }

  /**
   * A condition checked while the scene runs (`when`, `event`, `end`): may use `time`, event names,
   * `distance to X` (from `self`), `distance(a, b)`, `speed of X` and `X on road`.
   */
  private condition(e: Expr, self: string | null): boolean {
    const saved = this.dynamic;
    this.dynamic = { self };
    try {
      const t = this.infer(e);
      if (t && t.t !== 'bool') {
        this.error(e.span, `expected a condition such as 'distance to ego < 30 m' or 'time > 2 s', found ${typeName(t)}`);
        return false;
      }
      return t !== null;
    } finally {
      this.dynamic = saved;
    }
  }

  /** Entities named in a running condition may be declared anywhere: checked once all are known. */
  private runningEntity(name: string, span: Span): boolean {
    if (!this.dynamic) return this.entityName(name, span);
    this.laterRefs.push({ name, span });
    return true;
  }

  /** A placement reference: an entity declared above, not itself, not inside another repeat. */
  private reference(self: string, ref: string, span: Span): void {
    if (ref === self) this.error(span, `'${self}' cannot be placed relative to itself`);
    else if (!this.entities.has(ref)) {
      this.error(span, `unknown entity '${ref}'; expected the name of an entity declared above this one${didYouMean(ref, this.entities.keys())}`);
    } else {
      const g = this.grouped.get(ref);
      if (g !== undefined && g !== this.currentGroup) this.error(span, `'${ref}' is declared inside a repeat; it can be referred to only inside that repeat`);
    }
  }

  private properties(s: Section, schema: Readonly<Record<string, Expected>>, what: string): Map<string, Expr> {
    const out = new Map<string, Expr>();
    const seen = new Map<string, Property>();
    for (const p of s.block.properties) {
      const expected = schema[p.key];
      if (!expected) {
        this.error(p.keySpan, `${what} has no property '${p.key}'; expected one of ${Object.keys(schema).join(', ')}${didYouMean(p.key, Object.keys(schema))}`);
        continue;
      }
      const prev = seen.get(p.key);
      if (prev) {
        this.error(p.keySpan, `'${p.key}' is set twice (first at line ${prev.span.line})`);
        continue;
      }
      seen.set(p.key, p);
      if (this.expectType(p.value, expected)) out.set(p.key, p.value);
    }
    return out;
  }

  private noPhrasesOrChildren(s: Section, what: string): void {
    for (const p of s.block.phrases) this.error(p.span, `placements and behaviours belong to entities, not to ${what}`);
    for (const c of s.block.children) this.error(c.headSpan, `'${c.head}' blocks cannot go inside ${what}`);
  }

  /** Infer the expression's type and compare with what the place expects. */
  private expectType(e: Expr, want: Expected): boolean {
    if (want.kind === 'words' || want.kind === 'color') {
      // choice(...) of words or colours: every alternative must fit.
      if (e.kind === 'call' && e.callee === 'choice' && e.args.length > 0) {
        let ok = true;
        for (const a of e.args) {
          if (a.kind === 'weighted') ok = this.expectType(a.weight, { kind: 'quantity', dim: 'none' }) && ok;
          ok = this.expectType(a.kind === 'weighted' ? a.value : a, want) && ok;
        }
        return ok;
      }
      const param = e.kind === 'name' ? this.params.get(e.name) : undefined;
      if (param) {
        (param.uses as Expected[]).push(want);
        return this.expectType(param.value, want);
      }
    }
    if (want.kind === 'words') {
      if (e.kind === 'name' && want.words.includes(e.name)) return true;
      const found = e.kind === 'name' ? `'${e.name}'` : this.found(e);
      const list = want.words.length > 8 ? `one of ${want.words.join(', ')}` : want.words.map((w) => `'${w}'`).join(' or ');
      this.error(e.span, `expected ${list}, found ${found}${e.kind === 'name' ? didYouMean(e.name, want.words) : ''}`);
      return false;
    }
    if (want.kind === 'color') {
      if (e.kind === 'name') {
        if (COLORS[e.name]) return true;
        this.error(e.span, `unknown colour '${e.name}'; expected one of ${Object.keys(COLORS).join(', ')} or "#rrggbb"${didYouMean(e.name, Object.keys(COLORS))}`);
        return false;
      }
      if (e.kind === 'string') {
        if (/^#[0-9a-fA-F]{6}$/.test(e.value)) return true;
        this.error(e.span, `"${e.value}" is not a colour; expected "#rrggbb" such as "#8b5a2b"`);
        return false;
      }
      this.error(e.span, `expected a colour (a name such as red, or "#rrggbb"), found ${this.found(e)}`);
      return false;
    }
    if (e.kind === 'name' && !this.params.has(e.name) && want.kind !== 'string') {
      const names = [...this.params.keys()];
      this.error(e.span, `unknown name '${e.name}'; expected ${want.kind === 'quantity' ? EXAMPLE[want.dim] : 'a value'}${names.length ? ` or a parameter (${names.join(', ')})` : ''}${didYouMean(e.name, names)}`);
      return false;
    }
    const t = this.infer(e);
    if (!t) return false;
    if (want.kind === 'quantity') {
      if (t.t === 'quantity' && t.dim === want.dim) {
        if (want.integer && e.kind === 'number' && !Number.isInteger(e.value)) {
          this.error(e.span, `expected a whole number, found ${e.value}`);
          return false;
        }
        return true;
      }
      if (t.t === 'quantity' && t.dim === 'none') {
        this.error(e.span, `expected ${EXAMPLE[want.dim]}, found a plain number; add a unit`);
      } else if (t.t === 'quantity' && want.dim === 'none') {
        this.error(e.span, `expected a plain number, found ${typeName(t)}; drop the unit`);
      } else this.error(e.span, `expected ${EXAMPLE[want.dim]}, found ${typeName(t)}`);
      return false;
    }
    if (want.kind === 'vector') {
      if (t.t === 'tuple' && t.items.length === want.n && t.items.every((i) => i.t === 'quantity' && i.dim === want.dim)) return true;
      this.error(e.span, `expected ${want.n} ${want.dim === 'length' ? 'distances' : want.dim + 's'} such as (1.2, 0, 1.4) m, found ${typeName(t)}`);
      return false;
    }
    if (t.t === want.kind) return true;
    const example = want.kind === 'clock' ? 'a clock time such as 21:30' : want.kind === 'size' ? 'an image size such as 640x480' : 'a string in double quotes';
    this.error(e.span, `expected ${example}, found ${typeName(t)}`);
    return false;
  }

  private found(e: Expr): string {
    const t = this.inferQuiet(e);
    return t ? typeName(t) : 'something else';
  }

  private inferQuiet(e: Expr): ValueType | null {
    const n = this.diagnostics.length;
    const t = this.infer(e);
    this.diagnostics.length = n;
    return t;
  }

  /** Infer `e` seeing the parameters declared before `before` (a value cannot depend on itself). */
  inferWithParams(e: Expr, params: ReadonlyMap<string, ProgramParam>, before: string): ValueType | null {
    for (const [k, v] of params) {
      if (k === before) break;
      this.params.set(k, { ...v, uses: [] });
    }
    return this.infer(e);
  }

  /** See every parameter, as copies whose `uses` grow with what this checker asks of them. */
  withParams(params: ReadonlyMap<string, ProgramParam>): ReadonlyMap<string, ProgramParam> {
    for (const [k, v] of params) this.params.set(k, { ...v, uses: [...v.uses] });
    return this.params;
  }

  /** Does `e` name `target`, directly or through the parameters it uses? */
  private refersTo(e: Expr, target: string, seen = new Set<string>()): boolean {
    for (const n of namesIn(e)) {
      if (n === target) return true;
      const p = this.params.get(n);
      if (p && !seen.has(n)) {
        seen.add(n);
        if (this.refersTo(p.value, target, seen)) return true;
      }
    }
    return false;
  }

  /** Does `e` fit a place that expects `want`? Reports why not. */
  fits(e: Expr, want: Expected): boolean {
    return this.expectType(e, want);
  }

  infer(e: Expr): ValueType | null {
    switch (e.kind) {
      case 'number':
        return Q('none');
      case 'clock':
        return { t: 'clock' };
      case 'size':
        if (e.width < 1 || e.height < 1 || e.width > 8192 || e.height > 8192) {
          this.error(e.span, `image size ${e.width}x${e.height} is out of range; expected 1x1 to 8192x8192`);
          return null;
        }
        return { t: 'size' };
      case 'string':
        return { t: 'string' };
      case 'name':
        if (this.dynamic && e.name === 'time') return Q('time');
        if (e.name === 'time' && !this.params.has('time')) return this.onlyRunning(e.span, "'time'");
        if (this.dynamic && this.eventNames.has(e.name)) return { t: 'bool' };
        return this.params.get(e.name)?.type ?? { t: 'word' };
      case 'distanceTo':
        if (!this.dynamic) return this.onlyRunning(e.span, "'distance to'");
        if (!this.dynamic.self) {
          this.error(e.span, "'distance to X' measures from the entity whose block it is in; here use distance(a, b)");
          return null;
        }
        return this.runningEntity(e.target, e.targetSpan) ? Q('length') : null;
      case 'speedOf':
        if (!this.dynamic) return this.onlyRunning(e.span, "'speed of'");
        return this.runningEntity(e.entity, e.entitySpan) ? Q('speed') : null;
      case 'onRoad':
        if (!this.dynamic) return this.onlyRunning(e.span, "'on road'");
        return this.runningEntity(e.entity, e.entitySpan) ? { t: 'bool' } : null;
      case 'hits': {
        if (!this.dynamic) return this.onlyRunning(e.span, "'hits'");
        if (e.b === e.a) {
          this.error(e.span, `'${e.a}' cannot hit itself; write '${e.a} hits anything' or name another entity`);
          return null;
        }
        const a = this.runningEntity(e.a, e.aSpan);
        const b = e.b === null || this.runningEntity(e.b, e.bSpan);
        return a && b ? { t: 'bool' } : null;
      }
      case 'unit': {
        const u = UNITS[e.unit]!;
        const inner = this.infer(e.expr);
        if (!inner) return null;
        if (inner.t === 'quantity' && inner.dim === 'none') return Q(u.dim);
        if (inner.t === 'tuple' && inner.items.every((i) => i.t === 'quantity' && i.dim === 'none')) {
          return { t: 'tuple', items: inner.items.map(() => Q(u.dim)) };
        }
        this.error(e.unitSpan, `unit '${e.unit}' applied to ${typeName(inner)}; units go after plain numbers`);
        return null;
      }
      case 'call':
        return this.call(e);
      case 'weighted':
        this.error(e.span, "'weight: value' is only allowed inside choice(...)");
        return null;
      case 'compare': {
        const a = this.infer(e.left);
        const b = this.infer(e.right);
        if (!a || !b) return null;
        if (this.dynamic) {
          for (const side of [e.left, e.right]) {
            if (isRunning(side) && !isRunningValue(side)) {
              this.error(side.span, "compare a running value directly, as in 'distance to ego < 30 m' or 'time > 2 s'");
              return null;
            }
          }
        }
        if ((a.t === 'quantity' || a.t === 'clock') && sameType(a, b)) return { t: 'bool' };
        this.error(e.span, `cannot compare ${typeName(a)} with ${typeName(b)}`);
        return null;
      }
      case 'logic': {
        const a = this.infer(e.left);
        const b = this.infer(e.right);
        if (!a || !b) return null;
        for (const [t, x] of [[a, e.left], [b, e.right]] as const) {
          if (t.t !== 'bool') {
            this.error(x.span, `'${e.op}' joins conditions, found ${typeName(t)}`);
            return null;
          }
        }
        return { t: 'bool' };
      }
      case 'not': {
        const a = this.infer(e.operand);
        if (!a) return null;
        if (a.t !== 'bool') {
          this.error(e.operand.span, `'not' takes a condition, found ${typeName(a)}`);
          return null;
        }
        return a;
      }
      case 'visible':
        if (this.dynamic) {
          this.error(e.span, "'visible' is decided when the scene is sampled (t = 0); use it in 'require', not in a running condition");
          return null;
        }
        this.entityName(e.target, e.targetSpan);
        if (e.camera !== null && !this.cameraNames.has(e.camera)) {
          this.error(e.cameraSpan!, `unknown camera '${e.camera}'; expected one of ${[...this.cameraNames.keys()].join(', ') || '(no cameras declared)'}${didYouMean(e.camera, this.cameraNames.keys())}`);
          return null;
        }
        return { t: 'bool' };
      case 'tuple': {
        const items: ValueType[] = [];
        for (const i of e.items) {
          const t = this.infer(i);
          if (!t) return null;
          items.push(t);
        }
        return { t: 'tuple', items };
      }
      case 'unary': {
        const t = this.infer(e.operand);
        if (!t) return null;
        if (t.t !== 'quantity') {
          this.error(e.span, `cannot negate ${typeName(t)}`);
          return null;
        }
        return t;
      }
      case 'binary': {
        const a = this.infer(e.left);
        const b = this.infer(e.right);
        if (!a || !b) return null;
        if (e.op === '+' || e.op === '-') {
          if (a.t === 'clock' && b.t === 'quantity' && b.dim === 'time') return a;
          if (a.t === 'quantity' && b.t === 'quantity' && a.dim === b.dim) return a;
          this.error(e.span, `cannot ${e.op === '+' ? 'add' : 'subtract'} ${typeName(b)} ${e.op === '+' ? 'to' : 'from'} ${typeName(a)}`);
          return null;
        }
        if (a.t === 'quantity' && b.t === 'quantity' && (b.dim === 'none' || (a.dim === 'none' && e.op === '*'))) {
          return a.dim === 'none' ? b : a;
        }
        this.error(e.span, `cannot ${e.op === '*' ? 'multiply' : 'divide'} ${typeName(a)} by ${typeName(b)}; one side must be a plain number`);
        return null;
      }
    }
  }

  private call(e: Extract<Expr, { kind: 'call' }>): ValueType | null {
    const arity: Record<string, [number, number]> = { uniform: [2, 2], normal: [2, 4], randint: [2, 2], choice: [1, 1000], distance: [2, 2] };
    const range = arity[e.callee];
    if (!range) {
      this.error(e.calleeSpan, `unknown function '${e.callee}'; expected ${FUNCTIONS.join(', ')}${didYouMean(e.callee, FUNCTIONS)}`);
      return null;
    }
    const usage: Record<string, string> = {
      uniform: 'uniform(low, high)',
      normal: 'normal(mean, sd) or normal(mean, sd, low, high)',
      randint: 'randint(low, high)',
      choice: 'choice(a, b, …) or choice(weight: a, weight: b, …)',
      distance: 'distance(a, b)',
    };
    if (e.args.length < range[0] || e.args.length > range[1] || (e.callee === 'normal' && e.args.length === 3)) {
      this.error(e.span, `${e.callee} takes ${usage[e.callee]}, found ${e.args.length} value${e.args.length === 1 ? '' : 's'}`);
      return null;
    }
    if (e.callee === 'distance') {
      if (!this.inCondition && !this.dynamic) {
        this.error(e.calleeSpan, "distance(…) can only be used in a 'require' or running condition: positions are known only once every entity is placed");
        return null;
      }
      const ok = e.args.map((a) => (a.kind === 'name' ? this.runningEntity(a.name, a.span) : (this.error(a.span, 'distance takes entity names, as in distance(ego, doe)'), false)));
      return ok.every(Boolean) ? Q('length') : null;
    }
    if (e.callee === 'choice') {
      let first: ValueType | null = null;
      for (const a of e.args) {
        const v = a.kind === 'weighted' ? a.value : a;
        if (a.kind === 'weighted') {
          const w = this.infer(a.weight);
          if (!w) return null;
          if (w.t !== 'quantity' || w.dim !== 'none') {
            this.error(a.weight.span, `a choice weight is a plain number, found ${typeName(w)}`);
            return null;
          }
        }
        const t = this.infer(v);
        if (!t) return null;
        if (first && !sameType(first, t)) {
          this.error(v.span, `choice mixes ${typeName(first)} and ${typeName(t)}`);
          return null;
        }
        first ??= t;
      }
      return first;
    }
    const types: ValueType[] = [];
    for (const a of e.args) {
      if (a.kind === 'weighted') {
        this.error(a.span, "'weight: value' is only allowed inside choice(...)");
        return null;
      }
      const t = this.infer(a);
      if (!t) return null;
      types.push(t);
    }
    const allowClock = e.callee === 'uniform';
    const bad = types.findIndex((x) => !(x.t === 'quantity' || (allowClock && x.t === 'clock')));
    if (bad >= 0) {
      this.error(e.args[bad]!.span, `${e.callee} takes ${allowClock ? 'numbers, quantities or clock times' : 'numbers or quantities'}, found ${typeName(types[bad]!)}`);
      return null;
    }
    if (e.callee === 'randint') {
      const literal = (a: Expr): number | null => (a.kind === 'number' ? a.value : a.kind === 'unary' && a.operand.kind === 'number' ? -a.operand.value : null);
      if (types.some((x) => x.t !== 'quantity' || x.dim !== 'none') || e.args.some((a) => !Number.isInteger(literal(a) ?? 0))) {
        this.error(e.span, 'randint takes plain whole numbers, as in randint(2, 6)');
        return null;
      }
      return Q('none');
    }
    const diff = types.findIndex((x) => !sameType(types[0]!, x));
    if (diff > 0) {
      this.error(e.args[diff]!.span, `${e.callee}'s values differ: ${typeName(types[0]!)} and ${typeName(types[diff]!)}`);
      return null;
    }
    return types[0]!;
  }

  private onlyRunning(span: Span, what: string): null {
    this.error(span, `${what} changes as the scene runs; use it in a 'when', 'event' or 'end' condition`);
    return null;
  }

  /** A name that must be a declared entity. */
  private entityName(name: string, span: Span): boolean {
    const e = this.entities.get(name);
    if (e && e.group !== null) {
      this.error(span, `'${name}' is declared inside a repeat; a requirement cannot name it (only placements inside that repeat can)`);
      return false;
    }
    if (e) return true;
    this.error(span, `unknown entity '${name}'${didYouMean(name, this.entities.keys())}`);
    return false;
  }

  /** `line N` of an earlier declaration, naming its file when that is not the file of `here` (imports). */
  private lineOf(prev: Span, here: Span): string {
    const file = prev.file ?? this.file;
    return file === (here.file ?? this.file) ? `line ${prev.line}` : `line ${prev.line} of ${file}`;
  }

  private error(span: Span, message: string): void {
    this.diagnostics.push({ file: span.file ?? this.file, line: span.line, col: span.col, length: span.length, message, severity: 'error' });
  }
}

/** A value read from the running simulation itself. */
export function isRunningValue(e: Expr): boolean {
  return e.kind === 'distanceTo' || e.kind === 'speedOf' || (e.kind === 'name' && e.name === 'time') || (e.kind === 'call' && e.callee === 'distance');
}

/** Does the expression read the running simulation anywhere inside? */
function isRunning(e: Expr): boolean {
  if (isRunningValue(e)) return true;
  switch (e.kind) {
    case 'unit':
      return isRunning(e.expr);
    case 'unary':
      return isRunning(e.operand);
    case 'binary':
      return isRunning(e.left) || isRunning(e.right);
    case 'call':
      return e.args.some(isRunning);
    case 'tuple':
      return e.items.some(isRunning);
    case 'weighted':
      return isRunning(e.value);
    default:
      return false;
  }
}

/** The words a `model:` value may take when written as a word or a choice of words (null: anything else, e.g. a parameter). */
function literalWords(e: Expr): string[] | null {
  if (e.kind === 'name') return [e.name];
  if (e.kind !== 'call' || e.callee !== 'choice') return null;
  const out: string[] = [];
  for (const a of e.args) {
    const v = a.kind === 'weighted' ? a.value : a;
    if (v.kind !== 'name') return null;
    out.push(v.name);
  }
  return out;
}

/** Every bare name (word or parameter) in an expression. */
function namesIn(e: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(e)) for (const x of e) namesIn(x, out);
  else if (e !== null && typeof e === 'object') {
    const o = e as { kind?: unknown; name?: unknown };
    if (o.kind === 'name' && typeof o.name === 'string') out.add(o.name);
    for (const v of Object.values(o)) if (v !== null && typeof v === 'object') namesIn(v, out);
  }
  return out;
}

function sameType(a: ValueType, b: ValueType): boolean {
  if (a.t !== b.t) return false;
  if (a.t === 'quantity' && b.t === 'quantity') return a.dim === b.dim;
  if (a.t === 'tuple' && b.t === 'tuple') return a.items.length === b.items.length && a.items.every((x, i) => sameType(x, b.items[i]!));
  return true;
}
