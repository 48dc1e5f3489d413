/**
 * Authored name data for ancient and pre-modern cultures: Bronze Age Greek, Latin (Roman),
 * Nahuatl (Aztec) and Quechua (Inca) (a data file: long on purpose, well over the ~400 lines a
 * code file would get). Faker has none of these; names.ts reads the family templates (see
 * PatternedNames in name-data.ts).
 *   import { LATIN } from './name-data-ancient.js';
 *   LATIN.male[0] // 'Gaius'
 * Cost: static arrays (~14 KB of strings), loaded once with the module.
 */
import type { PatternedNames } from './name-data.js';

/**
 * Aegean Bronze Age Greek: Homeric-style names (Greek spellings, -os not -us) and names with
 * Linear B forms (Deukalion, Alexandra, Erita, Eumedes), mostly avoiding the famous heroes.
 * "son/daughter of <father>" or a home place ("of Knossos").
 */
export const ANCIENT_GREEK: PatternedNames = {
  female: [
    'Arete', 'Briseis', 'Chryseis', 'Eurykleia', 'Eurynome', 'Hekamede', 'Iphianassa', 'Iphimedeia', 'Klymene', 'Laodike',
    'Melantho', 'Nausikaa', 'Polykaste', 'Theano', 'Aithra', 'Alkestis', 'Antikleia', 'Astyoche', 'Chloris', 'Diomede',
    'Epikaste', 'Eriphyle', 'Euadne', 'Eurydike', 'Harpalyke', 'Hippodameia', 'Ismene', 'Klytie', 'Lysianassa', 'Maira',
    'Megara', 'Merope', 'Phylo', 'Polymele', 'Pero', 'Alexandra', 'Erita', 'Aktoris', 'Iphis', 'Kleopatra',
    'Kymodoke', 'Laothoe', 'Melanippe', 'Philonoe', 'Periboia', 'Thero', 'Xanthippe', 'Ainia', 'Doris', 'Ianeira',
  ],
  male: [
    'Agapenor', 'Alkimos', 'Amphion', 'Antiphos', 'Arkesilaos', 'Askalaphos', 'Automedon', 'Bathykles', 'Deipyros', 'Diokles',
    'Echepolos', 'Elephenor', 'Epeios', 'Eumelos', 'Euryalos', 'Eurybates', 'Eumaios', 'Glaukos', 'Hippothoos', 'Iphitos',
    'Koiranos', 'Laodamas', 'Leitos', 'Lykomedes', 'Medon', 'Meges', 'Mentor', 'Noemon', 'Orsilochos', 'Peiraios',
    'Phemios', 'Philoitios', 'Podarkes', 'Polites', 'Polybos', 'Prothoos', 'Stichios', 'Sthenelos', 'Talthybios', 'Thoas',
    'Amphimachos', 'Antiphates', 'Demoleon', 'Halitherses', 'Klytios', 'Ktesippos', 'Mentes', 'Oresbios', 'Thersandros', 'Deukalion',
    'Eumedes', 'Xanthos', 'Alektryon', 'Antenor', 'Aithon', 'Damokles', 'Echeklos', 'Ialmenos', 'Mnesos', 'Tlepolemos',
  ],
  lists: {
    child: { female: ['daughter'], male: ['son'] },
    place: [
      'Knossos', 'Phaistos', 'Amnisos', 'Tylissos', 'Kydonia', 'Lyktos', 'Inatos', 'Lato', 'Rhytion', 'Eleutherna',
      'Aptara', 'Zakros', 'Malia', 'Gournia', 'Kommos', 'Gortyn', 'Pylos', 'Mykenai', 'Tiryns', 'Thebes',
      'Orchomenos', 'Eleusis', 'Miletos', 'Naxos', 'Melos', 'Thera', 'Kythera', 'Karpathos', 'Kos', 'Lemnos',
      'Rhodes', 'Ialysos', 'Argos', 'Iolkos', 'Kythnos', 'Keos',
    ],
  },
  family: [
    [0.45, '{child} of {father}'],
    [0.3, 'of {place}'],
    [0.25, '{child} of {father} of {place}'],
  ],
};

/**
 * Latin (Rome and its provinces): tria nomina for men (praenomen, here the given name, then
 * nomen and cognomen; the common praenomina are listed three times so they come up more often),
 * a feminine gentilicium for women (Julia, Cornelia) with a cognomen (Julia Secunda).
 */
