"""The sample proposals shipped in raw/: our own documents, built with `pdfgen.synth`,
carrying the figures of the seed proposals described in the shared corpus README
(including the Forløbsprogram table whose grand total is wrong in 2030 and 2031).

Rebuild with `make samples` (`python -m pdfgen.samples raw`).
"""
from __future__ import annotations

import sys
from pathlib import Path

from .synth import SynthDoc, SynthRow as R, SynthTable, build_pdf

YEARS_26 = ["2026", "2027", "2028", "2029", "2030", "2031"]

FORLOEB = SynthDoc(
    title="Forløbsprogram for unge på midlertidigt botilbud",
    running_header="Overførselssagen 2025-2026   Investeringsforslag",
    blocks=[
        "Kort resumé: Forvaltningen vil med et nyt forløbsprogram skabe systematiske og strukturerede "
        "forløb for unge på midlertidigt botilbud, så de hurtigere kan flytte i egen bolig.",
        ("h", "2. Økonomi"),
        "Effektiviseringsbidraget (netto) er på 5,7 mio. kr. i 2027 stigende til 10,1 mio. kr. årligt "
        "ved fuld indfasning i 2031. Forslaget kræver et investeringsbehov på 21,1 mio. kr.",
        "Projektledelse: 4,5 mio. kr. i alt. Udgiften til den varige drift er samlet 12,2 mio. kr.",
        SynthTable(
            title="Tabel 1. Forslagets samlede økonomiske konsekvenser",
            unit="1.000 kr.", price_base="2027 p/l", columns=YEARS_26, category_column=True,
            ruling="horizontal", valign="bottom", label_width=142,
            rows=[
                R("Varige ændringer (effektiviseringer og drift)", role="section"),
                R("Besparelse på køb §107 ved forløbsprogram", [None, -5090, -10180, -20940, -23320, -25120], "Service"),
                R("Besparelse på køb §107 ved gennemgang af sager", [None, -1733, -2957, None, None, None], "Service"),
                R("Socialpædagogisk støtte i eget hjem (§85)", [None, 820, 1640, 3030, 3010, 3240], "Service"),
                R("Årlig drift af det tværfaglige team", [None, None, 4455, 8950, 8990, 9010], "Service"),
                R("§85 til borgere igennem sagsgennemgang", [None, 110, 340, None, None, None], "Service"),
                R("Huslejetilskud*", [None, 180, 370, 760, 840, 910], "Overførsler"),
                R("Samlet varig ændring, Service*", [0, -5893, -6702, -8960, -11320, -12870], "Service", "total"),
                R("Heraf nettoeffektivisering*", [0, -5713, -6332, -8200, -10480, -11960], "Service", "heraf"),
                R("Samlet varig ændring, Overførsler", [0, 180, 370, 760, 840, 910], "Overførsler", "total"),
                R("Samlet varig ændring", [0, -5713, -6332, -8200, -10480, -11960], None, "total"),
                R("Implementeringsomkostninger (midler fra investeringspuljen)", role="section"),
                R("Projektledelse (3,5 år)", [810, 1215, 1215, 1215, None, None], "Service"),
                R("Implementering af tværfaglige teams", [1350, 8880, 4455, 0, None, None], "Service"),
                R("Sagsbehandling til sagsgennemgang af §107 på psykiatri", [565, 965, None, None, None, None], "Service"),
                R("Supervision", [None, 100, 100, 100, None, None], "Service"),
                R("Samlede implementeringsomkostninger", [2725, 11160, 5770, 1315, None, None], None, "total"),
                # the seed's real error: 2030 and 2031 should be -10.480 and -11.960
                R("Samlet økonomisk påvirkning", [2725, 5447, -562, -6885, -8800, -10140], None, "total"),
                R("Tilbagebetalingstid baseret på serviceeffektivisering", [4, None, None, None, None, None], None, "other"),
                R("Tilbagebetalingstid baseret på totaløkonomi", [4, None, None, None, None, None], None, "other"),
            ],
        ),
        "Alle effektiviseringer er angivet med negativt fortegn (-).",
    ],
)

