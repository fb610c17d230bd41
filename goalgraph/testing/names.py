"""The fictional names, themes and vocabulary of synthetic municipalities, and the Turtle they
are written in."""

from __future__ import annotations

import unicodedata

PREFIXES = """@prefix gg:      <https://w3id.org/goalgraph/ontology#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix time:    <http://www.w3.org/2006/time#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix sdg:     <http://metadata.un.org/sdg/> .
@prefix id:      <https://w3id.org/goalgraph/id/> .
"""

FIRST = ["Norr", "Söder", "Väster", "Öster", "Sjö", "Berg", "Älv", "Skog", "Ljung", "Ek",
          "Björk", "Lind", "Al", "Gran", "Hög", "Lång", "Stor", "Lill", "Mål", "Mo", "Ås",
          "Dal", "Ström", "Vik", "Hav", "Sand", "Sten", "Myr", "Kvarn", "Hammar"]  # fmt: skip
SECOND = ["by", "stad", "köping", "hamn", "dal", "fors", "berga", "sjö", "vik", "torp",
           "holm", "näs", "ås", "måla", "ryd", "hult", "red", "tuna"]  # fmt: skip
BOARDS = [
    ("bun", "Barn- och utbildningsnämnden", "Barn- och utbildningsförvaltningen", "skola"),
    ("son", "Socialnämnden", "Socialförvaltningen", "omsorg"),
    ("tn", "Tekniska nämnden", "Tekniska förvaltningen", "teknik"),
    ("kfn", "Kultur- och fritidsnämnden", "Kultur- och fritidsförvaltningen", "kultur"),
    ("mbn", "Miljö- och byggnadsnämnden", "Samhällsbyggnadsförvaltningen", "miljo"),
    ("von", "Vård- och omsorgsnämnden", "Vård- och omsorgsförvaltningen", "vard"),
    ("amn", "Arbetsmarknadsnämnden", "Arbetsmarknadsförvaltningen", "arbete"),
]
COMPANIES = [("bostader", "Bostäder AB"), ("energi", "Energi AB"), ("vatten", "Vatten AB"),
              ("naringsliv", "Näringsliv AB")]  # fmt: skip
JOINT = [("overformyndare", "Gemensam överförmyndarnämnd"),
          ("raddning", "Räddningstjänstförbundet"), ("lon", "Gemensam lönenämnd")]  # fmt: skip
#: (label stem, SDG targets, reason sv, reason en)
THEMES = [
    ("en trygg och attraktiv plats att bo och leva på", ["11.7", "16.1"],
     "Trygga och tillgängliga offentliga miljöer", "Safe and accessible public spaces"),
    ("ett starkt och varierat näringsliv med hög sysselsättning", ["8.2", "8.5"],
     "Sysselsättning och ett diversifierat näringsliv", "Employment and a diversified economy"),
    ("en skola där alla elever når målen", ["4.1", "4.5"],
     "Likvärdig utbildning av god kvalitet", "Equitable education of good quality"),
    ("god hälsa och livskvalitet i alla åldrar", ["3.4", "3.d"],
     "Hälsa och välbefinnande", "Health and well-being"),
    ("en fossilfri kommun senast 2035", ["7.2", "13.2"],
     "Förnybar energi och klimatåtgärder", "Renewable energy and climate action"),
    ("hållbar samhällsplanering i hela kommunen", ["11.3", "11.a"],
     "Hållbar planering av tätort och landsbygd", "Sustainable planning of town and countryside"),
    ("rent vatten och levande sjöar", ["6.3", "6.6"],
     "Vattenkvalitet och vattenekosystem", "Water quality and water ecosystems"),
    ("delaktighet och inflytande för alla invånare", ["16.7", "10.2"],
     "Inkluderande beslutsfattande", "Inclusive decision-making"),
    ("en god ekonomisk hushållning", ["16.6"],
     "Effektiva och ansvarsfulla institutioner", "Effective and accountable institutions"),
    ("en attraktiv arbetsgivare med friska medarbetare", ["8.8", "5.5"],
     "Goda arbetsvillkor och jämställdhet", "Decent working conditions and gender equality"),
]  # fmt: skip
#: council goals named like an SDG (they stay local goals)
SDG_NAMED = [("Hållbara städer och samhällen", "11"), ("God utbildning för alla", "4"),
              ("Bekämpa klimatförändringarna", "13")]  # fmt: skip
KOLADA = ["N15033", "N17473", "N00945", "N01951", "N07403", "N45933", "N85051", "N00005",
           "N15419", "N02252", "N07952", "N60019"]  # fmt: skip
BAD_SDG_INDICATOR = "C110701"  # an indicator, not a goal or target


def slug_of(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "-" for c in text).strip("-")


def lit(text: str, lang: str | None = "sv") -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"@{lang}" if lang else "")
