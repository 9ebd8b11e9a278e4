"""Words for the realistic generator: Danish budget vocabulary first, Swedish and Norwegian
beside it, names for board lists, and a small sentence generator for the prose around
the tables (budget proposals, annual reports, Swedish årsbokslut, Norwegian budgets)."""
from __future__ import annotations

import random

DA_AREAS = [
    "Dagtilbud", "Folkeskoler", "Specialundervisning", "SFO og klubber", "Børn og unge med særlige behov",
    "Sundhedspleje og tandpleje", "Ældrepleje", "Hjemmepleje", "Plejecentre", "Hjælpemidler",
    "Rehabilitering og træning", "Socialpsykiatri", "Botilbud", "Misbrugsbehandling", "Jobcenter",
    "Kontanthjælp", "Sygedagpenge", "Integration", "Kultur", "Biblioteker", "Idræt og fritid",
    "Musikskole", "Veje og trafik", "Kollektiv trafik", "Parker og grønne områder", "Bygningsdrift",
    "Beredskab", "Miljø og natur", "Administration", "IT og digitalisering", "Politisk organisation",
    "Ungdomsskole", "Forebyggelse", "Aktivering af ledige", "Familieafdelingen",
]
# areas that budget tables break down into indented sub-rows (the parent is their sum)
DA_PARENTS = {
    "Ældreområdet": ["Hjemmepleje", "Plejeboliger", "Madservice", "Træning efter serviceloven"],
    "Dagtilbudsområdet": ["Vuggestuer", "Børnehaver", "Dagpleje", "Privat pasning"],
    "Skoleområdet": ["Undervisning", "Specialklasser", "Skolefritidsordninger", "Befordring af elever"],
    "Voksenhandicap": ["Bostøtte (§ 85)", "Midlertidige botilbud (§ 107)", "Længerevarende botilbud (§ 108)"],
    "Sundhed": ["Sundhedspleje", "Kommunal tandpleje", "Genoptræning", "Forebyggelse"],
    "Vej og park": ["Vintertjeneste", "Belægninger", "Grønne områder", "Gadebelysning"],
}
DA_COMMITTEES = [
    "Børne- og Skoleudvalget", "Social- og Sundhedsudvalget", "Kultur- og Fritidsudvalget",
    "Teknik- og Miljøudvalget", "Beskæftigelsesudvalget", "Økonomiudvalget", "Ældreudvalget",
]
DA_ACTIONS = [
    "Besparelse på vikarforbrug", "Reduktion af åbningstid", "Ny normering i vuggestuer",
    "Drift af nyt plejecenter", "Udvidelse af hjemmeplejen", "Harmonisering af takster",
    "Effektivisering af indkøb", "Digital selvbetjening", "Lukning af filial", "Tilskud til foreninger",
    "Øget rengøring på skolerne", "Flere pædagoger i børnehaverne", "Kørsel til specialskoler",
    "Forebyggende hjemmebesøg", "Træningstilbud efter udskrivning", "Aflastning af pårørende",
    "Rådgivning og sagsbehandling", "Opkvalificering af medarbejdere", "Husleje og drift af lokaler",
    "Besparelse på køb af pladser (§ 107)", "Socialpædagogisk støtte i eget hjem (§ 85)",
    "Samling af administrative funktioner", "Energibesparelser i kommunale bygninger",
    "Reduceret vejvedligeholdelse", "Nedlæggelse af buslinje", "Udvidet tandpleje for unge",
]
DA_IMPLEMENTATION = [
    "Projektledelse", "Implementering og uddannelse", "IT-system og licenser", "Etablering af lokaler",
    "Rekruttering", "Evaluering", "Supervision", "Kommunikation til borgerne", "Opstart af tværfagligt team",
]
DA_PROJECTS = [
    "Ny daginstitution i bydelen", "Renovering af skolernes toiletter", "Udbygning af plejecenter",
    "Cykelsti langs hovedvejen", "Klimatilpasning af boligområde", "Ny kunstgræsbane", "Renovering af svømmehal",
    "LED-belysning på vejene", "Tilbygning til bibliotek", "Legeplads ved rådhusparken",
    "Ombygning af jobcentret", "Energirenovering af idrætshal", "Nye lokaler til ungdomsskolen",
    "Udskiftning af vinduer på skolerne", "Trafiksikring ved skoleveje",
]
DA_STAFF = [
    "Pædagoger", "Pædagogmedhjælpere", "Lærere", "Social- og sundhedsassistenter", "Social- og sundhedshjælpere",
    "Sygeplejersker", "Fysioterapeuter", "Socialrådgivere", "Administrative medarbejdere", "Ledere",
    "Tandplejere", "Håndværkere", "Elever og lærlinge",
]
DA_SECTORS = [
    "Offentlige myndigheder", "Landbrug, jagt, skovbrug og fiskeri", "Industri og råstofudvinding",
    "Energiforsyning", "Bygge og anlæg", "Handel", "Transport", "Information og kommunikation",
    "Finansiering og forsikring", "Fast ejendom", "Øvrige erhverv",
]
DA_TOTAL_WORDS = ["I alt", "Total", "Samlet", "Sum"]
SV_TOTAL_WORDS = ["Summa", "Totalt", "Summa totalt", "Netto"]
NO_TOTAL_WORDS = ["Sum", "Totalt", "Netto"]

