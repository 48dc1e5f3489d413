/**
 * Authored name data for the cultures faker has no fitting list for (a data file: longer
 * than the usual ~400 lines would be for code, and meant to be). Faker covers modern
 * locales; it has no medieval, Norse, Celtic, fantasy or futuristic names, and its ja,
 * zh_CN, ko and ar lists are in their own scripts while our bios are English text, so
 * romanised lists live here. names.ts combines these with faker's arrays.
 *   import { MEDIEVAL_BRITISH } from './name-data.js';
 *   MEDIEVAL_BRITISH.female[0] // 'Maud'
 * Cost: static arrays (~20 KB of strings), loaded once with the module.
 */

/** Given names by gender plus the pieces family names are built from. */
export interface AuthoredNames {
  readonly female: readonly string[];
  readonly male: readonly string[];
}

/** A list a family-name template can name: one list, or a pair picked by the person's gender. */
export type SlotList = readonly string[] | { readonly female: readonly string[]; readonly male: readonly string[] };

/**
 * A naming culture described as data (name-data-*.ts): given names, named lists, and weighted
 * family-name templates. A template's `{slot}` is filled from `lists[slot]`, or from the
 * built-ins `{father}` (a male given name), `{mother}` (a female one) and `{given}` (a second
 * given name of the person's own gender): `[0.45, '{child} of {father}']` -> "son of Medon".
 */
export interface PatternedNames extends AuthoredNames {
  readonly lists: Readonly<Record<string, SlotList>>;
  /** [weight, template]; weights need not sum to 1. A gendered pair when the forms differ (Latin). */
  readonly family: FamilyTemplates | { readonly female: FamilyTemplates; readonly male: FamilyTemplates };
}
export type FamilyTemplates = readonly (readonly [number, string])[];

/**
 * Northern England and the Borders, 11th-14th century: Old English and Norman given names;
 * family names were still bynames (a trade, a place, a feature, a father).
 */
