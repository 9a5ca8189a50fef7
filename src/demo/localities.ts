/**
 * Where the clinic's customers live: localities of the Lausanne area with their postcode and
 * centre, weighted so that most homes are within 20 km of the clinic (46.5197, 6.6323) with a
 * tail across Romandy and a few people from German- or Italian-speaking Switzerland.
 */

export interface Locality {
  readonly postcode: string;
  readonly lat: number;
  readonly lon: number;
  /** Relative share of the clientele. */
  readonly weight: number;
  /** Spread of homes around the centre, in km. */
  readonly spreadKm: number;
  /** On the north shore of Lake Geneva: homes lie north of the centre, never in the lake. */
  readonly lakeside?: boolean;
  /** Where most people speak another language: [language index, share]. */
  readonly language?: readonly [number, number];
}

const DE = 1;
const IT = 3;

export const LOCALITIES: readonly Locality[] = [
  { postcode: '1003', lat: 46.5197, lon: 6.6323, weight: 3, spreadKm: 0.6 }, // Lausanne centre
  { postcode: '1004', lat: 46.527, lon: 6.618, weight: 3, spreadKm: 0.7 },
  { postcode: '1005', lat: 46.519, lon: 6.645, weight: 3, spreadKm: 0.6 },
  { postcode: '1006', lat: 46.509, lon: 6.63, weight: 3, spreadKm: 0.6, lakeside: true },
  { postcode: '1007', lat: 46.514, lon: 6.608, weight: 3, spreadKm: 0.7, lakeside: true },
  { postcode: '1010', lat: 46.535, lon: 6.653, weight: 3, spreadKm: 0.8 },
  { postcode: '1012', lat: 46.525, lon: 6.656, weight: 3, spreadKm: 0.7 },
  { postcode: '1018', lat: 46.536, lon: 6.627, weight: 3, spreadKm: 0.8 },
  { postcode: '1009', lat: 46.51, lon: 6.661, weight: 3.5, spreadKm: 0.9, lakeside: true }, // Pully
  { postcode: '1008', lat: 46.535, lon: 6.603, weight: 2.5, spreadKm: 0.8 }, // Prilly
  { postcode: '1020', lat: 46.539, lon: 6.588, weight: 9, spreadKm: 0.9 }, // Renens
  { postcode: '1022', lat: 46.53, lon: 6.571, weight: 4, spreadKm: 0.8 }, // Chavannes
  { postcode: '1023', lat: 46.545, lon: 6.576, weight: 4, spreadKm: 0.9 }, // Crissier
  { postcode: '1024', lat: 46.529, lon: 6.562, weight: 6, spreadKm: 1 }, // Ecublens
  { postcode: '1025', lat: 46.511, lon: 6.559, weight: 3, spreadKm: 0.8, lakeside: true }, // Saint-Sulpice
  { postcode: '1028', lat: 46.517, lon: 6.528, weight: 3, spreadKm: 0.8, lakeside: true }, // Préverenges
  { postcode: '1030', lat: 46.55, lon: 6.552, weight: 5, spreadKm: 1 }, // Bussigny
  { postcode: '1032', lat: 46.563, lon: 6.608, weight: 3, spreadKm: 0.8 }, // Romanel
  { postcode: '1033', lat: 46.586, lon: 6.604, weight: 4, spreadKm: 1 }, // Cheseaux
  { postcode: '1052', lat: 46.558, lon: 6.631, weight: 6, spreadKm: 1.2 }, // Le Mont-sur-Lausanne
  { postcode: '1066', lat: 46.548, lon: 6.668, weight: 6, spreadKm: 1 }, // Épalinges
  { postcode: '1092', lat: 46.52, lon: 6.677, weight: 4, spreadKm: 0.8 }, // Belmont
  { postcode: '1095', lat: 46.503, lon: 6.686, weight: 7, spreadKm: 1, lakeside: true }, // Lutry
  { postcode: '1073', lat: 46.538, lon: 6.732, weight: 3, spreadKm: 1.5 }, // Savigny
  { postcode: '1096', lat: 46.488, lon: 6.729, weight: 3, spreadKm: 1, lakeside: true }, // Cully
  { postcode: '1071', lat: 46.482, lon: 6.778, weight: 3, spreadKm: 1.2 }, // Chexbres
  { postcode: '1110', lat: 46.511, lon: 6.498, weight: 10, spreadKm: 1.2, lakeside: true }, // Morges
  { postcode: '1040', lat: 46.641, lon: 6.633, weight: 6, spreadKm: 1.5 }, // Echallens
  { postcode: '1304', lat: 46.614, lon: 6.507, weight: 4, spreadKm: 1.5 }, // Cossonay
  { postcode: '1610', lat: 46.571, lon: 6.826, weight: 3, spreadKm: 2 }, // Oron
  { postcode: '1170', lat: 46.495, lon: 6.391, weight: 3, spreadKm: 1.5 }, // Aubonne
  { postcode: '1800', lat: 46.463, lon: 6.843, weight: 7, spreadKm: 1, lakeside: true }, // Vevey
  { postcode: '1814', lat: 46.452, lon: 6.859, weight: 3, spreadKm: 0.8, lakeside: true }, // La Tour-de-Peilz
  { postcode: '1510', lat: 46.668, lon: 6.798, weight: 4, spreadKm: 1.5 }, // Moudon
  { postcode: '1180', lat: 46.459, lon: 6.337, weight: 3, spreadKm: 1, lakeside: true }, // Rolle
  { postcode: '1820', lat: 46.431, lon: 6.911, weight: 5, spreadKm: 1.2, lakeside: true }, // Montreux
  { postcode: '1400', lat: 46.779, lon: 6.641, weight: 5, spreadKm: 1.5 }, // Yverdon-les-Bains
  { postcode: '1350', lat: 46.725, lon: 6.532, weight: 3, spreadKm: 1.2 }, // Orbe
  { postcode: '1522', lat: 46.709, lon: 6.839, weight: 2, spreadKm: 1.2 }, // Lucens
  { postcode: '1083', lat: 46.594, lon: 6.77, weight: 3, spreadKm: 1.2 }, // Mézières
  { postcode: '1070', lat: 46.495, lon: 6.783, weight: 3, spreadKm: 1.2 }, // Puidoux
  { postcode: '1162', lat: 46.481, lon: 6.459, weight: 3, spreadKm: 0.8, lakeside: true }, // Saint-Prex
  { postcode: '1305', lat: 46.611, lon: 6.526, weight: 2, spreadKm: 0.8 }, // Penthalaz
  { postcode: '1618', lat: 46.527, lon: 6.9, weight: 2, spreadKm: 1.2 }, // Châtel-Saint-Denis
  { postcode: '1680', lat: 46.696, lon: 6.918, weight: 2, spreadKm: 1.2 }, // Romont
  { postcode: '1196', lat: 46.42, lon: 6.27, weight: 2, spreadKm: 1, lakeside: true }, // Gland
  { postcode: '1450', lat: 46.822, lon: 6.503, weight: 0.5, spreadKm: 1 }, // Sainte-Croix
  { postcode: '1347', lat: 46.608, lon: 6.238, weight: 0.5, spreadKm: 1.5 }, // Le Sentier
  { postcode: '1470', lat: 46.849, lon: 6.846, weight: 0.5, spreadKm: 1 }, // Estavayer-le-Lac
  { postcode: '1884', lat: 46.298, lon: 7.056, weight: 0.4, spreadKm: 1 }, // Villars-sur-Ollon
  { postcode: '1260', lat: 46.383, lon: 6.239, weight: 2.5, spreadKm: 1.2, lakeside: true }, // Nyon
  { postcode: '1530', lat: 46.822, lon: 6.938, weight: 1, spreadKm: 1.2 }, // Payerne
  { postcode: '1860', lat: 46.318, lon: 6.969, weight: 1.2, spreadKm: 1.2 }, // Aigle
  { postcode: '1630', lat: 46.619, lon: 7.057, weight: 1.2, spreadKm: 1.2 }, // Bulle
  { postcode: '1700', lat: 46.806, lon: 7.161, weight: 1, spreadKm: 1.5, language: [DE, 0.3] }, // Fribourg
  { postcode: '1201', lat: 46.21, lon: 6.143, weight: 2, spreadKm: 2 }, // Genève
  { postcode: '2000', lat: 46.99, lon: 6.931, weight: 0.6, spreadKm: 1.5 }, // Neuchâtel
  { postcode: '1950', lat: 46.233, lon: 7.36, weight: 1.5, spreadKm: 1.5 }, // Sion
  { postcode: '1920', lat: 46.102, lon: 7.072, weight: 0.4, spreadKm: 1.5 }, // Martigny
  { postcode: '3011', lat: 46.948, lon: 7.447, weight: 3, spreadKm: 2, language: [DE, 0.85] }, // Bern
  { postcode: '4051', lat: 47.554, lon: 7.589, weight: 1.8, spreadKm: 2, language: [DE, 0.85] }, // Basel
  { postcode: '8001', lat: 47.37, lon: 8.54, weight: 2.2, spreadKm: 2.5, language: [DE, 0.85] }, // Zürich
  { postcode: '6900', lat: 46.004, lon: 8.951, weight: 1.5, spreadKm: 2, language: [IT, 0.85] }, // Lugano
];

export const LOCALITY_WEIGHTS = LOCALITIES.map((l) => l.weight);

const KM_PER_DEGREE_LAT = 111.2;
const KM_PER_DEGREE_LON = 76.6; // at 46.5°N

/** A home near a locality's centre from two standard normal draws. */
export function homeAround(locality: Locality, north: number, east: number): { lat: number; lon: number } {
  const dn = (locality.lakeside ? Math.abs(north) : north) * locality.spreadKm;
  return {
    lat: locality.lat + dn / KM_PER_DEGREE_LAT,
    lon: locality.lon + (east * locality.spreadKm) / KM_PER_DEGREE_LON,
  };
}
