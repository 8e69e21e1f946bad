import type { Diagnostic } from '../core/index.ts';
import type { Block, Expr, Phrase, Property, Repeat, ScenarioFile, Section, Statement } from './ast.ts';
import { lex } from './lexer.ts';
import { describe, joinSpans, spanOf, type Span, type Token } from './tokens.ts';
import { UNITS } from './units.ts';
import { didYouMean } from './suggest.ts';

export interface ParseResult {
  readonly ast: ScenarioFile;
  readonly diagnostics: Diagnostic[];
}

/** Raised inside the parser to abandon one statement; caught at statement level to resync. */
class Abandon {}

const TOP_KEYWORDS = ['scenario', 'import', 'seed', 'duration', 'param', 'require', 'repeat', 'event', 'end', 'capture'];
const PHRASE_STARTS = ['on', 'ahead', 'behind', 'left', 'right', 'near', 'at', 'facing', 'cross', 'brake', 'stop', 'freeze', 'graze', 'follow', 'swerve', 'run', 'change', 'fall'];

/** Parse one expression (a CLI --set value): the whole text must be one expression. */
export function parseExpression(source: string, file: string): { expr: Expr | null; diagnostics: Diagnostic[] } {
  const { tokens, diagnostics } = lex(source, file);
  const p = new Parser(tokens, file, diagnostics);
  return { expr: p.wholeExpression(), diagnostics };
}

/** Parse a whole file. Never throws: every problem becomes a diagnostic, and parsing goes on. */
export function parse(source: string, file: string): ParseResult {
  const { tokens, diagnostics } = lex(source, file);
  const p = new Parser(tokens, file, diagnostics);
  const statements = p.statements();
  return { ast: { file, source, statements }, diagnostics };
}

class Parser {
  private pos = 0;
  private parenDepth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  wholeExpression(): Expr | null {
    try {
      const e = this.expr();
      this.skipNewlines();
      const t = this.peek();
      if (t.kind !== 'eof') this.fail(t, `expected the end of the value, found ${describe(t)}`);
      return e;
    } catch (err) {
      if (!(err instanceof Abandon)) throw err;
      return null;
    }
  }

