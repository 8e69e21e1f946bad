import { classByName, THING_CLASSES, type Diagnostic } from '../core/index.ts';
import type { Expr, Phrase, Property, ScenarioFile, Section } from './ast.ts';
import type { Program, ProgramCamera, ProgramEntity } from './Program.ts';
import { CAMERA_PROPS, COLORS, ENTITY_PROPS, ENVIRONMENT_PROPS, ROAD_KINDS, ROAD_PROPS, type Expected } from './schema.ts';
import { closest, didYouMean } from './suggest.ts';
import type { Span } from './tokens.ts';
import { Q, typeName, type ValueType } from './types.ts';
import { EXAMPLE, UNITS } from './units.ts';

export const FUNCTIONS = ['uniform'];

/** Check names, types and units; build the Program. Every problem is reported, not just the first. */
export function check(ast: ScenarioFile, diagnostics: Diagnostic[]): Program | null {
  const c = new Checker(ast.file, diagnostics);
  return c.program(ast);
}

class Checker {
  private readonly entities = new Map<string, ProgramEntity>();
  /** Camera names are global: the capture CLI and the page select cameras by name. */
  private readonly cameraNames = new Map<string, Span>();

  constructor(
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
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

    for (const s of ast.statements) {
      switch (s.kind) {
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
            if (roadSeen) this.error(s.headSpan, `a second road; the scenario has one road, declared at line ${roadSeen.line}`);
            roadSeen = s.headSpan;
            if (s.label !== null) {
              if (!ROAD_KINDS.includes(s.label)) this.error(s.labelSpan!, `unknown road kind '${s.label}'; expected ${ROAD_KINDS.join(', ')}${didYouMean(s.label, ROAD_KINDS)}`);
              else roadKind = s.label;
            }
            road = this.properties(s, ROAD_PROPS, 'road');
            this.noPhrasesOrChildren(s, 'road');
          } else if (s.head === 'environment') {
            if (envSeen) this.error(s.headSpan, `a second environment block; the first is at line ${envSeen.line}`);
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
    const egos = ordered.filter((e) => e.ego);
    if (egos.length === 0) {
      this.error({ line: 1, col: 1, length: 1 }, `no ego: expected one entity marked ego, e.g. 'ego car { on lane 1 }'`);
    }
    for (const extra of egos.slice(1)) this.error(extra.span, `a second ego; only one entity can be the ego (the first is '${egos[0]!.name}')`);
    if (this.diagnostics.length > before) return null;
    const baseName = ast.file.split(/[\\/]/).pop()!.replace(/\.scene$/, '');
    return { file: ast.file, source: ast.source, name: name ?? baseName, seed, duration, roadKind, road, environment, entities: ordered };
  }

  private entity(s: Section, index: number): ProgramEntity | null {
    const cls = classByName(s.head);
    if (!cls || cls.category === 'surface' || cls.category === 'void') {
      const names = THING_CLASSES.map((k) => k.name);
      const guess = closest(s.head, [...names, 'road', 'environment']);
      this.error(
        s.headSpan,
        `unknown class or block '${s.head}'; expected road, environment, or an entity class (${names.join(', ')})${guess ? `; did you mean '${guess}'?` : ''}`,
      );
      return null;
    }
    const name = s.label ?? (s.ego ? 'ego' : `${s.head}_${index + 1}`);
    if (this.entities.has(name)) {
      this.error(s.labelSpan ?? s.headSpan, `'${name}' is already declared at line ${this.entities.get(name)!.span.line}; entity names must be unique`);
      return null;
    }
    const props = this.properties(s, ENTITY_PROPS, `a ${s.head}`);
    let lane: ProgramEntity['lane'] = null;
    let side: ProgramEntity['side'] = null;
    let relative: ProgramEntity['relative'] = null;
    let at: ProgramEntity['at'] = null;
    let cross: ProgramEntity['cross'] = null;
    const once = <T extends Phrase>(prev: T | null, p: T, what: string): T => {
      if (prev) this.error(p.span, `${what} is given twice for '${name}' (first at line ${prev.span.line})`);
      return p;
    };
    for (const p of s.block.phrases) {
      switch (p.kind) {
        case 'on':
          if (p.where === 'lane') {
            lane = once(lane, p, 'a lane');
            this.expectType(p.lane, { kind: 'quantity', dim: 'none', integer: true });
          } else side = once(side, p, 'a side');
          break;
        case 'relative':
          relative = once(relative, p, 'a relative position');
          if (p.ref === name) this.error(p.refSpan, `'${name}' cannot be placed relative to itself`);
          else if (!this.entities.has(p.ref)) {
            this.error(p.refSpan, `unknown entity '${p.ref}'; expected the name of an entity declared above this one${didYouMean(p.ref, this.entities.keys())}`);
          }
          this.expectType(p.distance, { kind: 'quantity', dim: 'length' });
          break;
        case 'at':
          at = once(at, p, 'an along-road position');
          this.expectType(p.along, { kind: 'quantity', dim: 'length' });
          break;
        case 'cross':
          cross = once(cross, p, 'a crossing');
          this.expectType(p.speed, { kind: 'quantity', dim: 'speed' });
          if (p.after) this.expectType(p.after, { kind: 'quantity', dim: 'time' });
          break;
      }
    }
    if (lane && side) this.error(side.span, `'${name}' is both on a lane (line ${lane.span.line}) and ${side.where === 'roadside' ? 'on the roadside' : 'on the shoulder'}; give one`);
    if (relative && at) this.error(at.span, `'${name}' has both 'at' and '${relative.dir}'; give one along-road position`);
    if (cross && props.has('speed')) this.error(cross.span, `'${name}' has both a driving speed and a crossing; give one`);
    const cameras: ProgramCamera[] = [];
    for (const child of s.block.children) {
      if (child.head !== 'camera') {
        this.error(child.headSpan, `'${child.head}' blocks cannot go inside an entity; expected 'camera <name> { ... }'${didYouMean(child.head, ['camera'])}`);
        continue;
      }
      const cname = child.label ?? `${name}_camera${cameras.length ? cameras.length + 1 : ''}`;
      const prev = this.cameraNames.get(cname);
      if (prev) this.error(child.labelSpan ?? child.headSpan, `a camera named '${cname}' is already declared at line ${prev.line}; camera names must be unique`);
      else this.cameraNames.set(cname, child.headSpan);
      cameras.push({ name: cname, span: child.headSpan, props: this.properties(child, CAMERA_PROPS, 'a camera') });
      this.noPhrasesOrChildren(child, 'a camera');
    }
    const e: ProgramEntity = { name, cls: cls.name, ego: s.ego, span: s.labelSpan ?? s.headSpan, props, lane, side, relative, at, cross, cameras };
    this.entities.set(name, e);
    return e;
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
    if (want.kind === 'words') {
      if (e.kind === 'name' && want.words.includes(e.name)) return true;
      const found = e.kind === 'name' ? `'${e.name}'` : this.found(e);
      this.error(e.span, `expected ${want.words.map((w) => `'${w}'`).join(' or ')}, found ${found}${e.kind === 'name' ? didYouMean(e.name, want.words) : ''}`);
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
        return { t: 'word' };
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
      case 'call': {
        if (!FUNCTIONS.includes(e.callee)) {
          this.error(e.calleeSpan, `unknown function '${e.callee}'; expected ${FUNCTIONS.join(', ')}${didYouMean(e.callee, FUNCTIONS)}`);
          return null;
        }
        if (e.args.length !== 2) {
          this.error(e.span, `uniform takes 2 values (low, high), found ${e.args.length}`);
          return null;
        }
        const a = this.infer(e.args[0]!);
        const b = this.infer(e.args[1]!);
        if (!a || !b) return null;
        const ok = (x: ValueType) => x.t === 'quantity' || x.t === 'clock';
        if (!ok(a) || !ok(b)) {
          this.error(e.span, `uniform takes numbers, quantities or clock times, found ${typeName(ok(a) ? b : a)}`);
          return null;
        }
        if (!sameType(a, b)) {
          this.error(e.args[1]!.span, `uniform's bounds differ: ${typeName(a)} and ${typeName(b)}`);
          return null;
        }
        return a;
      }
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

  private error(span: Span, message: string): void {
    this.diagnostics.push({ file: this.file, line: span.line, col: span.col, length: span.length, message, severity: 'error' });
  }
}

function sameType(a: ValueType, b: ValueType): boolean {
  if (a.t !== b.t) return false;
  if (a.t === 'quantity' && b.t === 'quantity') return a.dim === b.dim;
  return true;
}
