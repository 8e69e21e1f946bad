import type { Diagnostic } from '../core/index.ts';
import type { Token, TokenKind } from './tokens.ts';

const PUNCT2 = ['<=', '>=', '==', '!='];
const PUNCT1 = '{}()[],:=+-*/<>';

export interface LexResult {
  readonly tokens: Token[];
  readonly diagnostics: Diagnostic[];
}

/** Split scenario text into tokens. Never throws: bad characters become diagnostics. */
export function lex(source: string, file: string): LexResult {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const push = (kind: TokenKind, start: number, value = 0, value2 = 0): void => {
    tokens.push({
      kind,
      text: source.slice(start, i),
      value,
      value2,
      line,
      col: start - lineStart + 1,
      offset: start,
      length: i - start,
      file,
    });
  };
  const error = (start: number, length: number, message: string): void => {
    diagnostics.push({ file, line, col: start - lineStart + 1, length, message, severity: 'error' });
  };

  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\n') {
      i++;
      push('newline', i - 1);
      line++;
      lineStart = i;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (isDigit(ch) || (ch === '.' && isDigit(source[i + 1] ?? ''))) {
      while (isDigit(source[i] ?? '')) i++;
      // clock time hh:mm[:ss] — only when two digits follow the colon directly
      if (source[i] === ':' && isDigit(source[i + 1] ?? '') && isDigit(source[i + 2] ?? '')) {
        const h = Number(source.slice(start, i));
        i++;
        const mStart = i;
        i += 2;
        const m = Number(source.slice(mStart, i));
        let s = 0;
        if (source[i] === ':' && isDigit(source[i + 1] ?? '') && isDigit(source[i + 2] ?? '')) {
          s = Number(source.slice(i + 1, i + 3));
          i += 3;
        }
        if (h > 24 || m > 59 || s > 59 || (h === 24 && (m > 0 || s > 0))) {
          error(start, i - start, `'${source.slice(start, i)}' is not a clock time; expected hh:mm between 00:00 and 24:00`);
        }
        push('clock', start, h * 3600 + m * 60 + s);
        continue;
      }
      // size WxH, e.g. 640x480
      if (source[i] === 'x' && isDigit(source[i + 1] ?? '') && !source.slice(start, i).includes('.')) {
        const w = Number(source.slice(start, i));
        i++;
        const hStart = i;
        while (isDigit(source[i] ?? '')) i++;
        push('size', start, w, Number(source.slice(hStart, i)));
        continue;
      }
      if (source[i] === '.' && isDigit(source[i + 1] ?? '')) {
        i++;
        while (isDigit(source[i] ?? '')) i++;
      }
      if ((source[i] === 'e' || source[i] === 'E') && /[+-]?\d/.test(source.slice(i + 1, i + 3))) {
        i += source[i + 1] === '+' || source[i + 1] === '-' ? 2 : 1;
        while (isDigit(source[i] ?? '')) i++;
      }
      if (isIdentStart(source[i] ?? '') && !isUnitLead(source, i)) {
        while (isIdentPart(source[i] ?? '')) i++;
        error(start, i - start, `'${source.slice(start, i)}' is not a number; put a space between a number and its unit`);
      }
      push('number', start, Number(source.slice(start, i).replace(/[^0-9.eE+-]/g, '')));
      continue;
    }
    if (isIdentStart(ch)) {
      while (isIdentPart(source[i] ?? '')) i++;
      push('ident', start);
      continue;
    }
    if (ch === '"') {
      i++;
      while (i < source.length && source[i] !== '"' && source[i] !== '\n') i++;
      if (source[i] !== '"') {
        error(start, i - start, 'unterminated string; expected a closing "');
        push('string', start);
        continue;
      }
      i++;
      push('string', start);
      continue;
    }
    const two = source.slice(i, i + 2);
    if (PUNCT2.includes(two)) {
      i += 2;
      push('punct', start);
      continue;
    }
    if (PUNCT1.includes(ch)) {
      i++;
      push('punct', start);
      continue;
    }
    i++;
    error(start, 1, `unexpected character '${ch}'`);
  }
  // A final newline makes "statement ends at end of line" hold for the last line too.
  tokens.push({ kind: 'newline', text: '', value: 0, value2: 0, line, col: i - lineStart + 1, offset: i, length: 0, file });
  tokens.push({ kind: 'eof', text: '', value: 0, value2: 0, line, col: i - lineStart + 1, offset: i, length: 0, file });
  return { tokens, diagnostics };
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c);
}
/** `3m` glued: allowed for plain units so `3.5m` reads as 3.5 m. */
function isUnitLead(source: string, i: number): boolean {
  const m = /^(km\/h|m\/s|km|cm|mm|mph|deg|rad|min|ms|m|s|h)(?![A-Za-z0-9_])/.exec(source.slice(i, i + 5));
  return m !== null;
}
