import type { Random } from '../math/random.js';
import { buildTimeTexts, clinicTime, formatEpochDay, onlineTime, SECONDS_PER_DAY, type History } from './calendar.js';
import {
  CONDITION_MEDICATION,
  CONDITION_RISKS,
  Condition,
  conditionsText,
  prescriptionDiet,
  Product,
  riskAt,
  SPECIES,
  SPECIES_MAX_AGE,
  SPECIES_WEIGHTS,
  Species,
  type ConditionRisk,
} from './catalog.js';
import { CustomerFlag, CustomerState, NEVER, PetState } from './clinic-state.js';
import { WeightedChoice } from './weighted-choice.js';
import type { CsvSink } from './csv-sink.js';
import { LOCALITIES, LOCALITY_WEIGHTS, homeAround } from './localities.js';
import {
  EMAIL_DOMAINS,
  EMAIL_DOMAIN_WEIGHTS,
  LANGUAGES,
  LANGUAGE_WEIGHTS,
  PET_NAMES,
  emailPart,
  firstNames,
  lastNames,
} from './names.js';

/**
 * The customer file and the pets: who the customers are, where they live, which animals they
 * have and what those animals suffer from, and how each customer will behave (how often they
 * come, whether they buy food here, when they drift away), kept in `CustomerState`/`PetState`
 * for the event phase. Customers are numbered in the order they were created, as a practice
 * system numbers them.
 */

// Sign-ups: a growing practice (+30% over three years), more in spring when kittens and puppies arrive.
const CREATION_SEASON = [0.9, 0.9, 1.1, 1.2, 1.15, 1.05, 0.9, 0.85, 1.05, 1, 0.95, 0.85];
const CREATION_DAY_WEIGHT = [1, 0.6, 0.08];
/** Registered (often online) but never came. */
const PROSPECT_SHARE = 0.06;
/** Came once or twice (passing through, a second opinion) and never again. */
const ONE_OFF_SHARE = 0.1;
const BREEDER_SHARE = 0.01;
const SHELTER_SHARE = 0.0005;
/** One to four animals, as in the reference clinic. */
const HOUSEHOLD_SIZE_CHOICE = new WeightedChoice([60, 27, 10, 3]);
const SHELTER_SPECIES = [Species.cat, Species.dog, Species.rabbit, Species.guineaPig];
const SHELTER_SPECIES_CHOICE = new WeightedChoice([50, 30, 15, 5]);
const SPECIES_CHOICE = new WeightedChoice(SPECIES_WEIGHTS);
const LANGUAGE_CHOICE = new WeightedChoice(LANGUAGE_WEIGHTS);
const LOCALITY_CHOICE = new WeightedChoice(LOCALITY_WEIGHTS);
const EMAIL_DOMAIN_CHOICE = new WeightedChoice(EMAIL_DOMAIN_WEIGHTS);
/** Share of owners who keep each species vaccinated (indoor cats and rabbits often are not). */
const VACCINATED_SHARE = [0.8, 0.95, 0.6, 0, 0, 0];
const DAYS_PER_YEAR = 365.25;
const WEANED_DAYS = 56;

/** Conditions that need a long-term medication or a prescription diet bought at the clinic. */
const REFILL_CONDITIONS =
  CONDITION_MEDICATION.reduce((mask, product, condition) => (product >= 0 ? mask | (1 << condition) : mask), 0) |
  (1 << Condition.obesity); // a weight diet; kidney disease and allergies already have a medication

const RISKS_BY_SPECIES: readonly (readonly ConditionRisk[])[] = SPECIES.map((_, s) => CONDITION_RISKS.filter((r) => r.species === s));

/** Share of owners who keep to a prescription diet: most for the kidneys, fewer for the waistline. */
function dietFollowing(diet: number): number {
  return diet === Product.renalDiet ? 0.8 : diet === Product.hypoallergenicDiet ? 0.65 : 0.45;
}

/** Zero-padded identifier: `C000042`. */
export function identifier(prefix: string, width: number, n: number): string {
  return prefix + String(n).padStart(width, '0');
}

