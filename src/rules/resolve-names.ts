/**
 * Name resolution: a `ref` of the AST becomes one of the explicit name kinds of the IR.
 *
 * - At customer level a bare name is a customer field; failing that, a segmentation or a model
 *   with segments where a label may stand (`rf6 = "at_risk"`), or a place inside `distance()`.
 * - Inside `where` of a collection a bare name is a field of the record; of an event type, a
 *   property of the event. `customer.f` (in any scope) is resolved at customer level, so it also
 *   reaches `customer.rf6`, `customer.rfm.r`.
 * - `S.x` is a score of segmentation `S` or an output of model `S`, in any scope.
 * Unknown names are reported with the nearest known name (see suggest.ts).
 */
import type { ExprOf } from './ast.js';
import { CUSTOMER_SCOPE, listNames, spanProp, type CheckContext, type Scope, type Use } from './check-context.js';
import { irTypeOf, type TypedExpr } from './ir.js';
import { didYouMean, nearestName } from './suggest.js';
import { quoteMember, quoteName } from './literal-text.js';
import { reportRefused } from './refused-names.js';
import type { RuleEnvironment } from './environment.js';
import type { FieldType } from '../workspace/types.js';

type Ref = ExprOf<'ref'>;

/** The IR node `ref` stands for, or undefined after reporting why it stands for nothing. */
export function resolveRef(ctx: CheckContext, ref: Ref, scope: Scope, use: Use): TypedExpr | undefined {
  const [first, ...rest] = ref.path;
  const shadowed = scope.kind === 'customer' ? ctx.env.customerFields.has('customer') : scope.fields.has('customer');
  if (first === 'customer' && rest.length > 0 && !shadowed) return resolvePath(ctx, ref, rest, CUSTOMER_SCOPE, use);
  return resolvePath(ctx, ref, ref.path, scope, use);
}

function resolvePath(ctx: CheckContext, ref: Ref, path: readonly string[], scope: Scope, use: Use): TypedExpr | undefined {
  const [first, second, ...more] = path;
  if (first === undefined) return undefined;
  if (second === undefined) return resolveName(ctx, ref, first, scope, use);
  if (more.length > 0) return ctx.report('unknown-field', `unknown field "${ref.path.join('.')}"`, ref);
  const { env } = ctx;
  const span = spanProp(ref);
  const segmentation = env.segmentations.get(first);
  if (segmentation !== undefined) {
    const fieldType = segmentation.scores.get(second);
    if (fieldType === undefined) {
      const hint = `the scores of "${first}" are ${listNames(segmentation.scores.keys())}`;
      return ctx.report('unknown-score', `unknown score "${second}"`, ref, didYouMean(second, segmentation.scores.keys()), hint);
    }
    return { kind: 'segmentation_score', type: irTypeOf(fieldType), segmentation: first, score: second, fieldType, ...span };
  }
  const model = env.models.get(first);
  if (model !== undefined) {
    const fieldType = model.outputs.get(second);
    if (fieldType === undefined) {
      const hint = `the outputs of "${first}" are ${listNames(model.outputs.keys())}`;
      return ctx.report('unknown-score', `unknown output "${second}"`, ref, didYouMean(second, model.outputs.keys()), hint);
    }
    return { kind: 'model_output', type: irTypeOf(fieldType), model: first, output: second, fieldType, ...span };
  }
  const dotted = `${first}.${second}`;
  if (env.eventTypes.has(first) || env.collections.has(first)) {
    const fields = (env.eventTypes.get(first) ?? env.collections.get(first))!;
    const type = fields.get(second);
    if (type === undefined) {
      const of = env.collections.has(first) ? `the fields of "${first}"` : `the properties of "${first}"`;
      return ctx.report('type-mismatch', `"${dotted}" used outside an aggregate`, ref, didYouMean(second, fields.keys()), `${of} are ${listNames(fields.keys())}`);
    }
    // The examples fit the field's type (a sum only of numbers, age() of dates) and are accepted as written.
    const [source, name] = [quoteName(first), quoteName(second)];
    const sum = type === 'number' || type === 'integer' ? `sum(${source}.${quoteMember(second)}) > 100, or ` : '';
    const hint = `it has one value per ${env.eventTypes.has(first) ? 'event' : 'record'}: ${sum}any(${source} where ${exampleTest(name, type, env)})`;
    return ctx.report('type-mismatch', `"${dotted}" used outside an aggregate`, ref, '', hint);
  }
  if (reportRefused(ctx, first, ref, ['segmentation', 'model'])) return undefined;
  const candidates = [...env.segmentations.keys(), ...env.models.keys(), 'customer'];
  return ctx.report(
    'unknown-segmentation',
    `unknown segmentation or model "${first}"`,
    ref,
    didYouMean(first, candidates),
    `"S.x" reads score x of segmentation S or output x of model S; "customer.f" reads the customer's field f`,
  );
}

