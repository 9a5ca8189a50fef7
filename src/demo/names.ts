/**
 * Names that fit a clinic near Lausanne: first names by language, gender and generation (people
 * born before 1975 carry the names of their time), family names by language, and pet names by
 * species. Emails use reserved example domains only, so a demo can never mail a real person.
 */

export const LANGUAGES = ['fr', 'de', 'en', 'it', 'pt', 'es'] as const;
/** Shares of the Lausanne area's clientele, close to the reference clinic. */
export const LANGUAGE_WEIGHTS = [70, 10.5, 8.5, 6, 3.5, 1];

type ByGeneration = readonly [older: readonly string[], younger: readonly string[]];

/** [language][0 = female, 1 = male] → names of the older and the younger generation. */
const FIRST_NAMES: readonly (readonly [ByGeneration, ByGeneration])[] = [
  [
    [
      ['Monique', 'Françoise', 'Nicole', 'Catherine', 'Martine', 'Christine', 'Sylvie', 'Isabelle', 'Anne-Marie', 'Danielle', 'Josiane', 'Chantal', 'Michèle', 'Brigitte'],
      ['Léa', 'Chloé', 'Camille', 'Manon', 'Sarah', 'Laura', 'Julie', 'Émilie', 'Mélanie', 'Céline', 'Sandrine', 'Aurélie', 'Anaïs', 'Zoé', 'Inès', 'Noémie'],
    ],
    [
      ['Jean', 'Pierre', 'Michel', 'Jacques', 'Alain', 'Daniel', 'Bernard', 'Claude', 'Philippe', 'Jean-Pierre', 'Gérard', 'André', 'François', 'Roland'],
      ['Julien', 'Nicolas', 'Sébastien', 'David', 'Thomas', 'Maxime', 'Kevin', 'Lucas', 'Théo', 'Hugo', 'Nathan', 'Loïc', 'Jérémie', 'Gabriel', 'Louis', 'Romain'],
    ],
  ],
  [
    [
      ['Ursula', 'Ruth', 'Monika', 'Elisabeth', 'Verena', 'Brigitte', 'Erika', 'Heidi', 'Barbara', 'Margrit'],
      ['Lena', 'Anna', 'Laura', 'Sarah', 'Nadine', 'Andrea', 'Sandra', 'Jana', 'Lea', 'Nina'],
    ],
    [
      ['Hans', 'Peter', 'Walter', 'Urs', 'Kurt', 'Werner', 'Heinz', 'Markus', 'Beat', 'Rolf'],
      ['Jonas', 'Lukas', 'Simon', 'Daniel', 'Tobias', 'Fabian', 'Pascal', 'Michael', 'Marco', 'Stefan'],
    ],
  ],
  [
    [
      ['Susan', 'Margaret', 'Patricia', 'Linda', 'Elizabeth', 'Karen', 'Jane', 'Helen'],
      ['Olivia', 'Emily', 'Sophie', 'Charlotte', 'Emma', 'Jessica', 'Hannah', 'Amy'],
    ],
    [
      ['John', 'David', 'Robert', 'Michael', 'Richard', 'Peter', 'Stephen', 'Paul'],
      ['Liam', 'James', 'Oliver', 'Daniel', 'Thomas', 'Ryan', 'Matthew', 'Noah'],
    ],
  ],
  [
    [
      ['Maria', 'Giuseppina', 'Anna', 'Rosa', 'Franca', 'Carla', 'Lucia', 'Giovanna'],
      ['Sofia', 'Giulia', 'Chiara', 'Francesca', 'Martina', 'Sara', 'Alessia', 'Elena'],
    ],
    [
      ['Giuseppe', 'Antonio', 'Giovanni', 'Franco', 'Mario', 'Luigi', 'Sergio', 'Bruno'],
      ['Matteo', 'Luca', 'Marco', 'Andrea', 'Alessandro', 'Davide', 'Lorenzo', 'Simone'],
    ],
  ],
  [
    [
      ['Maria', 'Ana', 'Fernanda', 'Rosa', 'Fátima', 'Conceição', 'Manuela'],
      ['Ana', 'Beatriz', 'Mariana', 'Inês', 'Joana', 'Catarina', 'Sofia', 'Rita'],
    ],
    [
      ['José', 'Manuel', 'António', 'Joaquim', 'Carlos', 'Fernando', 'Luís'],
      ['João', 'Tiago', 'Rui', 'Pedro', 'Diogo', 'Ricardo', 'Bruno', 'Miguel'],
    ],
  ],
  [
    [
      ['Carmen', 'María', 'Dolores', 'Pilar', 'Josefa'],
      ['Lucía', 'Paula', 'Marta', 'Laura', 'Alba'],
    ],
    [
      ['José', 'Antonio', 'Francisco', 'Manuel', 'Javier'],
      ['Pablo', 'Alejandro', 'Sergio', 'Daniel', 'Adrián'],
    ],
  ],
];