export const MEDIEVAL_BRITISH = {
  male: [
    'Aelfric', 'Godwin', 'Wulfstan', 'Osric', 'Edmund', 'Hugh', 'Walter', 'Geoffrey', 'Roger', 'Ralph',
    'Robert', 'William', 'Thomas', 'John', 'Richard', 'Gilbert', 'Simon', 'Adam', 'Hamo', 'Baldwin',
    'Reginald', 'Osbert', 'Alwin', 'Leofric', 'Oswald', 'Cuthbert', 'Aldred', 'Eadric', 'Wystan', 'Piers',
    'Nicholas', 'Henry', 'Stephen', 'Peter', 'Bartholomew', 'Alan', 'Bernard', 'Ranulf', 'Odo', 'Warin',
    'Everard', 'Fulk', 'Miles', 'Ivo', 'Jordan', 'Lambert', 'Matthew', 'Philip', 'Serlo', 'Turold',
    'Waleran', 'Aylmer', 'Brihtric', 'Cenric', 'Dunstan', 'Eadwine', 'Elias', 'Gamel', 'Godric', 'Herbert',
    'Humphrey', 'Jocelin', 'Laurence', 'Martin', 'Maurice', 'Norman', 'Osmund', 'Ralf', 'Saer', 'Theobald',
    'Thurstan', 'Uhtred', 'Wymond', 'Anselm', 'Benedict', 'Clement', 'Drogo', 'Eustace', 'Gervase', 'Hervey',
  ],
  female: [
    'Maud', 'Isolde', 'Agnes', 'Alice', 'Beatrice', 'Cecily', 'Edith', 'Emma', 'Isabel', 'Joan',
    'Juliana', 'Margery', 'Mabel', 'Matilda', 'Petronilla', 'Rohese', 'Sybil', 'Avice', 'Amice', 'Christiana',
    'Eleanor', 'Ela', 'Gunilda', 'Hawise', 'Idonea', 'Lettice', 'Muriel', 'Rose', 'Wymarc', 'Aldith',
    'Godgifu', 'Aelfgifu', 'Eadgyth', 'Wulfrun', 'Alditha', 'Amabel', 'Basilia', 'Constance', 'Denise', 'Dionisia',
    'Elena', 'Ermengarde', 'Felicia', 'Goda', 'Helewise', 'Ida', 'Isabella', 'Joanna', 'Katherine', 'Leticia',
    'Lucy', 'Margaret', 'Millicent', 'Nichola', 'Orabel', 'Philippa', 'Richenda', 'Sabina', 'Swanhild', 'Tiffany',
    'Ysolda', 'Albreda', 'Athelina', 'Emmeline', 'Galiena', 'Mariota', 'Osanna', 'Parnel', 'Rosamund', 'Thomasina',
    'Annora', 'Clarice', 'Edeline', 'Eva', 'Gundred', 'Hilda', 'Ismay', 'Letia', 'Malkin', 'Sarra',
  ],
  trades: [
    'Smith', 'Fletcher', 'Cooper', 'Thatcher', 'Miller', 'Carter', 'Fuller', 'Tanner', 'Baker', 'Webster',
    'Chapman', 'Reeve', 'Ward', 'Shepherd', 'Hayward', 'Fowler', 'Forester', 'Turner', 'Mason', 'Wright',
    'Cartwright', 'Wainwright', 'Potter', 'Salter', 'Dyer', 'Brewster', 'Barker', 'Tyler', 'Sawyer', 'Taylor',
    'Walker', 'Glover', 'Hunter', 'Parker', 'Falconer', 'Marshall', 'Archer', 'Bowyer', 'Spicer', 'Baxter',
    'Lister', 'Skinner', 'Sadler', 'Cook', 'Thresher', 'Plowman', 'Coward', 'Herd', 'Steward', 'Chandler',
  ],
  places: [
    'Alnwick', 'Hexham', 'Durham', 'Morpeth', 'Bamburgh', 'Warkworth', 'Rothbury', 'Corbridge', 'Jarrow', 'Whitby',
    'Ripon', 'Richmond', 'Kendal', 'Carlisle', 'Penrith', 'Berwick', 'Wooler', 'Haltwhistle', 'Bywell', 'Ovingham',
    'Lindisfarne', 'Beverley', 'York', 'Lancaster', 'Appleby', 'Darlington', 'Yarm', 'Coldstream', 'Jedburgh', 'Kelso',
    'Melrose', 'Otterburn', 'Bellingham', 'Alston', 'Stanhope', 'Sedgefield', 'Embleton', 'Felton', 'Norham', 'Ford',
    'Belford', 'Chatton', 'Elsdon', 'Whittingham', 'Hartburn', 'Bolam', 'Mitford', 'Ponteland', 'Tynemouth', 'Brancepeth',
    'Raby', 'Staindrop', 'Auckland', 'Gainford', 'Egglescliffe', 'Guisborough', 'Kirkby', 'Sedbergh', 'Brough', 'Kirkoswald',
  ],
  topographic: [
    'atte Wood', 'atte Well', 'atte Brigge', 'atte Ford', 'atte Green', 'atte Mill', 'Underhill', 'Bywater', 'Attwater', 'Bythorn',
    'Hill', 'Brook', 'Field', 'Marsh', 'Dale', 'Moor', 'Heath', 'Bridges', 'Shaw', 'Hurst',
  ],
  nicknames: [
    'Redhead', 'Whitlock', 'Black', 'Brown', 'Little', 'Long', 'Strong', 'Goodfellow', 'Swift', 'Fairfax',
    'Bold', 'Wise', 'Lightfoot', 'Sweetman', 'Proudfoot', 'Armstrong', 'Makepeace', 'Goodale', 'Younghusband', 'Gotobed',
    'Blunt', 'Crane', 'Sparrow', 'Wolf', 'Bullock', 'Lamb', 'Truelove', 'Drinkwater', 'Hardy', 'Gentle',
  ],
  patronymics: [
    'FitzAlan', 'FitzHugh', 'FitzWalter', 'FitzGerald', 'FitzRoger', 'FitzRalph', 'FitzOsbert', 'FitzWarin', 'FitzJohn', 'FitzSimon',
    'Robson', 'Dickson', 'Wilson', 'Watson', 'Hobson', 'Dawson', 'Gibson', 'Jackson', 'Nixon', 'Tomlinson',
    'Hodgson', 'Atkinson', 'Simpson', 'Dobson', 'Adamson', 'Mattison', 'Pattinson', 'Rowlandson', 'Elliot', 'Hudson',
  ],
} as const satisfies AuthoredNames & Record<string, readonly string[]>;