function resolveName(ctx: CheckContext, ref: Ref, name: string, scope: Scope, use: Use): TypedExpr | undefined {
  const { env } = ctx;
  const span = spanProp(ref);
  if (scope.kind !== 'customer') {
    const fieldType = scope.fields.get(name);
    if (fieldType !== undefined) {
      const type = irTypeOf(fieldType);
      return scope.kind === 'collection'
        ? { kind: 'record_field', type, collection: scope.name, name, fieldType, ...span }
        : { kind: 'event_property', type, eventType: scope.name, name, fieldType, ...span };
    }
    if (use.place === true && env.places.has(name)) return { kind: 'place', type: 'geopoint', name, ...span };
    if (reportRefused(ctx, `${scope.name}.${name}`, ref, ['field', 'property'])) return undefined;
    if (use.place === true && reportRefused(ctx, name, ref, ['place'])) return undefined;
    const what = scope.kind === 'collection' ? 'field' : 'property';
    const of = scope.kind === 'collection' ? `the fields of "${scope.name}"` : `the properties of "${scope.name}"`;
    const hint = env.customerFields.has(name)
      ? `"${name}" is a field of the customer: write customer.${name}`
      : (functionHint(name, scope, env) ?? `${of} are ${listNames(scope.fields.keys())}; customer.f reaches the customer's field f`);
    const candidates = use.place === true ? [...scope.fields.keys(), ...env.places] : scope.fields.keys();
    const nearest = didYouMean(name, candidates);
    const quoted = env.customerFields.has(name) ? '' : quotedHint(name, use, nearest);
    return ctx.report(what === 'field' ? 'unknown-field' : 'unknown-property', `unknown ${what} "${name}"`, ref, nearest, `${hint}${quoted}`);
  }

  const fieldType = env.customerFields.get(name);
  if (fieldType !== undefined) return { kind: 'customer_field', type: irTypeOf(fieldType), name, fieldType, ...span };

  const segmentation = env.segmentations.get(name);
  const model = env.models.get(name);
  if (segmentation !== undefined || model?.segments !== undefined) {
    if (use.label === true) {
      return segmentation !== undefined
        ? { kind: 'segmentation_label', type: 'string', segmentation: name, ...span }
        : { kind: 'model_label', type: 'string', model: name, ...span };
    }
    const labels = segmentation?.segments ?? model?.segments ?? [];
    return ctx.report(
      'type-mismatch',
      `${segmentation !== undefined ? 'segmentation' : 'model'} "${name}" can only be compared with one of its segments`,
      ref,
      '',
      `${name} = "${labels[0] ?? 'segment'}", or ${name} in [...]`,
    );
  }
  if (model !== undefined) {
    const first = [...model.outputs.keys()][0] ?? 'output';
    return ctx.report('type-mismatch', `model "${name}" has no segments`, ref, '', `use one of its outputs: ${name}.${first}`);
  }
  if (env.places.has(name)) {
    if (use.place === true) return { kind: 'place', type: 'geopoint', name, ...span };
    return ctx.report('type-mismatch', `place "${name}" can only be used in distance()`, ref, '', `distance(home, ${name}) < 20 km`);
  }
  if (env.collections.has(name) || env.eventTypes.has(name)) {
    const what = env.collections.has(name) ? 'collection' : 'event type';
    return ctx.report('type-mismatch', `${what} "${name}" is not a value`, ref, '', `test it with any(${name} where ...) or count(${name})`);
  }
  if (reportRefused(ctx, name, ref, use.place === true ? ['field', 'place', 'segmentation', 'model'] : ['field', 'segmentation', 'model'])) return undefined;
  if (use.place === true) {
    const geopoints = [...env.customerFields].filter(([, t]) => t === 'geopoint').map(([n]) => n);
    const suggestion = didYouMean(name, [...env.places, ...geopoints]);
    return ctx.report('unknown-place', `unknown place "${name}"`, ref, suggestion, `the places are ${listNames(env.places)}`);
  }
  // A field of a collection or event type named at the customer's level (`conditions contains "x"`);
  // not after `customer.`, which already says the customer's field is meant.
  const owner = [...env.collections, ...env.eventTypes].find(([, fields]) => fields.has(name))?.[0];
  if (owner !== undefined && ref.path[0] !== 'customer' && nearestName(name, env.customerFields.keys()) === undefined) {
    const inside = `"${name}" is a field of ${owner}: test it inside any(${quoteName(owner)} where ${quoteName(name)} …)`;
    return ctx.report('unknown-field', `unknown field "${name}"`, ref, '', `${inside}${quotedHint(name, use, '')}`);
  }
  const called = functionHint(name, scope, env);
  if (called !== undefined) return ctx.report('unknown-field', `unknown field "${name}"`, ref, '', called);
  const candidates = [...env.customerFields.keys(), ...(use.label === true ? labelled(ctx) : [])];
  const nearest = didYouMean(name, candidates);
  return ctx.report('unknown-field', `unknown field "${name}"`, ref, nearest, `the customer fields are ${listNames(env.customerFields.keys())}${quotedHint(name, use, nearest)}`);
}

