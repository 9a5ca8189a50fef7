import type { Random } from '../math/random.js';
import { Basket } from './basket.js';
import {
  appointmentDay,
  clinicTime,
  DayKind,
  emergencyTime,
  nextOpenDay,
  onlineTime,
  plannedDay,
  SECONDS_PER_DAY,
  type History,
} from './calendar.js';
import {
  CONDITION_MEDICATION,
  CONDITIONS,
  Condition,
  FOLLOW_UP_CONDITIONS,
  prescriptionDiet,
  Product,
  SPECIES_FOOD,
  SPECIES_FOOD_PER_MONTH,
  Species,
} from './catalog.js';
import { CustomerFlag, type CustomerState, type PetState } from './clinic-state.js';
import type { MonthBuffer } from './month-buffer.js';

/**
 * What happens at the clinic, month by month: first visits, vaccinations and their boosters,
 * illnesses and follow-ups of chronic conditions, neutering, grooming, food and medication
 * pick-ups (at the counter or from the web shop), parasite control in season. Each customer's
 * pace comes from their engagement, fades in the months before they drift away, and follows
 * the seasons. Everything is drawn from one random stream in a fixed order, so the same seed
 * gives the same history.
 */

// Clinic visits by month: busy spring and autumn, quiet summer holidays and Christmas.
const VISIT_SEASON = [0.92, 0.95, 1.08, 1.12, 1.1, 1.02, 0.86, 0.8, 1.05, 1.06, 1, 0.9];
/** Illness and check-up consultations per animal and year, before age and conditions. */
const SPECIES_VISIT_RATE = [2.1, 2.7, 1.4, 1, 0.8, 0.8];
const FOLLOW_UP_RATE = 3.5;
/** Neutering tariff by species (centimes), for the species that are neutered. */
const NEUTER_CENTS = [35_000, 60_000, 25_000, 0, 0, 0];
const WEANED_DAYS = 56;
const DAYS_PER_YEAR = 365.25;
const MINUTE = 60;
const LAST_SECOND = SECONDS_PER_DAY - 1;
const BLOOD_WORK_CONDITIONS = (1 << Condition.ckd) | (1 << Condition.diabetes) | (1 << Condition.hyperthyroidism);
const IMAGING_CONDITIONS = (1 << Condition.heartFailure) | (1 << Condition.arthritis);
const SKIN_CONDITIONS = (1 << Condition.allergies) | (1 << Condition.dermatitis);

function ageFactor(ageYears: number): number {
  return ageYears < 1 ? 1.8 : ageYears < 7 ? 1 : ageYears < 11 ? 1.4 : 1.9;
}

function isParasiteSeason(monthOfYear: number): boolean {
  return monthOfYear >= 3 && monthOfYear <= 10;
}

export class CareSimulator {
  private readonly basket: Basket;
  private buffer!: MonthBuffer;
  /** Fading of the current customer before they leave (1 = not fading). */
  private drift = 1;

  constructor(
    private readonly history: History,
    private readonly customers: CustomerState,
    private readonly pets: PetState,
    private readonly rng: Random,
  ) {
    this.basket = new Basket(history, rng);
  }

  /** Pushes into `buffer` every event of the days [first, last] (one calendar month). */
  simulateMonth(first: number, last: number, buffer: MonthBuffer): void {
    this.buffer = buffer;
    const { customers } = this;
    for (let c = 0; c < customers.size; c++) {
      const createdSecond = customers.createdSecond[c]!;
      const createdDay = Math.floor(createdSecond / SECONDS_PER_DAY);
      if (createdDay > last) break; // customers are numbered in creation order
      const lastDay = customers.lastDay[c]!;
      if (lastDay < first) continue; // gone, or never came (-1)
      if (createdDay >= first) this.firstVisit(c, createdSecond);
      const from = Math.max(first, createdDay + 1);
      const to = Math.min(last, lastDay);
      if (from <= to) this.customerMonth(c, from, to);
    }
  }