/** Viking-age Scandinavia. Family names are patronymics, bynames or "of <place>". */
export const NORSE = {
  male: [
    'Bjorn', 'Sigurd', 'Ragnar', 'Harald', 'Olaf', 'Leif', 'Erik', 'Gunnar', 'Hakon', 'Ivar',
    'Ketil', 'Knut', 'Orm', 'Sven', 'Thorstein', 'Ulf', 'Vidar', 'Arnbjorn', 'Egil', 'Einar',
    'Eyvind', 'Finnbogi', 'Gisli', 'Grim', 'Hallbjorn', 'Halfdan', 'Hrafn', 'Kjartan', 'Njal', 'Oddr',
    'Rolf', 'Skeggi', 'Snorri', 'Steinar', 'Styrbjorn', 'Thorbjorn', 'Thorfinn', 'Thorgeir', 'Thorkel', 'Thorolf',
    'Thrand', 'Toki', 'Ulfar', 'Vermund', 'Asgeir', 'Atli', 'Bersi', 'Bolli', 'Brand', 'Dag',
    'Floki', 'Geir', 'Glum', 'Helgi', 'Hjalti', 'Hogni', 'Hrolf', 'Ingolf', 'Kol', 'Magnus',
    'Ottar', 'Ragnvald', 'Sighvat', 'Skuli', 'Solvi', 'Sturla', 'Tryggvi', 'Vali', 'Arni', 'Hauk',
  ],
  female: [
    'Astrid', 'Freydis', 'Gudrun', 'Sigrid', 'Ingrid', 'Helga', 'Thora', 'Ragnhild', 'Aud', 'Asa',
    'Bergthora', 'Dagny', 'Eydis', 'Frida', 'Gunnhild', 'Gyda', 'Hallgerd', 'Hild', 'Ingibjorg', 'Jorunn',
    'Katla', 'Liv', 'Ragna', 'Runa', 'Signy', 'Solveig', 'Svanhild', 'Thorgerd', 'Thordis', 'Thurid',
    'Tove', 'Unn', 'Valdis', 'Vigdis', 'Yrsa', 'Alfhild', 'Asdis', 'Bodil', 'Brynhild', 'Eir',
    'Geirlaug', 'Groa', 'Gudny', 'Halla', 'Herdis', 'Hervor', 'Hrefna', 'Jofrid', 'Oddny', 'Rannveig',
    'Saldis', 'Steinunn', 'Sunniva', 'Thorhild', 'Ulfhild', 'Yngvild', 'Arnora', 'Gerd', 'Ingunn', 'Sigrun',
    'Alof', 'Asgerd', 'Borghild', 'Dalla', 'Estrid', 'Gudlaug', 'Hallveig', 'Ingveld', 'Thorunn', 'Vilborg',
  ],
  bynames: [
    'the Red', 'the Fair', 'the Black', 'Ironside', 'Bloodaxe', 'Forkbeard', 'the Deep-minded', 'the Quiet', 'the Strong', 'Hairy-breeks',
    'the Wise', 'the Tall', 'the Far-traveller', 'Keen-eye', 'the Peacock', 'Whitecloak', 'the Stout', 'Flat-nose', 'Snake-eye', 'the Unruly',
    'Half-troll', 'the Generous', 'Skull-splitter', 'the Lucky', 'Goldbeard', 'the Silent', 'Sea-wolf', 'the Lame', 'Bright-eye', 'Stone-fist',
  ],
  places: [
    'Hedeby', 'Trondheim', 'Birka', 'Uppsala', 'Kaupang', 'Dublin', 'Jorvik', 'Orkney', 'Hladir', 'Borg',
    'Laxardal', 'Ribe', 'Sogn', 'Hordaland', 'Vestfold', 'Gotland', 'Skane', 'Jutland', 'Faroe', 'Vik',
    'Hlidarendi', 'Reykholt', 'Breidafjord', 'Halogaland', 'Rogaland', 'Lade', 'Roskilde', 'Sigtuna', 'Oland', 'Shetland',
  ],
} as const satisfies AuthoredNames & Record<string, readonly string[]>;