const COMMON_PRAENOMINA = ['Gaius', 'Lucius', 'Marcus', 'Publius', 'Quintus', 'Titus', 'Gnaeus', 'Aulus', 'Sextus', 'Decimus', 'Tiberius', 'Servius'];
export const LATIN: PatternedNames = {
  female: [
    'Aelia', 'Aemilia', 'Antonia', 'Aurelia', 'Caecilia', 'Calpurnia', 'Claudia', 'Cornelia', 'Domitia', 'Fabia',
    'Flavia', 'Fulvia', 'Julia', 'Junia', 'Licinia', 'Livia', 'Lucretia', 'Marcia', 'Octavia', 'Pompeia',
    'Porcia', 'Sempronia', 'Servilia', 'Sulpicia', 'Terentia', 'Tullia', 'Valeria', 'Vibia', 'Vipsania', 'Annia',
    'Appuleia', 'Atia', 'Caesonia', 'Cassia', 'Clodia', 'Decia', 'Fannia', 'Furia', 'Helvia', 'Hortensia',
    'Lollia', 'Manlia', 'Minucia', 'Mucia', 'Papiria', 'Plautia', 'Popillia', 'Quinctilia', 'Rutilia', 'Scribonia',
    'Sentia', 'Statilia', 'Titia', 'Ulpia', 'Vettia', 'Vergilia', 'Albia', 'Arria', 'Petronia', 'Vitellia',
  ],
  male: [
    ...COMMON_PRAENOMINA, ...COMMON_PRAENOMINA, ...COMMON_PRAENOMINA,
    'Agrippa', 'Appius', 'Caeso', 'Faustus', 'Hostus', 'Mamercus', 'Manius', 'Mettius', 'Numerius', 'Opiter',
    'Postumus', 'Proculus', 'Septimus', 'Spurius', 'Statius', 'Tullus', 'Vibius', 'Volesus', 'Vopiscus', 'Salvius',
    'Herius', 'Minatus', 'Ovius', 'Pacius', 'Trebius', 'Arruns', 'Lars', 'Nonus', 'Octavius', 'Primus',
  ],
  lists: {
    nomen: [
      'Aelius', 'Aemilius', 'Antonius', 'Aurelius', 'Caecilius', 'Calpurnius', 'Claudius', 'Cornelius', 'Domitius', 'Fabius',
      'Flavius', 'Fulvius', 'Julius', 'Junius', 'Licinius', 'Livius', 'Lucretius', 'Marcius', 'Octavius', 'Pompeius',
      'Porcius', 'Sempronius', 'Servilius', 'Sulpicius', 'Terentius', 'Tullius', 'Valerius', 'Vibius', 'Annius', 'Appuleius',
      'Cassius', 'Decius', 'Fannius', 'Furius', 'Helvius', 'Hortensius', 'Lollius', 'Manlius', 'Minucius', 'Mucius',
      'Papirius', 'Plautius', 'Rutilius', 'Sentius', 'Statilius', 'Titius', 'Ulpius', 'Vettius', 'Albius', 'Petronius',
    ],
    cognomen: {
      male: [
        'Agricola', 'Albinus', 'Balbus', 'Brutus', 'Calvus', 'Capito', 'Cato', 'Celer', 'Cicero', 'Crassus',
        'Crispus', 'Dento', 'Dives', 'Felix', 'Flaccus', 'Florus', 'Fronto', 'Gallus', 'Germanus', 'Lentulus',
        'Longinus', 'Lupus', 'Macer', 'Marcellus', 'Maximus', 'Metellus', 'Naso', 'Nerva', 'Niger', 'Paullus',
        'Priscus', 'Pulcher', 'Quadratus', 'Regulus', 'Rufus', 'Rusticus', 'Sabinus', 'Saturninus', 'Scaevola', 'Secundus',
        'Severus', 'Silanus', 'Strabo', 'Tertius', 'Varro', 'Verus', 'Vitalis', 'Bassus', 'Catulus', 'Corvus',
        'Candidus', 'Clemens', 'Donatus', 'Faustinus', 'Firmus', 'Fuscus', 'Gratus', 'Justus', 'Modestus', 'Pudens',
        'Restitutus', 'Senecio', 'Tacitus', 'Ursus', 'Victor', 'Aquila', 'Cerialis', 'Flavianus', 'Natalis', 'Probus',
      ],
      female: [
        'Agrippina', 'Prisca', 'Secunda', 'Tertia', 'Maxima', 'Paulina', 'Lucilla', 'Procula', 'Rufina', 'Severa',
        'Faustina', 'Marcella', 'Metella', 'Drusilla', 'Crispina', 'Sabina', 'Quarta', 'Minor', 'Maior', 'Candida',
        'Felicula', 'Firmina', 'Fortunata', 'Germana', 'Honorata', 'Justina', 'Longina', 'Lucina', 'Marcellina', 'Modesta',
        'Nigrina', 'Paula', 'Prima', 'Quintilla', 'Restituta', 'Saturnina', 'Secundina', 'Tertulla', 'Urbica', 'Verecunda',
        'Vitalis', 'Amanda', 'Aquilina', 'Calvina', 'Celerina', 'Clementina', 'Donata', 'Flaccilla', 'Galla', 'Hilara',
        'Ingenua', 'Januaria', 'Lepida', 'Magna', 'Optata', 'Pia', 'Quieta', 'Romana', 'Sulpicilla', 'Valentina',
      ],
    },
  },
  // Men: nomen and cognomen after the praenomen (Gaius Julius Caesar). Women: the feminine
  // gentilicium is the name, then a cognomen, or the father's cognomen in the genitive sense.
  family: {
    male: [[1, '{nomen} {cognomen}']],
    female: [[1, '{cognomen}']],
  },
};

