/**
 * What the clinic treats and sells: species, conditions with how common they are at each age,
 * products with their category and list price. Products and conditions are small bit sets
 * (a purchase's products are one 32-bit mask), so that events can be kept in typed arrays.
 */

export const SPECIES = ['cat', 'dog', 'rabbit', 'guinea pig', 'bird', 'reptile'] as const;
export const Species = { cat: 0, dog: 1, rabbit: 2, guineaPig: 3, bird: 4, reptile: 5 } as const;
/** Households: cats and dogs first, as in the reference clinic; a few small mammals, birds, reptiles. */
export const SPECIES_WEIGHTS = [44, 38, 8, 4, 3.5, 2.5];
/** Oldest age (years) at which an animal of each species is still seen, in practice. */
export const SPECIES_MAX_AGE = [20, 16, 11, 8, 18, 25];

interface ProductDef {
  readonly name: string;
  readonly category: string;
  /** List price in the first year of the history, in centimes. */
  readonly cents: number;
}

const PRODUCT_DEFS: readonly ProductDef[] = [
  { name: 'consultation', category: 'consultation', cents: 7800 },
  { name: 'vaccination', category: 'vaccination', cents: 6200 },
  { name: 'blood-test', category: 'diagnostics', cents: 12_500 },
  { name: 'x-ray', category: 'diagnostics', cents: 18_000 },
  { name: 'surgery', category: 'surgery', cents: 65_000 },
  { name: 'dental-cleaning', category: 'dental', cents: 38_000 },
  { name: 'grooming', category: 'grooming', cents: 7500 },
  { name: 'cat-food', category: 'food', cents: 4600 },
  { name: 'dog-food', category: 'food', cents: 6900 },
  { name: 'rabbit-food', category: 'food', cents: 2400 },
  { name: 'guinea-pig-food', category: 'food', cents: 1900 },
  { name: 'bird-seed', category: 'food', cents: 1600 },
  { name: 'reptile-food', category: 'food', cents: 2200 },
  { name: 'renal-diet', category: 'food', cents: 6800 },
  { name: 'weight-diet', category: 'food', cents: 6200 },
  { name: 'hypoallergenic-diet', category: 'food', cents: 7400 },
  { name: 'kidney-medication', category: 'medication', cents: 4200 },
  { name: 'insulin', category: 'medication', cents: 8800 },
  { name: 'cardiac-medication', category: 'medication', cents: 5600 },
  { name: 'thyroid-medication', category: 'medication', cents: 3900 },
  { name: 'antiepileptic', category: 'medication', cents: 4500 },
  { name: 'joint-supplement', category: 'medication', cents: 3800 },
  { name: 'allergy-medication', category: 'medication', cents: 5200 },
  { name: 'calcium-supplement', category: 'medication', cents: 1800 },
  { name: 'antibiotic', category: 'medication', cents: 2800 },
  { name: 'anti-inflammatory', category: 'medication', cents: 3400 },
  { name: 'flea-treatment', category: 'parasite-control', cents: 3800 },
  { name: 'dewormer', category: 'parasite-control', cents: 1900 },
];

// Bits follow alphabetical order, so that walking a mask from its lowest bit lists names sorted.
const SORTED_PRODUCTS = [...PRODUCT_DEFS].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const PRODUCT_NAMES = SORTED_PRODUCTS.map((p) => p.name);
const PRODUCT_CATEGORY = SORTED_PRODUCTS.map((p) => p.category);
/** List price in centimes, indexed by product bit. */
export const PRODUCT_CENTS = SORTED_PRODUCTS.map((p) => p.cents);
export const PRODUCT_COUNT = SORTED_PRODUCTS.length;

function bit(name: string): number {
  const index = PRODUCT_NAMES.indexOf(name);
  if (index < 0) throw new Error(`unknown product ${name}`);
  return index;
}