/** Irish, Scottish Gaelic, Welsh and Cornish given names; surnames plus "mac/nic <father>". */
export const CELTIC = {
  male: [
    'Aodh', 'Ciaran', 'Cormac', 'Diarmuid', 'Eamon', 'Fergus', 'Fionn', 'Lorcan', 'Niall', 'Oisin',
    'Padraig', 'Ronan', 'Seamus', 'Tadhg', 'Colm', 'Conall', 'Conor', 'Cathal', 'Donal', 'Eoghan',
    'Finbar', 'Bran', 'Brendan', 'Aengus', 'Ailill', 'Cian', 'Declan', 'Domhnall', 'Ruairi', 'Lachlan',
    'Calum', 'Eachann', 'Iain', 'Tormod', 'Alasdair', 'Angus', 'Duncan', 'Ewan', 'Murdo', 'Rhys',
    'Dafydd', 'Gruffudd', 'Owain', 'Llywelyn', 'Emrys', 'Gwilym', 'Iorwerth', 'Madoc', 'Cadfael', 'Taliesin',
    'Bleddyn', 'Idris', 'Caradoc', 'Cadoc', 'Peran', 'Jory', 'Kenver', 'Senan', 'Torin', 'Brogan',
    'Art', 'Cairbre', 'Colmcille', 'Dermot', 'Fiachra', 'Manus', 'Naoise', 'Odhran', 'Rory', 'Tiernan',
  ],
  female: [
    'Aoife', 'Brigid', 'Caoimhe', 'Deirdre', 'Eithne', 'Grainne', 'Maeve', 'Niamh', 'Orla', 'Roisin',
    'Saoirse', 'Siobhan', 'Sorcha', 'Una', 'Aisling', 'Ciara', 'Clodagh', 'Dervla', 'Emer', 'Fionnuala',
    'Muirne', 'Nuala', 'Sadhbh', 'Ailsa', 'Eilidh', 'Morag', 'Mairi', 'Iseabail', 'Catriona', 'Seonaid',
    'Ishbel', 'Shona', 'Ffion', 'Gwen', 'Gwenllian', 'Angharad', 'Bronwen', 'Carys', 'Eluned', 'Heledd',
    'Lowri', 'Myfanwy', 'Nia', 'Rhiannon', 'Seren', 'Tegwen', 'Branwen', 'Enid', 'Olwen', 'Morwenna',
    'Tamsin', 'Demelza', 'Elowen', 'Kerensa', 'Derwa', 'Ebrel', 'Grania', 'Liadan', 'Ethna', 'Blathnaid',
    'Ailbhe', 'Cliodhna', 'Doireann', 'Eabha', 'Fiadh', 'Mairead', 'Meabh', 'Nessa', 'Riona', 'Ysolt',
  ],
  surnames: [
    "O'Brien", "O'Neill", "O'Connor", "O'Sullivan", "O'Donnell", "O'Malley", "O'Rourke", "O'Flaherty", "O'Dowd", "O'Kelly",
    'MacCarthy', 'MacNamara', 'MacMahon', 'MacLeod', 'MacDonald', 'MacKenzie', 'MacGregor', 'MacLean', 'MacKay', 'MacNeil',
    'MacAulay', 'MacInnes', 'MacRae', 'MacDougall', 'MacKinnon', 'MacPherson', 'Campbell', 'Cameron', 'Fraser', 'Munro',
    'Ross', 'Sinclair', 'Murray', 'Gallagher', 'Doherty', 'Kennedy', 'Quinn', 'Byrne', 'Brennan', 'Walsh',
    'Reilly', 'Nolan', 'Flanagan', 'Hegarty', 'Keane', 'Lynch', 'Moran', 'Regan', 'Daly', 'Duffy',
    'Connolly', 'Boyle', 'Farrell', 'Brady', 'Griffith', 'Powell', 'Pritchard', 'Bevan', 'Morgan', 'Llewellyn',
    'Vaughan', 'Pugh', 'Price', 'Parry', 'Tudor', 'Cadwallader', 'Maddock', 'Penrose', 'Trelawney', 'Tremayne',
    'Pengelly', 'Chenoweth', 'Trevithick', 'Nance', 'Kernick', 'Rosewarne', 'Carlyon', 'Polglase', 'Treloar', 'Jago',
    "O'Hara", "O'Shea", "O'Toole", "O'Mahony", "O'Carroll", 'MacFarlane', 'MacIntyre', 'MacLachlan', 'MacQuarrie', 'MacBeth',
    'Buchanan', 'Drummond', 'Lamont', 'Menzies', 'Ogilvy', 'Dalziel', 'Kerr', 'Cunningham', 'Galbraith', 'Morrison',
    'Cullen', 'Dempsey', 'Fallon', 'Guinan', 'Hanlon', 'Kavanagh', 'Lennon', 'Mulligan', 'Rafferty', 'Tierney',
    'Howell', 'Jenkin', 'Meredith', 'Prosser', 'Rees', 'Gwynne', 'Bowen', 'Floyd', 'Lloyd', 'Owens',
  ],
  places: [
    'Connacht', 'Munster', 'Leinster', 'Ulster', 'Kintyre', 'Skye', 'Islay', 'Lewis', 'Mull', 'Iona',
    'Argyll', 'Lorne', 'Moray', 'Atholl', 'Gwynedd', 'Powys', 'Dyfed', 'Gwent', 'Kerry', 'Tara',
    'Lismore', 'Kildare', 'Clonmacnoise', 'Cashel', 'Tintagel', 'Penwith', 'Kernow', 'Anglesey', 'Galloway', 'Strathclyde',
    'Donegal', 'Sligo', 'Clare', 'Ossory', 'Breifne', 'Morvern', 'Lochaber', 'Badenoch', 'Ceredigion', 'Brycheiniog',
  ],
} as const satisfies AuthoredNames & Record<string, readonly string[]>;

