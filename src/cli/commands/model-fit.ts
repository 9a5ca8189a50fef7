import { fitModel, resolveModel, type FitOverrides } from '../../models/fit-model.js';
import { messages } from '../../i18n/messages.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { printModelFit } from '../model-output.js';

interface ModelFitOptions {
  readonly calibrationEnd?: string;
  readonly minSupport?: string;
  readonly minConfidence?: string;
  readonly minLift?: string;
  readonly maxSize?: string;
  readonly k?: string;
}

function number(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`${flag} takes a number, not "${text}"`);
  return value;
}

/** `--k 4` or `--k 2..8` (every k from 2 to 8). */
function ks(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d+)\s*(?:(?:\.\.|-)\s*(\d+)\s*)?$/.exec(text);
  const low = m ? Number(m[1]) : NaN;
  const high = m?.[2] !== undefined ? Number(m[2]) : low;
  if (!(low >= 2 && high >= low && high <= 20)) throw new UsageError(`--k takes a number of clusters or a range such as 2..8 (from 2 to 20), not "${text}"`);
  const out: number[] = [];
  for (let k = low; k <= high; k++) out.push(k);
  return out;
}

export default async function modelFit(ctx: CommandContext, id: unknown, options: unknown): Promise<void> {
  const o = options as ModelFitOptions;
  const overrides: FitOverrides = {
    ...(o.calibrationEnd !== undefined ? { calibrationEnd: o.calibrationEnd } : {}),
    ...(o.minSupport !== undefined ? { minSupport: number(o.minSupport, '--min-support') } : {}),
    ...(o.minConfidence !== undefined ? { minConfidence: number(o.minConfidence, '--min-confidence') } : {}),
    ...(o.minLift !== undefined ? { minLift: number(o.minLift, '--min-lift') } : {}),
    ...(o.maxSize !== undefined ? { maxSize: number(o.maxSize, '--max-size') } : {}),
    ...(o.k !== undefined ? { k: ks(o.k) } : {}),
  };
  const opened = await ctx.open();
  try {
    const ws = opened.workspace;
    const def = resolveModel(ws, String(id));
    let fit;
    try {
      fit = await fitModel(opened.store, ws, def, ctx.at(ws.timezone), overrides);
    } catch (error) {
      if (error instanceof RangeError && /^--/.test(error.message)) throw new UsageError(error.message);
      throw error;
    }
    // A kind fitted without a declaration is stored, but rules and profiles know declared models only.
    const declared = ws.models.includes(def);
    if (ctx.output.json) ctx.output.printJson({ model: fit.model, kind: fit.kind, fit: fit.fit, at: fit.at, declared, ...fit.result });
    else {
      const locale = ctx.locale(ws.locale);
      printModelFit(ctx.output, fit, locale);
      if (!declared) ctx.output.line(messages(locale).undeclaredModel(fit.model));
    }
  } finally {
    await opened.close();
  }
}