/** Product bit numbers (use `1 << Product.x` for a mask). */
export const Product = {
  consultation: bit('consultation'),
  vaccination: bit('vaccination'),
  bloodTest: bit('blood-test'),
  xRay: bit('x-ray'),
  surgery: bit('surgery'),
  dentalCleaning: bit('dental-cleaning'),
  grooming: bit('grooming'),
  renalDiet: bit('renal-diet'),
  weightDiet: bit('weight-diet'),
  hypoallergenicDiet: bit('hypoallergenic-diet'),
  kidneyMedication: bit('kidney-medication'),
  insulin: bit('insulin'),
  cardiacMedication: bit('cardiac-medication'),
  thyroidMedication: bit('thyroid-medication'),
  antiepileptic: bit('antiepileptic'),
  jointSupplement: bit('joint-supplement'),
  allergyMedication: bit('allergy-medication'),
  calciumSupplement: bit('calcium-supplement'),
  antibiotic: bit('antibiotic'),
  antiInflammatory: bit('anti-inflammatory'),
  fleaTreatment: bit('flea-treatment'),
  dewormer: bit('dewormer'),
} as const;

/** The everyday food of each species (by species index). */
export const SPECIES_FOOD = ['cat-food', 'dog-food', 'rabbit-food', 'guinea-pig-food', 'bird-seed', 'reptile-food'].map(bit);
/** Food per animal and per 30 days, relative to one bag at list price (dogs vary by size). */
export const SPECIES_FOOD_PER_MONTH = [0.9, 1.1, 0.9, 0.8, 0.6, 0.7];

export const CONDITIONS = [
  'chronic kidney disease',
  'hyperthyroidism',
  'heart failure',
  'diabetes',
  'epilepsy',
  'arthritis',
  'obesity',
  'allergies',
  'dermatitis',
  'dental disease',
  'feather plucking',
  'metabolic bone disease',
] as const;
export const Condition = {
  ckd: 0,
  hyperthyroidism: 1,
  heartFailure: 2,
  diabetes: 3,
  epilepsy: 4,
  arthritis: 5,
  obesity: 6,
  allergies: 7,
  dermatitis: 8,
  dentalDisease: 9,
  featherPlucking: 10,
  metabolicBoneDisease: 11,
} as const;

/** Conditions that bring the animal back every few months for a check and blood work. */
export const FOLLOW_UP_CONDITIONS =
  (1 << Condition.ckd) |
  (1 << Condition.hyperthyroidism) |
  (1 << Condition.heartFailure) |
  (1 << Condition.diabetes) |
  (1 << Condition.epilepsy) |
  (1 << Condition.arthritis);

/** Long-term medication for each condition (product bit, or -1). */
export const CONDITION_MEDICATION = [
  Product.kidneyMedication,
  Product.thyroidMedication,
  Product.cardiacMedication,
  Product.insulin,
  Product.antiepileptic,
  Product.jointSupplement,
  -1,
  Product.allergyMedication,
  Product.allergyMedication,
  -1,
  -1,
  Product.calciumSupplement,
];

/**
 * The prescription diet a cat or dog gets for its conditions, first match wins (a kidney diet
 * also suits an overweight cat better than a weight diet would suit its kidneys), or -1.
 */
export function prescriptionDiet(species: number, conditions: number): number {
  if (species !== Species.cat && species !== Species.dog) return -1;
  if (conditions & (1 << Condition.ckd)) return Product.renalDiet;
  if (conditions & (1 << Condition.allergies)) return Product.hypoallergenicDiet;
  if (conditions & (1 << Condition.obesity)) return Product.weightDiet;
  return -1;
}

/**
 * How a condition appears: for which species, from which age (years), and the share of animals
 * of that species that have it by a given age. Figures are rough orders of magnitude from
 * small-animal practice (kidney disease and hyperthyroidism in old cats, heart failure and
 * arthritis in old dogs, dental disease in rabbits…).
 */
export interface ConditionRisk {
  readonly condition: number;
  readonly species: number;
  readonly onsetAge: number;
  /** [age from which, share] steps, ascending. */
  readonly steps: readonly (readonly [number, number])[];
}

