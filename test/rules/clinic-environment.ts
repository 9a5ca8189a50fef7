/**
 * The RuleEnvironment of the clinic fixture (shared/fixtures/clinic/segmenta.yaml), written out by
 * hand, plus two models (clv, clusters) from models.md so that model outputs and labels are covered.
 */
import { RFM_SCORES, type RuleEnvironment } from '../../src/rules/index.js';
import type { FieldType } from '../../src/workspace/types.js';

const fields = (entries: Record<string, FieldType>): ReadonlyMap<string, FieldType> => new Map(Object.entries(entries));

export const CLINIC: RuleEnvironment = {
  customerFields: fields({
    first_name: 'string',
    last_name: 'string',
    email: 'string',
    language: 'string',
    birth_date: 'date',
    gender: 'string',
    home: 'geopoint',
    postcode: 'string',
    created_at: 'timestamp',
    email_opt_in: 'boolean',
  }),
  collections: new Map([
    ['pets', fields({ name: 'string', species: 'string', birth_date: 'date', conditions: 'list<string>' })],
  ]),
  eventTypes: new Map([
    ['purchase', fields({ amount: 'number', categories: 'list<string>', products: 'list<string>', order_id: 'string' })],
    ['visit', fields({})],
  ]),
  places: new Set(['clinic']),
  segments: new Set(['cats-ckd-fr-20km', 'senior-pets', 'heart-dogs']),
  segmentations: new Map([
    ['rf6', { segments: ['best', 'engaged', 'new', 'slipping', 'at_risk', 'inactive', 'prospect'], scores: RFM_SCORES }],
    [
      'rfm',
      {
        segments: [
          'champions', 'loyal', 'potential_loyalist', 'new', 'promising', 'need_attention', 'about_to_sleep', 'at_risk',
          'cant_lose', 'hibernating', 'lost', 'prospect',
        ],
        scores: RFM_SCORES,
      },
    ],
    ['lifecycle', { segments: ['active', 'new', 'at_risk', 'lapsed', 'prospect'], scores: new Map() }],
  ]),
  models: new Map([
    [
      'clv',
      {
        outputs: fields({ p_alive: 'number', expected_purchases: 'number', predicted_purchases: 'number', expected_spend: 'number', clv: 'number' }),
      },
    ],
    ['clusters', { outputs: fields({}), segments: ['c1', 'c2', 'c3', 'unclustered'] }],
  ]),
};

/** The three segment rules of the fixture, as written there. */
export const CLINIC_RULES: ReadonlyMap<string, string> = new Map([
  [
    'cats-ckd-fr-20km',
    'language = "fr"\nand distance(home, clinic) < 20 km\nand any(pets where species = "cat" and conditions contains "chronic kidney disease")\n',
  ],
  ['senior-pets', 'any(pets where age(birth_date) >= 10)'],
  ['heart-dogs', 'any(pets where species = "dog" and conditions contains "heart failure")'],
]);
