export { compile, compileOrThrow, type CompileResult, type CompileOptions, type ImportResolver } from './compile.ts';
export { applyOverrides, parseParamOverrides } from './overrides.ts';
export type { Program, ProgramEntity, ProgramCamera, ProgramParam, ProgramRepeat, ProgramRequire } from './Program.ts';
export type { Expr, ScenarioFile } from './ast.ts';
export type { Span } from './tokens.ts';
export { parse, parseExpression } from './parser.ts';
export { lex } from './lexer.ts';
export { UNITS, type Dimension } from './units.ts';
export { COLORS, ROAD_PROPS, ENVIRONMENT_PROPS, ENTITY_PROPS, CAMERA_PROPS } from './schema.ts';