/**
 * `age > 30`, `distance < 5 km`: a function named without its arguments, shown with the fields
 * (and place) it takes here; nothing when the scope has none of that type.
 */
function functionHint(name: string, scope: Scope, env: RuleEnvironment): string | undefined {
  const fields = [...(scope.kind === 'customer' ? env.customerFields : scope.fields)];
  const ofType = (type: FieldType) => fields.find(([, t]) => t === type)?.[0];
  const lower = name.toLowerCase();
  if (lower === 'age') {
    const date = ofType('date');
    return date === undefined ? undefined : `age is a function of a date: age(${quoteName(date)}) >= 18`;
  }
  if (lower === 'distance') {
    const point = ofType('geopoint');
    const place = [...env.places][0];
    return point === undefined || place === undefined ? undefined : `distance is a function of two places: distance(${quoteName(point)}, ${quoteName(place)}) < 20 km`;
  }
  return undefined;
}

/**
 * The right side of a comparison naming nothing is most often a text without its quotes
 * (`language = fr`), or the SQL habit `now - 30 days` for a relative date.
 */
function quotedHint(name: string, use: Use, nearest: string): string {
  if (nearest !== '') return '';
  if (['now', 'today', 'current_date', 'current_timestamp'].includes(name.toLowerCase())) return '; relative dates are written "30 days ago" or "within 30 days" (the evaluation instant is implied)';
  return use.comparedWithText === true ? `; a text is written in double quotes: "${name}"` : '';
}

function labelled(ctx: CheckContext): string[] {
  const models = [...ctx.env.models].filter(([, m]) => m.segments !== undefined).map(([id]) => id);
  return [...ctx.env.segmentations.keys(), ...models];
}

/** A test of a field of type `type` that the rule language accepts, for examples in hints. */
function exampleTest(name: string, type: FieldType, env: RuleEnvironment): string {
  switch (type) {
    case 'date':
      return `age(${name}) >= 10`;
    case 'timestamp':
      return `${name} >= 30 days ago`;
    case 'number':
    case 'integer':
      return `${name} > 100`;
    case 'boolean':
      return name;
    case 'list<string>':
      return `${name} contains "x"`;
    case 'list<number>':
      return `${name} contains 1`;
    case 'geopoint': {
      const [place] = env.places;
      return place !== undefined ? `distance(${name}, ${quoteName(place)}) < 20 km` : `${name} is not null`;
    }
    case 'string':
      return `${name} = "x"`;
  }
}