/**
 * Japanese names in Hepburn romanisation. faker's `ja` lists are in kanji and kana, which
 * would sit oddly in English text and cannot be romanised without a dictionary. Given names
 * are common whole names plus stem + ending combinations (Hiro + yuki, Mi + ho).
 */
export const JAPANESE = {
  family: [
    'Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato',
    'Yoshida', 'Yamada', 'Sasaki', 'Yamaguchi', 'Matsumoto', 'Inoue', 'Kimura', 'Hayashi', 'Shimizu', 'Yamazaki',
    'Mori', 'Abe', 'Ikeda', 'Hashimoto', 'Yamashita', 'Ishikawa', 'Nakajima', 'Maeda', 'Fujita', 'Ogawa',
    'Goto', 'Okada', 'Hasegawa', 'Murakami', 'Kondo', 'Ishii', 'Saito', 'Sakamoto', 'Endo', 'Aoki',
    'Fujii', 'Nishimura', 'Fukuda', 'Ota', 'Miura', 'Fujiwara', 'Okamoto', 'Matsuda', 'Nakagawa', 'Nakano',
    'Harada', 'Ono', 'Tamura', 'Takeuchi', 'Kaneko', 'Wada', 'Nakayama', 'Ishida', 'Ueda', 'Morita',
    'Hara', 'Shibata', 'Sakai', 'Kudo', 'Yokoyama', 'Miyazaki', 'Miyamoto', 'Uchida', 'Takagi', 'Ando',
    'Taniguchi', 'Ohno', 'Maruyama', 'Imai', 'Takada', 'Fujimoto', 'Takeda', 'Murata', 'Ueno', 'Sugiyama',
    'Masuda', 'Sugawara', 'Hirano', 'Otsuka', 'Koyama', 'Chiba', 'Kubo', 'Matsui', 'Iwasaki', 'Sakurai',
    'Kinoshita', 'Noguchi', 'Matsuo', 'Kikuchi', 'Nomura', 'Arai', 'Sano', 'Onishi', 'Sugimoto', 'Arakawa',
    'Kojima', 'Iwata', 'Hamada', 'Kitamura', 'Tsuji', 'Kono', 'Yano', 'Horiuchi', 'Mizuno', 'Kurosawa',
    'Amano', 'Hoshino', 'Kawaguchi', 'Kawasaki', 'Yoshikawa', 'Nagai', 'Tsuchiya', 'Okabe', 'Shiraishi', 'Kanda',
  ],
  male: [
    'Haruto', 'Sota', 'Ren', 'Yuto', 'Riku', 'Kaito', 'Daiki', 'Takumi', 'Shota', 'Kenji',
    'Akira', 'Makoto', 'Satoshi', 'Takeshi', 'Osamu', 'Isamu', 'Minoru', 'Jun', 'Kenta', 'Ryota',
  ],
  maleStems: ['Hiro', 'Kazu', 'Masa', 'Taka', 'Yoshi', 'Nobu', 'Toshi', 'Hide', 'Shin', 'Ken', 'Ryo', 'Yu', 'Haru', 'Dai', 'Kei', 'Tetsu', 'Sho', 'Tomo', 'Aki', 'Yasu', 'Kiyo', 'Mitsu', 'Tatsu', 'Sei'],
  maleEndings: ['to', 'ki', 'ya', 'shi', 'hiko', 'nori', 'suke', 'ta', 'o', 'ichi', 'ji', 'hei', 'go', 'ma', 'yuki', 'nobu', 'taka', 'hito'],
  female: [
    'Yui', 'Aoi', 'Sakura', 'Hina', 'Mei', 'Rin', 'Yuna', 'Akane', 'Kaede', 'Midori',
    'Hikari', 'Haruka', 'Ayumi', 'Megumi', 'Noriko', 'Sachiko', 'Kanon', 'Shiori', 'Misaki', 'Nanami',
  ],
  femaleStems: ['Haru', 'Yu', 'Mi', 'Sa', 'Aya', 'Nana', 'Chi', 'Ma', 'Ka', 'Ri', 'Mo', 'Na', 'Hana', 'Yo', 'Ai', 'Kimi', 'Fumi', 'Tomo', 'Asa', 'Mayu', 'Emi', 'Shi', 'Masa', 'Kazu'],
  femaleEndings: ['ko', 'ka', 'mi', 'na', 'e', 'ri', 'ho', 'no', 'yo', 'ki', 'sa', 'ne', 'yo', 'kiko', 'ha'],
} as const satisfies AuthoredNames & Record<string, readonly string[]>;

