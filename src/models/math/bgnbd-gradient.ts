/**
 * The gradient of the BG/NBD log-likelihood, for the quasi-Newton polish of large fits
 * (`fitBgNbd`): computed together with the value, one pass over the groups.
 */
import type { BgNbdData, BgNbdParams } from './bgnbd.js';
import { checkData, levelsOf, lnShifted, type DataLevels } from './bgnbd-data.js';
import { digamma, lnGamma } from './log-gamma.js';

/**
 * Σ weight × ln L and its gradient with respect to (ln r, ln α, ln a, ln b), for the quasi-Newton
 * polish of large fits. With s₄ = A4 / (A3 + A4) the share of the "dropped out after the last
 * purchase" branch and s₃ = 1 − s₄: ∂/∂r = ψ(r + x) − ψ(r) + ln α − s₃ ln(α + T) − s₄ ln(α + t_x),
 * ∂/∂α = r/α − (r + x)(s₃/(α + T) + s₄/(α + t_x)), ∂/∂a = ψ(a + b) − ψ(a + b + x) + s₄/a,
 * ∂/∂b = ψ(a + b) + ψ(b + x) − ψ(b) − ψ(a + b + x) − s₄/(b + x − 1); each times the parameter for
 * the log-parameters.
 */
export function weightedValueAndGradient(params: BgNbdParams, data: BgNbdData, levels: DataLevels): { value: number; gradient: Float64Array } {
  const { r, alpha, a, b } = params;
  const gradient = new Float64Array(4);
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return { value: NaN, gradient };
  const xValues = levels.x.values;
  const L = xValues.length;
  const heads = new Float64Array(L);
  const lnA4Constant = new Float64Array(L);
  const dR = new Float64Array(L);
  const dA = new Float64Array(L);
  const dB = new Float64Array(L);
  const constant = -lnGamma(r) + r * Math.log(alpha) + lnGamma(a + b) - lnGamma(b);
  const [psiR, psiAB, psiB] = [digamma(r), digamma(a + b), digamma(b)];
  for (let l = 0; l < L; l++) {
    const x = xValues[l] as number;
    heads[l] = constant + lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x);
    lnA4Constant[l] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
    const psiABX = digamma(a + b + x);
    dR[l] = digamma(r + x) - psiR + Math.log(alpha);
    dA[l] = psiAB - psiABX;
    dB[l] = psiAB + digamma(b + x) - psiB - psiABX;
  }
  const lnT = lnShifted(alpha, levels.T);
  const lnTx = lnShifted(alpha, levels.tx);
  const invT = levels.T.values.map((v) => 1 / (alpha + v));
  const invTx = levels.tx.values.map((v) => 1 / (alpha + v));
  const { x, weights } = data;
  const [xOf, txOf, TOf] = [levels.x.levelOf, levels.tx.levelOf, levels.T.levelOf];
  let value = 0;
  let [gr, galpha, ga, gb] = [0, 0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    const level = xOf[i] as number;
    const xi = x[i] as number;
    const rx = r + xi;
    const w = weights ? (weights[i] as number) : 1;
    const lT = lnT[TOf[i] as number] as number;
    const lTx = lnTx[txOf[i] as number] as number;
    const lnA3 = -rx * lT;
    let tail = lnA3;
    let s4 = 0;
    if (xi > 0) {
      const lnA4 = (lnA4Constant[level] as number) - rx * lTx;
      tail = lnA3 > lnA4 ? lnA3 + Math.log1p(Math.exp(lnA4 - lnA3)) : lnA4 + Math.log1p(Math.exp(lnA3 - lnA4));
      s4 = Math.exp(lnA4 - tail);
    }
    const s3 = 1 - s4;
    value += w * ((heads[level] as number) + tail);
    gr += w * ((dR[level] as number) - s3 * lT - s4 * lTx);
    galpha += w * (r / alpha - rx * (s3 * (invT[TOf[i] as number] as number) + s4 * (invTx[txOf[i] as number] as number)));
    ga += w * ((dA[level] as number) + (xi > 0 ? s4 / a : 0));
    gb += w * ((dB[level] as number) - (xi > 0 ? s4 / (b + xi - 1) : 0));
  }
  gradient[0] = gr * r;
  gradient[1] = galpha * alpha;
  gradient[2] = ga * a;
  gradient[3] = gb * b;
  return { value, gradient };
}

/** Σ weight × ln L and its gradient with respect to the log-parameters (see the fit's polish). */
export function bgNbdLogLikelihoodGradient(params: BgNbdParams, data: BgNbdData): { value: number; gradient: Float64Array } {
  checkData(data);
  return weightedValueAndGradient(params, data, levelsOf(data));
}

