/** The demo clinic generator: a realistic veterinary clinic workspace, deterministic by seed. */
export { generateClinic } from './generate-clinic.js';
export type { GenerateClinicOptions, GenerateClinicResult, GeneratedFile } from './generate-clinic.js';