  private customerMonth(c: number, from: number, to: number): void {
    const { customers, pets, history, rng } = this;
    const lastDay = customers.lastDay[c]!;
    const middle = Math.floor((from + to) / 2);
    this.drift = lastDay < history.days - 1 ? Math.min(1, Math.max(0.3, (lastDay - middle) / 180)) : 1;
    const flags = customers.flags[c]!;
    // Breeders also bring their litters: health checks, certificates, first vaccines.
    const season = VISIT_SEASON[history.monthOfYear[from]! - 1]!;
    const pace = customers.engagement[c]! * this.drift * season * (flags & CustomerFlag.breeder ? 1.5 : 1);
    const compliance = Math.min(0.95, 0.65 + 0.3 * customers.engagement[c]!) * this.drift;
    const firstPet = customers.firstPet[c]!;
    const end = firstPet + customers.petCount[c]!;
    for (let p = firstPet; p < end; p++) {
      const birth = pets.birthDay[p]!;
      const petFrom = Math.max(from, birth + WEANED_DAYS);
      if (petFrom > to) continue;
      this.vaccinations(c, p, petFrom, to, compliance);
      this.neutering(c, p, birth, petFrom, to);
      const known = pets.knownConditions(p, middle);
      const species = pets.species[p]!;
      const followUps = known & FOLLOW_UP_CONDITIONS ? FOLLOW_UP_RATE : 0;
      const rate = SPECIES_VISIT_RATE[species]! * ageFactor((middle - birth) / DAYS_PER_YEAR) + followUps;
      const visits = poisson(rng, (rate * pace * (to - petFrom + 1)) / DAYS_PER_YEAR);
      for (let v = 0; v < visits; v++) this.illness(c, p, appointmentDay(history, petFrom, to, rng), to);
    }
    if (customers.groomEvery[c]! > 0) this.grooming(c, from, to);
    if (customers.nextRefill[c]! <= to) this.refills(c, from, to);
    if (flags & CustomerFlag.catOrDog && isParasiteSeason(history.monthOfYear[from]!) && rng.chance(0.25 * pace)) {
      this.parasiteControl(c, appointmentDay(history, from, to, rng));
    }
  }

  /** The visit at sign-up, minutes after the customer was created. */
  private firstVisit(c: number, createdSecond: number): void {
    const { pets, rng, basket } = this;
    const day = Math.floor(createdSecond / SECONDS_PER_DAY);
    const p = this.customers.firstPet[c]!;
    const arrival = createdSecond + rng.int(MINUTE, 10 * MINUTE);
    basket.open(day).consultation(this.history.kind[day] === DayKind.Closed);
    if (pets.nextVaccination[p]! <= day + 30) this.vaccinate(p, day);
    if (day - pets.birthDay[p]! < DAYS_PER_YEAR && rng.chance(0.6)) basket.add(Product.dewormer);
    this.addCareOf(p, day, 0.5);
    this.checkout(c, arrival, minutes(rng, 20, 45));
  }

  private vaccinations(c: number, p: number, from: number, to: number, compliance: number): void {
    const { pets, history, rng } = this;
    let due = pets.nextVaccination[p]!;
    while (due <= to) {
      const day = nextOpenDay(history, Math.max(due, from));
      if (day > to) {
        due = day;
        break;
      }
      if (rng.chance(compliance)) {
        this.basket.open(day);
        if (rng.chance(0.7)) this.basket.consultation(false);
        this.vaccinate(p, day);
        // Animals of the household due within three weeks come along.
        const firstPet = this.customers.firstPet[c]!;
        const end = firstPet + this.customers.petCount[c]!;
        for (let q = firstPet; q < end; q++) {
          if (q !== p && pets.nextVaccination[q]! <= day + 21 && pets.birthDay[q]! + WEANED_DAYS <= day) this.vaccinate(q, day);
        }
        this.checkout(c, day * SECONDS_PER_DAY + clinicTime(history.kind[day]!, rng), minutes(rng, 15, 35));
      } else {
        // Missed: the reminder brings some back a month or two later, the others next year.
        pets.vaccinationStage[p] = 2;
        pets.nextVaccination[p] = rng.chance(0.4) ? day + rng.int(30, 60) : day + 365;
      }
      due = pets.nextVaccination[p]!;
    }
    pets.nextVaccination[p] = due;
  }