SV_UNITS = [
    "Nämnd- och styrelseverksamhet", "Fysisk och teknisk planering", "Turistverksamhet", "Alkoholtillstånd",
    "Allmän fritidsverksamhet", "Stöd till studieorganisationer", "Allmän kulturverksamhet", "Museum/konsthall",
    "Bibliotek", "Idrotts- och fritidsanläggning", "Fritidsgårdsverksamhet", "Gem adm kultur och fritid",
    "Kulturskola", "Simhall", "Föreningsbidrag", "Ungdomsverksamhet",
]
SV_PROJECTS = [
    "Inventarier, löpande", "Konstinköp, löpande (6011)", "Ny inredning, biblioteket (6014)",
    "Ombyggnad Garvaren (6013)", "Teknik/digital utveckling, bibliotek (6015, 6119)", "Löparbana (6151)",
    "Tillgänglig hjärtstartare (6152)", "Ny teknik bowlinghall (6154)", "Konstnärlig utsmyckning (6155)",
    "Renovering simhall (6160)", "Belysning motionsspår (6162)", "Konstgräsplan (6170)", "Skatepark (6171)",
    "Ny scen, kulturhuset (6180)",
]
SV_GRANTS = [
    "Arrangörsbidrag för kulturföreningar", "Verksamhetsstöd för kulturverksamheter", "Studieförbundsbidrag",
    "Lokalt aktivitetsstöd", "Driftbidrag", "Utvecklingsbidrag",
    "Stöd till föreningar verksamma inom socialnämndens område",
]
NO_INCOME = ["Brukerbetalinger", "Salgs- og leieinntekter", "Refusjoner", "Overføringer med krav til motytelse",
             "Rammetilskudd", "Skatt på inntekt og formue", "Eiendomsskatt"]
NO_COSTS = ["Lønnsutgifter", "Sosiale utgifter", "Kjøp av varer og tjenester", "Overføringer", "Avskrivninger"]
NO_COUNTIES = ["Viken", "Innlandet", "Vestfold og Telemark", "Agder", "Rogaland", "Vestland", "Møre og Romsdal",
               "Trøndelag", "Nordland", "Troms og Finnmark", "Oslo"]
NO_AREAS = ["Barnehage", "Grunnskole", "Pleie og omsorg", "Helse", "Sosiale tjenester", "Barnevern", "Kultur",
            "Kirke", "Samferdsel", "Bolig", "Brann og ulykkesvern", "Administrasjon"]

FIRST = ["Anne", "Mette", "Hanne", "Lone", "Susanne", "Kirsten", "Birgitte", "Lars", "Jens", "Peter", "Henrik",
         "Søren", "Niels", "Morten", "Rasmus", "Karen", "Jørgen", "Ole", "Mads", "Ida"]