/** Mandarin names in pinyin without tone marks (faker's zh_CN is in characters). */
export const CHINESE = {
  family: [
    'Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou',
    'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'He', 'Gao', 'Lin', 'Luo',
    'Zheng', 'Liang', 'Xie', 'Song', 'Tang', 'Han', 'Feng', 'Deng', 'Cao', 'Peng',
    'Zeng', 'Xiao', 'Tian', 'Dong', 'Pan', 'Yuan', 'Cai', 'Jiang', 'Yu', 'Du',
    'Ye', 'Cheng', 'Wei', 'Su', 'Lu', 'Ding', 'Ren', 'Yao', 'Shen', 'Zhong',
    'Cui', 'Tan', 'Liao', 'Fan', 'Jin', 'Shi', 'Jia', 'Xia', 'Fu', 'Fang',
    'Zou', 'Xiong', 'Bai', 'Meng', 'Qin', 'Qiu', 'Hou', 'Yin', 'Xue', 'Yan',
    'Duan', 'Lei', 'Long', 'Tao', 'Mao', 'Hao', 'Gu', 'Gong', 'Shao', 'Wan',
    'Qian', 'Dai', 'Kong', 'Xiang', 'Chang', 'Kang', 'Niu', 'Hong', 'Mo', 'Ouyang',
  ],
  female: ['Mei', 'Li', 'Xiu', 'Ying', 'Hua', 'Lan', 'Fang', 'Jing', 'Yan', 'Ling', 'Xue', 'Hui', 'Qing', 'Yu', 'Ting', 'Na', 'Jie', 'Min', 'Zhen', 'Yun', 'Xin', 'Yi', 'Shu', 'Wen', 'Lian', 'Juan', 'Xia', 'Lu', 'Qian', 'Rui'],
  male: ['Wei', 'Jian', 'Ming', 'Hao', 'Jun', 'Qiang', 'Lei', 'Tao', 'Bo', 'Gang', 'Yong', 'Peng', 'Hui', 'Hong', 'Zhi', 'Cheng', 'Feng', 'Long', 'Kai', 'Yi', 'Hua', 'Dong', 'Bin', 'Chao', 'Guo', 'Jie', 'Liang', 'Ning', 'Tian', 'Xiang'],
} as const satisfies AuthoredNames & Record<string, readonly string[]>;

/** Korean family names as they are usually romanised (Kim, Lee, Park: not RR's Gim, I, Bak). */
export const KOREAN_FAMILY = [
  'Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang', 'Lim',
  'Han', 'Oh', 'Seo', 'Shin', 'Kwon', 'Hwang', 'Ahn', 'Song', 'Yoo', 'Hong',
  'Jeon', 'Ko', 'Moon', 'Yang', 'Son', 'Bae', 'Baek', 'Heo', 'Nam', 'Shim',
  'Noh', 'Ha', 'Kwak', 'Sung', 'Cha', 'Joo', 'Woo', 'Koo', 'Min', 'Ryu',
  'Na', 'Jin', 'Ji', 'Eom', 'Chae', 'Won', 'Cheon', 'Bang', 'Gong', 'Hyun',
] as const;

