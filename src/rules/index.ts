/**
 * The rule language (shared/spec/rules.md): text ⇄ AST (parser, printer), the AST's schema, and the
 * checker that turns an AST into the typed IR the SQL compiler consumes. No SQL here.
 */
export type { Position, Span } from './span.js';
export { formatPosition } from './span.js';
export type { Diagnostic, DiagnosticCode } from './diagnostics.js';
export { renderDiagnostic } from './diagnostics.js';
export { nearestName, editDistance } from './suggest.js';
export type {
  AggregateFn,
  ArithOp,
  CompareOp,
  DateOrTimestampLiteral,
  DurationExpr,
  DurationUnit,
  Expr,
  ExprKind,
  ExprOf,
  ListExpr,
  Literal,
  LiteralType,
  QuantifierKind,
  TextMatchOp,
  Window,
} from './ast.js';
export { ExprSchema, RULE_JSON_SCHEMA } from './ast.js';
export { astEquals, stripSpans } from './ast-equality.js';
export { childrenOf, walk } from './ast-walk.js';
export type { ParseResult } from './parser.js';
export { parseRule } from './parser.js';
export { printRule, printWindow } from './printer.js';
export type { ModelInfo, RuleEnvironment, SegmentationInfo } from './environment.js';
export { EMPTY_ENVIRONMENT, RFM_SCORES } from './environment.js';
export type * from './ir.js';
export { assertNever, irTypeOf } from './ir.js';
export type { CheckResult } from './checker.js';
export { checkNumber, checkRule } from './checker.js';
export { findSegmentCycles } from './segment-cycles.js';
export { withKnownSegments } from './known-segments.js';
