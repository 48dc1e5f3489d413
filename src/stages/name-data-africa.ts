/**
 * Authored name data for Igbo, Hausa, Edo (Bini) and Swahili names (a data file: long on
 * purpose, well over the ~400 lines a code file would get). Faker's en_NG list mixes
 * Nigeria's peoples and has no Swahili locale, so each culture has its own romanised lists
 * and its own family-name templates, read by names.ts (see PatternedNames in name-data.ts).
 *   import { IGBO } from './name-data-africa.js';
 *   IGBO.female[0] // 'Adaeze'
 * Cost: static arrays (~12 KB of strings), loaded once with the module.
 */
import type { PatternedNames } from './name-data.js';

/** Igbo (south-east Nigeria): Igbo given names, sometimes a second given name, and Igbo surnames. */
export const IGBO: PatternedNames = {
  female: [
    'Adaeze', 'Adaku', 'Adanna', 'Adaobi', 'Akunna', 'Amarachi', 'Chiamaka', 'Chidinma', 'Chinwe', 'Chinyere',
    'Chioma', 'Chinenye', 'Chizoba', 'Ebere', 'Ezinne', 'Ifeoma', 'Ifeyinwa', 'Ijeoma', 'Nkechi', 'Ngozi',
    'Nneka', 'Nnenna', 'Obiageli', 'Oluchi', 'Onyinye', 'Uchechi', 'Uju', 'Urenna', 'Uzoamaka', 'Adaugo',
    'Amaka', 'Chinasa', 'Ebele', 'Ogechi', 'Nwakaego', 'Ugochi', 'Chisom', 'Kelechi', 'Nkiruka', 'Obianuju',
    'Ozioma', 'Somadina', 'Udoka', 'Ujunwa', 'Nwamaka', 'Oby', 'Nkoli', 'Azuka', 'Ginika', 'Onyeka',
  ],
  male: [
    'Chukwuemeka', 'Chinedu', 'Chibuike', 'Chidi', 'Chijioke', 'Chikezie', 'Chima', 'Chinonso', 'Chukwudi', 'Ebuka',
    'Ejike', 'Ekene', 'Emeka', 'Ifeanyi', 'Ikechukwu', 'Ikenna', 'Kalu', 'Kenechukwu', 'Nnamdi', 'Nnaemeka',
    'Obinna', 'Obiora', 'Okechukwu', 'Okwudili', 'Onyebuchi', 'Osita', 'Uchenna', 'Uzoma', 'Azubuike', 'Arinze',
    'Chiedu', 'Dubem', 'Ekwueme', 'Ezenwa', 'Ikemefuna', 'Izuchukwu', 'Nwabueze', 'Obiajulu', 'Okonkwo', 'Somto',
    'Tochukwu', 'Uchendu', 'Udoka', 'Ugochukwu', 'Amaechi', 'Anayo', 'Chuma', 'Ndubuisi', 'Nwachukwu', 'Oguejiofor',
  ],
  lists: {
    surname: [
      'Okafor', 'Okonkwo', 'Nwosu', 'Eze', 'Obi', 'Nwankwo', 'Okeke', 'Nnadi', 'Okoro', 'Chukwu',
      'Ugwu', 'Onwuka', 'Anyanwu', 'Nwachukwu', 'Ibe', 'Iwu', 'Mbah', 'Nwoye', 'Ogbu', 'Okoli',
      'Onuoha', 'Uzor', 'Agu', 'Anozie', 'Chukwuma', 'Ezeani', 'Iheanacho', 'Madu', 'Nnaji', 'Nwafor',
      'Nwadike', 'Nwokolo', 'Obiakor', 'Ofoegbu', 'Okpara', 'Onyeama', 'Ozoemena', 'Udeh', 'Ukeje', 'Umeh',
      'Uzodinma', 'Ezenwa', 'Okolie', 'Anigbogu', 'Amadi', 'Anene', 'Nwabueze', 'Onyekwere', 'Eneh', 'Ezeh',
      'Ihejirika', 'Igwe', 'Iloka', 'Mbanefo', 'Nwaeze', 'Nwakanma', 'Nwogu', 'Nzeribe', 'Obasi', 'Odili',
      'Okwuoma', 'Okafo', 'Okwuosa', 'Onwudiwe', 'Onyia', 'Orji', 'Ubah', 'Uche', 'Ugochukwu', 'Ukwu',
    ],
  },
  // Many Igbo people carry a second given name (a baptismal or a praise name) before the surname.
  family: [
    [0.7, '{surname}'],
    [0.3, '{given} {surname}'],
  ],
};