  /** Adds a vaccination for pet `p` to the open basket and plans the next one. */
  private vaccinate(p: number, day: number): void {
    const { pets, rng } = this;
    this.basket.add(Product.vaccination);
    const stage = pets.vaccinationStage[p]!;
    pets.nextVaccination[p] = stage === 0 ? day + rng.int(25, 32) : day + 365 + rng.int(-14, 21);
    pets.vaccinationStage[p] = stage === 0 ? 1 : 2;
  }

  /** Neutering around six months of age, for about half of the young cats, dogs and rabbits. */
  private neutering(c: number, p: number, birth: number, from: number, to: number): void {
    const neuterCents = NEUTER_CENTS[this.pets.species[p]!]!;
    const target = birth + 180;
    if (neuterCents === 0 || target < from || target > to || !this.rng.chance(0.55)) return;
    const { history, rng } = this;
    const day = plannedDay(history, target, Math.min(to, target + 14), rng);
    this.basket.open(day).surgery(neuterCents);
    if (rng.chance(0.6)) this.basket.add(Product.antiInflammatory);
    if (rng.chance(0.3)) this.basket.add(Product.antibiotic);
    // Dropped off in the morning, collected in the afternoon.
    const arrival = day * SECONDS_PER_DAY + 7 * 3600 + rng.int(30 * MINUTE, 120 * MINUTE);
    this.checkout(c, arrival, minutes(rng, 6 * 60, 9 * 60));
  }

  /** A consultation for an illness, an injury, or the check of a chronic condition. */
  private illness(c: number, p: number, day: number, to: number): void {
    const { pets, history, rng, basket } = this;
    const kind = history.kind[day]!;
    const emergency = kind === DayKind.Closed || rng.chance(0.03);
    const known = pets.knownConditions(p, day);
    const species = pets.species[p]!;
    const ageYears = (day - pets.birthDay[p]!) / DAYS_PER_YEAR;
    basket.open(day).consultation(emergency);
    let stay = minutes(rng, 15, 50);
    if (!emergency && known & FOLLOW_UP_CONDITIONS && rng.chance(0.6)) {
      if (known & BLOOD_WORK_CONDITIONS && rng.chance(0.6)) basket.add(Product.bloodTest);
      if (known & IMAGING_CONDITIONS && rng.chance(0.15)) basket.add(Product.xRay);
      this.addCareOf(p, day, 0.7);
    } else {
      if (rng.chance(0.25)) basket.add(Product.antibiotic);
      if (rng.chance(emergency ? 0.4 : 0.2)) basket.add(Product.antiInflammatory);
      if (rng.chance(emergency ? 0.3 : species === Species.dog ? 0.09 : 0.05)) basket.add(Product.xRay);
      if (rng.chance(ageYears >= 8 ? 0.25 : 0.08)) basket.add(Product.bloodTest);
      if (known & (1 << Condition.dentalDisease) ? rng.chance(0.25) : ageYears >= 7 && species <= Species.dog && rng.chance(0.03)) {
        basket.addPriced(Product.dentalCleaning, 38_000 * (0.8 + 0.8 * rng.next()));
        stay = minutes(rng, 4 * 60, 7 * 60);
      } else if (rng.chance(emergency ? 0.15 : 0.03)) {
        basket.surgery(0);
        stay = minutes(rng, 4 * 60, 8 * 60);
      }
      if (known & SKIN_CONDITIONS && rng.chance(0.5)) basket.add(Product.allergyMedication);
      if (rng.chance(0.3)) this.addCareOf(p, day, 0.5);
    }
    // A vaccination due in the coming weeks is done while the animal is here.
    if (!emergency && pets.nextVaccination[p]! <= day + 45 && rng.chance(0.8)) this.vaccinate(p, day);
    if (species <= Species.dog) {
      const season = isParasiteSeason(history.monthOfYear[day]!);
      if (rng.chance(season ? 0.3 : 0.08)) basket.add(Product.fleaTreatment);
      if (rng.chance(season ? 0.2 : 0.12)) basket.add(Product.dewormer);
    }
    const arrival = day * SECONDS_PER_DAY + (emergency ? emergencyTime(rng) : clinicTime(kind, rng));
    this.checkout(c, arrival, stay);
    // A recheck a week or two later for some of them.
    const recheck = day + rng.int(7, 14);
    if (!emergency && recheck <= to && rng.chance(0.4)) {
      const recheckDay = nextOpenDay(history, recheck);
      if (recheckDay > to) return;
      basket.open(recheckDay).consultation(false);
      if (rng.chance(0.3)) basket.add(Product.antibiotic);
      this.checkout(c, recheckDay * SECONDS_PER_DAY + clinicTime(history.kind[recheckDay]!, rng), minutes(rng, 10, 30));
    }
  }

