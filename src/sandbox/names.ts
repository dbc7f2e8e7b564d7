/** The name pools the sandbox org's people are drawn from: many scripts and cultures, as real orgs have. */

/** A name part as written, and its ASCII form for e-mail addresses (derived when omitted). */
export type NamePart = readonly [native: string, ascii?: string];

export interface NameCulture {
  given: readonly NamePart[];
  family: readonly NamePart[];
  /** East Asian names put the family name first. */
  familyFirst?: boolean;
}

export const NAME_CULTURES: readonly NameCulture[] = [
  {
    given: [['James'], ['Olivia'], ['Liam'], ['Emma'], ['Noah'], ['Zoë'], ['Chloé'], ['William']],
    family: [['Smith'], ['Johnson'], ["O'Connor"], ['Williams'], ['Brown'], ['Taylor'], ['Clarke'], ['Anderson']],
  },
  {
    given: [['Søren'], ['Åsa'], ['Björn'], ['Ingrid'], ['Lars'], ['Sigrid'], ['Jörgen'], ['Zoë']],
    family: [['Kierkegård'], ['Ångström'], ['Nyström'], ['Lindqvist'], ['Håkansson'], ['Øberg'], ['Sørensen']],
  },
  {
    given: [['Łukasz'], ['Małgorzata'], ['Paweł'], ['Zofia'], ['Wojciech'], ['Agnieszka']],
    family: [['Żółć'], ['Wiśniewski'], ['Kowalczyk'], ['Dąbrowska'], ['Wójcik'], ['Szymańska']],
  },
  {
    given: [['José'], ['María'], ['Íñigo'], ['Lucía'], ['Andrés'], ['Begoña']],
    family: [['Núñez'], ['García'], ['Fernández'], ['Muñoz'], ['Peña'], ['Ibáñez']],
  },
  {
    given: [['Jürgen'], ['Françoise'], ['Günther'], ['Hélène'], ['Rémi'], ['Bärbel']],
    family: [['Müller'], ['Lefèvre'], ['Schäfer'], ['Dubois'], ['Großmann'], ['Gauthier']],
  },
  {
    given: [
      ['健', 'ken'],
      ['花子', 'hanako'],
      ['翔太', 'shota'],
      ['美咲', 'misaki'],
      ['大輔', 'daisuke'],
    ],
    family: [
      ['渡辺', 'watanabe'],
      ['佐藤', 'sato'],
      ['鈴木', 'suzuki'],
      ['高橋', 'takahashi'],
      ['田中', 'tanaka'],
    ],
    familyFirst: true,
  },
  {
    given: [
      ['伟', 'wei'],
      ['芳', 'fang'],
      ['静', 'jing'],
      ['磊', 'lei'],
      ['秀英', 'xiuying'],
    ],
    family: [
      ['王', 'wang'],
      ['李', 'li'],
      ['张', 'zhang'],
      ['陈', 'chen'],
      ['刘', 'liu'],
    ],
    familyFirst: true,
  },
  {
    given: [
      ['محمد', 'mohammed'],
      ['فاطمة', 'fatima'],
      ['أحمد', 'ahmed'],
      ['ليلى', 'layla'],
      ['يوسف', 'youssef'],
    ],
    family: [
      ['العلي', 'alali'],
      ['الحسن', 'alhassan'],
      ['المنصور', 'almansour'],
      ['الزهراني', 'alzahrani'],
    ],
  },
  {
    given: [
      ['Дмитрий', 'dmitry'],
      ['Анна', 'anna'],
      ['Сергей', 'sergey'],
      ['Ольга', 'olga'],
    ],
    family: [
      ['Иванов', 'ivanov'],
      ['Смирнов', 'smirnov'],
      ['Кузнецов', 'kuznetsov'],
      ['Попов', 'popov'],
    ],
  },
  {
    given: [['Priya'], ['Arjun'], ['Ananya'], ['Rohan'], ['Nguyễn Văn'], ['Thị Mai']],
    family: [['Sharma'], ['Patel'], ['Iyer'], ['Reddy'], ['Trần'], ['Phạm']],
  },
];

/** The first users of every sandbox org, so tests can rely on these non-ASCII names existing. */
export const SHOWCASE_NAMES: readonly { name: string; emailLocalPart: string }[] = [
  { name: 'Zoë Ångström', emailLocalPart: 'zoe.angstrom' },
  { name: 'Łukasz Żółć', emailLocalPart: 'lukasz.zolc' },
  { name: '渡辺 健', emailLocalPart: 'ken.watanabe' },
  { name: 'محمد العلي', emailLocalPart: 'mohammed.alali' },
  { name: 'Søren Kierkegård', emailLocalPart: 'soren.kierkegard' },
  { name: 'José Núñez', emailLocalPart: 'jose.nunez' },
];

export const EMAIL_DOMAIN = 'sandbox.example.com';