  statements(): Statement[] {
    const out: Statement[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.peek().kind === 'eof') return out;
      try {
        out.push(this.statement());
        this.endOfLine();
      } catch (e) {
        if (!(e instanceof Abandon)) throw e;
        this.recover();
      }
    }
  }

  // ---- statements -------------------------------------------------------------------------

  private statement(): Statement {
    const t = this.peek();
    if (t.kind !== 'ident') {
      this.fail(t, `expected a statement (${TOP_KEYWORDS.join(', ')}, road, environment, or an entity such as 'deer doe { ... }'), found ${describe(t)}`);
    }
    if (t.text === 'import' && this.peekAt(1).kind === 'string') {
      this.next();
      const path = this.next();
      return { kind: 'import', path: path.text.slice(1, -1), span: joinSpans(spanOf(t), spanOf(path)) };
    }
    if (t.text === 'scenario') {
      this.next();
      const name = this.expect('string', 'the scenario name in double quotes');
      return { kind: 'scenario', name: name.text.slice(1, -1), span: joinSpans(spanOf(t), spanOf(name)) };
    }
    if (t.text === 'seed' || t.text === 'duration') {
      this.next();
      const value = this.expr();
      return { kind: t.text, value, span: joinSpans(spanOf(t), value.span) };
    }
    if (t.text === 'param' && this.peekAt(1).kind === 'ident') {
      this.next();
      const name = this.next();
      this.expectPunct('=', `'=' after the parameter name, as in 'param ${name.text} = uniform(0, 1)'`);
      const value = this.expr();
      return { kind: 'param', name: name.text, nameSpan: spanOf(name), value, span: joinSpans(spanOf(t), value.span) };
    }
    if (t.text === 'require') {
      this.next();
      let probability: Expr | null = null;
      const open = this.peek();
      if (open.kind === 'punct' && open.text === '[') {
        this.next();
        this.parenDepth++;
        try {
          probability = this.expr();
          this.expectPunct(']', "']' after the probability, as in 'require[0.8] …'");
        } finally {
          this.parenDepth--;
        }
      }
      const condition = this.expr();
      return { kind: 'require', probability, condition, span: joinSpans(spanOf(t), condition.span) };
    }
    if (t.text === 'repeat') return this.repeat();
    if (t.text === 'event' && this.peekAt(1).kind === 'ident' && this.peekAt(2).text === 'when') {
      this.next();
      const name = this.next();
      this.next(); // when
      const condition = this.expr();
      return { kind: 'event', name: name.text, nameSpan: spanOf(name), condition, span: joinSpans(spanOf(t), condition.span) };
    }
    if (t.text === 'end' && this.peekAt(1).text === 'when') {
      this.next();
      this.next();
      const condition = this.expr();
      return { kind: 'end', condition, span: joinSpans(spanOf(t), condition.span) };
    }
    if (t.text === 'capture' && this.peekAt(1).text === 'from') {
      // capture from <time> before E to <time> after E
      this.next();
      this.next();
      const before = this.expr();
      this.expectWord(['before']);
      const e1 = this.expect('ident', 'an event name');
      this.expectWord(['to']);
      const after = this.expr();
      this.expectWord(['after']);
      const e2 = this.expect('ident', 'an event name');
      if (e2.text !== e1.text) this.fail(e2, `the window is around one event: expected '${e1.text}' here too, found '${e2.text}'`);
      return { kind: 'window', before, after, event: e1.text, eventSpan: spanOf(e1), span: joinSpans(spanOf(t), spanOf(e2)) };
    }
    return this.section();
  }

  /** `repeat <count> { sections }` */
  private repeat(): Repeat {
    const t = this.next();
    const count = this.expr();
    const open = this.peek();
    if (!(open.kind === 'punct' && open.text === '{')) this.fail(open, `expected '{' to open the repeated block, found ${describe(open)}`);
    this.next();
    const sections: Section[] = [];
    for (;;) {
      this.skipNewlines();
      const n = this.peek();
      if (n.kind === 'punct' && n.text === '}') {
        this.next();
        return { kind: 'repeat', count, sections, span: joinSpans(spanOf(t), count.span) };
      }
      if (n.kind === 'eof') {
        this.error(open, `this '{' is never closed; expected '}' before the end of the file`);
        throw new Abandon();
      }
      if (n.kind !== 'ident') this.fail(n, `expected an entity such as 'deer calf { ... }' inside repeat, found ${describe(n)}`);
      try {
        if (n.text === 'repeat' && this.peekAt(1).text !== '{') this.fail(n, 'repeat blocks cannot be nested');
        sections.push(this.section());
        const after = this.peek();
        if (!(after.kind === 'punct' && after.text === '}')) this.endOfLine();
      } catch (e) {
        if (!(e instanceof Abandon)) throw e;
        this.recover(true);
      }
    }
  }

  /** `head [label] { block }`, or `ego head [label] { block }`. */
  private section(): Section {
    const first = this.next();
    let ego = false;
    let head = first;
    if (first.text === 'ego' && this.peek().kind === 'ident') {
      ego = true;
      head = this.next();
    }
    let label: Token | null = null;
    if (this.peek().kind === 'ident') label = this.next();
    const open = this.peek();
    if (!(open.kind === 'punct' && open.text === '{')) {
      if (label === null && open.kind === 'punct' && open.text === ':') {
        this.fail(first, `'${first.text}: …' is a property and belongs inside a block; at the top level expected a statement${didYouMean(first.text, TOP_KEYWORDS)}`);
      }
      const hint = label === null ? didYouMean(head.text, [...TOP_KEYWORDS, 'road', 'environment', 'ego']) : '';
      this.fail(open, `expected '{' to open the block of '${[first.text, ego ? head.text : '', label?.text ?? ''].filter(Boolean).join(' ')}', found ${describe(open)}${hint}`);
    }
    const block = this.block();
    return {
      kind: 'section',
      head: head.text,
      headSpan: spanOf(head),
      label: label?.text ?? null,
      labelSpan: label ? spanOf(label) : null,
      ego,
      block,
      span: joinSpans(spanOf(first), spanOf(label ?? head)),
    };
  }

  private block(): Block {
    const open = this.next(); // '{'
    const properties: Property[] = [];
    const phrases: Phrase[] = [];
    const children: Section[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.kind === 'punct' && t.text === '}') {
        this.next();
        return { properties, phrases, children, span: spanOf(open) };
      }
      if (t.kind === 'eof') {
        this.error(open, `this '{' is never closed; expected '}' before the end of the file`);
        throw new Abandon();
      }
      try {
        this.blockItem(properties, phrases, children);
        const after = this.peek();
        if (!(after.kind === 'punct' && after.text === '}')) this.endOfLine();
      } catch (e) {
        if (!(e instanceof Abandon)) throw e;
        this.recover(true);
      }
    }
  }

  private blockItem(properties: Property[], phrases: Phrase[], children: Section[]): void {
    const t = this.peek();
    if (t.kind !== 'ident') {
      this.fail(t, `expected a property ('name: value'), a placement (on, ahead of, behind, at) or a behaviour (cross), found ${describe(t)}`);
    }
    const after = this.peekAt(1);
    if (after.kind === 'punct' && after.text === ':') {
      this.next();
      this.next();
      const value = this.expr();
      properties.push({ kind: 'property', key: t.text, keySpan: spanOf(t), value, span: joinSpans(spanOf(t), value.span) });
      return;
    }
    if (PHRASE_STARTS.includes(t.text)) {
      phrases.push(this.phrase());
      return;
    }
    const third = this.peekAt(2);
    if ((after.kind === 'punct' && after.text === '{') || (after.kind === 'ident' && third.kind === 'punct' && third.text === '{')) {
      children.push(this.section());
      return;
    }
    this.fail(t, `'${t.text}' is not a property, placement or behaviour here; expected 'name: value', on, ahead of, behind, at, cross, or a nested block such as 'camera front { ... }'${didYouMean(t.text, PHRASE_STARTS)}`);
  }

  private phrase(): Phrase {
    const t = this.next();
    switch (t.text) {
      case 'on': {
        let where = this.expectWord(['lane', 'roadside', 'shoulder', 'cross', 'top']);
        if (where.text === 'top') {
          // on top of X [at (dx, dy) m]
          this.expectWord(['of']);
          const ref = this.expect('ident', 'the name of an entity declared above');
          let at: Expr | null = null;
          if (this.peek().kind === 'ident' && this.peek().text === 'at') {
            this.next();
            at = this.expr();
          }
          return { kind: 'onTop', ref: ref.text, refSpan: spanOf(ref), at, span: joinSpans(spanOf(t), at ? at.span : spanOf(ref)) };
        }
        const cross = where.text === 'cross';
        if (cross) where = this.expectWord(['lane']);
        if (where.text === 'lane') {
          const lane = this.expr();
          return { kind: 'on', where: 'lane', lane, cross, span: joinSpans(spanOf(t), lane.span) };
        }
        const side = this.expectWord(['left', 'right']);
        return { kind: 'on', where: where.text as 'roadside' | 'shoulder', side: side.text as 'left' | 'right', span: joinSpans(spanOf(t), spanOf(side)) };
      }
      case 'ahead':
      case 'behind': {
        if (t.text === 'ahead') this.expectWord(['of']);
        else if (this.peek().text === 'of') this.next();
        const ref = this.expect('ident', 'the name of an entity declared above');
        this.expectWord(['by']);
        const distance = this.expr();
        return { kind: 'relative', dir: t.text, ref: ref.text, refSpan: spanOf(ref), distance, span: joinSpans(spanOf(t), distance.span) };
      }
      case 'at': {
        const along = this.expr();
        return { kind: 'at', along, span: joinSpans(spanOf(t), along.span) };
      }
      case 'left':
      case 'right': {
        this.expectWord(['of']);
        const ref = this.expect('ident', 'the name of an entity declared above');
        this.expectWord(['by']);
        const distance = this.expr();
        return { kind: 'beside', dir: t.text, ref: ref.text, refSpan: spanOf(ref), distance, span: joinSpans(spanOf(t), distance.span) };
      }
      case 'near': {
        const ref = this.expect('ident', 'the name of an entity declared above');
        this.expectWord(['within']);
        const radius = this.expr();
        return { kind: 'near', ref: ref.text, refSpan: spanOf(ref), radius, span: joinSpans(spanOf(t), radius.span) };
      }
      case 'facing': {
        const w = this.peek();
        if (w.kind === 'ident' && w.text === 'toward') {
          this.next();
          const ref = this.expect('ident', 'the name of an entity declared above');
          return { kind: 'facing', how: 'toward', ref: ref.text, refSpan: spanOf(ref), span: joinSpans(spanOf(t), spanOf(ref)) };
        }
        if (w.kind === 'ident' && (w.text === 'across' || w.text === 'along' || w.text === 'against')) {
          this.next();
          let end = w;
          if (this.peek().text === 'the' && this.peekAt(1).text === 'road') (this.next(), (end = this.next()));
          else if (this.peek().text === 'road') end = this.next();
          return { kind: 'facing', how: w.text, span: joinSpans(spanOf(t), spanOf(end)) };
        }
        const angle = this.expr();
        return { kind: 'facing', how: 'angle', angle, span: joinSpans(spanOf(t), angle.span) };
      }
      case 'cross': {
        // cross [road] at <speed> [after <time> | when <condition>]
        if (this.peek().text === 'road') this.next();
        this.expectWord(['at']);
        const speed = this.expr();
        const { after, when } = this.trigger();
        return { kind: 'cross', speed, after, when, span: joinSpans(spanOf(t), (when ?? after ?? speed).span) };
      }
      default: {
        let action: 'brake' | 'stop' | 'freeze' | 'graze' | 'swerve' | 'speed' | 'follow' | 'fall' = 'stop';
        let ref: Token | null = null;
        let value: Expr | null = null;
        let side: 'left' | 'right' | null = null;
        let over: Expr | null = null;
        let end: Span = spanOf(t);
        if (t.text === 'brake') {
          action = 'brake';
          if (this.peek().text === 'at') {
            this.next();
            value = this.expr();
          }
        } else if (t.text === 'stop' || t.text === 'freeze' || t.text === 'graze' || t.text === 'fall') {
          action = t.text;
        } else if (t.text === 'follow') {
          action = 'follow';
          ref = this.expect('ident', 'the name of the entity to follow');
          end = spanOf(ref);
        } else if (t.text === 'swerve') {
          action = 'swerve';
          const s = this.expectWord(['left', 'right']);
          side = s.text as 'left' | 'right';
          end = spanOf(s);
          if (this.peek().text === 'by') {
            this.next();
            value = this.expr();
          }
          if (this.peek().text === 'over') {
            this.next();
            over = this.expr();
          }
        } else if (t.text === 'run') {
          action = 'speed';
          this.expectWord(['at']);
          value = this.expr();
        } else {
          // change speed to <speed>
          action = 'speed';
          this.expectWord(['speed']);
          this.expectWord(['to']);
          value = this.expr();
        }
        const { after, when } = this.trigger();
        const last = when ?? after ?? over ?? value;
        return {
          kind: 'behaviour',
          action,
          ref: ref?.text ?? null,
          refSpan: ref ? spanOf(ref) : null,
          value,
          side,
          over,
          after,
          when,
          span: last ? joinSpans(spanOf(t), last.span) : joinSpans(spanOf(t), end),
        };
      }
    }
  }

  /** An optional `after <time>` or `when <condition>`. */
  private trigger(): { after: Expr | null; when: Expr | null } {
    const w = this.peek();
    if (w.kind === 'ident' && w.text === 'after') {
      this.next();
      return { after: this.expr(), when: null };
    }
    if (w.kind === 'ident' && w.text === 'when') {
      this.next();
      return { after: null, when: this.expr() };
    }
    return { after: null, when: null };
  }

  // ---- expressions ------------------------------------------------------------------------

  expr(): Expr {
    return this.or();
  }

  private or(): Expr {
    let left = this.and();
    while (this.peek().kind === 'ident' && this.peek().text === 'or') {
      this.next();
      const right = this.and();
      left = { kind: 'logic', op: 'or', left, right, span: joinSpans(left.span, right.span) };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.peek().kind === 'ident' && this.peek().text === 'and') {
      this.next();
      const right = this.not();
      left = { kind: 'logic', op: 'and', left, right, span: joinSpans(left.span, right.span) };
    }
    return left;
  }

  private not(): Expr {
    const t = this.peek();
    if (t.kind === 'ident' && t.text === 'not') {
      this.next();
      const operand = this.not();
      return { kind: 'not', operand, span: joinSpans(spanOf(t), operand.span) };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    const t = this.peek();
    if (t.kind === 'punct' && ['<', '<=', '>', '>=', '==', '!='].includes(t.text)) {
      this.next();
      const right = this.additive();
      return { kind: 'compare', op: t.text as '<', left, right, span: joinSpans(left.span, right.span) };
    }
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'punct' && (t.text === '+' || t.text === '-')) {
        this.next();
        const right = this.multiplicative();
        left = { kind: 'binary', op: t.text, left, right, span: joinSpans(left.span, right.span) };
      } else return left;
    }
  }

  private multiplicative(): Expr {
    let left = this.withUnit();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'punct' && (t.text === '*' || t.text === '/')) {
        this.next();
        const right = this.withUnit();
        left = { kind: 'binary', op: t.text, left, right, span: joinSpans(left.span, right.span) };
      } else return left;
    }
  }

  /** unary followed by an optional unit: `-5 m`, `uniform(60, 90) km/h`, `(1, 0, 1.4) m`. */
  private withUnit(): Expr {
    const e = this.unary();
    const unit = this.tryUnit();
    if (!unit) return e;
    return { kind: 'unit', expr: e, unit: unit.name, unitSpan: unit.span, span: joinSpans(e.span, unit.span) };
  }

  private tryUnit(): { name: string; span: Span } | null {
    const t = this.peek();
    if (t.kind !== 'ident') return null;
    const slash = this.peekAt(1);
    const den = this.peekAt(2);
    if (slash.kind === 'punct' && slash.text === '/' && den.kind === 'ident' && UNITS[`${t.text}/${den.text}`]) {
      this.pos += 3;
      return { name: `${t.text}/${den.text}`, span: joinSpans(spanOf(t), spanOf(den)) };
    }
    if (UNITS[t.text]) {
      this.next();
      return { name: t.text, span: spanOf(t) };
    }
    return null;
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '-') {
      this.next();
      const operand = this.unary();
      return { kind: 'unary', op: '-', operand, span: joinSpans(spanOf(t), operand.span) };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'number', value: t.value, span: spanOf(t) };
      case 'clock':
        return { kind: 'clock', seconds: t.value, span: spanOf(t) };
      case 'size':
        return { kind: 'size', width: t.value, height: t.value2, span: spanOf(t) };
      case 'string':
        return { kind: 'string', value: t.text.slice(1, -1), span: spanOf(t) };
      case 'ident': {
        if (t.text === 'distance' && this.peek().text === 'to' && this.peekAt(1).kind === 'ident') {
          this.next();
          const target = this.next();
          return { kind: 'distanceTo', target: target.text, targetSpan: spanOf(target), span: joinSpans(spanOf(t), spanOf(target)) };
        }
        if (t.text === 'speed' && this.peek().text === 'of' && this.peekAt(1).kind === 'ident') {
          this.next();
          const e = this.next();
          return { kind: 'speedOf', entity: e.text, entitySpan: spanOf(e), span: joinSpans(spanOf(t), spanOf(e)) };
        }
        if (this.peek().kind === 'ident' && this.peek().text === 'hits' && this.peekAt(1).kind === 'ident') {
          // X hits Y, X hits anything
          this.next();
          const other = this.next();
          const b = other.text === 'anything' ? null : other.text;
          return { kind: 'hits', a: t.text, aSpan: spanOf(t), b, bSpan: spanOf(other), span: joinSpans(spanOf(t), spanOf(other)) };
        }
        if (this.peek().text === 'on' && this.peekAt(1).text === 'road') {
          this.next();
          const road = this.next();
          return { kind: 'onRoad', entity: t.text, entitySpan: spanOf(t), span: joinSpans(spanOf(t), spanOf(road)) };
        }
        if (t.text === 'visible' && this.peek().kind === 'ident') {
          const target = this.next();
          let camera: Token | null = null;
          if (this.peek().kind === 'ident' && this.peek().text === 'from') {
            this.next();
            camera = this.expect('ident', 'a camera name');
          }
          return { kind: 'visible', target: target.text, targetSpan: spanOf(target), camera: camera?.text ?? null, cameraSpan: camera ? spanOf(camera) : null, span: joinSpans(spanOf(t), spanOf(camera ?? target)) };
        }
        const open = this.peek();
        if (open.kind === 'punct' && open.text === '(') {
          this.next();
          const args = this.list(')');
          const close = this.tokens[this.pos - 1]!;
          return { kind: 'call', callee: t.text, calleeSpan: spanOf(t), args, span: joinSpans(spanOf(t), spanOf(close)) };
        }
        return { kind: 'name', name: t.text, span: spanOf(t) };
      }
      case 'punct':
        if (t.text === '(') {
          const items = this.list(')');
          const close = this.tokens[this.pos - 1]!;
          // `(e)` is e, but its span covers the parentheses so carets start under the '('.
          if (items.length === 1) return { ...items[0]!, span: joinSpans(spanOf(t), spanOf(close)) };
          return { kind: 'tuple', items, span: joinSpans(spanOf(t), spanOf(close)) };
        }
        break;
      default:
        break;
    }
    this.pos--;
    return this.fail(t, `expected a value (a number, a quantity such as 20 m, a name, or uniform(a, b)), found ${describe(t)}`);
  }

  /** Comma-separated expressions up to `close`; newlines inside are ignored. */
  private list(close: string): Expr[] {
    this.parenDepth++;
    const items: Expr[] = [];
    try {
      if (this.peek().text === close) {
        this.next();
        return items;
      }
      for (;;) {
        const item = this.expr();
        const colon = this.peek();
        if (colon.kind === 'punct' && colon.text === ':') {
          this.next();
          const value = this.expr();
          items.push({ kind: 'weighted', weight: item, value, span: joinSpans(item.span, value.span) });
        } else items.push(item);
        const t = this.next();
        if (t.kind === 'punct' && t.text === close) return items;
        if (!(t.kind === 'punct' && t.text === ',')) {
          this.pos--;
          this.fail(t, `expected ',' or '${close}', found ${describe(t)}`);
        }
      }
    } finally {
      this.parenDepth--;
    }
  }

  // ---- token helpers ----------------------------------------------------------------------

  private peek(): Token {
    return this.peekAt(0);
  }

  private peekAt(k: number): Token {
    let i = this.pos;
    let seen = 0;
    for (;;) {
      const t = this.tokens[Math.min(i, this.tokens.length - 1)]!;
      if (t.kind === 'newline' && this.parenDepth > 0) {
        i++;
        continue;
      }
      if (seen === k) return t;
      seen++;
      i++;
    }
  }

  private next(): Token {
    for (;;) {
      const t = this.tokens[Math.min(this.pos, this.tokens.length - 1)]!;
      if (t.kind !== 'eof') this.pos++;
      if (t.kind === 'newline' && this.parenDepth > 0) continue;
      return t;
    }
  }

  private expect(kind: Token['kind'], what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) this.fail(t, `expected ${what}, found ${describe(t)}`);
    return this.next();
  }

  private expectPunct(p: string, what: string): Token {
    const t = this.peek();
    if (!(t.kind === 'punct' && t.text === p)) this.fail(t, `expected ${what}, found ${describe(t)}`);
    return this.next();
  }

  private expectWord(words: string[]): Token {
    const t = this.peek();
    if (t.kind !== 'ident' || !words.includes(t.text)) {
      const list = words.map((w) => `'${w}'`).join(' or ');
      this.fail(t, `expected ${list}, found ${describe(t)}${t.kind === 'ident' ? didYouMean(t.text, words) : ''}`);
    }
    return this.next();
  }

  private endOfLine(): void {
    const t = this.peek();
    if (t.kind === 'newline' || t.kind === 'eof') return;
    this.fail(t, `expected end of line, found ${describe(t)}`);
  }

  private skipNewlines(): void {
    while (this.tokens[this.pos]?.kind === 'newline') this.pos++;
  }

  /** Skip to the start of the next line (or past a block's '}' when `inBlock` is false and one opens). */
  private recover(inBlock = false): void {
    this.parenDepth = 0;
    let depth = 0;
    for (;;) {
      const t = this.tokens[this.pos];
      if (!t || t.kind === 'eof') return;
      if (t.kind === 'punct' && t.text === '{') depth++;
      if (t.kind === 'punct' && t.text === '}') {
        if (depth === 0 && inBlock) return; // let the block see its closing brace
        depth--;
        if (depth <= 0 && !inBlock) {
          this.pos++;
          return;
        }
      }
      if (t.kind === 'newline' && depth <= 0) {
        this.pos++;
        return;
      }
      this.pos++;
    }
  }

  private error(t: Token, message: string): void {
    this.diagnostics.push({ file: this.file, line: t.line, col: t.col, length: Math.max(1, t.length), message, severity: 'error' });
  }

  private fail(t: Token, message: string): never {
    this.error(t, message);
    throw new Abandon();
  }
}
