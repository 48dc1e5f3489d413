/**
 * Authored name data for Persian, Mongolian, Hebrew and Polynesian names (a data file: long on
 * purpose, well over the ~400 lines a code file would get). Faker's fa and he lists are in
 * their own scripts (no vowels to romanise from) and faker has no Mongolian or Polynesian
 * locale, so romanised lists live here; names.ts reads the family templates (see
 * PatternedNames in name-data.ts).
 *   import { PERSIAN } from './name-data-asia-pacific.js';
 *   PERSIAN.female[0] // 'Anahita'
 * Cost: static arrays (~12 KB of strings), loaded once with the module.
 */
import type { PatternedNames } from './name-data.js';

/**
 * Persian (Iran, Khorasan, the Persianate courts of Central Asia and India): Iranian and
 * Perso-Arabic given names; a nisba (Shirazi "of Shiraz"), "ibn <father>" or "<father>zadeh".
 */
export const PERSIAN: PatternedNames = {
  female: [
    'Anahita', 'Azadeh', 'Banu', 'Darya', 'Farah', 'Farideh', 'Fereshteh', 'Golnaz', 'Goli', 'Homa',
    'Jaleh', 'Katayoun', 'Laleh', 'Leila', 'Mahin', 'Mahnaz', 'Mahtab', 'Mandana', 'Manijeh', 'Maryam',
    'Mehri', 'Mina', 'Mitra', 'Nahid', 'Nasrin', 'Nazanin', 'Negar', 'Parvaneh', 'Parvin', 'Pari',
    'Roshanak', 'Shahrzad', 'Shirin', 'Simin', 'Soraya', 'Tahmineh', 'Taraneh', 'Yasaman', 'Zhaleh', 'Zohreh',
    'Golbanu', 'Farangis', 'Gordafarid', 'Homay', 'Rudabeh', 'Sudabeh', 'Turandokht', 'Arezu', 'Behnaz', 'Delaram',
    'Marjan', 'Nargis', 'Gulbadan', 'Mehrunnisa', 'Golrokh',
  ],
  male: [
    'Ardashir', 'Arash', 'Babak', 'Bahram', 'Bijan', 'Bozorgmehr', 'Dariush', 'Farhad', 'Fariborz', 'Faramarz',
    'Firuz', 'Goudarz', 'Hushang', 'Iraj', 'Jamshid', 'Kamran', 'Kaveh', 'Keyvan', 'Khosrow', 'Kourosh',
    'Manuchehr', 'Mehrdad', 'Nader', 'Nima', 'Omid', 'Parviz', 'Payam', 'Ramin', 'Rostam', 'Shapur',
    'Siavash', 'Sohrab', 'Sorush', 'Teymur', 'Kian', 'Afshin', 'Bahman', 'Behrouz', 'Dara', 'Esfandiar',
    'Hormoz', 'Mahyar', 'Mehran', 'Navid', 'Shahram', 'Yazdan', 'Hasan', 'Hossein', 'Reza', 'Mahmud',
    'Jafar', 'Karim', 'Majid', 'Mansur', 'Mohsen', 'Morteza', 'Nasser', 'Qasem', 'Vahid', 'Yusef',
  ],
  lists: {
    nisba: [
      'Shirazi', 'Tabrizi', 'Esfahani', 'Kermani', 'Yazdi', 'Balkhi', 'Samarqandi', 'Bukhari', 'Nishapuri', 'Tusi',
      'Hamadani', 'Kashani', 'Qazvini', 'Rashti', 'Mashhadi', 'Herati', 'Tehrani', 'Khorasani', 'Gilani', 'Mazandarani',
      'Semnani', 'Zanjani', 'Ardabili', 'Sabzevari', 'Kazeruni', 'Jahromi', 'Lari', 'Sistani', 'Qomi', 'Shushtari',
      'Dezfuli', 'Golpayegani', 'Natanzi', 'Abhari', 'Damghani', 'Termezi', 'Marvi', 'Razi', 'Ghaznavi', 'Kabuli',
    ],
    ibn: { female: ['bint'], male: ['ibn'] },
  },
  family: [
    [0.5, '{nisba}'],
    [0.2, '{ibn} {father}'],
    [0.2, '{father}zadeh'],
    [0.1, '{ibn} {father} {nisba}'],
  ],
};

