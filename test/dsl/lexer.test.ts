import { describe, expect, it } from 'vitest';
import { lex } from '../../src/dsl/index.ts';
import type { Token } from '../../src/dsl/tokens.ts';
import { positioned } from '../helpers/scenario.ts';

const FILE = 'lex.scene';

/** Tokens without the newline + eof pair the lexer always appends. */
function tokens(source: string): Token[] {
  const { tokens: all } = lex(source, FILE);
  expect(all.at(-1)!.kind).toBe('eof');
  expect(all.at(-2)!.kind).toBe('newline');
  return all.slice(0, -2);
}

/** `kind text` for each token: the shape most tests care about. */
function shapes(source: string): string[] {
  return tokens(source).map((t) => `${t.kind} ${JSON.stringify(t.text)}`);
}

function errors(source: string): string[] {
  return lex(source, FILE).diagnostics.map(positioned);
}

describe('numbers', () => {
  it.each([
    ['42', 42],
    ['3.5', 3.5],
    ['.5', 0.5],
    ['0', 0],
    ['1e3', 1000],
    ['2.5e-3', 0.0025],
    ['6E+2', 600],
  ])('%s is the number %d', (text, value) => {
    const [t, ...rest] = tokens(text);
    expect(rest).toEqual([]);
    expect(t).toMatchObject({ kind: 'number', text, value, line: 1, col: 1, offset: 0, length: text.length });
    expect(errors(text)).toEqual([]);
  });

  it('a minus sign is its own token (negation is an operator, not part of the literal)', () => {
    expect(shapes('-5')).toEqual(['punct "-"', 'number "5"']);
  });

  it('a second decimal point starts a new number', () => {
    expect(shapes('1.2.3')).toEqual(['number "1.2"', 'number ".3"']);
  });

  it('a trailing point is not part of the number', () => {
    expect(shapes('5.')).toEqual(['number "5"']);
    expect(errors('5.')).toEqual(["lex.scene:1:2: unexpected character '.'"]);
  });
});

describe('units glued to numbers', () => {
  it.each([
    ['3.5m', ['number "3.5"', 'ident "m"']],
    ['10s', ['number "10"', 'ident "s"']],
    ['90deg', ['number "90"', 'ident "deg"']],
    ['2min', ['number "2"', 'ident "min"']],
    ['4ms', ['number "4"', 'ident "ms"']],
    ['10mm', ['number "10"', 'ident "mm"']],
    ['3mph', ['number "3"', 'ident "mph"']],
    ['72km/h', ['number "72"', 'ident "km"', 'punct "/"', 'ident "h"']],
    ['5m/s', ['number "5"', 'ident "m"', 'punct "/"', 'ident "s"']],
    ['1e3m', ['number "1e3"', 'ident "m"']],
  ])('%s splits into a number and its unit', (text, expected) => {
    expect(shapes(text)).toEqual(expected);
    expect(errors(text)).toEqual([]);
  });

  it.each([
    ['3.5mx', 5],
    ['3x', 2],
    ['3m2', 3],
    ['3e', 2],
    ['640x', 4],
    ['1.5x2', 5],
  ])('%s is one bad number: letters glued on that are not a unit', (text, length) => {
    expect(errors(`at ${text}`)).toEqual([`lex.scene:1:4: '${text}' is not a number; put a space between a number and its unit`]);
    expect(lex(`at ${text}`, FILE).diagnostics[0]!.length).toBe(length);
    // Still one token, so the parser carries on from the right place.
    expect(shapes(`at ${text}`)).toEqual(['ident "at"', `number ${JSON.stringify(text)}`]);
  });
});

describe('clock times', () => {
  it.each([
    ['21:30', 21 * 3600 + 30 * 60],
    ['07:05:30', 7 * 3600 + 5 * 60 + 30],
    ['7:05', 7 * 3600 + 5 * 60],
    ['00:00', 0],
    ['24:00', 24 * 3600],
  ])('%s is %d seconds after midnight', (text, seconds) => {
    expect(tokens(text)).toEqual([expect.objectContaining({ kind: 'clock', text, value: seconds, col: 1, length: text.length })]);
    expect(errors(text)).toEqual([]);
  });

  it.each(['25:00', '21:60', '24:01', '12:00:60', '99:99'])('%s is not a clock time', (text) => {
    expect(errors(`time: ${text}`)).toEqual([`lex.scene:1:7: '${text}' is not a clock time; expected hh:mm between 00:00 and 24:00`]);
    // The token survives, so only one message is reported for it.
    expect(tokens(`time: ${text}`)[2]!.kind).toBe('clock');
  });

  it('needs two digits after the colon; otherwise it is a number, a colon and a number', () => {
    expect(shapes('21:3')).toEqual(['number "21"', 'punct ":"', 'number "3"']);
    expect(shapes('a: 21')).toEqual(['ident "a"', 'punct ":"', 'number "21"']);
  });

  it('a third part needs two digits too', () => {
    expect(shapes('21:30:5')).toEqual(['clock "21:30"', 'punct ":"', 'number "5"']);
  });
});