  /** Long-term medication of the known conditions of `p`, each with probability `share`. */
  private addCareOf(p: number, day: number, share: number): void {
    const known = this.pets.knownConditions(p, day);
    if (known === 0) return;
    for (let bit = 0; bit < CONDITIONS.length; bit++) {
      const medication = CONDITION_MEDICATION[bit]!;
      if (known & (1 << bit) && medication >= 0 && this.rng.chance(share)) this.basket.add(medication);
    }
  }

  private grooming(c: number, from: number, to: number): void {
    const { customers, history, rng } = this;
    let due = customers.nextGroom[c]!;
    while (due <= to) {
      const day = nextOpenDay(history, Math.max(due, from));
      if (day > to) {
        due = day;
        break;
      }
      if (rng.chance(0.85 * this.drift)) {
        this.basket.open(day).add(Product.grooming, 0.8 + 0.6 * rng.next());
        this.checkout(c, day * SECONDS_PER_DAY + clinicTime(history.kind[day]!, rng), minutes(rng, 60, 120));
      }
      due = day + customers.groomEvery[c]! + rng.int(-7, 7);
    }
    customers.nextGroom[c] = due;
  }

  /** Food and long-term medication, collected at the counter or ordered online: no visit. */
  private refills(c: number, from: number, to: number): void {
    const { customers, history, rng } = this;
    const online = (customers.flags[c]! & CustomerFlag.online) !== 0;
    let due = customers.nextRefill[c]!;
    while (due <= to) {
      const web = rng.chance(online ? 0.8 : 0.08);
      const day = web ? Math.max(due, from) : nextOpenDay(history, Math.max(due, from));
      if (day > to) {
        due = day;
        break;
      }
      due = day + this.refill(c, day, web);
    }
    customers.nextRefill[c] = due;
  }