LAST = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
        "Jørgensen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen", "Østergaard", "Bech", "Lund"]
KOMMUNER = ["Ballerup", "Gladsaxe", "Hvidovre", "Roskilde", "Vejle", "Horsens", "Silkeborg", "Næstved", "Holbæk",
            "Viborg", "Svendborg", "Herning", "Frederikshavn", "Køge"]

_DA_SENTENCES = [
    "Forslaget indebærer, at {area} fremover organiseres i færre og større enheder.",
    "Forvaltningen vurderer, at ændringen kan gennemføres fra 1. januar {year}.",
    "Der er i beregningen taget højde for den forventede udvikling i antallet af borgere.",
    "Effekten af forslaget er beregnet på baggrund af regnskab {prev} og budget {year}.",
    "Forslaget har ingen konsekvenser for serviceniveauet i {area}.",
    "Borgerne vil opleve kortere ventetid, når de nye arbejdsgange er indført.",
    "Der skal i en overgangsperiode afsættes midler til projektledelse og uddannelse af medarbejderne.",
    "Forslaget kræver, at de faglige organisationer inddrages i den videre proces.",
    "Udgifterne er opgjort i {year}-priser og er ekskl. moms.",
    "En tilsvarende model er indført i flere nabokommuner med gode erfaringer.",
    "Forslaget bidrager til at indfri målsætningen om en mere sammenhængende indsats for borgerne.",
    "Administrationen vil følge op på forslagets økonomi i forbindelse med de kvartalsvise budgetopfølgninger.",
    "Det forventes, at forslaget påvirker {n} årsværk, som i videst muligt omfang håndteres ved naturlig afgang.",
    "Forslaget er udarbejdet i samarbejde med {area} og de berørte institutioner.",
    "Investeringen forventes at være tilbagebetalt efter {n} år.",
    "Forslaget hænger sammen med kommunens strategi for {area2}.",
    "Det er en forudsætning, at der kan findes egnede lokaler inden for den eksisterende bygningsmasse.",
    "Ændringen vil kræve en tilpasning af kvalitetsstandarden, som forelægges udvalget særskilt.",
    "Udvalget besluttede på sit møde i {month} at sende forslaget videre til budgetforhandlingerne.",
    "Der er usikkerhed om den fulde effekt, da antallet af sager varierer fra år til år.",
    "Målgruppen er borgere, der i dag modtager hjælp fra {area}, og deres pårørende.",
    "Erfaringerne fra et forsøg i {prev} viser, at indsatsen kan halvere ventetiden.",
    "Medarbejderne vil blive tilbudt et kursus i de nye arbejdsgange i løbet af foråret {year}.",
    "Forslaget er i overensstemmelse med servicelovens bestemmelser på området.",
    "Der er behov for en ny aftale med leverandøren af it-systemet, som udløber ved udgangen af {prev}.",
    "Driften kan ikke gennemføres inden for den nuværende ramme uden en reduktion af aktiviteten.",
    "Ændringen berører ca. {n}0 borgere om året.",
    "Tilbuddet evalueres efter to år, og resultatet forelægges udvalget.",
    "Forslaget vil kunne indgå i den samlede plan for {area2}, som vedtages i {month}.",
    "Besparelsen forudsætter, at antallet af pladser tilpasses løbende efter behovet.",
    "Der er indhentet tilbud fra tre leverandører, og det billigste er lagt til grund for beregningen.",
    "Det vurderes, at forslaget kan gennemføres uden afskedigelser.",
    "Forslaget vil blive drøftet med Handicaprådet og Ældrerådet inden den endelige behandling.",
    "Med forslaget samles opgaverne ét sted, så borgerne får én indgang til kommunen.",
    "Den nuværende kapacitet er fuldt udnyttet, og der er venteliste til tilbuddet.",
]
_SV_SENTENCES = [
    "Nämnden redovisar ett resultat i nivå med budget för året.",
    "Verksamheten har under året haft en stram personalbudget.",
    "Intäkterna från {area} har varit lägre än budgeterat.",
    "Under hösten infördes köpstopp samtidigt som öppettiderna utökades.",
    "Avvikelsen förklaras främst av centralt budgeterade medel som inte behövde tas i anspråk.",
    "Investeringarna har genomförts enligt plan med undantag för ett par mindre projekt.",
    "Kostnaderna för uppvärmning, vatten och kemikalier har ökat jämfört med föregående år.",
    "Samtliga bidrag har betalats ut under {year}.",
    "Verksamheten bedöms kunna hålla budget även kommande år.",
]
_NO_SENTENCES = [
    "Kommunedirektøren legger med dette fram forslag til budsjett for {year}.",
    "Driftsutgiftene øker i hovedsak som følge av lønns- og prisvekst.",
    "Netto driftsresultat bør over tid utgjøre minst to prosent av driftsinntektene.",
    "Rammetilskuddet er beregnet ut fra statsbudsjettets forutsetninger.",
    "Det er lagt inn en effektivisering innenfor {area}.",
    "Budsjettet er satt opp i faste priser for {year}.",
]
MONTHS_DA = ["januar", "februar", "marts", "april", "maj", "juni", "august", "september", "oktober", "november"]