/** Arabic names in common English romanisation (faker's `ar` is in Arabic script). */
export const ARABIC = {
  male: [
    'Ahmad', 'Ali', 'Hassan', 'Hussein', 'Omar', 'Khalid', 'Yusuf', 'Ibrahim', 'Mahmoud', 'Mustafa',
    'Karim', 'Tariq', 'Samir', 'Nabil', 'Faisal', 'Hamza', 'Bilal', 'Jamal', 'Rashid', 'Said',
    'Walid', 'Ziad', 'Adel', 'Anwar', 'Bassam', 'Fadi', 'Ghassan', 'Hadi', 'Imad', 'Jalal',
    'Kamal', 'Marwan', 'Nasser', 'Osama', 'Qasim', 'Rami', 'Salim', 'Tamer', 'Wael', 'Yasin',
    'Zaki', 'Amir', 'Ayman', 'Bashir', 'Daoud', 'Fares', 'Habib', 'Idris', 'Jibril', 'Latif',
    'Majid', 'Munir', 'Nizar', 'Raed', 'Sami', 'Sharif', 'Talal', 'Yahya', 'Zayd', 'Sulayman',
    'Harun', 'Ismail', 'Musa', 'Abbas', 'Hakim', 'Jawad', 'Mansur', 'Nadir', 'Rafiq', 'Shadi',
  ],
  female: [
    'Fatima', 'Aisha', 'Layla', 'Mariam', 'Nour', 'Zainab', 'Huda', 'Amira', 'Salma', 'Yasmin',
    'Rania', 'Dalia', 'Farah', 'Hana', 'Jamila', 'Karima', 'Lina', 'Maha', 'Nadia', 'Rasha',
    'Samira', 'Suha', 'Widad', 'Zahra', 'Abla', 'Basma', 'Dina', 'Ghada', 'Hiba', 'Iman',
    'Jana', 'Khadija', 'Lubna', 'Malak', 'Muna', 'Najwa', 'Rabab', 'Rima', 'Sana', 'Shatha',
    'Tala', 'Wafa', 'Yara', 'Zeina', 'Asma', 'Bushra', 'Hala', 'Inaya', 'Lamia', 'Manal',
    'Ruqayya', 'Safiya', 'Sahar', 'Sumaya', 'Thuraya', 'Warda', 'Yusra', 'Zubayda', 'Rahma', 'Leila',
  ],
  family: [
    'al-Hashimi', 'al-Masri', 'al-Baghdadi', 'al-Tamimi', 'al-Amin', 'al-Rashid', 'Haddad', 'Mansour', 'Khoury', 'Nasser',
    'Saleh', 'Hamdan', 'Qureshi', 'Bakr', 'al-Jaziri', 'al-Halabi', 'al-Dimashqi', 'al-Maghribi', 'al-Farsi', 'al-Shami',
    'al-Ansari', 'al-Kindi', 'al-Zahrani', 'al-Otaibi', 'al-Harbi', 'al-Qahtani', 'al-Shammari', 'al-Mutairi', 'al-Ghamdi', 'al-Dosari',
    'al-Najjar', 'al-Sabbagh', 'al-Khatib', 'al-Attar', 'al-Hakim', 'al-Tahir', 'Darwish', 'Abboud', 'Farouk', 'Ghanem',
    'Issa', 'Jaber', 'Khalil', 'Mahfouz', 'Nassar', 'Obeid', 'Qasem', 'Rahal', 'Sabri', 'Taha',
    'Yassin', 'Zaher', 'Bitar', 'Shalabi', 'Sultan', 'Hijazi', 'Azzam', 'Barakat', 'Fakhoury', 'Awad',
    'al-Qurashi', 'al-Wasiti', 'al-Basri', 'al-Kufi', 'al-Mosuli', 'al-Andalusi', 'al-Hijazi', 'al-Yamani', 'al-Tunisi', 'al-Iraqi',
  ],
} as const satisfies AuthoredNames & Record<string, readonly string[]>;