/** How many customers sign up on each day of the history (exactly `total` in all). */
function creationCounts(history: History, total: number): Uint32Array {
  const weights = new Float64Array(history.days);
  let sum = 0;
  for (let d = 0; d < history.days; d++) {
    const trend = 1 + (0.3 * d) / history.days;
    weights[d] = trend * CREATION_SEASON[history.monthOfYear[d]! - 1]! * CREATION_DAY_WEIGHT[history.kind[d]!]!;
    sum += weights[d]!;
  }
  const counts = new Uint32Array(history.days);
  let cumulative = 0;
  let assigned = 0;
  for (let d = 0; d < history.days; d++) {
    cumulative += weights[d]!;
    const upTo = d === history.days - 1 ? total : Math.round((total * cumulative) / sum);
    counts[d] = Math.max(0, upTo - assigned);
    assigned += counts[d]!;
  }
  return counts;
}

export interface HouseholdOptions {
  readonly history: History;
  readonly customers: CustomerState;
  readonly pets: PetState;
  readonly rng: Random;
  /** Digits of customer numbers (`C000042`: 6). */
  readonly customerIdWidth: number;
  readonly petIdWidth: number;
}

/** Generates every customer and pet, writing `customers.csv` and `pets.csv` as it goes. */
export async function writeHouseholds(options: HouseholdOptions, customerSink: CsvSink, petSink: CsvSink): Promise<void> {
  const { history, rng } = options;
  const generator = new HouseholdGenerator(options);
  const counts = creationCounts(history, options.customers.size);
  let index = 0;
  for (let day = 0; day < history.days; day++) {
    const count = counts[day]!;
    if (count === 0) continue;
    // Draw the sign-up times of the day first, so that numbers follow the clock within the day too.
    const arrivals: number[] = [];
    for (let j = 0; j < count; j++) {
      const prospect = rng.chance(PROSPECT_SHARE);
      const second = prospect ? onlineTime(rng) : clinicTime(history.kind[day]!, rng);
      arrivals.push(second * 2 + (prospect ? 1 : 0));
    }
    arrivals.sort((a, b) => a - b);
    for (const arrival of arrivals) {
      const customerFull = customerSink.add(generator.customer(index, day, arrival >> 1, (arrival & 1) === 1));
      const petRows = generator.petRows;
      const petsFull = petSink.add(petRows, options.customers.petCount[index]!);
      if (customerFull) await customerSink.flush();
      if (petsFull) await petSink.flush();
      index++;
    }
  }
}

class HouseholdGenerator {
  private readonly history: History;
  private readonly customers: CustomerState;
  private readonly pets: PetState;
  private readonly rng: Random;
  private readonly timeTexts = buildTimeTexts();
  private readonly untilEpochDay: number;
  /** The pet rows of the last customer generated. */
  petRows = '';

  constructor(private readonly options: HouseholdOptions) {
    this.history = options.history;
    this.customers = options.customers;
    this.pets = options.pets;
    this.rng = options.rng;
    this.untilEpochDay = this.history.firstEpochDay + this.history.days - 1;
  }

  /** The customer row of customer `i`; its pets are left in `petRows`. */
  customer(i: number, createdDay: number, secondOfDay: number, prospect: boolean): string {
    const { rng, history, customers } = this;
    const locality = LOCALITY_CHOICE.pick(LOCALITIES, rng);
    const language =
      locality.language && rng.chance(locality.language[1]) ? locality.language[0] : LANGUAGE_CHOICE.index(rng);
    const home = homeAround(locality, rng.normal(), rng.normal());
    const genderDraw = rng.next();
    const gender = genderDraw < 0.49 ? 'F' : genderDraw < 0.96 ? 'M' : 'X';
    const nameGender: 0 | 1 = gender === 'F' ? 0 : gender === 'M' ? 1 : rng.chance(0.5) ? 0 : 1;
    // Adults: at least 18 when they signed up, three years ago at the earliest.
    const age = Math.min(92, Math.max(21.2, rng.normal(49, 15)));
    const birthEpochDay = this.untilEpochDay - Math.floor(age * DAYS_PER_YEAR);
    const birthText = formatEpochDay(birthEpochDay);
    const firstName = rng.pick(firstNames(language, nameGender, Number(birthText.slice(0, 4)) >= 1975));
    const lastName = rng.pick(lastNames(rng.chance(0.75) ? language : LANGUAGE_CHOICE.index(rng)));
    const email = rng.chance(0.1) ? '' : this.email(firstName, lastName, i + 1);
    const optIn = email !== '' && rng.chance(0.8);
    const birthKnown = rng.chance(0.97);

    const id = identifier('C', this.options.customerIdWidth, i + 1);
    customers.createdSecond[i] = createdDay * SECONDS_PER_DAY + secondOfDay;
    this.behaviour(i, createdDay, prospect);
    this.household(i, id, createdDay, prospect);

    const created = `${history.dateText[createdDay]}T${this.timeTexts[secondOfDay]}`;
    return (
      `${id},${firstName},${lastName},${email},${LANGUAGES[language]},${birthKnown ? birthText : ''},` +
      `${gender},${home.lat.toFixed(6)},${home.lon.toFixed(6)},${locality.postcode},${created},${optIn}\r\n`
    );
  }