export const CONDITION_RISKS: readonly ConditionRisk[] = [
  { condition: Condition.ckd, species: Species.cat, onsetAge: 5, steps: [[5, 0.02], [8, 0.08], [11, 0.25], [15, 0.4]] },
  { condition: Condition.hyperthyroidism, species: Species.cat, onsetAge: 8, steps: [[8, 0.06], [12, 0.2]] },
  { condition: Condition.diabetes, species: Species.cat, onsetAge: 5, steps: [[5, 0.02], [8, 0.05]] },
  { condition: Condition.obesity, species: Species.cat, onsetAge: 1, steps: [[1, 0.08], [4, 0.16]] },
  { condition: Condition.allergies, species: Species.cat, onsetAge: 1, steps: [[1, 0.05]] },
  { condition: Condition.dentalDisease, species: Species.cat, onsetAge: 2, steps: [[2, 0.05], [5, 0.15], [9, 0.3]] },
  { condition: Condition.heartFailure, species: Species.dog, onsetAge: 5, steps: [[5, 0.02], [8, 0.08], [11, 0.2]] },
  { condition: Condition.arthritis, species: Species.dog, onsetAge: 4, steps: [[4, 0.03], [7, 0.12], [10, 0.3]] },
  { condition: Condition.epilepsy, species: Species.dog, onsetAge: 1, steps: [[1, 0.02], [3, 0.035]] },
  { condition: Condition.diabetes, species: Species.dog, onsetAge: 5, steps: [[5, 0.02], [8, 0.05]] },
  { condition: Condition.obesity, species: Species.dog, onsetAge: 1, steps: [[1, 0.1], [4, 0.2]] },
  { condition: Condition.dermatitis, species: Species.dog, onsetAge: 1, steps: [[1, 0.09]] },
  { condition: Condition.allergies, species: Species.dog, onsetAge: 1, steps: [[1, 0.07]] },
  { condition: Condition.ckd, species: Species.dog, onsetAge: 7, steps: [[7, 0.02], [10, 0.06]] },
  { condition: Condition.dentalDisease, species: Species.dog, onsetAge: 4, steps: [[4, 0.05], [8, 0.15]] },
  { condition: Condition.dentalDisease, species: Species.rabbit, onsetAge: 1, steps: [[1, 0.1], [4, 0.2]] },
  { condition: Condition.obesity, species: Species.rabbit, onsetAge: 1, steps: [[1, 0.1]] },
  { condition: Condition.dentalDisease, species: Species.guineaPig, onsetAge: 1, steps: [[1, 0.12]] },
  { condition: Condition.featherPlucking, species: Species.bird, onsetAge: 1, steps: [[1, 0.08]] },
  { condition: Condition.metabolicBoneDisease, species: Species.reptile, onsetAge: 0.5, steps: [[0.5, 0.1]] },
];

/** The share of animals with this condition at this age. */
export function riskAt(risk: ConditionRisk, ageYears: number): number {
  let share = 0;
  for (const [age, value] of risk.steps) if (ageYears >= age) share = value;
  return share;
}

/** `a|b|c` of the conditions in a mask, in the order of `CONDITIONS`. */
export function conditionsText(mask: number): string {
  let text = '';
  for (let i = 0; i < CONDITIONS.length; i++) {
    if (mask & (1 << i)) text += text === '' ? CONDITIONS[i] : `|${CONDITIONS[i]}`;
  }
  return text;
}

const purchaseColumnCache = new Map<number, string>();

/** The `categories,products` columns of a purchase's product mask (both sorted, `|`-joined). */
export function purchaseColumns(mask: number): string {
  const cached = purchaseColumnCache.get(mask);
  if (cached !== undefined) return cached;
  const products: string[] = [];
  const categories: string[] = [];
  for (let i = 0; i < PRODUCT_COUNT; i++) {
    if ((mask >>> i) & 1) {
      products.push(PRODUCT_NAMES[i] as string);
      const category = PRODUCT_CATEGORY[i] as string;
      if (!categories.includes(category)) categories.push(category);
    }
  }
  categories.sort();
  const text = `${categories.join('|')},${products.join('|')}`;
  purchaseColumnCache.set(mask, text);
  return text;
}