describe('image sizes', () => {
  it('640x480 is one size token with width and height', () => {
    expect(tokens('640x480')).toEqual([expect.objectContaining({ kind: 'size', text: '640x480', value: 640, value2: 480, length: 7 })]);
  });

  it('spaces make it three tokens', () => {
    expect(shapes('640 x 480')).toEqual(['number "640"', 'ident "x"', 'number "480"']);
  });

  it('the lexer takes any digits; the checker limits the range', () => {
    expect(tokens('0x0')[0]).toMatchObject({ kind: 'size', value: 0, value2: 0 });
    expect(errors('0x0')).toEqual([]);
  });
});

describe('strings', () => {
  it('keep their quotes in the token text', () => {
    expect(tokens('"11-21"')).toEqual([expect.objectContaining({ kind: 'string', text: '"11-21"', length: 7 })]);
  });

  it('may hold spaces and #', () => {
    expect(shapes('"#8b5a2b" # a comment')).toEqual(['string "\\"#8b5a2b\\""']);
  });

  it('end at the end of the line when unterminated', () => {
    expect(errors('date: "11-21\nseed 1')).toEqual(['lex.scene:1:7: unterminated string; expected a closing "']);
    expect(shapes('date: "11-21\nseed 1')).toEqual(['ident "date"', 'punct ":"', 'string "\\"11-21"', 'newline "\\n"', 'ident "seed"', 'number "1"']);
  });
});

describe('comments and whitespace', () => {
  it('# runs to the end of the line; the newline is kept', () => {
    expect(shapes('seed 1 # the seed\nduration 4 s')).toEqual([
      'ident "seed"',
      'number "1"',
      'newline "\\n"',
      'ident "duration"',
      'number "4"',
      'ident "s"',
    ]);
  });

  it('a file of comments has only the closing newline and eof', () => {
    expect(tokens('# one\n# two')).toEqual([expect.objectContaining({ kind: 'newline', line: 1 })]);
  });

  it('\\r is whitespace, so CRLF files have the same lines and columns', () => {
    expect(tokens('a\r\nb')[2]).toMatchObject({ kind: 'ident', text: 'b', line: 2, col: 1 });
  });

  it('a tab counts as one column', () => {
    expect(tokens('\tseed')[0]).toMatchObject({ line: 1, col: 2 });
  });

  it('the empty file is a newline and eof at 1:1', () => {
    expect(lex('', FILE).tokens).toEqual([
      expect.objectContaining({ kind: 'newline', line: 1, col: 1, length: 0 }),
      expect.objectContaining({ kind: 'eof', line: 1, col: 1, length: 0 }),
    ]);
  });
});

describe('punctuation', () => {
  it('two-character operators are one token', () => {
    expect(shapes('<= >= == != < > =')).toEqual(['punct "<="', 'punct ">="', 'punct "=="', 'punct "!="', 'punct "<"', 'punct ">"', 'punct "="']);
  });

  it('single characters', () => {
    expect(shapes('{}()[],:+-*/')).toEqual([...'{}()[],:+-*/'].map((c) => `punct "${c}"`));
  });
});

describe('positions', () => {
  it('every token knows its line, column and offset', () => {
    const src = 'ego car {\n  on lane 1\n}';
    const t = tokens(src).map((x) => [x.text, x.line, x.col, x.offset]);
    expect(t).toEqual([
      ['ego', 1, 1, 0],
      ['car', 1, 5, 4],
      ['{', 1, 9, 8],
      ['\n', 1, 10, 9],
      ['on', 2, 3, 12],
      ['lane', 2, 6, 15],
      ['1', 2, 11, 20],
      ['\n', 2, 12, 21],
      ['}', 3, 1, 22],
    ]);
  });

  it('bad characters are reported where they are, and skipped', () => {
    const src = 'seed 1\n  speed: 5 @ km/h\n$x é';
    expect(errors(src)).toEqual([
      "lex.scene:2:12: unexpected character '@'",
      "lex.scene:3:1: unexpected character '$'",
      "lex.scene:3:4: unexpected character 'é'",
    ]);
    expect(shapes(src)).toEqual([
      'ident "seed"',
      'number "1"',
      'newline "\\n"',
      'ident "speed"',
      'punct ":"',
      'number "5"',
      'ident "km"',
      'punct "/"',
      'ident "h"',
      'newline "\\n"',
      'ident "x"',
    ]);
  });

  it('the closing newline and eof sit just past the last character', () => {
    const all = lex('seed 1\nduration 4 s', FILE).tokens;
    expect(all.at(-1)).toMatchObject({ kind: 'eof', line: 2, col: 13, offset: 19 });
  });
});