  private email(first: string, last: string, n: number): string {
    const f = emailPart(first);
    const l = emailPart(last);
    const style = this.rng.next();
    const local = style < 0.7 ? `${f}.${l}` : style < 0.85 ? `${f.charAt(0)}.${l}` : `${l}.${f}`;
    return `${local}${n}@${EMAIL_DOMAIN_CHOICE.pick(EMAIL_DOMAINS, this.rng)}`;
  }

  /** Engagement, departure, and the kind of customer (private owner, breeder, shelter). */
  private behaviour(i: number, createdDay: number, prospect: boolean): void {
    const { rng, customers } = this;
    const kind = rng.next();
    let flags = kind < SHELTER_SHARE ? CustomerFlag.shelter : kind < SHELTER_SHARE + BREEDER_SHARE ? CustomerFlag.breeder : 0;
    const professional = flags !== 0;
    // Log-normal with mean 1: most customers near the average, some twice as keen, some half.
    customers.engagement[i] = Math.exp(rng.normal(0, 0.45) - 0.45 ** 2 / 2) * (professional ? 0.9 : 1);
    let lastDay: number;
    if (prospect) lastDay = -1;
    else if (!professional && rng.chance(ONE_OFF_SHARE)) lastDay = createdDay + Math.floor(-Math.log(1 - rng.next()) * 45);
    else lastDay = createdDay + Math.floor(-Math.log(1 - rng.next()) * DAYS_PER_YEAR * (professional ? 8 : 4));
    customers.lastDay[i] = Math.min(lastDay, this.history.days - 1);
    if (rng.chance(0.3)) flags |= CustomerFlag.online;
    customers.flags[i] = flags;
  }

  /** The customer's animals: rows into `petRows`, state into `PetState`, and the refill plans. */
  private household(i: number, id: string, createdDay: number, prospect: boolean): void {
    const { rng, customers, pets, history } = this;
    const flags = customers.flags[i]!;
    const shelter = (flags & CustomerFlag.shelter) !== 0;
    const breeder = (flags & CustomerFlag.breeder) !== 0;
    const lastKnown = prospect ? createdDay : customers.lastDay[i]!;
    const count = shelter ? rng.int(30, 220) : breeder ? rng.int(6, 30) : 1 + HOUSEHOLD_SIZE_CHOICE.index(rng);
    const main = shelter
      ? SHELTER_SPECIES_CHOICE.pick(SHELTER_SPECIES, rng)
      : breeder
        ? rng.chance(0.6) ? Species.dog : Species.cat
        : SPECIES_CHOICE.index(rng);

    customers.firstPet[i] = pets.length;
    customers.petCount[i] = count;
    let rows = '';
    let catOrDog = false;
    let dogs = false;
    let firstRefillDay = NEVER;
    for (let j = 0; j < count; j++) {
      const species = j === 0 ? main
        : shelter ? SHELTER_SPECIES_CHOICE.pick(SHELTER_SPECIES, rng)
        : rng.chance(breeder ? 0.9 : 0.55) ? main
        : SPECIES_CHOICE.index(rng);
      const p = pets.add();
      pets.species[p] = species;
      const birth = this.petBirthDay(j, species, createdDay, lastKnown, prospect, breeder, shelter);
      pets.birthDay[p] = birth;
      this.conditions(p, species, birth, lastKnown);
      pets.onDiet[p] = rng.chance(dietFollowing(prescriptionDiet(species, pets.conditions[p]!))) ? 1 : 0;
      this.vaccinationPlan(p, species, birth, createdDay, prospect);
      if (species === Species.cat || species === Species.dog) catOrDog = true;
      if (species === Species.dog) dogs = true;
      const conditions = pets.conditions[p]!;
      if (conditions & REFILL_CONDITIONS) {
        const day = pets.earlyConditions[p]! & REFILL_CONDITIONS ? pets.earlyDay[p]! : pets.lateDay[p]!;
        if (day < firstRefillDay) firstRefillDay = day;
      }
      const birthText = formatEpochDay(history.firstEpochDay + birth);
      rows +=
        `${identifier('P', this.options.petIdWidth, p + 1)},${id},` +
        `${rng.pick(PET_NAMES[species]!)},${SPECIES[species]},${birthText},${conditionsText(conditions)}\r\n`;
    }
    this.petRows = rows;

    let allFlags = flags;
    if (catOrDog) allFlags |= CustomerFlag.catOrDog;
    const foodBuyer = shelter || breeder ? rng.chance(0.95) : rng.chance(catOrDog ? 0.6 : 0.35);
    if (foodBuyer) allFlags |= CustomerFlag.foodBuyer;
    customers.flags[i] = allFlags;
    const every = shelter ? rng.int(7, 10) : breeder ? rng.int(14, 21) : rng.int(21, 42);
    customers.refillEvery[i] = every;
    customers.nextRefill[i] = prospect ? NEVER
      : foodBuyer ? createdDay + rng.int(1, every)
      : firstRefillDay === NEVER ? NEVER
      : Math.max(createdDay + 1, firstRefillDay + rng.int(0, 5));
    const grooms = !prospect && catOrDog && rng.chance(dogs ? 0.15 : 0.03);
    customers.groomEvery[i] = grooms ? rng.int(35, 70) : 0;
    customers.nextGroom[i] = grooms ? createdDay + rng.int(7, 60) : NEVER;
  }