const LAST_NAMES: readonly (readonly string[])[] = [
  ['Favre', 'Dubois', 'Rochat', 'Perret', 'Bonvin', 'Martin', 'Girard', 'Duc', 'Cuendet', 'Chappuis', 'Pittet', 'Jaquier', 'Morel', 'Blanc', 'Mercier', 'Rey', 'Michaud', 'Bovet', 'Monnier', 'Jaccard', 'Roulet', 'Pasche', 'Chevalley', 'Gay', 'Bron', 'Jordan', 'Berthoud', 'Cherix', 'Rossier', 'Guignard'],
  ['Keller', 'Schneider', 'Meier', 'Müller', 'Weber', 'Huber', 'Fischer', 'Brunner', 'Baumann', 'Zimmermann', 'Gerber', 'Steiner', 'Moser', 'Graf', 'Wyss', 'Frei'],
  ["O'Neil", 'Smith', 'Brown', 'Taylor', 'Wilson', 'Johnson', 'Davies', 'Evans', 'Walker', 'Wright', 'Thompson', 'Hughes'],
  ['Rossi', 'Bernasconi', 'Ferrari', 'Bianchi', 'Colombo', 'Romano', 'Galli', 'Conti', 'Ricci', 'Marino', 'Bruno', 'Gallo'],
  ['Da Silva', 'Pereira', 'Ferreira', 'Santos', 'Oliveira', 'Rodrigues', 'Costa', 'Martins', 'Gomes', 'Lopes', 'Carvalho', 'Sousa'],
  ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Ruiz'],
];

/** First names of one language, gender (0 female, 1 male) and generation (0 older, 1 younger). */
export function firstNames(language: number, gender: 0 | 1, younger: boolean): readonly string[] {
  const byGender = FIRST_NAMES[language]?.[gender];
  return (younger ? byGender?.[1] : byGender?.[0]) ?? [];
}

export function lastNames(language: number): readonly string[] {
  return LAST_NAMES[language] ?? [];
}

/** Pet names by species index (see `SPECIES`). */
export const PET_NAMES: readonly (readonly string[])[] = [
  ['Minou', 'Caramel', 'Naïa', 'Félix', 'Mimi', 'Tigrou', 'Gribouille', 'Pacha', 'Minette', 'Luna', 'Oscar', 'Filou', 'Grisou', 'Moustache', 'Réglisse', 'Nougat', 'Chipie', 'Isis', 'Pixel', 'Salem'],
  ['Rex', 'Max', 'Rocky', 'Bella', 'Luna', 'Oscar', 'Filou', 'Nala', 'Milo', 'Kira', 'Ulysse', 'Simba', 'Charly', 'Lucky', 'Sultan', 'Pepito', 'Happy', 'Maya', 'Tango', 'Cookie', 'Gaïa', 'Hermès', 'Indy', 'Jazz'],
  ['Pompon', 'Noisette', 'Caramel', 'Panpan', 'Flocon', 'Cannelle', 'Oreo', 'Bunny', 'Praline', 'Lapinou'],
  ['Cookie', 'Noisette', 'Praline', 'Biscotte', 'Pistache', 'Câlin', 'Choupette', 'Mochi'],
  ['Coco', 'Kiwi', 'Piou', 'Rio', 'Charlie', 'Sunny', 'Titi', 'Perle'],
  ['Spike', 'Draco', 'Franklin', 'Rango', 'Yoshi', 'Caillou', 'Godzilla', 'Kaa'],
];

/** Lower-case ASCII for an email address: `Anne-Marie` → `anne-marie`, `O'Neil` → `oneil`. */
export function emailPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

/** Reserved for documentation (RFC 2606): no mail sent to them can reach anyone. */
export const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];
export const EMAIL_DOMAIN_WEIGHTS = [5, 3, 2];
