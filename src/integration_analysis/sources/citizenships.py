"""The citizenship codes of GENESIS (``STAAG*`` variables, e.g. in 12531-0043) and their group names.

A GENESIS citizenship attribute is ``ST`` + the three-digit country key of the Statistisches Bundesamt
(``ST163`` Türkei), or one of ``ST997`` (staatenlos), ``UNK`` (ungeklärt), ``OA`` (ohne Angabe). The group of a
figure is ``citizenship_`` + the English short name in snake case; states that no longer exist keep their own
name (their period is in the German label), never the name of a successor. The labels differ between German
and English exports, the codes do not, so readers go by the code.
"""

from __future__ import annotations

#: GENESIS citizenship code → English short name (snake case); the German label is the one in 12531-0043.
CITIZENSHIP_NAMES: dict[str, str] = {
    "OA": "not_stated",  # Ohne Angabe
    "UNK": "unclarified",  # Ungeklärt
    "ST997": "stateless",  # Staatenlos
    "ST121": "albania",
    "ST122": "bosnia_and_herzegovina",
    "ST132": "serbia_and_montenegro",  # Serbien und Montenegro (05.02.2003-02.06.2006)
    "ST133": "serbia_incl_kosovo",  # Serbien (einschl. Kosovo) (03.06.2006-16.02.2008)
    "ST137": "italy",
    "ST138": "yugoslavia",  # Jugoslawien, Bundesrep. (27.04.1992-04.02.2003)
    "ST140": "montenegro",
    "ST144": "north_macedonia",
    "ST146": "moldova",
    "ST150": "kosovo",
    "ST152": "poland",
    "ST159": "soviet_union",  # Sowjetunion (bis 25.12.1991)
    "ST160": "russia",  # Russische Föderation
    "ST163": "turkey",
    "ST166": "ukraine",
    "ST168": "united_kingdom",
    "ST169": "belarus",
    "ST170": "serbia",
    "ST221": "algeria",
    "ST223": "angola",
    "ST224": "eritrea",
    "ST225": "ethiopia",
    "ST229": "benin",
    "ST230": "djibouti",
    "ST231": "cote_d_ivoire",
    "ST232": "nigeria",
    "ST233": "zimbabwe",
    "ST236": "gabon",
    "ST237": "gambia",
    "ST238": "ghana",
    "ST239": "mauritania",
    "ST243": "kenya",
    "ST245": "congo",  # Kongo, Republik
    "ST246": "dr_congo",  # Kongo, Demokratische Republik
    "ST247": "liberia",
    "ST248": "libya",
    "ST249": "madagascar",
    "ST251": "mali",
    "ST252": "morocco",
    "ST253": "mauritius",
    "ST254": "mozambique",
    "ST255": "niger",
    "ST256": "malawi",
    "ST257": "zambia",
    "ST258": "burkina_faso",
    "ST259": "guinea_bissau",
    "ST261": "guinea",
    "ST262": "cameroon",
    "ST263": "south_africa",
    "ST265": "rwanda",
    "ST267": "namibia",
    "ST269": "senegal",
    "ST272": "sierra_leone",
    "ST273": "somalia",
    "ST274": "equatorial_guinea",
    "ST276": "sudan_incl_south_sudan",  # Sudan (einschließlich Südsudan) (bis 08.07.2011)
    "ST277": "sudan",  # Sudan (ohne Südsudan) (ab 09.07.2011)
    "ST278": "south_sudan",
    "ST282": "tanzania",
    "ST283": "togo",
    "ST284": "chad",
    "ST285": "tunisia",
    "ST286": "uganda",
    "ST287": "egypt",
    "ST289": "central_african_republic",
    "ST291": "burundi",
    "ST323": "argentina",
    "ST326": "bolivia",
    "ST327": "brazil",
    "ST332": "chile",
    "ST336": "ecuador",
    "ST337": "el_salvador",
    "ST345": "guatemala",
    "ST346": "haiti",
    "ST347": "honduras",
    "ST348": "canada",
    "ST349": "colombia",
    "ST351": "cuba",
    "ST353": "mexico",
    "ST354": "nicaragua",
    "ST355": "jamaica",
    "ST357": "panama",
    "ST359": "paraguay",
    "ST361": "peru",
    "ST367": "venezuela",
    "ST368": "united_states",
    "ST371": "trinidad_and_tobago",
    "ST421": "yemen",
    "ST422": "armenia",
    "ST423": "afghanistan",
    "ST424": "bahrain",
    "ST425": "azerbaijan",
    "ST426": "bhutan",
    "ST427": "myanmar",
    "ST430": "georgia",
    "ST431": "sri_lanka",
    "ST432": "vietnam",
    "ST434": "north_korea",  # Korea, Demokratische Volksrepublik
    "ST436": "india",
    "ST437": "indonesia",
    "ST438": "iraq",
    "ST439": "iran",
    "ST441": "israel",
    "ST442": "japan",
    "ST444": "kazakhstan",
    "ST445": "jordan",
    "ST446": "cambodia",
    "ST448": "kuwait",
    "ST449": "laos",
    "ST450": "kyrgyzstan",
    "ST451": "lebanon",
    "ST456": "oman",
    "ST457": "mongolia",
    "ST458": "nepal",
    "ST459": "palestinian_territories",
    "ST460": "bangladesh",
    "ST461": "pakistan",
    "ST462": "philippines",
    "ST467": "south_korea",  # Korea, Republik
    "ST470": "tajikistan",
    "ST471": "turkmenistan",
    "ST472": "saudi_arabia",
    "ST474": "singapore",
    "ST475": "syria",
    "ST476": "thailand",
    "ST477": "uzbekistan",
    "ST479": "china",
    "ST482": "malaysia",
    "ST483": "timor_leste",
    "ST523": "australia",
}


def citizenship_groups() -> dict[str, str]:
    """Citizenship code → group name (``citizenship_<name>``), for a flat-CSV spec's dimension."""
    return {code: f"citizenship_{name}" for code, name in CITIZENSHIP_NAMES.items()}