/** Syllables for invented high-fantasy names: onset + (middle) + gendered ending; compound family names. */
export const FANTASY = {
  onsets: [
    'Ae', 'Al', 'Ar', 'Bel', 'Bra', 'Cae', 'Cal', 'Dor', 'Dra', 'El', 'Er', 'Fae', 'Fen', 'Gal', 'Gor',
    'Hal', 'Il', 'Is', 'Ka', 'Kel', 'Lor', 'Lu', 'Mae', 'Mor', 'Nim', 'Ny', 'Or', 'Pel', 'Quin', 'Ra',
    'Rho', 'Sa', 'Ser', 'Syl', 'Tal', 'Tha', 'Tor', 'Ul', 'Va', 'Vel', 'Wyn', 'Xan', 'Ya', 'Zar', 'Zel',
  ],
  middles: ['', '', '', 'a', 'e', 'i', 'o', 'ra', 'ri', 'la', 'li', 'na', 'ne', 'dri', 'the', 'va', 'mi', 'ro'],
  femaleEndings: ['a', 'ia', 'wen', 'ra', 'elle', 'ith', 'is', 'yn', 'ara', 'iel', 'eth', 'ine', 'ys', 'ora', 'anna'],
  maleEndings: ['or', 'an', 'ric', 'dor', 'in', 'as', 'us', 'orn', 'ald', 'en', 'ek', 'ion', 'ar', 'oth', 'und'],
  familyFirst: [
    'Ash', 'Storm', 'Iron', 'Thorn', 'Silver', 'Raven', 'Oak', 'Frost', 'Gold', 'Moon',
    'Star', 'Stone', 'Wolf', 'Black', 'Bright', 'Dusk', 'Ember', 'Fern', 'Hawk', 'Mist',
    'Red', 'River', 'Shadow', 'Sun', 'Swift', 'Wind', 'Winter', 'Amber', 'Briar', 'Elder',
    'Gray', 'High', 'Hollow', 'Deep', 'Lark', 'Rune', 'Still', 'Thistle', 'White', 'Wild',
  ],
  familySecond: [
    'wood', 'brook', 'vale', 'helm', 'shade', 'song', 'field', 'bough', 'crest', 'fall',
    'ford', 'gale', 'glen', 'grove', 'hart', 'hollow', 'mane', 'more', 'ridge', 'shield',
    'strider', 'thorn', 'ward', 'water', 'weaver', 'whisper', 'wind', 'blade', 'bloom', 'fire',
    'hammer', 'heart', 'leaf', 'light', 'mantle', 'reach', 'run', 'spire', 'stone', 'wake',
  ],
} as const;

/** Short, open-sounding given names for far-future settings; family names mix Earth's cultures. */
export const FUTURISTIC = {
  female: [
    'Nova', 'Lyra', 'Vega', 'Zara', 'Juno', 'Kira', 'Nyx', 'Aria', 'Echo', 'Ione',
    'Mira', 'Tess', 'Vesper', 'Wren', 'Xia', 'Yara', 'Zia', 'Anya', 'Cass', 'Dara',
    'Elara', 'Faye', 'Halo', 'Iris', 'Jinx', 'Kaia', 'Lumi', 'Maya', 'Neve', 'Ora',
    'Quinn', 'Rhea', 'Sable', 'Talia', 'Uma', 'Vela', 'Wynn', 'Astra', 'Cyra', 'Delta',
    'Eos', 'Freya', 'Gaia', 'Hana', 'Ila', 'Jade', 'Kenza', 'Luna', 'Nadia', 'Oona',
    'Persis', 'Rin', 'Saia', 'Thea', 'Vika', 'Yuna', 'Zoe', 'Selene', 'Cleo', 'Andra',
  ],
  male: [
    'Orion', 'Kai', 'Rook', 'Jax', 'Zane', 'Cade', 'Dex', 'Ezra', 'Flynn', 'Ilya',
    'Kiran', 'Leo', 'Milo', 'Nico', 'Oren', 'Pax', 'Quill', 'Silas', 'Tavi', 'Ulric',
    'Vance', 'Wade', 'Xander', 'Zev', 'Ash', 'Axel', 'Bram', 'Cyrus', 'Darius', 'Emre',
    'Finn', 'Gideon', 'Hale', 'Idris', 'Jarek', 'Kael', 'Lucan', 'Mako', 'Nash', 'Otto',
    'Pike', 'Rafe', 'Soren', 'Tycho', 'Viktor', 'Arlo', 'Bastian', 'Caspian', 'Dmitri', 'Elio',
    'Ferro', 'Hiro', 'Ivo', 'Joss', 'Koa', 'Lev', 'Nox', 'Onyx', 'Ravi', 'Teo',
  ],
} as const satisfies AuthoredNames & Record<string, readonly string[]>;