/**
 * Mongolian (the steppe, the Mongol empire): one given name, then "son/daughter of <father>"
 * or the person's clan ("of the Khongirad").
 */
export const MONGOLIAN: PatternedNames = {
  female: [
    'Altantsetseg', 'Ariunaa', 'Bolormaa', 'Borte', 'Chimeg', 'Delgermaa', 'Enkhjargal', 'Erdenechimeg', 'Gerelmaa', 'Khulan',
    'Khongorzul', 'Narantsetseg', 'Nomin', 'Oyun', 'Oyuntsetseg', 'Saran', 'Sarangerel', 'Solongo', 'Tsetseg', 'Tuya',
    'Uranchimeg', 'Yesui', 'Yesugen', 'Alaqai', 'Altani', 'Badma', 'Bayarmaa', 'Dulmaa', 'Enkhtuya', 'Munkhtuya',
    'Nara', 'Odval', 'Sarnai', 'Tsolmon', 'Ulziimaa', 'Undrakh', 'Zaya', 'Anu', 'Bulgan', 'Jargalmaa',
    'Munkhzul', 'Narangerel', 'Otgontsetseg', 'Tungalag', 'Uyanga', 'Khutulun', 'Checheyigen', 'Orqina', 'Ebegei', 'Qutugtai',
  ],
  male: [
    'Altan', 'Arslan', 'Baatar', 'Batu', 'Bayar', 'Bold', 'Boldbaatar', 'Chuluun', 'Dorj', 'Erdene',
    'Ganbold', 'Ganzorig', 'Gantulga', 'Munkh', 'Nergui', 'Otgon', 'Sukh', 'Tumur', 'Tsogt', 'Batsaikhan',
    'Altangerel', 'Enkhbat', 'Munkhbat', 'Temuulen', 'Tengis', 'Khurelbaatar', 'Jargal', 'Dashdorj', 'Ochir', 'Bayasgalan',
    'Bilegt', 'Delger', 'Erdenebat', 'Khatanbaatar', 'Naidan', 'Purev', 'Sanjaa', 'Tseren', 'Zorig', 'Mergen',
    'Jelme', 'Subedei', 'Chilaun', 'Toghrul', 'Belgutei', 'Sorkhan', 'Boroqul', 'Qasar', 'Kitbuqa', 'Nayan',
    'Temur', 'Bat-Erdene', 'Ganbaatar', 'Dorjsuren', 'Khishig', 'Lkhagva', 'Tumen', 'Unegen', 'Yisu', 'Khadan',
  ],
  lists: {
    child: { female: ['daughter'], male: ['son'] },
    clan: [
      'Borjigin', 'Jalair', 'Khongirad', 'Merkit', 'Kereit', 'Naiman', 'Oirat', 'Baarin', 'Uriankhai', 'Besud',
      'Sunit', 'Ongud', 'Olkhunut', 'Jurkin', 'Dorben', 'Manghud', 'Uruud', 'Khorchin', 'Khalkha', 'Tumed',
      'Chahar', 'Ordos', 'Khatagin', 'Saljiut', 'Ikires', 'Gorlos', 'Torghut', 'Khoshut', 'Arulad', 'Sukhait',
    ],
  },
  family: [
    [0.45, '{child} of {father}'],
    [0.35, 'of the {clan}'],
    [0.2, '{child} of {father} of the {clan}'],
  ],
};

/**
 * Hebrew: biblical and Israeli given names; "ben/bat <father>", now and then a home town, or a
 * Jewish family name.
 */