/** Hausa (northern Nigeria, Niger): Hausa and Hausa-Arabic names; a father's name, "dan"/"'yar", a town. */
export const HAUSA: PatternedNames = {
  female: [
    'Aisha', 'Amina', 'Hauwa', 'Hadiza', 'Zainab', 'Fatima', 'Maryam', 'Binta', 'Halima', 'Rakiya',
    'Safiya', 'Bilkisu', 'Hajara', 'Jamila', 'Khadija', 'Ladi', 'Larai', 'Asabe', 'Talatu', 'Jummai',
    'Kande', 'Delu', 'Indo', 'Balaraba', 'Lami', 'Saratu', 'Salamatu', 'Habiba', 'Rabi', 'Ramatu',
    'Hafsat', 'Maimuna', 'Nafisa', 'Zulai', 'Tani', 'Yalwa', 'Hasana', 'Husaina', 'Zuwaira', 'Sadiya',
    'Ummi', 'Wasila', 'Kulu', 'Dije', 'Furera', 'Hannatu', 'Mairo', 'Zuma', 'Gambo', 'Shatu',
  ],
  male: [
    'Abubakar', 'Aliyu', 'Bello', 'Usman', 'Umar', 'Musa', 'Ibrahim', 'Yusuf', 'Sani', 'Garba',
    'Danjuma', 'Haruna', 'Lawal', 'Sule', 'Shehu', 'Abdullahi', 'Bashir', 'Kabiru', 'Nasiru', 'Jibrin',
    'Idris', 'Ahmadu', 'Audu', 'Dauda', 'Isa', 'Adamu', 'Mamman', 'Tanko', 'Lawan', 'Inuwa',
    'Muhammadu', 'Yakubu', 'Salisu', 'Hamza', 'Mustapha', 'Nuhu', 'Zakari', 'Aminu', 'Balarabe', 'Sadiq',
    'Tijjani', 'Dalhatu', 'Ladan', 'Magaji', 'Nura', 'Rabiu', 'Sambo', 'Shuaibu', 'Tukur', 'Wada',
    'Yahaya', 'Bala', 'Dikko', 'Kabir', 'Habibu', 'Murtala', 'Gidado', 'Hassan', 'Husaini', 'Jafaru',
  ],
  lists: {
    dan: { female: ["'yar"], male: ['dan'] },
    town: [
      'Kano', 'Katsina', 'Zaria', 'Sokoto', 'Bauchi', 'Gombe', 'Kaduna', 'Daura', 'Gusau', 'Funtua',
      'Hadejia', 'Gumel', 'Kazaure', 'Jega', 'Argungu', 'Maradi', 'Zinder', 'Kebbi', 'Bichi', 'Dutse',
    ],
  },
  // A father's name as the second name is the commonest form; "dan/'yar <father>" (son/daughter of),
  // now and then a home town ("Aminu Kano").
  family: [
    [0.55, '{father}'],
    [0.3, '{dan} {father}'],
    [0.15, '{town}'],
  ],
};

/** Edo (Bini, Benin City): Edo given names (many are shared by women and men) and Edo surnames. */
export const EDO: PatternedNames = {
  female: [
    'Osayuki', 'Ivie', 'Omosede', 'Ekiuwa', 'Eseosa', 'Osarugue', 'Itohan', 'Isoken', 'Izoduwa', 'Ewere',
    'Imuetinyan', 'Eki', 'Iyobosa', 'Osasu', 'Uwa', 'Obehi', 'Izegbe', 'Enoma', 'Adesuwa', 'Osamede',
    'Idia', 'Emotan', 'Imade', 'Esohe', 'Ekinadose', 'Eseohe', 'Efe', 'Uyiosa', 'Omonigho', 'Ivbiosa',
    'Ebose', 'Ehinome', 'Eghe', 'Iyare', 'Oghogho', 'Omozele', 'Osakue', 'Ofure', 'Uhunoma', 'Omorodion',
    'Aiyamenkhue', 'Efosa', 'Ewemade', 'Irowa', 'Osaruyi',
  ],
  male: [
    'Osagie', 'Osaze', 'Eghosa', 'Uyi', 'Nosa', 'Ehis', 'Omoruyi', 'Osaro', 'Osahon', 'Osamudiamen',
    'Edosa', 'Efosa', 'Osas', 'Nosakhare', 'Nosayaba', 'Ehigiator', 'Igbinosa', 'Osakpolor', 'Osayande', 'Osaretin',
    'Erhunmwunse', 'Osaigbovo', 'Aigbe', 'Edobor', 'Uyiosa', 'Osagiede', 'Imasuen', 'Iyamu', 'Ogbemudia', 'Omoregie',
    'Ikponmwosa', 'Eweka', 'Izevbekhai', 'Ehigie', 'Aimienoho', 'Idemudia', 'Iyekekpolor', 'Osarieme', 'Ogieriakhi', 'Omokaro',
    'Uwaila', 'Eduwu', 'Ekhator', 'Ihama', 'Ize',
  ],
  lists: {
    surname: [
      'Osagie', 'Idahosa', 'Ogbemudia', 'Omoregie', 'Igbinedion', 'Osemwengie', 'Aigbe', 'Ehigie', 'Edokpolo', 'Iyamu',
      'Obaseki', 'Ogiamien', 'Osayande', 'Uwaifo', 'Iyoha', 'Igbinosa', 'Erhabor', 'Osunde', 'Omoruyi', 'Izevbigie',
      'Ekhator', 'Aimufua', 'Ighodaro', 'Eweka', 'Enogieru', 'Ehanire', 'Oviawe', 'Osaghae', 'Ogbebor', 'Oronsaye',
      'Evbuomwan', 'Iguodala', 'Imasuen', 'Omorogbe', 'Uwagboe', 'Igiehon', 'Asemota', 'Edebiri', 'Egharevba', 'Ogbeide',
      'Osula', 'Agbonlahor', 'Inneh', 'Obahiagbon', 'Eboigbe', 'Iyasere', 'Guobadia', 'Ogieva', 'Okundaye', 'Uzamere',
      'Aiwerioba', 'Arasomwan', 'Ebohon', 'Ediae', 'Ekhaguere', 'Erhahon', 'Eghobamien', 'Idehen', 'Ogiemwonyi', 'Usiobaifo',
    ],
  },
  family: [
    [0.65, '{surname}'],
    [0.35, '{given} {surname}'],
  ],
};