/**
 * Nahuatl (the Mexica and their neighbours): a personal name (descriptive, or a birth-order
 * name for girls: Tiacapan "first-born", Tlaco "middle", Xoco "youngest"), then a calendar
 * name (a day number and sign, Ome Tochtli "Two Rabbit") or the person's calpolli or town.
 */
export const NAHUATL: PatternedNames = {
  female: [
    'Xochitl', 'Citlalli', 'Tiacapan', 'Teicuh', 'Tlaco', 'Xoco', 'Centehua', 'Necahual', 'Quiauhxochitl', 'Cuetlaxochitl',
    'Miahuaxochitl', 'Atotoztli', 'Ilancueitl', 'Azcaxochitl', 'Papalotl', 'Quetzalxochitl', 'Tlazohtzin', 'Quetzalli', 'Yolotzin', 'Ayauhxochitl',
    'Cihuaquetzin', 'Chalchiuhnenetl', 'Coaxochitl', 'Ehecaxochitl', 'Quetzalmazatl', 'Izelxochitl', 'Macuilxochitl', 'Matlalxochitl', 'Mazaxochitl', 'Metzli',
    'Nochtli', 'Ozomaxochitl', 'Quetzalpetlatl', 'Tecuelhuetzin', 'Tlalxochitl', 'Xilotl', 'Xiuhxochitl', 'Yaocihuatl', 'Zacaxochitl', 'Huitzitzilin',
    'Acaxochitl', 'Tonalxochitl', 'Cozcapetlatl', 'Atzin', 'Chalchiuhcihuatl',
  ],
  male: [
    'Yaotl', 'Cuauhtli', 'Ocelotl', 'Tochtli', 'Mazatl', 'Cuetlachtli', 'Chimalli', 'Huitzilin', 'Tlilpotonqui', 'Quiahuitl',
    'Acatl', 'Coatl', 'Itzcuintli', 'Tecpatl', 'Tenoch', 'Citlalin', 'Ixtlilxochitl', 'Cuauhtlatoa', 'Necuametl', 'Tlacotzin',
    'Tezcatl', 'Cuappopoca', 'Huehuetl', 'Matlaccoatl', 'Nezahual', 'Ollin', 'Quauhpopoca', 'Tepoztli', 'Tlacateotl', 'Tozcuecuex',
    'Tlahuicole', 'Tototl', 'Xiuhcoatl', 'Yaocuauhtli', 'Zolin', 'Cuauhcoatl', 'Coyotl', 'Temilotzin', 'Tlatolatl', 'Ecatl',
    'Ixtlil', 'Matlatzin', 'Cipactli', 'Itzmalli', 'Totoquihuaztli', 'Quetzalcuauh', 'Tepanecatl', 'Tlaltecatzin', 'Ahuacatl', 'Mixtli',
  ],
  lists: {
    number: ['Ce', 'Ome', 'Yei', 'Nahui', 'Macuilli', 'Chicuace', 'Chicome', 'Chicuei', 'Chiucnahui', 'Mahtlactli', 'Mahtlactli-once', 'Mahtlactli-omome', 'Mahtlactli-omei'],
    sign: [
      'Cipactli', 'Ehecatl', 'Calli', 'Cuetzpalin', 'Coatl', 'Miquiztli', 'Mazatl', 'Tochtli', 'Atl', 'Itzcuintli',
      'Ozomatli', 'Malinalli', 'Acatl', 'Ocelotl', 'Cuauhtli', 'Cozcacuauhtli', 'Ollin', 'Tecpatl', 'Quiahuitl', 'Xochitl',
    ],
    place: [
      'Moyotlan', 'Teopan', 'Atzacualco', 'Cuepopan', 'Tlatelolco', 'Texcoco', 'Tlacopan', 'Coyoacan', 'Xochimilco', 'Chalco',
      'Azcapotzalco', 'Culhuacan', 'Iztapalapa', 'Cuauhtitlan', 'Tepeyacac', 'Huexotzinco', 'Cholollan', 'Tollan', 'Amecameca', 'Mixquic',
    ],
  },
  family: [
    [0.65, '{number} {sign}'],
    [0.35, 'of {place}'],
  ],
};