  private petBirthDay(
    j: number,
    species: number,
    createdDay: number,
    lastKnown: number,
    prospect: boolean,
    breeder: boolean,
    shelter: boolean,
  ): number {
    const rng = this.rng;
    // A later animal of a private household may have arrived as a puppy or kitten after sign-up.
    if (j > 0 && !breeder && !shelter && !prospect && lastKnown - 60 > createdDay + 1 && rng.chance(0.25)) {
      return rng.int(createdDay + 1, lastKnown - 60);
    }
    let age: number;
    if (breeder) age = 1 + 8 * rng.next();
    else if (shelter) age = 0.3 + 11.7 * rng.next() ** 1.3;
    else if (j === 0 && rng.chance(0.15)) age = 0.16 + 0.34 * rng.next(); // the new kitten or puppy that brought them here
    else age = 0.2 + (SPECIES_MAX_AGE[species]! - 0.2) * rng.next() ** 1.8;
    return createdDay - Math.floor(age * DAYS_PER_YEAR);
  }

  /** Conditions known by `lastKnown`, each from an onset that its age makes plausible. */
  private conditions(p: number, species: number, birth: number, lastKnown: number): void {
    const { rng, pets } = this;
    const ageYears = (lastKnown - birth) / DAYS_PER_YEAR;
    let mask = 0;
    let early = 0;
    let earlyDay = NEVER;
    let lateDay = -NEVER;
    for (const risk of RISKS_BY_SPECIES[species]!) {
      if (ageYears < risk.onsetAge || !rng.chance(riskAt(risk, ageYears))) continue;
      const onset = birth + Math.floor((risk.onsetAge + rng.next() * (ageYears - risk.onsetAge)) * DAYS_PER_YEAR);
      const diagnosed = onset + rng.int(0, 90);
      if (diagnosed > lastKnown) continue;
      const bit = 1 << risk.condition;
      mask |= bit;
      if (diagnosed < earlyDay) {
        earlyDay = diagnosed;
        early = bit;
      } else if (diagnosed === earlyDay) early |= bit;
      if (diagnosed > lateDay) lateDay = diagnosed;
    }
    pets.conditions[p] = mask;
    pets.earlyConditions[p] = early;
    pets.earlyDay[p] = earlyDay;
    pets.lateDay[p] = mask === 0 ? NEVER : lateDay;
  }

  private vaccinationPlan(p: number, species: number, birth: number, createdDay: number, prospect: boolean): void {
    const { rng, pets } = this;
    if (prospect || !rng.chance(VACCINATED_SHARE[species]!)) {
      pets.nextVaccination[p] = NEVER;
      return;
    }
    if (birth + WEANED_DAYS > createdDay) {
      pets.nextVaccination[p] = birth + WEANED_DAYS + rng.int(0, 14);
      pets.vaccinationStage[p] = 0;
    } else {
      pets.nextVaccination[p] = createdDay + rng.int(1, 365);
      pets.vaccinationStage[p] = 2;
    }
  }
}
