/**
 * Entry point of the compiler: a checked rule (IR) → one SQL query returning the keys of the
 * customers that satisfy it, with its parameters. The dialect decides every database-specific
 * piece; this folder never asks which database it is.
 */
import type { TypedExpr } from '../rules/index.js';
import { Compilation, type CompileOptions } from './compilation.js';
import { ruleQuery } from './conditions.js';
import type { CompiledQuery } from './params.js';

/** `SELECT <alias>._customer FROM customers … WHERE …` for the rule, as of a bound instant. */
export function compileRule(rule: TypedExpr, options: CompileOptions): CompiledQuery {
  const c = new Compilation(options);
  const sql = ruleQuery(c, rule);
  return { sql, params: c.params.sources };
}

export { CompileError, type CompileOptions, type SegmentResolver } from './compilation.js';
export { bindParams, type BindContext, type CompiledQuery, type ParamSource } from './params.js';