export const HEBREW: PatternedNames = {
  female: [
    'Avigail', 'Adah', 'Atarah', 'Avital', 'Batya', 'Chava', 'Dinah', 'Devorah', 'Elisheva', 'Esther',
    'Hadassah', 'Hannah', 'Huldah', 'Keren', 'Leah', 'Liora', 'Malka', 'Michal', 'Miriam', 'Naama',
    'Naomi', 'Noa', 'Penina', 'Rachel', 'Rivka', 'Rut', 'Sarah', 'Shifra', 'Shira', 'Shoshana',
    'Tamar', 'Tirzah', 'Tova', 'Tzipora', 'Yael', 'Yehudit', 'Yocheved', 'Zilpah', 'Ayelet', 'Batsheva',
    'Efrat', 'Hila', 'Irit', 'Nechama', 'Orli', 'Rina', 'Talia', 'Yaffa', 'Ziva', 'Bracha',
  ],
  male: [
    'Aharon', 'Amos', 'Asher', 'Avraham', 'Binyamin', 'Boaz', 'Dan', 'Daniel', 'David', 'Eli',
    'Eliezer', 'Elisha', 'Ephraim', 'Ezra', 'Gad', 'Gideon', 'Hillel', 'Itamar', 'Levi', 'Meir',
    'Menachem', 'Micha', 'Moshe', 'Naftali', 'Natan', 'Nechemia', 'Noam', 'Ovadia', 'Reuven', 'Shimon',
    'Shlomo', 'Shmuel', 'Tzvi', 'Uri', 'Yaakov', 'Yehuda', 'Yehoshua', 'Yitzhak', 'Yonatan', 'Yosef',
    'Zevulun', 'Zecharia', 'Amichai', 'Baruch', 'Chaim', 'Dov', 'Eitan', 'Elazar', 'Gershon', 'Yair',
    'Yoav', 'Avner', 'Matityahu', 'Oded', 'Pinchas', 'Yehiel', 'Yishai', 'Yoel', 'Akiva', 'Nachum',
  ],
  lists: {
    ben: { female: ['bat'], male: ['ben'] },
    town: [
      'Magdala', 'Tzippori', 'Yavne', 'Lod', 'Beit Shean', 'Hevron', 'Yericho', 'Shechem', 'Beit Lechem', 'Tverya',
      'Akko', 'Yafo', 'Gamla', 'Modiin', 'Tzfat', 'Ashkelon', 'Kfar Nahum', 'Arad', 'Beersheva', 'Gush Halav',
    ],
    surname: [
      'Levi', 'Cohen', 'Mizrahi', 'Peretz', 'Biton', 'Dahan', 'Friedman', 'Azoulay', 'Katz', 'Shapira',
      'Ben-David', 'Ben-Ami', 'Golan', 'Barak', 'Shalev', 'Carmel', 'Almog', 'Oren', 'Tal', 'Har-El',
      'Ben-Zvi', 'Ashkenazi', 'Segal', 'Weiss', 'Rosen', 'Halevi', 'Amsalem', 'Ohana', 'Vaknin', 'Sasson',
      'Yosef', 'Avraham', 'Gabai', 'Malka', 'Hadad', 'Sharabi', 'Eliyahu', 'Navon', 'Kaplan', 'Goldberg',
    ],
  },
  family: [
    [0.45, '{ben} {father}'],
    [0.15, '{ben} {father} of {town}'],
    [0.4, '{surname}'],
  ],
};

/**
 * Polynesian (Hawaiian, Maori, Tahitian, Samoan and Tongan names, leaving out the biblical names
 * of the missionary era): one given name, then an ancestor's name or a home island.
 */