/**
 * Quechua (the Andes, the Inca world): a personal name, often with a second name (Inca names
 * were commonly compound: Titu Kusi, Kusi Qoyllur), and the person's ayllu (kin group).
 */
export const QUECHUA: PatternedNames = {
  female: [
    'Chaska', 'Killa', 'Kusi', 'Sisa', 'Tika', 'Qori', 'Paqarina', 'Amankay', 'Asiri', 'Illa',
    'Inkill', 'Kantuta', 'Killari', 'Mayu', 'Pakari', 'Sami', 'Suyana', 'Tamya', 'Urpi', 'Wayta',
    'Yarina', 'Yuraq', 'Wayllu', 'Sumaq', 'Qoyllur', 'Phaqsi', 'Rawa', 'Ayni', 'Chuspi', 'Pacha',
    'Kispi', 'Kurmi', 'Llika', 'Mallki', 'Nina', 'Pillpintu', 'Puyu', 'Qantu', 'Chumpi', 'Sachi',
    'Tullpa', 'Uqllu', 'Waman', 'Wiñay', 'Sisaqoyllur',
  ],
  male: [
    'Amaru', 'Atoq', 'Anka', 'Kusi', 'Kuntur', 'Mayta', 'Pawkar', 'Puma', 'Rumi', 'Sinchi',
    'Titu', 'Tupaq', 'Waman', 'Illari', 'Inti', 'Kallpa', 'Mallku', 'Paqari', 'Raymi', 'Sayri',
    'Urqu', 'Wayra', 'Yawar', 'Qispi', 'Rimaq', 'Willka', 'Atuq', 'Apuchi', 'Kamaq', 'Chimpu',
    'Sunqu', 'Huaman', 'Kuyuchi', 'Llamkaq', 'Makay', 'Nina', 'Pachakuti', 'Qhapaq', 'Sapan', 'Tarpuq',
    'Uturunku', 'Wallpa', 'Yupanki', 'Hatun', 'Ataw',
  ],
  lists: {
    second: [
      'Kusi', 'Yupanki', 'Waman', 'Puma', 'Amaru', 'Rimaq', 'Qispi', 'Mayta', 'Kuntur', 'Titu',
      'Wallpa', 'Illa', 'Urqu', 'Tupaq', 'Pawkar', 'Sumaq', 'Tika', 'Qoyllur', 'Chaska', 'Rumi',
      'Kallpa', 'Sisa', 'Inka', 'Apu', 'Qori', 'Kamaq', 'Wayra', 'Killa', 'Wanka', 'Anqa',
    ],
    ayllu: [
      'Sawasiray', 'Antasayaq', 'Alkawisa', 'Maras', 'Kuykusa', 'Masqa', 'Chillki', 'Tampu', 'Sutiq', 'Kana',
      'Kanchi', 'Chanka', 'Lupaqa', 'Qolla', 'Anta', 'Pinawa', 'Mullaqa', 'Ayarmaka', 'Wayllakan', 'Killiskachi',
      'Tampukiru', 'Pukina', 'Chinchay', 'Urubamba', 'Pisaq', 'Kallaqa', 'Sañu', 'Yukay', 'Limaq', 'Wanuku',
    ],
  },
  family: [
    [0.4, '{second}'],
    [0.3, 'of the {ayllu} ayllu'],
    [0.3, '{second} of the {ayllu} ayllu'],
  ],
};