GRUPPETILBUD = SynthDoc(
    title="Prioriteringsforslag ISU01: Etablering af flere gruppetilbud",
    blocks=[
        SynthTable(
            title="", unit="Beløb i 1.000 kr.", price_base="2026-priser", columns=["2026", "2027", "2028", "2029"],
            ruling="grid", valign="top", label_width=190,
            rows=[
                R("Nuværende budget", [57788, 58172, 58524, 58524], role="other"),
                R("Budgetændring – drift", role="section"),
                R("Omstilling", [-500, -700, -1000, -1000]),
                R("Investering - Anlæg", [250, None, None, None]),
                R("Samlet ændring (Netto)", [-250, -700, -1000, -1000], role="total"),
                R("Personalekonsekvenser", role="section"),
                R("Ændring i antal årsværk", ["-", "-", "-", "-"], role="other"),
            ],
        ),
        "Note: (-) = mindreudgift/merindtægt, (+) = merudgift/mindreindtægt",
        ("h", "1. Resumé"),
        "Forslaget udvider kommunens gruppetilbud til børn, unge og forældre. Til indkøb af materialer og "
        "inventar afsættes et rådighedsbeløb på 250.000 kr.",
    ],
)

FAMILIEHUSE = SynthDoc(
    title="Styrket ramme for læring på tværs af familiehusene",
    running_header="Budget 2026   Effektiviseringsforslag",
    blocks=[
        "Kort resumé: Forvaltningen vil sikre en mere effektiv drift af de 6 familiehuse. "
        "Besparelsen på 3 mio. kr. hentes på købsbudgettet.",
        ("h", "2. Økonomi"),
        "Effektiviseringen på 3 mio. kr. årligt ved fuld indfasning i 2027. I 2026 er effektiviseringen på "
        "1,5 mio. kr., hvoraf 0,8 mio. kr. tilbageføres til at understøtte implementeringen.",
    ] + ["Forvaltningen vurderer, at effektiviseringen er realistisk uden at påvirke antallet af familier, "
         "som i dag modtager en støttende indsats, eller kvaliteten af indsatserne."] * 14 + [
        ("space", 60),
        SynthTable(
            title="Tabel 1. Forslagets samlede økonomiske konsekvenser",
            unit="1.000 kr.", price_base="2026 p/l", columns=YEARS_26, category_column=True,
            ruling="none", valign="bottom", label_width=150,
            rows=[
                R("Varige ændringer (effektiviseringer og drift)", role="section"),
                R("Effektivisering af familiehusene", [-1500, -3000, -3000, -3000, -3000, -3000], "Service"),
                R("Implementeringsunderstøttelse", [780, None, None, None, None, None], "Service"),
                R("Samlet varig ændring, service", [-720, -3000, -3000, -3000, -3000, -3000], "Service", "total"),
                R("Samlet varig ændring", [-720, -3000, -3000, -3000, -3000, -3000], "Service", "total"),
            ],
        ),
        "Alle effektiviseringer er angivet med negativt fortegn (-).",
    ],
)

