/**
 * Everything the event phase needs to remember about customers and pets, in typed arrays
 * (a million customers and a few million pets fit in some tens of megabytes). Days are
 * history-day numbers (0 = first day of the history); `NEVER` is past any history.
 */

export const NEVER = 0x3fffffff;

/** Bits of `CustomerState.flags`. */
export const CustomerFlag = {
  /** Buys the everyday food of their animals at the clinic. */
  foodBuyer: 1,
  /** Orders food and medication from the web shop rather than at the counter. */
  online: 2,
  breeder: 4,
  shelter: 8,
  /** Owns at least one cat or dog (parasite control, grooming). */
  catOrDog: 16,
} as const;

export class CustomerState {
  /** Creation time, seconds since day 0 at midnight (customers are in creation order). */
  readonly createdSecond: Uint32Array;
  /** Last day on which the customer still comes (-1: never comes at all). */
  readonly lastDay: Int32Array;
  /** How often this customer comes compared with the average (log-normal around 1). */
  readonly engagement: Float32Array;
  readonly flags: Uint8Array;
  /** Days between two food or medication pick-ups. */
  readonly refillEvery: Uint8Array;
  readonly nextRefill: Int32Array;
  /** Days between two grooming appointments (0: no grooming). */
  readonly groomEvery: Uint8Array;
  readonly nextGroom: Int32Array;
  readonly firstPet: Uint32Array;
  readonly petCount: Uint16Array;

  constructor(readonly size: number) {
    this.createdSecond = new Uint32Array(size);
    this.lastDay = new Int32Array(size);
    this.engagement = new Float32Array(size);
    this.flags = new Uint8Array(size);
    this.refillEvery = new Uint8Array(size);
    this.nextRefill = new Int32Array(size);
    this.groomEvery = new Uint8Array(size);
    this.nextGroom = new Int32Array(size);
    this.firstPet = new Uint32Array(size);
    this.petCount = new Uint16Array(size);
  }
}

/** Pets of all customers, stored contiguously per customer; grows as households are generated. */
export class PetState {
  length = 0;
  species = new Uint8Array(0);
  birthDay = new Int32Array(0);
  /** All conditions known to the clinic by the end of the history. */
  conditions = new Uint16Array(0);
  /** The conditions known from `earlyDay` on (a subset of `conditions`, known in full from `lateDay`). */
  earlyConditions = new Uint16Array(0);
  earlyDay = new Int32Array(0);
  lateDay = new Int32Array(0);
  /** 1 when the owner follows the prescription diet once one is indicated. */
  onDiet = new Uint8Array(0);
  nextVaccination = new Int32Array(0);
  /** 0: first injection due, 1: booster due a month later, 2: yearly. */
  vaccinationStage = new Uint8Array(0);

  constructor(capacity: number) {
    this.grow(Math.max(16, capacity));
  }

  /** Index of a new pet, growing the arrays when full. */
  add(): number {
    if (this.length === this.species.length) this.grow(this.species.length * 2);
    return this.length++;
  }

  /** Conditions the clinic knows about on `day`. */
  knownConditions(pet: number, day: number): number {
    if (day >= (this.lateDay[pet] ?? NEVER)) return this.conditions[pet] ?? 0;
    if (day >= (this.earlyDay[pet] ?? NEVER)) return this.earlyConditions[pet] ?? 0;
    return 0;
  }

  private grow(capacity: number): void {
    const copy = <T extends Uint8Array | Uint16Array | Int32Array>(from: T, to: T): T => {
      to.set(from.subarray(0, this.length) as never);
      return to;
    };
    this.species = copy(this.species, new Uint8Array(capacity));
    this.birthDay = copy(this.birthDay, new Int32Array(capacity));
    this.conditions = copy(this.conditions, new Uint16Array(capacity));
    this.earlyConditions = copy(this.earlyConditions, new Uint16Array(capacity));
    this.earlyDay = copy(this.earlyDay, new Int32Array(capacity));
    this.lateDay = copy(this.lateDay, new Int32Array(capacity));
    this.onDiet = copy(this.onDiet, new Uint8Array(capacity));
    this.nextVaccination = copy(this.nextVaccination, new Int32Array(capacity));
    this.vaccinationStage = copy(this.vaccinationStage, new Uint8Array(capacity));
  }
}