export const POLYNESIAN: PatternedNames = {
  female: [
    'Healani', 'Hina', 'Iolana', 'Kaimana', 'Keala', 'Kealoha', 'Leilani', 'Lokelani', 'Mahina', 'Maile',
    'Makana', 'Nalani', 'Pualani', 'Kailani', 'Kapua', 'Ululani', 'Aroha', 'Hine', 'Huia', 'Kahurangi',
    'Kiri', 'Marama', 'Moana', 'Ngaio', 'Pania', 'Rewa', 'Roimata', 'Tui', 'Hinemoa', 'Ataahua',
    'Waimarie', 'Sina', 'Teuira', 'Vaitiare', 'Hinano', 'Moea', 'Tiare', 'Poerava', 'Titaua', 'Vaea',
    'Hereiti', 'Maeva', 'Tehani', 'Moerani', 'Vaimiti', 'Hinatea', 'Ranitea', 'Lagi', 'Heilala', 'Nohea',
  ],
  male: [
    'Kai', 'Kalani', 'Kamakana', 'Kanoa', 'Keahi', 'Koa', 'Makoa', 'Manu', 'Kekoa', 'Kaleo',
    'Kainoa', 'Kapono', 'Kealii', 'Kahu', 'Manaia', 'Nikau', 'Tama', 'Tane', 'Tawhiri', 'Whetu',
    'Rangi', 'Toa', 'Mana', 'Teiva', 'Tehei', 'Manea', 'Teva', 'Vaitea', 'Heimata', 'Raiarii',
    'Tamatea', 'Tahiri', 'Tautu', 'Ruatapu', 'Rata', 'Whiro', 'Paikea', 'Turi', 'Hoturoa', 'Tamaiti',
    'Ahoeitu', 'Lavaka', 'Fetu', 'Umi', 'Liloa', 'Keawe', 'Kamaka', 'Leota', 'Tuala', 'Haunui',
  ],
  lists: {
    // Ancestor names: remembered navigators and chiefs of the voyaging traditions.
    ancestor: [
      'Toi', 'Whatonga', 'Kupe', 'Ngahue', 'Tamatekapua', 'Ngatoroirangi', 'Houmaitawhiti', 'Rakataura', 'Tuwharetoa', 'Porourangi',
      'Kahungunu', 'Tahu', 'Rongokako', 'Tamarau', 'Uenuku', 'Tawhaki', 'Hema', 'Kaha', 'Moikeha', 'Kila',
      'Olopana', 'Mauiloa', 'Hawaiiloa', 'Paao', 'Pili', 'Laamaikahiki', 'Kahai', 'Wahieloa', 'Laka', 'Puna',
      'Tangiia', 'Karika', 'Iro', 'Hiro', 'Tafa', 'Lolo', 'Fakatakinga', 'Lautala', 'Tuitonga', 'Aho',
      'Tupai', 'Mahuika', 'Honoura', 'Tafai', 'Pikea', 'Manaia', 'Ruanui', 'Turongo', 'Mahinarangi', 'Raukawa',
      'Hotunui', 'Marutuahu', 'Tainui', 'Tinirau', 'Ngahiraka', 'Paikea', 'Hinetuhoanga', 'Tuhourangi', 'Tautahi', 'Kahukura',
    ],
    island: [
      'Raiatea', 'Hawaiki', 'Tahiti', 'Rarotonga', 'Nuku Hiva', 'Hiva Oa', 'Mangaia', 'Tongatapu', 'Upolu', 'Savaii',
      'Rapa Nui', 'Mangareva', 'Aitutaki', 'Huahine', 'Borabora', 'Moorea', 'Kauai', 'Oahu', 'Molokai', 'Tubuai',
      'Rurutu', 'Manihiki', 'Vavau', 'Haapai', 'Manua', 'Niue', 'Rapa', 'Tikopia', 'Anuta', 'Kapingamarangi',
    ],
  },
  // An ancestor's name, a father's name (usual in Samoa and Tonga), or a home island.
  family: [
    [0.5, '{ancestor}'],
    [0.25, '{father}'],
    [0.25, 'of {island}'],
  ],
};