def sentences(rng: random.Random, lang: str, count: int, year: int) -> str:
    bank = {"da": _DA_SENTENCES, "sv": _SV_SENTENCES, "no": _NO_SENTENCES}[lang]
    areas = {"da": DA_AREAS, "sv": SV_UNITS, "no": NO_AREAS}[lang]
    out = []
    for _ in range(count):
        s = rng.choice(bank)
        out.append(s.format(area=rng.choice(areas).lower(), area2=rng.choice(areas).lower(), year=year,
                            prev=year - 1, n=rng.randint(2, 9), month=rng.choice(MONTHS_DA)))
    return " ".join(out)


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"

# the five regions and their municipalities, for dense statistics tables (`pdfgen.dense`)
DK_REGIONS = {
    "Hovedstaden": ["København", "Frederiksberg", "Albertslund", "Ballerup", "Brøndby", "Dragør", "Gentofte",
                    "Gladsaxe", "Glostrup", "Herlev", "Hvidovre", "Høje-Taastrup", "Ishøj", "Lyngby-Taarbæk",
                    "Rødovre", "Tårnby", "Vallensbæk", "Allerød", "Egedal", "Fredensborg", "Frederikssund",
                    "Furesø", "Gribskov", "Halsnæs", "Helsingør", "Hillerød", "Hørsholm", "Rudersdal",
                    "Bornholm"],
    "Sjælland": ["Greve", "Køge", "Lejre", "Roskilde", "Solrød", "Faxe", "Guldborgsund", "Holbæk", "Kalundborg",
                 "Lolland", "Næstved", "Odsherred", "Ringsted", "Slagelse", "Sorø", "Stevns", "Vordingborg"],
    "Syddanmark": ["Assens", "Faaborg-Midtfyn", "Kerteminde", "Langeland", "Middelfart", "Nordfyns", "Nyborg",
                   "Odense", "Svendborg", "Ærø", "Billund", "Esbjerg", "Fanø", "Fredericia", "Haderslev", "Kolding",
                   "Sønderborg", "Tønder", "Varde", "Vejen", "Vejle", "Aabenraa"],
    "Midtjylland": ["Favrskov", "Hedensted", "Horsens", "Norddjurs", "Odder", "Randers", "Samsø", "Silkeborg",
                    "Skanderborg", "Syddjurs", "Aarhus", "Herning", "Holstebro", "Ikast-Brande", "Lemvig",
                    "Ringkøbing-Skjern", "Skive", "Struer", "Viborg"],
    "Nordjylland": ["Brønderslev", "Frederikshavn", "Hjørring", "Jammerbugt", "Læsø", "Mariagerfjord", "Morsø",
                    "Rebild", "Thisted", "Vesthimmerland", "Aalborg"],
}