  /** One pick-up on `day`; returns the days until the next one. */
  private refill(c: number, day: number, web: boolean): number {
    const { customers, pets, rng, basket } = this;
    const flags = customers.flags[c]!;
    const foodBuyer = (flags & CustomerFlag.foodBuyer) !== 0;
    const bulk = flags & (CustomerFlag.breeder | CustomerFlag.shelter) ? 0.8 : 1;
    let interval = customers.refillEvery[c]!;
    basket.open(day);
    let hasMedication = false;
    const skinSeason = this.history.monthOfYear[day]! >= 4 && this.history.monthOfYear[day]! <= 9;
    const firstPet = customers.firstPet[c]!;
    const end = firstPet + customers.petCount[c]!;
    for (let p = firstPet; p < end; p++) {
      if (pets.birthDay[p]! + WEANED_DAYS > day) continue;
      const known = pets.knownConditions(p, day);
      for (let bit = 0; known !== 0 && bit < CONDITIONS.length; bit++) {
        const medication = CONDITION_MEDICATION[bit]!;
        if (!(known & (1 << bit)) || medication < 0) continue;
        // Allergies and dermatitis flare up in the pollen season; other treatments are taken
        // for good, with a refill forgotten now and then.
        const adherence = (1 << bit) & SKIN_CONDITIONS ? (skinSeason ? 0.6 : 0.2) : 0.9;
        if (rng.chance(adherence)) {
          basket.add(medication);
          hasMedication = true;
        }
      }
    }
    if (hasMedication) interval = Math.min(interval, rng.int(26, 34));
    else interval += rng.int(-4, 4);
    for (let p = firstPet; p < end; p++) {
      if (pets.birthDay[p]! + WEANED_DAYS > day) continue;
      const species = pets.species[p]!;
      const known = pets.onDiet[p] ? pets.knownConditions(p, day) : 0;
      const diet = known === 0 ? -1 : prescriptionDiet(species, known);
      const food = diet >= 0 ? diet : foodBuyer ? SPECIES_FOOD[species]! : -1;
      if (food >= 0) basket.add(food, (SPECIES_FOOD_PER_MONTH[species]! * interval * bulk) / 30);
    }
    if (flags & CustomerFlag.catOrDog && isParasiteSeason(this.history.monthOfYear[day]!) && rng.chance(0.1)) {
      basket.add(Product.fleaTreatment);
    }
    if (basket.products !== 0) {
      const second = web ? onlineTime(rng) : clinicTime(this.history.kind[day]!, rng);
      this.buffer.push(day * SECONDS_PER_DAY + second, c, basket.products, basket.total());
    }
    return Math.max(7, interval);
  }

  /** Flea and worm treatments bought at the counter, for every cat and dog of the household. */
  private parasiteControl(c: number, day: number): void {
    const { customers, pets, rng, basket } = this;
    let animals = 0;
    const firstPet = customers.firstPet[c]!;
    const end = firstPet + customers.petCount[c]!;
    for (let p = firstPet; p < end; p++) if (pets.species[p]! <= Species.dog && pets.birthDay[p]! <= day) animals++;
    if (animals === 0) return;
    const quantity = Math.min(animals, 6);
    basket.open(day);
    if (rng.chance(0.75)) basket.add(Product.fleaTreatment, quantity);
    if (basket.products === 0 || rng.chance(0.45)) basket.add(Product.dewormer, quantity);
    this.buffer.push(day * SECONDS_PER_DAY + clinicTime(this.history.kind[day]!, rng), c, basket.products, basket.total());
  }

  /**
   * A visit at `arrival` and the purchase of the open basket when the customer leaves; a late
   * emergency that would run past midnight is settled before the day ends.
   */
  private checkout(c: number, arrival: number, stay: number): void {
    const lastSecond = arrival - (arrival % SECONDS_PER_DAY) + LAST_SECOND;
    let leaving = arrival + stay;
    if (leaving > lastSecond) leaving = arrival + Math.floor((lastSecond - arrival) * (0.5 + 0.5 * this.rng.next()));
    this.buffer.push(arrival, c, 0, 0);
    this.buffer.push(leaving, c, this.basket.products, this.basket.total());
  }
}

/** A stay of `from` to `to` minutes, to the second. */
function minutes(rng: Random, from: number, to: number): number {
  return rng.int(from * MINUTE, to * MINUTE);
}

/** A Poisson draw by inversion (small means only, as here). */
function poisson(rng: Random, mean: number): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let k = 0;
  let product = rng.next();
  while (product > limit) {
    k++;
    product *= rng.next();
  }
  return k;
}
