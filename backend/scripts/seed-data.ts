/**
 * Made-up people for `npm run db:seed`: names from several languages (so search, sorting and the
 * console meet non-ASCII text), each with an ASCII spelling for the email address, which the
 * HTML email rule keeps to ASCII.
 */

/** [as written, in ASCII] */
type Spelled = readonly [string, string];
/** Family names: [for men, for women, in ASCII]; the same in languages without gendered forms. */
type Family = readonly [string, string, string];

interface Locale {
  men: readonly Spelled[];
  women: readonly Spelled[];
  families: readonly Family[];
  /** Chinese writes the family name first, with no space. */
  familyFirst?: boolean;
}

const same = (...names: Spelled[]): Family[] => names.map(([written, ascii]) => [written, written, ascii]);

const LOCALES: readonly Locale[] = [
  {
    men: [
      ['James', 'james'],
      ['Liam', 'liam'],
      ['Noah', 'noah'],
      ['William', 'william'],
      ['Benjamin', 'benjamin'],
    ],
    women: [
      ['Mary', 'mary'],
      ['Olivia', 'olivia'],
      ['Emma', 'emma'],
      ['Ava', 'ava'],
      ['Sophia', 'sophia'],
    ],
    families: same(
      ['Smith', 'smith'],
      ['Johnson', 'johnson'],
      ['Brown', 'brown'],
      ['Taylor', 'taylor'],
      ['O’Connor', 'oconnor'],
      ['Harris', 'harris'],
    ),
  },
  {
    men: [
      ['Иван', 'ivan'],
      ['Алексей', 'aleksei'],
      ['Дмитрий', 'dmitry'],
      ['Сергей', 'sergey'],
      ['Юрий', 'yuri'],
    ],
    women: [
      ['Мария', 'maria'],
      ['Ольга', 'olga'],
      ['Наталья', 'natalya'],
      ['Екатерина', 'ekaterina'],
      ['Анна', 'anna'],
    ],
    families: [
      ['Иванов', 'Иванова', 'ivanov'],
      ['Смирнов', 'Смирнова', 'smirnov'],
      ['Кузнецов', 'Кузнецова', 'kuznetsov'],
      ['Соколов', 'Соколова', 'sokolov'],
      ['Лебедев', 'Лебедева', 'lebedev'],
    ],
  },
  {
    men: [
      ['Jürgen', 'juergen'],
      ['Lukas', 'lukas'],
      ['Jörg', 'joerg'],
      ['Maximilian', 'maximilian'],
    ],
    women: [
      ['Lena', 'lena'],
      ['Sophie', 'sophie'],
      ['Jördis', 'joerdis'],
      ['Käthe', 'kaethe'],
    ],
    families: same(
      ['Müller', 'mueller'],
      ['Schäfer', 'schaefer'],
      ['Groß', 'gross'],
      ['Weiß', 'weiss'],
      ['Fischer', 'fischer'],
    ),
  },
  {
    men: [
      ['José', 'jose'],
      ['Álvaro', 'alvaro'],
      ['Íñigo', 'inigo'],
      ['Mateo', 'mateo'],
    ],
    women: [
      ['María', 'maria'],
      ['Sofía', 'sofia'],
      ['Lucía', 'lucia'],
      ['Inés', 'ines'],
    ],
    families: same(
      ['García', 'garcia'],
      ['Martínez', 'martinez'],
      ['Rodríguez', 'rodriguez'],
      ['Núñez', 'nunez'],
      ['López', 'lopez'],
    ),
  },
  {
    men: [
      ['François', 'francois'],
      ['Jérôme', 'jerome'],
      ['Loïc', 'loic'],
    ],
    women: [
      ['Élodie', 'elodie'],
      ['Chloé', 'chloe'],
      ['Anaïs', 'anais'],
    ],
    families: same(['Lefèvre', 'lefevre'], ['Dubois', 'dubois'], ['Moreau', 'moreau'], ['Benoît', 'benoit']),
  },
  {
    men: [
      ['Łukasz', 'lukasz'],
      ['Wojciech', 'wojciech'],
      ['Paweł', 'pawel'],
    ],
    women: [
      ['Małgorzata', 'malgorzata'],
      ['Zofia', 'zofia'],
      ['Agnieszka', 'agnieszka'],
    ],
    families: [
      ['Kowalski', 'Kowalska', 'kowalski'],
      ['Wiśniewski', 'Wiśniewska', 'wisniewski'],
      ['Wójcik', 'Wójcik', 'wojcik'],
    ],
  },
  {
    men: [
      ['Γιώργος', 'giorgos'],
      ['Νίκος', 'nikos'],
    ],
    women: [
      ['Ελένη', 'eleni'],
      ['Δήμητρα', 'dimitra'],
    ],
    families: [
      ['Παπαδόπουλος', 'Παπαδοπούλου', 'papadopoulos'],
      ['Οικονόμου', 'Οικονόμου', 'oikonomou'],
    ],
  },
  {
    men: [
      ['伟', 'wei'],
      ['磊', 'lei'],
      ['强', 'qiang'],
    ],
    women: [
      ['芳', 'fang'],
      ['娜', 'na'],
      ['静', 'jing'],
    ],
    families: same(['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu']),
    familyFirst: true,
  },
];

const DOMAINS = ['example.com', 'example.org', 'example.net', 'corp.example.com', 'mail.example.org'];

/** A small deterministic generator (mulberry32), so a seed run can be repeated exactly. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedPerson {
  name: string;
  email: string;
  role: 'admin' | 'manager' | 'viewer';
  status: 'active' | 'disabled';
  created_at: Date;
  updated_at: Date;
  /** null for about one in five, who never signed in */
  last_login_at: Date | null;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * The person numbered `n`: the number goes into the email, so numbers that differ give emails
 * that differ. Sign-ups spread over the two years before `now`.
 */
function signedIn(roll: number, created: number, now: number): Date | null {
  if (roll < 0.2) return null;
  return new Date(created + Math.floor(((roll - 0.2) / 0.8) * (now - created)));
}

export function person(n: number, next: () => number, now: number): SeedPerson {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const locale = pick(LOCALES);
  const woman = next() < 0.5;
  const [given, givenAscii] = pick(woman ? locale.women : locale.men);
  const [man, wife, familyAscii] = pick(locale.families);
  const family = woman ? wife : man;
  const roll = next();
  const created = now - Math.floor(next() * 730 * DAY);
  return {
    name: locale.familyFirst ? `${family}${given}` : `${given} ${family}`,
    email: `${givenAscii}.${familyAscii}${n}@${pick(DOMAINS)}`,
    role: roll < 0.02 ? 'admin' : roll < 0.15 ? 'manager' : 'viewer',
    status: next() < 0.08 ? 'disabled' : 'active',
    created_at: new Date(created),
    updated_at: new Date(Math.min(now, created + Math.floor(next() * 60 * DAY))),
    // Drawn last, so every other field is what it was before sign-ins were seeded. Anywhere
    // between the account's creation and now, so the list's "inactive for 90 days" filter (and
    // its benchmark) meets both kinds.
    last_login_at: signedIn(next(), created, now),
  };
}