BUSINESS_CASE = SynthDoc(
    title="Business case HA01: Tættere på familier med børn og unge med handicap",
    blocks=[
        "Forslaget medfører en samlet driftsændring på 3,7 mio. kr. i 2017. Investeringen er på 4,0 mio. kr. "
        "på anlæg i 2016 og samlet 1,9 mio. kr. på service i 2017-2019.",
        SynthTable(
            title="Tabel 1. Forslagets samlede økonomiske konsekvenser",
            unit="1.000 kr.", price_base="2017 p/l", columns=["2016", "2017", "2018", "2019", "2020"],
            category_column=True, ruling="horizontal", valign="top", label_width=160,
            rows=[
                R("Varige ændringer", role="section"),
                R("Effektiviseringer", [0, -14500, -16200, -16200, -16200], "Service"),
                R("Omkostninger", [0, 9900, 10100, 10100, 10100], "Service"),
                R("Samlet varig ændring", [0, -4600, -6100, -6100, -6100], None, "total"),
                R("Implementeringsomkostninger", role="section"),
                R("Implementering af pilotprojekt Åbent Hus", [0, 100, 0, 0, 0], "Service"),
                R("Kompetenceudvikling", [None, 800, 600, 400, None], "Service"),
                R("Etablering af Familieværelser", [4000, 0, 0, 0, 0], "Anlæg"),
                R("Samlede implementeringsomkostninger", [4000, 900, 600, 400, 0], None, "total"),
                R("Samlet økonomisk påvirkning", [4000, -3700, -5500, -5700, -6100], None, "total"),
                R("Tilbagebetalingstid baseret på serviceeffektivisering", ["3 år", None, None, None, None], None, "other"),
            ],
        ),
        SynthTable(
            title="Tabel 2. Varige ændringer",
            unit="1.000 kr.", price_base="(2017 p/l.)", columns=["2017", "2018", "2019", "2020"],
            ruling="none", valign="top", label_width=250,
            rows=[
                R("Effektiviseringer", role="section"),
                R("Færre købte pladser", [-5600, -5600, -5600, -5600]),
                R("Udvikling på grund af tættere opfølgning med familierne", [-5400, -5400, -5400, -5400]),
                R("Færre visitationer til midlertidige botilbud pga. tættere opfølgning", [-1300, -1700, -1700, -1700]),
                R("Færre døgnanbringelser sfa. Familieværelser", [-2200, -3500, -3500, -3500]),
                R("Omkostninger", role="section"),
                R("Opnormering af medarbejdere mv. ifm. Åbent Hus", [1800, 1800, 1800, 1800]),
                R("Opnormering af medarbejdere ifm. Tættere opfølgning", [4600, 4600, 4600, 4600]),
                R("Opnormering af personale ifm. Familieværelser", [800, 1000, 1000, 1000]),
                R("Udvidelse af familie- og netværkspleje", [2700, 2700, 2700, 2700]),
                R("Varige ændringer totalt, service", [-4600, -6100, -6100, -6100], None, "total"),
            ],
        ),
        SynthTable(
            title="Tabel 3. Investeringer i forslaget, inkl. 2016",
            unit="1.000 kr.", price_base="(2017 p/l.)", columns=["2016", "2017", "2018", "2019", "2020", "I alt"],
            ruling="grid", valign="top", label_width=120, marker_column="Investeringspuljen (sæt X)",
            markers=["X", "X", "X", ""],
            rows=[
                R("Implementering af pilotprojekt Åbent Hus, service", [0, 100, 0, 0, 0, 100]),
                R("Kompetenceudvikling, service", [None, 800, 600, 400, None, 1800]),
                R("Etablering af Familieværelser, anlæg", [4000, 0, 0, 0, 0, 4000]),
                R("Investeringer totalt", [4000, 900, 600, 400, 0, 5900], None, "total"),
            ],
        ),
    ],
)

HANDLEPLAN = SynthDoc(
    title="Handleplan for nedbringelse af merforbrug i 2026",
    blocks=[
        "Merforbruget i regnskab 2025 udgør 7,1 mio. kr. Heraf ligger 2,2 mio. kr. inden for servicerammen, "
        "mens 4,9 mio. kr. ligger uden for servicerammen.",
        "Der afsættes 0,5 mio. kr. til Børnehus Midt i 2026.",
    ],
)

SAMPLES = {
    "forloebsprogram.pdf": FORLOEB,
    "gruppetilbud.pdf": GRUPPETILBUD,
    "familiehuse.pdf": FAMILIEHUSE,
    "business_case.pdf": BUSINESS_CASE,
    "handleplan.pdf": HANDLEPLAN,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0] if argv else "raw")
    for name, doc in SAMPLES.items():
        build_pdf(doc, out / name)
        print(out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