/** Swahili coast (Mombasa, Zanzibar, Dar es Salaam): a father's name, "bin"/"binti", or a family name. */
export const SWAHILI: PatternedNames = {
  female: [
    'Amani', 'Aisha', 'Eshe', 'Imani', 'Zawadi', 'Neema', 'Rehema', 'Mwanaisha', 'Mwajuma', 'Mwanahawa',
    'Halima', 'Zuhura', 'Subira', 'Furaha', 'Pendo', 'Upendo', 'Tumaini', 'Saida', 'Mwanaidi', 'Rukia',
    'Salma', 'Asha', 'Amina', 'Fatuma', 'Khadija', 'Zainabu', 'Mariamu', 'Bahati', 'Nuru', 'Shani',
    'Sikudhani', 'Siti', 'Tatu', 'Mwamini', 'Riziki', 'Waridi', 'Zuri', 'Mwanajuma', 'Mwanamisi', 'Hadija',
    'Mwatima', 'Ashura', 'Hidaya', 'Kibibi', 'Mwanakombo', 'Mwanaharusi', 'Sabra', 'Mwanahamisi', 'Nasra', 'Zakia',
  ],
  male: [
    'Juma', 'Hamisi', 'Baraka', 'Faraji', 'Jabari', 'Jelani', 'Kassim', 'Rashidi', 'Salim', 'Saidi',
    'Shabani', 'Hassani', 'Omari', 'Ramadhani', 'Athumani', 'Bakari', 'Mussa', 'Idrisa', 'Hamza', 'Yusufu',
    'Abdallah', 'Makame', 'Mwinyi', 'Haji', 'Hemedi', 'Issa', 'Jumanne', 'Kombo', 'Mbaraka', 'Mohamedi',
    'Nassoro', 'Rajabu', 'Selemani', 'Sefu', 'Uledi', 'Zuberi', 'Kheri', 'Kibwana', 'Hamadi', 'Mbwana',
    'Abeid', 'Amiri', 'Daudi', 'Hashimu', 'Khamis', 'Masudi', 'Mwalimu', 'Salehe', 'Suleimani', 'Tamimu',
  ],
  lists: {
    bin: { female: ['binti'], male: ['bin'] },
    clan: [
      'Mazrui', 'Barwani', 'Busaidi', 'Riyami', 'Mahruki', 'Shirazi', 'Hinawy', 'Lamki', 'Mwinyi', 'Kombo',
      'Makame', 'Msellem', 'Jahadhmy', 'Bakari', 'Mnyampala', 'Shaaban', 'Mshana', 'Mtengeti', 'Mfaume', 'Salim',
      'Faki', 'Mgeni', 'Mzee', 'Chande', 'Mwamba', 'Shamte', 'Kaduara', 'Mlawa', 'Mrisho', 'Abdulla',
    ],
  },
  // The father's given name as the second name is usual; "bin/binti" in older and coastal use.
  family: [
    [0.5, '{father}'],
    [0.2, '{bin} {father}'],
    [0.3, '{clan}'],
  ],
};
